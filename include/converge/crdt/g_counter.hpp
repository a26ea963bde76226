// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/concepts.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace converge::inline v1 {

namespace detail {

// Checks the counter entry invariant (strictly sorted by replica, no zero entries); `who`
// starts the message. Shared by g_counter and pn_counter.
template <class Entry>
[[nodiscard]] std::optional<failure> check_counter_entries(const std::vector<Entry>& entries,
                                                           std::string_view who) {
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].value == 0)
            return failure(
                errc::invalid_parts,
                detail::text(who, ": entry ", i, " has count 0 (zero entries are omitted)"));
        if (i == 0) continue;
        if (entries[i].replica == entries[i - 1].replica)
            return failure(
                errc::invalid_parts,
                detail::text(who, ": entry ", i, " repeats the replica of entry ", i - 1));
        if (!(entries[i - 1].replica < entries[i].replica))
            return failure(
                errc::invalid_parts,
                detail::text(who, ": entry ", i,
                             " is out of order: its replica sorts before entry ", i - 1, "'s"));
    }
    return std::nullopt;
}

}  // namespace detail

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
        const auto it = find(replica);
        const bool found = it != m_entries.end() && it->replica == replica;
        const Value old = found ? it->value : Value{0};
        if (n > std::numeric_limits<Value>::max() - old)
            detail::throw_overflow("g_counter::increment would overflow the replica's count");
        if (n == 0) return found ? single(*it) : g_counter{};
        const Value updated = static_cast<Value>(old + n);
        if (found)
            it->value = updated;
        else
            m_entries.insert(it, entry{replica, updated});
        return single(entry{replica, updated});
    }

    // The sum of all entries. Throws std::overflow_error if the sum does not fit in Value.
    [[nodiscard]] Value value() const {
        Value sum = 0;
        for (const entry& e : m_entries) {
            if (e.value > std::numeric_limits<Value>::max() - sum)
                detail::throw_overflow("g_counter::value: the sum does not fit in the value type");
            sum = static_cast<Value>(sum + e.value);
        }
        return sum;
    }

    // The count contributed by `replica` (0 if it never incremented). O(log n).
    [[nodiscard]] Value get(const ReplicaId& replica) const {
        const auto it = find(replica);
        return it != m_entries.end() && it->replica == replica ? it->value : Value{0};
    }

    // Joins `other` into this counter: the per-replica maximum. One linear walk over both
    // entry lists (binary searches for a much smaller `other`, such as a delta); allocates
    // only when `other` knows replicas this counter does not.
    g_counter& merge(const g_counter& other) {
        std::vector<entry>& a = m_entries;
        const std::vector<entry>& b = other.m_entries;
        // A small delta into a large state (the usual case right after a local update):
        // binary search per entry instead of a walk over the whole state.
        if (b.size() * 16 < a.size()) {
            for (const entry& e : b) {
                const auto it = std::lower_bound(a.begin(), a.end(), e.replica, less_replica);
                if (it == a.end() || !(it->replica == e.replica))
                    a.insert(it, e);
                else if (it->value < e.value)
                    it->value = e.value;
            }
            return *this;
        }
        // Replicas that exchange state soon share one set of replicas: then this loop is the
        // whole merge, an element-wise max.
        const std::size_t common = std::min(a.size(), b.size());
        std::size_t start = 0;
        for (; start < common && a[start].replica == b[start].replica; ++start)
            if (a[start].value < b[start].value) a[start].value = b[start].value;
        if (start == b.size()) return *this;
        if (a.empty()) {
            a = b;
            return *this;
        }
        // Raise the shared entries in place and count b's entries that a lacks...
        std::size_t ia = start;
        std::size_t missing = 0;
        for (std::size_t ib = start; ib < b.size();) {
            if (ia == a.size() || b[ib].replica < a[ia].replica) {
                ++missing;
                ++ib;
            } else if (a[ia].replica < b[ib].replica) {
                ++ia;
            } else {
                if (a[ia].value < b[ib].value) a[ia].value = b[ib].value;
                ++ia;
                ++ib;
            }
        }
        if (missing == 0) return *this;
        // ...then grow a once and merge from the back, so nothing is moved twice.
        std::size_t out = a.size() + missing;
        ia = a.size();
        std::size_t ib = b.size();
        a.resize(out, a.back());
        // out - ia is the number of b's new entries still to place; when it reaches zero the
        // rest of a is already where it belongs.
        while (out != ia) {
            if (ia > start && !(a[ia - 1].replica < b[ib - 1].replica)) {
                if (a[ia - 1].replica == b[ib - 1].replica) --ib;  // already raised above
                a[--out] = std::move(a[--ia]);
            } else {
                a[--out] = b[--ib];
            }
        }
        return *this;
    }

    // The entries, sorted by replica, none zero: the read-only parts view for codecs.
    [[nodiscard]] std::span<const entry> entries() const noexcept { return m_entries; }

    // Rebuilds a counter from entries received from elsewhere. Rejects (errc::invalid_parts)
    // entries that are not strictly sorted by replica, repeat a replica, or are zero.
    [[nodiscard]] static result<g_counter> from_entries(std::vector<entry> entries) {
        if (auto problem = detail::check_counter_entries(entries, "g_counter::from_entries"))
            return std::move(*problem);
        g_counter c;
        c.m_entries = std::move(entries);
        return c;
    }

    // What this replica has seen: its entries.
    [[nodiscard]] digest_type digest() const { return m_entries; }

    // The smallest delta that brings a replica whose digest is `seen` up to date: the entries
    // whose count exceeds the digest's count for the same replica. O(n + m).
    [[nodiscard]] g_counter delta_since(const digest_type& seen) const {
        g_counter delta;
        std::size_t j = 0;
        for (const entry& e : m_entries) {
            while (j < seen.size() && seen[j].replica < e.replica) ++j;
            if (j < seen.size() && seen[j].replica == e.replica && !(seen[j].value < e.value))
                continue;
            delta.m_entries.push_back(e);
        }
        return delta;
    }

    friend bool operator==(const g_counter&, const g_counter&) = default;

private:
    [[nodiscard]] auto find(const ReplicaId& replica) {
        return std::lower_bound(m_entries.begin(), m_entries.end(), replica, less_replica);
    }
    [[nodiscard]] auto find(const ReplicaId& replica) const {
        return std::lower_bound(m_entries.begin(), m_entries.end(), replica, less_replica);
    }

    static bool less_replica(const entry& e, const ReplicaId& replica) {
        return e.replica < replica;
    }

    [[nodiscard]] static g_counter single(entry e) {
        g_counter c;
        c.m_entries.push_back(std::move(e));
        return c;
    }

private:
    std::vector<entry> m_entries;
};

}  // namespace converge::inline v1
