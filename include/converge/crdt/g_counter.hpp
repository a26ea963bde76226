// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/concepts.hpp>
#include <converge/core/detail/replica_counts.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// One replica's count in a counter, or in a counter's digest. Entries are never zero.
template <class ReplicaId, class Value>
struct counter_entry {
    ReplicaId replica;
    Value value;

    friend bool operator==(const counter_entry&, const counter_entry&) = default;
};

// A grow-only counter: one monotonically growing count per replica; the value is their sum
// and merge takes the per-replica maximum. Entries are kept sorted by replica with no zero
// entries, so equal counters have equal entries and `==` is a plain comparison.
//
//     converge::g_counter<> a, b;
//     auto delta = a.increment(1, 5);   // delta holds {replica 1: 5}
//     b.merge(delta);                   // b.value() == 5
template <class ReplicaId = std::uint64_t, class Value = std::uint64_t>
class g_counter {
    // If this fires: entries are kept sorted by replica id, so ids need <, == and copies.
    static_assert(std::totally_ordered<ReplicaId> && std::copyable<ReplicaId>,
                  "converge::g_counter<ReplicaId, Value>: ReplicaId must be copyable and "
                  "totally ordered (<, ==)");
    // If this fires: counts are added and compared as unsigned integers and never wrap.
    static_assert(std::unsigned_integral<Value> && !std::same_as<Value, bool>,
                  "converge::g_counter<ReplicaId, Value>: Value must be an unsigned integer type");

public:
    using replica_type = ReplicaId;
    using value_type = Value;
    using entry = counter_entry<ReplicaId, Value>;

    // A digest is the list of entries: the count seen from each replica, sorted by replica.
    // delta_since() accepts any list; an unsorted one only makes the answer larger.
    using digest_type = std::vector<entry>;

    // The empty counter, value 0: the bottom of the lattice.
    g_counter() = default;

    // Adds n to `replica`'s count and returns the delta: a counter holding only that entry
    // with its new value. Throws std::overflow_error, leaving the counter unchanged, if the
    // entry would pass Value's largest value.
    g_counter increment(const ReplicaId& replica, Value n = 1) {
        const Value updated =
            m_counts.add(replica, n, "g_counter::increment would overflow the replica's count");
        if (updated == 0) return g_counter{};
        g_counter delta;
        delta.m_counts = counts_type(std::vector<entry>{entry{replica, updated}});
        return delta;
    }

    // The sum of all entries. Throws std::overflow_error if the sum does not fit in Value.
    [[nodiscard]] Value value() const {
        Value sum = 0;
        for (const entry& e : m_counts) {
            if (e.value > std::numeric_limits<Value>::max() - sum)
                detail::throw_overflow("g_counter::value: the sum does not fit in the value type");
            sum = static_cast<Value>(sum + e.value);
        }
        return sum;
    }

    // The count contributed by `replica` (0 if it never incremented). O(log n).
    [[nodiscard]] Value get(const ReplicaId& replica) const { return m_counts.get(replica); }

    // Joins `other` into this counter: the per-replica maximum. Binary searches for a much
    // smaller `other` (such as a delta), an element-wise max when both hold the same
    // replicas, else one linear walk over both entry lists; allocates only when `other` knows
    // replicas this counter does not. If copying a replica id or allocating throws, this
    // counter is left valid (sorted, no duplicates), somewhere between its old value and the
    // join.
    g_counter& merge(const g_counter& other) {
        m_counts.merge(other.m_counts);
        return *this;
    }

    // The entries, sorted by replica, none zero: the read-only parts view for codecs.
    [[nodiscard]] std::span<const entry> entries() const noexcept { return m_counts.entries(); }

    // Rebuilds a counter from entries received from elsewhere. Rejects (errc::invalid_parts)
    // entries that are not strictly sorted by replica, repeat a replica, or are zero; zero
    // entries are rejected, not dropped.
    [[nodiscard]] static result<g_counter> from_parts(std::vector<entry> entries) {
        if (auto problem = counts_type::check(entries, "g_counter::from_parts"))
            return std::move(*problem);
        g_counter c;
        c.m_counts = counts_type(std::move(entries));
        return c;
    }

    [[deprecated("use from_parts")]] [[nodiscard]] static result<g_counter> from_entries(
        std::vector<entry> entries) {
        return from_parts(std::move(entries));
    }

    // What this replica has seen: its entries.
    [[nodiscard]] digest_type digest() const { return m_counts.vector(); }

    // The smallest delta that brings a replica whose digest is `seen` up to date: the entries
    // whose count exceeds the digest's count for the same replica. O(n + m).
    [[nodiscard]] g_counter delta_since(const digest_type& seen) const {
        std::vector<entry> kept;
        std::size_t j = 0;
        for (const entry& e : m_counts) {
            while (j < seen.size() && seen[j].replica < e.replica) ++j;
            if (j < seen.size() && seen[j].replica == e.replica && !(seen[j].value < e.value))
                continue;
            kept.push_back(e);
        }
        g_counter delta;
        delta.m_counts = counts_type(std::move(kept));
        return delta;
    }

    // The part of *this that inflates `local`: the entries above local's (exact). O(n log m).
    [[nodiscard]] g_counter inflation_over(const g_counter& local) const {
        std::vector<entry> kept;
        for (const entry& e : m_counts)
            if (local.get(e.replica) < e.value) kept.push_back(e);
        g_counter delta;
        delta.m_counts = counts_type(std::move(kept));  // a subsequence: still canonical
        return delta;
    }

    friend bool operator==(const g_counter&, const g_counter&) = default;

private:
    using counts_type = detail::replica_counts<entry, &entry::value>;

    counts_type m_counts;
};

}  // namespace converge::inline v1
