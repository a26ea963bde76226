// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/concepts.hpp>
#include <converge/core/detail/replica_counts.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>
#include <converge/crdt/g_counter.hpp>

#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// What a pn_counter replica has seen: the digests of both halves.
template <class ReplicaId, class Value>
struct pn_counter_digest {
    std::vector<counter_entry<ReplicaId, Value>> increments;
    std::vector<counter_entry<ReplicaId, Value>> decrements;

    friend bool operator==(const pn_counter_digest&, const pn_counter_digest&) = default;
};

// A counter that goes up and down: two grow-only counters, one of increments and one of
// decrements; the value is their difference. Each half merges on its own.
//
//     converge::pn_counter<> a, b;
//     a.increment(1, 5);
//     b.merge(a.decrement(1, 2));    // b holds only the decrement: b.value() == -2
//     b.merge(a);                    // b.value() == 3
template <class ReplicaId = std::uint64_t, class Value = std::uint64_t>
class pn_counter {
public:
    using replica_type = ReplicaId;
    using half_type = g_counter<ReplicaId, Value>;
    using entry = typename half_type::entry;
    using value_type = std::make_signed_t<Value>;

    using digest_type = pn_counter_digest<ReplicaId, Value>;

    // The empty counter, value 0: the bottom of the lattice.
    pn_counter() = default;

    // Adds n on behalf of `replica`; returns the delta (only that replica's increment entry).
    // Throws std::overflow_error, counter unchanged, if the replica's increments would overflow.
    pn_counter increment(const ReplicaId& replica, Value n = 1) {
        pn_counter delta;
        delta.m_increments = m_increments.increment(replica, n);
        return delta;
    }

    // Subtracts n on behalf of `replica`; returns the delta (only its decrement entry).
    // Throws std::overflow_error, counter unchanged, if the replica's decrements would overflow.
    pn_counter decrement(const ReplicaId& replica, Value n = 1) {
        pn_counter delta;
        delta.m_decrements = m_decrements.increment(replica, n);
        return delta;
    }

    // Adds a signed amount on behalf of `replica`: increment(n) for n >= 0, decrement(-n) for
    // n < 0 (the most negative value included: its magnitude fits in Value). Returns the delta.
    // Throws std::overflow_error, counter unchanged, as increment and decrement do.
    pn_counter add(const ReplicaId& replica, value_type n) {
        if (n >= 0) return increment(replica, static_cast<Value>(n));
        // -(n + 1) + 1 in Value: negating the most negative value_type would overflow.
        return decrement(replica, static_cast<Value>(static_cast<Value>(-(n + 1)) + Value{1}));
    }

    // Increments minus decrements. Throws std::overflow_error if either sum does not fit in
    // Value or the difference does not fit in the signed value type.
    [[nodiscard]] value_type value() const {
        using limits = std::numeric_limits<value_type>;
        const Value up = m_increments.value();
        const Value down = m_decrements.value();
        if (up >= down) {
            const Value diff = static_cast<Value>(up - down);
            if (diff > static_cast<Value>(limits::max()))
                detail::throw_overflow("pn_counter::value does not fit in the signed value type");
            return static_cast<value_type>(diff);
        }
        const Value diff = static_cast<Value>(down - up);
        // The most negative value is one further from zero than the largest positive one.
        if (diff - 1 > static_cast<Value>(limits::max()))
            detail::throw_overflow("pn_counter::value does not fit in the signed value type");
        return static_cast<value_type>(-static_cast<value_type>(diff - 1) - 1);
    }

    // Joins `other` into this counter, half by half.
    pn_counter& merge(const pn_counter& other) {
        m_increments.merge(other.m_increments);
        m_decrements.merge(other.m_decrements);
        return *this;
    }

    // The increments half: a read-only parts view (see g_counter::entries()).
    [[nodiscard]] const half_type& increments() const noexcept { return m_increments; }

    // The decrements half: a read-only parts view.
    [[nodiscard]] const half_type& decrements() const noexcept { return m_decrements; }

    // Rebuilds a counter from the entries of both halves. Rejects (errc::invalid_parts) a half
    // whose entries are unsorted, repeat a replica or are zero; the message names the half
    // and the position.
    [[nodiscard]] static result<pn_counter> from_parts(std::vector<entry> increments,
                                                       std::vector<entry> decrements) {
        using counts = detail::replica_counts<entry, &entry::value>;
        if (auto problem = counts::check(increments, "pn_counter::from_parts: increments"))
            return std::move(*problem);
        if (auto problem = counts::check(decrements, "pn_counter::from_parts: decrements"))
            return std::move(*problem);
        auto up = half_type::from_parts(std::move(increments));
        auto down = half_type::from_parts(std::move(decrements));
        pn_counter c;
        c.m_increments = std::move(*up);
        c.m_decrements = std::move(*down);
        return c;
    }

    // What this replica has seen: the entries of both halves.
    [[nodiscard]] digest_type digest() const {
        return {m_increments.digest(), m_decrements.digest()};
    }

    // The smallest delta that brings a replica whose digest is `seen` up to date: each half's
    // entries that exceed the digest's.
    [[nodiscard]] pn_counter delta_since(const digest_type& seen) const {
        pn_counter delta;
        delta.m_increments = m_increments.delta_since(seen.increments);
        delta.m_decrements = m_decrements.delta_since(seen.decrements);
        return delta;
    }

    // The part of *this that inflates `local`: per half, entries above local's. O(n log m).
    [[nodiscard]] pn_counter inflation_over(const pn_counter& local) const {
        pn_counter delta;
        delta.m_increments = m_increments.inflation_over(local.m_increments);
        delta.m_decrements = m_decrements.inflation_over(local.m_decrements);
        return delta;
    }

    friend bool operator==(const pn_counter&, const pn_counter&) = default;

private:
    half_type m_increments;
    half_type m_decrements;
};

}  // namespace converge::inline v1
