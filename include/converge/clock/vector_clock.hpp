// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/error.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>

#include <algorithm>
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// A vector clock (Fidge 1988, Mattern 1989): one counter per replica, so that e happened
// before f exactly when ts(e) < ts(f); clocks that are neither below nor above each other
// belong to concurrent events. Sparse and canonical: entries are kept sorted by replica and a
// zero counter is never stored, so equal clocks have equal parts and == compares them as they
// are. Merge and comparison are one linear walk over both sorted vectors.
//
//     converge::vector_clock<std::string> a, b;
//     a.tick("alice");
//     b.tick("bob");
//     a.concurrent_with(b);   // true
//     a.merge(b).tick("alice");
//     b.happened_before(a);   // true
template <class ReplicaId = std::uint64_t, std::unsigned_integral Counter = std::uint64_t>
requires std::totally_ordered<ReplicaId> && std::copyable<ReplicaId>
class vector_clock {
public:
    using replica_type = ReplicaId;
    using counter_type = Counter;

    // One replica's counter; never zero inside a clock.
    struct entry {
        ReplicaId replica;
        Counter counter;

        friend bool operator==(const entry&, const entry&) = default;
    };

    using const_iterator = typename std::vector<entry>::const_iterator;

    // The zero clock: no events seen.
    vector_clock() = default;

    // Rebuilds a clock from its parts (e.g. a decoder's output), checking the invariant:
    // replicas strictly ascending (so no duplicates) and no zero counter. Otherwise fails with
    // errc::invalid_parts naming the first bad position.
    [[nodiscard]] static result<vector_clock> from_entries(std::vector<entry> entries) {
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (entries[i].counter == 0)
                return failure(errc::invalid_parts,
                               "vector_clock::from_entries: entry " + std::to_string(i) +
                                   " has a zero counter; zero entries are never stored");
            if (i > 0 && !(entries[i - 1].replica < entries[i].replica))
                return failure(errc::invalid_parts,
                               "vector_clock::from_entries: entry " + std::to_string(i) +
                                   (entries[i - 1].replica == entries[i].replica
                                        ? " repeats the replica of entry "
                                        : " sorts before entry ") +
                                   std::to_string(i - 1) + "; replicas must be strictly ascending");
        }
        vector_clock clock;
        clock.m_entries = std::move(entries);
        return clock;
    }

    // A local event on replica `id`: increments its counter and returns the new value.
    // O(log n) when the replica is present. Throws std::overflow_error (clock unchanged) if
    // the counter is at its largest value.
    Counter tick(const ReplicaId& id) {
        const auto it = find_slot(m_entries, id);
        if (it != m_entries.end() && it->replica == id) {
            if (it->counter == std::numeric_limits<Counter>::max())
                detail::throw_overflow("vector_clock::tick would pass the counter's largest value");
            return ++it->counter;
        }
        m_entries.insert(it, entry{id, Counter{1}});
        return Counter{1};
    }

    // Replica `id`'s counter; 0 for a replica the clock has not seen. O(log n).
    [[nodiscard]] Counter get(const ReplicaId& id) const {
        const auto it = find_slot(m_entries, id);
        return it != m_entries.end() && it->replica == id ? it->counter : Counter{0};
    }

    // Joins another clock into this one (pointwise max) in one linear walk. Allocates only
    // when `other` has replicas this clock lacks. If that allocation throws, this clock is
    // left valid, somewhere between its old value and the join.
    vector_clock& merge(const vector_clock& other) {
        auto mine = m_entries.begin();
        auto theirs = other.m_entries.begin();
        const auto their_end = other.m_entries.end();
        // While every replica of `other` is already here, raise counters in place.
        while (theirs != their_end) {
            while (mine != m_entries.end() && mine->replica < theirs->replica) ++mine;
            if (mine == m_entries.end() || theirs->replica < mine->replica) break;
            if (mine->counter < theirs->counter) mine->counter = theirs->counter;
            ++mine;
            ++theirs;
        }
        if (theirs == their_end) return *this;

        // `other` has a replica this clock lacks: build the rest of the join in a new vector.
        // Copies rather than moves, so a throwing copy cannot leave moved-from ids behind.
        std::vector<entry> joined;
        joined.reserve(m_entries.size() + static_cast<std::size_t>(their_end - theirs));
        joined.insert(joined.end(), m_entries.begin(), mine);
        while (mine != m_entries.end() && theirs != their_end) {
            if (mine->replica < theirs->replica) {
                joined.push_back(*mine++);
            } else if (theirs->replica < mine->replica) {
                joined.push_back(*theirs++);
            } else {
                joined.push_back({mine->replica, std::max(mine->counter, theirs->counter)});
                ++mine;
                ++theirs;
            }
        }
        joined.insert(joined.end(), mine, m_entries.end());
        joined.insert(joined.end(), theirs, their_end);
        m_entries = std::move(joined);
        return *this;
    }

    // How many replicas have a non-zero counter.
    [[nodiscard]] std::size_t size() const noexcept { return m_entries.size(); }

    // True for the zero clock.
    [[nodiscard]] bool empty() const noexcept { return m_entries.empty(); }

    // The entries in ascending replica order.
    [[nodiscard]] const_iterator begin() const noexcept { return m_entries.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return m_entries.end(); }

    // The parts, for codecs: ascending by replica, no zero counter (see from_entries).
    [[nodiscard]] std::span<const entry> entries() const noexcept { return m_entries; }

    // True if this clock is strictly below `other`: its event happened before other's.
    [[nodiscard]] bool happened_before(const vector_clock& other) const {
        return (*this <=> other) == std::partial_ordering::less;
    }

    // True if neither clock is below or equal to the other: their events are concurrent.
    [[nodiscard]] bool concurrent_with(const vector_clock& other) const {
        return (*this <=> other) == std::partial_ordering::unordered;
    }

    friend bool operator==(const vector_clock&, const vector_clock&) = default;

    // The causal (pointwise) partial order, missing entries counting as 0: less, greater,
    // equivalent (equal) or unordered (concurrent). One linear walk, stopping early once both
    // sides are known to exceed each other somewhere.
    friend std::partial_ordering operator<=>(const vector_clock& a, const vector_clock& b) {
        bool a_below = false;  // some counter of a is below b's
        bool b_below = false;  // some counter of b is below a's
        auto i = a.m_entries.begin();
        auto j = b.m_entries.begin();
        while (i != a.m_entries.end() && j != b.m_entries.end() && !(a_below && b_below)) {
            if (i->replica < j->replica) {
                b_below = true;  // b's counter for i->replica is 0
                ++i;
            } else if (j->replica < i->replica) {
                a_below = true;
                ++j;
            } else {
                a_below |= i->counter < j->counter;  // no short-circuit: branch-free
                b_below |= j->counter < i->counter;
                ++i;
                ++j;
            }
        }
        b_below = b_below || i != a.m_entries.end();
        a_below = a_below || j != b.m_entries.end();
        if (a_below && b_below) return std::partial_ordering::unordered;
        if (a_below) return std::partial_ordering::less;
        if (b_below) return std::partial_ordering::greater;
        return std::partial_ordering::equivalent;
    }

private:
    // The first entry whose replica is not below `id` (mutable or const, as the vector is).
    template <class Entries>
    static auto find_slot(Entries& entries, const ReplicaId& id) {
        return std::lower_bound(entries.begin(), entries.end(), id,
                                [](const entry& e, const ReplicaId& r) { return e.replica < r; });
    }

    std::vector<entry> m_entries;  // ascending by replica, no zero counter
};

}  // namespace converge::inline v1
