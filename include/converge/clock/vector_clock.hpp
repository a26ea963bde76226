// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/detail/replica_counts.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/dot.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>

#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// A vector clock (Fidge 1988, Mattern 1989): one counter per replica, so that e happened
// before f exactly when ts(e) < ts(f); clocks that are neither below nor above each other
// belong to concurrent events. Sparse and canonical: entries are kept sorted by replica and a
// zero counter is never stored, so equal clocks have equal parts and == compares them as they
// are. Comparison is one linear walk over both sorted vectors; merge is the same as g_counter's.
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
    // replicas strictly ascending (so no duplicates) and no zero counter; zero entries are
    // rejected, not dropped. Otherwise fails with errc::invalid_parts naming the first bad
    // position.
    [[nodiscard]] static result<vector_clock> from_parts(std::vector<entry> entries) {
        if (auto problem = counts_type::check(entries, "vector_clock::from_parts"))
            return std::move(*problem);
        vector_clock clock;
        clock.m_counts = counts_type(std::move(entries));
        return clock;
    }

    // Builds a clock from entries in any form: sorts them by replica, joins a replica that
    // appears more than once by the maximum of its counters (as merging the entries one by one
    // would) and drops zero counters. For input that is not already canonical, e.g. from
    // another library's clock; from_parts stays strict for decoders.
    [[nodiscard]] static vector_clock from_parts_normalized(std::vector<entry> entries) {
        vector_clock clock;
        clock.m_counts = counts_type::normalized(std::move(entries));
        return clock;
    }

    [[deprecated("use from_parts")]] [[nodiscard]] static result<vector_clock> from_entries(
        std::vector<entry> entries) {
        return from_parts(std::move(entries));
    }

    // A local event on replica `id`: increments its counter and returns the new value.
    // O(log n) when the replica is present. Throws std::overflow_error (clock unchanged) if
    // the counter is at its largest value.
    Counter tick(const ReplicaId& id) {
        return m_counts.add(id, Counter{1},
                            "vector_clock::tick would pass the counter's largest value");
    }

    // A local event on replica `id`, as tick(), returning the event as a dot (replica,
    // counter), e.g. to tag an operation. Throws as tick() does.
    dot<ReplicaId> tick_dot(const ReplicaId& id) { return {id, tick(id)}; }

    // Records that event `d` was seen: raises d.replica's counter to at least d.counter (the
    // same as merging a clock holding only that entry); a dot already covered, or with counter
    // 0, changes nothing. Returns the replica's counter afterwards. Throws std::overflow_error
    // (clock unchanged) if d.counter does not fit in Counter.
    Counter apply(const dot<ReplicaId>& d) {
        if constexpr (std::numeric_limits<Counter>::max() <
                      std::numeric_limits<std::uint64_t>::max()) {
            if (d.counter > std::numeric_limits<Counter>::max())
                detail::throw_overflow(detail::text("vector_clock::apply: dot counter ", d.counter,
                                                    " does not fit in the clock's counter type"));
        }
        return m_counts.raise_to(d.replica, static_cast<Counter>(d.counter));
    }

    // True if the clock has seen event `d`: its counter for d.replica is at least d.counter.
    [[nodiscard]] bool contains(const dot<ReplicaId>& d) const {
        return d.counter <= m_counts.get(d.replica);
    }

    // Replica `id`'s counter; 0 for a replica the clock has not seen. O(log n).
    [[nodiscard]] Counter get(const ReplicaId& id) const { return m_counts.get(id); }

    // Joins another clock into this one (pointwise max): binary searches for a much smaller
    // `other`, an element-wise max when both hold the same replicas, else one linear walk.
    // Allocates only when `other` has replicas this clock lacks. If copying a replica id or
    // allocating throws, this clock is left valid (sorted, no duplicates), somewhere between
    // its old value and the join.
    vector_clock& merge(const vector_clock& other) {
        m_counts.merge(other.m_counts);
        return *this;
    }

    // How many replicas have a non-zero counter.
    [[nodiscard]] std::size_t size() const noexcept { return m_counts.size(); }

    // True for the zero clock.
    [[nodiscard]] bool empty() const noexcept { return m_counts.empty(); }

    // The entries in ascending replica order.
    [[nodiscard]] const_iterator begin() const noexcept { return m_counts.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return m_counts.end(); }

    // The parts, for codecs: ascending by replica, no zero counter (see from_parts).
    [[nodiscard]] std::span<const entry> entries() const noexcept { return m_counts.entries(); }

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
        auto i = a.m_counts.begin();
        auto j = b.m_counts.begin();
        while (i != a.m_counts.end() && j != b.m_counts.end() && !(a_below && b_below)) {
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
        b_below = b_below || i != a.m_counts.end();
        a_below = a_below || j != b.m_counts.end();
        if (a_below && b_below) return std::partial_ordering::unordered;
        if (a_below) return std::partial_ordering::less;
        if (b_below) return std::partial_ordering::greater;
        return std::partial_ordering::equivalent;
    }

private:
    using counts_type = detail::replica_counts<entry, &entry::counter>;

    counts_type m_counts;
};

}  // namespace converge::inline v1
