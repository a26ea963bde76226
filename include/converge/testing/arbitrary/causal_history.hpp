// SPDX-License-Identifier: MIT
#pragma once

// Random histories for the types built on the causal kernel (mv_register, the flags, or_map
// and a user's own causal types). Needs RapidCheck; not part of <converge/converge.hpp>.
//
// A generated value is the state, or one of the deltas, of one replica of a small fixed pool
// after a random history of mutations (random_mutation<V>), delta deliveries and full merges.
// Unless asked for consistent histories only, a replica is sometimes restored from a stale
// snapshot of itself and goes on writing, and some histories come from replicas that share
// ids with others: dots are then reused with other payloads, which only misconfiguration
// produces and which merge must still join commutatively.

#include <converge/testing/arbitrary/causal_context.hpp>
#include <converge/testing/arbitrary/consistent.hpp>
#include <converge/testing/arbitrary/or_set.hpp>

#include <rapidcheck.h>

#include <converge/core/detail/mix.hpp>
#include <converge/core/dot.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace converge::inline v1::testing {

// What a history does to a value of V as an event of `replica`: one random mutation, whose
// delta it returns. Specialise it for a causal type of your own to get its generator.
template <class V>
struct random_mutation;

namespace detail {

// Bumped when a replica is restored from a stale snapshot, so that the dots it reuses carry
// other payloads; reset at the start of every history.
inline thread_local std::uint64_t causal_epoch = 0;

// A fixed function of a dot (with the epoch and a salt), from which the generated event at
// that dot picks what it writes, so that states generated independently agree on what each
// dot means, as the states of real replicas do.
template <class ReplicaId>
[[nodiscard]] std::uint64_t causal_choice(const dot<ReplicaId>& d, std::uint64_t salt) {
    const std::uint64_t h = static_cast<std::uint64_t>(replica_hash<ReplicaId>{}(d.replica));
    return converge::detail::mix64(
        h ^ converge::detail::mix64(d.counter + (causal_epoch << 40) + (salt << 20)));
}

// The payload (a value, a key) of type T that the event at dot `d` writes, from a small pool.
template <class T, class ReplicaId>
[[nodiscard]] T causal_payload(const dot<ReplicaId>& d, std::uint64_t salt = 0) {
    const auto& pool = or_set_element_pool<T>();
    return pool[static_cast<std::size_t>(causal_choice(d, salt) % pool.size())];
}

template <class V>
[[nodiscard]] V causal_history(int size, bool stale_restores) {
    using R = typename V::replica_type;
    const auto& replicas = causal_replica_pool<R>();
    const std::size_t n = replicas.size();
    std::vector<V> states(n);
    std::vector<std::optional<V>> snapshots(n);
    std::vector<V> deltas;
    // One history in three (when not asked for consistency) is of another "system" whose
    // replicas have the same ids: its dots mean other things than in the rest.
    causal_epoch =
        stale_restores && causal_uniform<int>(0, 3) == 0 ? causal_uniform<std::uint64_t>(1, 3) : 0;
    const int steps = causal_uniform<int>(0, 4 + size / 2);
    for (int step = 0; step < steps; ++step) {
        const int kind = causal_uniform<int>(0, 100);
        const std::size_t j = causal_uniform<std::size_t>(0, n);
        V& s = states[j];
        if (kind < 45) {
            deltas.push_back(random_mutation<V>::apply(s, replicas[j]));
        } else if (kind < 70) {
            if (!deltas.empty()) s.merge(deltas[causal_uniform<std::size_t>(0, deltas.size())]);
        } else if (kind < 90) {
            s.merge(states[causal_uniform<std::size_t>(0, n)]);
        } else if (kind < 95 || !stale_restores) {
            snapshots[j] = s;
        } else if (snapshots[j]) {
            s = *snapshots[j];  // restored from a stale snapshot: its next dots are reused
            ++causal_epoch;
        }
    }
    if (!deltas.empty() && causal_uniform<int>(0, 5) == 0)
        return deltas[causal_uniform<std::size_t>(0, deltas.size())];
    return states[causal_uniform<std::size_t>(0, n)];
}

}  // namespace detail

// An or_set as a causal value (nested in an or_map): mostly an add of the element its dot
// stands for, sometimes a remove of a pooled element. (The or_set's own generator,
// arbitrary/or_set.hpp, builds histories of its own.)
template <class T, class ReplicaId, class Hash, class Eq>
struct random_mutation<or_set<T, ReplicaId, Hash, Eq>> {
    using set_type = or_set<T, ReplicaId, Hash, Eq>;
    static set_type apply(set_type& s, const ReplicaId& replica) {
        const auto next = s.context().next_dot(replica);
        if (detail::causal_uniform<int>(0, 4) == 0)
            return s.remove(
                detail::causal_payload<T>(next, detail::causal_uniform<std::uint64_t>(1, 4)));
        return s.add(replica, detail::causal_payload<T>(next));
    }
};

// The generator of V from random histories; with stale_restores, some histories reuse dots
// with other payloads (see the top of this header).
template <class V>
[[nodiscard]] rc::Gen<V> causal_gen(bool stale_restores) {
    return rc::gen::withSize([stale_restores](int size) {
        return rc::gen::exec(
            [size, stale_restores] { return detail::causal_history<V>(size, stale_restores); });
    });
}

}  // namespace converge::inline v1::testing

namespace rc {

template <class V>
struct Arbitrary<converge::testing::consistent<V>> {
    static Gen<converge::testing::consistent<V>> arbitrary() {
        return gen::map(converge::testing::causal_gen<V>(false),
                        [](V v) { return converge::testing::consistent<V>{std::move(v)}; });
    }
};

}  // namespace rc
