// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/causal_context.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/dot.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>
#include <converge/crdt/dot_store.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// A dot store holding a set of dots, sorted: the store of the enable-wins flag, and of any
// causal type whose events carry no value of their own. Small by design (a sorted vector):
// it holds the events not yet superseded, usually one or a few.
template <class ReplicaId = std::uint64_t>
class dot_set {
public:
    using replica_type = ReplicaId;
    using dot_type = dot<ReplicaId>;
    using context_type = causal_context<ReplicaId>;

    dot_set() = default;

    // The set of `dots` (any order). Rejects (errc::invalid_parts) counter 0 and a repeat.
    [[nodiscard]] static result<dot_set> from_dots(std::vector<dot_type> dots) {
        std::sort(dots.begin(), dots.end());
        for (std::size_t i = 0; i < dots.size(); ++i) {
            if (dots[i].counter == 0)
                return failure(errc::invalid_parts, "dot_set: a dot with counter 0");
            if (i > 0 && dots[i - 1] == dots[i])
                return failure(
                    errc::invalid_parts,
                    detail::text("dot_set: dot ", detail::dot_text(dots[i]), " listed twice"));
        }
        dot_set s;
        s.m_dots = std::move(dots);
        return s;
    }

    // The dots, sorted.
    [[nodiscard]] std::span<const dot_type> dots() const noexcept { return m_dots; }

    [[nodiscard]] bool empty() const noexcept { return m_dots.empty(); }
    [[nodiscard]] std::size_t dot_count() const noexcept { return m_dots.size(); }

    [[nodiscard]] bool stores(const dot_type& d) const {
        return std::binary_search(m_dots.begin(), m_dots.end(), d);
    }

    // A dot carries no payload here, so two sets holding it agree on it.
    [[nodiscard]] bool same_at(const dot_type&, const dot_set&) const noexcept { return true; }

    template <class F>
    void for_each_dot(F&& visit) const {
        for (const dot_type& d : m_dots) visit(d);
    }

    // Adds a dot not stored yet.
    void insert(const dot_type& d) {
        m_dots.insert(std::lower_bound(m_dots.begin(), m_dots.end(), d), d);
    }

    void clear() noexcept { m_dots.clear(); }

    // The kernel's join (dot_store.hpp). O(size of both).
    void join(const dot_set& other, const context_type& mine, const context_type& theirs) {
        m_dots = detail::join_sorted(
            m_dots, other.m_dots, mine, theirs,
            [](const dot_type& d) -> const dot_type& { return d; },
            [](const dot_type&, const dot_type&) { return true; });
    }

    template <class Keep>
    [[nodiscard]] dot_set filtered(Keep&& keep) const {
        dot_set out;
        for (const dot_type& d : m_dots)
            if (keep(d)) out.m_dots.push_back(d);
        return out;
    }

    friend bool operator==(const dot_set&, const dot_set&) = default;

private:
    std::vector<dot_type> m_dots;
};

}  // namespace converge::inline v1
