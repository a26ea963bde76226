// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/causal_context.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/dot.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>
#include <converge/crdt/dot_store.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// A dot store mapping dots to values, sorted by dot: the store of the multi-value register.
// A value is written once, with its dot, and never changes; two states that hold one dot
// with different values (only a misconfigured replica id produces them) drop it on join.
template <class T, class ReplicaId = std::uint64_t>
class dot_fun {
    static_assert(std::copyable<T> && std::equality_comparable<T>,
                  "converge::dot_fun<T, ReplicaId>: T must be copyable and comparable with ==");

public:
    using value_type = T;
    using replica_type = ReplicaId;
    using dot_type = dot<ReplicaId>;
    using context_type = causal_context<ReplicaId>;

    // One stored value with the dot of the write that made it.
    struct entry {
        dot_type dot;
        T value;

        friend bool operator==(const entry&, const entry&) = default;
    };

    dot_fun() = default;

    // The store of `entries` (any order). Rejects (errc::invalid_parts) counter 0 and a
    // repeated dot.
    [[nodiscard]] static result<dot_fun> from_entries(std::vector<entry> entries) {
        std::sort(entries.begin(), entries.end(),
                  [](const entry& a, const entry& b) { return (a.dot) < (b.dot); });
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].dot.counter == 0)
                return failure(errc::invalid_parts, "dot_fun: a dot with counter 0");
            if (i > 0 && entries[i - 1].dot == entries[i].dot)
                return failure(errc::invalid_parts,
                               detail::text("dot_fun: dot ", detail::dot_text(entries[i].dot),
                                            " listed twice"));
        }
        dot_fun f;
        f.m_entries = std::move(entries);
        return f;
    }

    // The entries, sorted by dot.
    [[nodiscard]] std::span<const entry> entries() const noexcept { return m_entries; }

    [[nodiscard]] bool empty() const noexcept { return m_entries.empty(); }
    [[nodiscard]] std::size_t dot_count() const noexcept { return m_entries.size(); }

    [[nodiscard]] bool stores(const dot_type& d) const { return find(d) != nullptr; }

    // Whether `other` holds d with the same value (both must hold d).
    [[nodiscard]] bool same_at(const dot_type& d, const dot_fun& other) const {
        const entry* a = find(d);
        const entry* b = other.find(d);
        return a != nullptr && b != nullptr && a->value == b->value;
    }

    template <class F>
    void for_each_dot(F&& visit) const {
        for (const entry& e : m_entries) visit(e.dot);
    }

    // Adds a value under a dot not stored yet.
    void insert(const dot_type& d, T value) {
        const auto at =
            std::lower_bound(m_entries.begin(), m_entries.end(), d,
                             [](const entry& e, const dot_type& x) { return (e.dot) < x; });
        m_entries.insert(at, entry{d, std::move(value)});
    }

    void clear() noexcept { m_entries.clear(); }

    // Makes room for n entries, so that replace_all() allocates nothing.
    void reserve(std::size_t n) { m_entries.reserve(n); }

    // Makes d -> value the only entry, reusing the storage (a write superseding every value).
    void replace_all(const dot_type& d, T value) {
        m_entries.clear();
        m_entries.push_back(entry{d, std::move(value)});
    }

    // The kernel's join (dot_store.hpp). O(size of both).
    void join(const dot_fun& other, const context_type& mine, const context_type& theirs) {
        m_entries = detail::join_sorted(
            m_entries, other.m_entries, mine, theirs,
            [](const entry& e) -> const dot_type& { return e.dot; },
            [](const entry& a, const entry& b) { return a.value == b.value; });
    }

    template <class Keep>
    [[nodiscard]] dot_fun filtered(Keep&& keep) const {
        dot_fun out;
        for (const entry& e : m_entries)
            if (keep(e.dot)) out.m_entries.push_back(e);
        return out;
    }

    friend bool operator==(const dot_fun&, const dot_fun&) = default;

private:
    [[nodiscard]] const entry* find(const dot_type& d) const {
        const auto at =
            std::lower_bound(m_entries.begin(), m_entries.end(), d,
                             [](const entry& e, const dot_type& x) { return (e.dot) < x; });
        return at != m_entries.end() && at->dot == d ? &*at : nullptr;
    }

    // On the heap even for one value: a nested update moves the store in and out of the map
    // several times, and moving values kept in place cost more than the allocation saved.
    std::vector<entry> m_entries;
};

}  // namespace converge::inline v1
