// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/detail/text.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace converge::inline v1::detail {

// The lattice under vector_clock and g_counter: a map replica -> count kept as a vector of
// entries sorted by replica, with no zero count, joined by the per-replica maximum. `Entry`
// has a `replica` member; `CountMember` points at its count, so each public entry type keeps
// its own field name.
//
// Exception safety of merge(): if copying a replica id or allocating throws, the value is left
// valid (sorted, no duplicates) and somewhere between its old value and the join.
template <class Entry, auto CountMember>
class replica_counts {
public:
    using entry_type = Entry;
    using replica_type = decltype(Entry::replica);
    using count_type = std::remove_cvref_t<decltype(std::declval<Entry&>().*CountMember)>;
    using const_iterator = typename std::vector<Entry>::const_iterator;

    static_assert(std::is_unsigned_v<count_type>, "converge: counts must be unsigned integers");

    replica_counts() = default;

    // Adopts entries that satisfy the invariant (see check()); not checked here.
    explicit replica_counts(std::vector<Entry> entries) noexcept : m_entries(std::move(entries)) {}

    // The first position whose replica breaks the invariant, as errc::invalid_parts with a
    // message starting with `who`; nullopt if the entries are canonical.
    [[nodiscard]] static std::optional<failure> check(const std::vector<Entry>& entries,
                                                      std::string_view who) {
        const auto fail = [&](std::size_t i, const auto&... what) {
            return failure(errc::invalid_parts, text(who, ": entry ", i, what...));
        };
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].*CountMember == 0)
                return fail(i, " has count 0 (zero entries are omitted)");
            if (i == 0) continue;
            if (entries[i].replica == entries[i - 1].replica)
                return fail(i, " repeats the replica of entry ", i - 1);
            if (!(entries[i - 1].replica < entries[i].replica))
                return fail(i, " is out of order: its replica sorts before entry ", i - 1, "'s");
        }
        return std::nullopt;
    }

    // Replica `id`'s count; 0 if absent. O(log n).
    [[nodiscard]] count_type get(const replica_type& id) const {
        const auto it = find_slot(id);
        return it != m_entries.end() && it->replica == id ? (*it).*CountMember : count_type{0};
    }

    // The first entry whose replica is not below `id`.
    [[nodiscard]] auto find_slot(const replica_type& id) {
        return std::lower_bound(m_entries.begin(), m_entries.end(), id, less_replica);
    }
    [[nodiscard]] auto find_slot(const replica_type& id) const {
        return std::lower_bound(m_entries.begin(), m_entries.end(), id, less_replica);
    }

    // Adds n to replica `id`'s count and returns the new count; n == 0 stores nothing. Throws
    // std::overflow_error with `overflow_what`, value unchanged, if the count would pass its
    // largest value.
    count_type add(const replica_type& id, count_type n, const char* overflow_what) {
        const auto it = find_slot(id);
        const bool found = it != m_entries.end() && it->replica == id;
        const count_type old = found ? (*it).*CountMember : count_type{0};
        if (n > std::numeric_limits<count_type>::max() - old) throw_overflow(overflow_what);
        if (n == 0) return old;
        const auto updated = static_cast<count_type>(old + n);
        if (found) {
            (*it).*CountMember = updated;
        } else {
            Entry e{id, {}};
            e.*CountMember = updated;
            m_entries.insert(it, std::move(e));
        }
        return updated;
    }

    // Raises replica `id`'s count to at least n and returns the new count; n == 0 stores
    // nothing. A single-entry merge, without building the other value.
    count_type raise_to(const replica_type& id, count_type n) {
        const auto it = find_slot(id);
        const bool found = it != m_entries.end() && it->replica == id;
        if (found) {
            if ((*it).*CountMember < n) (*it).*CountMember = n;
            return (*it).*CountMember;
        }
        if (n == 0) return 0;
        Entry e{id, {}};
        e.*CountMember = n;
        m_entries.insert(it, std::move(e));
        return n;
    }

    // Any entries made canonical: sorted by replica, a repeated replica joined by the maximum
    // of its counts, zero counts dropped.
    [[nodiscard]] static replica_counts normalized(std::vector<Entry> entries) {
        std::stable_sort(entries.begin(), entries.end(),
                         [](const Entry& a, const Entry& b) { return a.replica < b.replica; });
        std::size_t out = 0;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (out > 0 && entries[out - 1].replica == entries[i].replica) {
                raise(entries[out - 1], entries[i]);
            } else {
                if (out != i) entries[out] = std::move(entries[i]);
                ++out;
            }
        }
        entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(out), entries.end());
        std::erase_if(entries, [](const Entry& e) { return e.*CountMember == 0; });
        return replica_counts(std::move(entries));
    }

    // Joins `other` in: the per-replica maximum (exception safety: see the class comment).
    void merge(const replica_counts& other) {
        std::vector<Entry>& a = m_entries;
        const std::vector<Entry>& b = other.m_entries;
        // A small delta into a large state (the usual case right after a local update): a
        // binary search per entry instead of a walk over the whole state. Each insert takes a
        // ready copy and only moves entries, so a throw leaves the previous, valid step.
        if constexpr (nothrow_move) {
            if (b.size() * 16 < a.size()) {
                for (const Entry& e : b) {
                    const auto it = std::lower_bound(a.begin(), a.end(), e.replica, less_replica);
                    if (it == a.end() || !(it->replica == e.replica))
                        a.insert(it, Entry(e));
                    else if ((*it).*CountMember < e.*CountMember)
                        (*it).*CountMember = e.*CountMember;
                }
                return;
            }
        }
        // Replicas that exchange state soon share one set of replicas: then this loop is the
        // whole merge, an element-wise max.
        const std::size_t common = std::min(a.size(), b.size());
        std::size_t start = 0;
        for (; start < common && a[start].replica == b[start].replica; ++start)
            raise(a[start], b[start]);
        if (start == b.size()) return;
        if (a.empty()) {
            std::vector<Entry> copy(b);
            a = std::move(copy);
            return;
        }
        // Raise the shared entries in place and count b's entries that a lacks...
        std::size_t missing = 0;
        std::size_t first_a = 0;  // where the first missing entry goes: a[..first_a) stays put
        std::size_t first_b = 0;
        for (std::size_t ia = start, ib = start; ib < b.size();) {
            if (ia == a.size() || b[ib].replica < a[ia].replica) {
                if (missing++ == 0) {
                    first_a = ia;
                    first_b = ib;
                }
                ++ib;
            } else if (a[ia].replica < b[ib].replica) {
                ++ia;
            } else {
                raise(a[ia], b[ib]);
                ++ia;
                ++ib;
            }
        }
        if (missing == 0) return;
        // Growing past the capacity moves every entry anyway: then one forward pass into the
        // new buffer is cheaper than moving them and merging from the back.
        if constexpr (nothrow_copy) {
            if (a.size() + missing <= a.capacity()) {
                merge_from_back(b, start, missing);
                return;
            }
        }
        merge_aside(b, first_a, first_b, missing);
    }

    [[nodiscard]] std::span<const Entry> entries() const noexcept { return m_entries; }
    [[nodiscard]] const std::vector<Entry>& vector() const noexcept { return m_entries; }
    [[nodiscard]] std::size_t size() const noexcept { return m_entries.size(); }
    [[nodiscard]] bool empty() const noexcept { return m_entries.empty(); }
    [[nodiscard]] const_iterator begin() const noexcept { return m_entries.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return m_entries.end(); }

    friend bool operator==(const replica_counts&, const replica_counts&) = default;

private:
    // Copies and assignments that cannot throw may move entries in place: nothing can fail
    // half-way with an entry duplicated.
    static constexpr bool nothrow_copy = std::is_nothrow_copy_constructible_v<Entry> &&
                                         std::is_nothrow_copy_assignable_v<Entry> &&
                                         std::is_nothrow_move_assignable_v<Entry>;
    static constexpr bool nothrow_move =
        std::is_nothrow_move_constructible_v<Entry> && std::is_nothrow_move_assignable_v<Entry>;

    static bool less_replica(const Entry& e, const replica_type& id) { return e.replica < id; }

    static void raise(Entry& mine, const Entry& theirs) noexcept {
        if (mine.*CountMember < theirs.*CountMember) mine.*CountMember = theirs.*CountMember;
    }

    // Merges b[start..) in from the back within the spare capacity, so nothing moves twice.
    // Shared entries are already raised; `missing` of b's replicas are absent here.
    void merge_from_back(const std::vector<Entry>& b, std::size_t start, std::size_t missing) {
        std::vector<Entry>& a = m_entries;
        std::size_t out = a.size() + missing;
        std::size_t ia = a.size();
        std::size_t ib = b.size();
        a.resize(out, a.back());
        // out - ia is the number of b's new entries still to place; when it reaches zero the
        // rest of a is already where it belongs.
        while (out != ia) {
            if (ia > start && !(a[ia - 1].replica < b[ib - 1].replica)) {
                if (a[ia - 1].replica == b[ib - 1].replica) --ib;  // already raised
                a[--out] = std::move(a[--ia]);
            } else {
                a[--out] = b[--ib];
            }
        }
    }

    // The same join built in a new vector and moved in only when complete; copies rather than
    // moves this value's entries, so a throwing copy leaves it untouched.
    void merge_aside(const std::vector<Entry>& b, std::size_t first_a, std::size_t first_b,
                     std::size_t missing) {
        const std::vector<Entry>& a = m_entries;
        std::vector<Entry> joined;
        joined.reserve(a.size() + missing);
        joined.insert(joined.end(), a.begin(), a.begin() + static_cast<std::ptrdiff_t>(first_a));
        std::size_t ia = first_a;
        std::size_t ib = first_b;
        while (ia < a.size() && ib < b.size()) {
            if (a[ia].replica < b[ib].replica) {
                joined.push_back(a[ia++]);
            } else if (b[ib].replica < a[ia].replica) {
                joined.push_back(b[ib++]);
            } else {
                joined.push_back(a[ia++]);  // already raised
                ++ib;
            }
        }
        joined.insert(joined.end(), a.begin() + static_cast<std::ptrdiff_t>(ia), a.end());
        joined.insert(joined.end(), b.begin() + static_cast<std::ptrdiff_t>(ib), b.end());
        m_entries = std::move(joined);
    }

    std::vector<Entry> m_entries;  // ascending by replica, no zero count
};

}  // namespace converge::inline v1::detail
