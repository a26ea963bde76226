// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary for or_set<T, ReplicaId, Hash, Eq>, for any T and ReplicaId RapidCheck can
// generate, and gen_consistent_or_set(). Needs RapidCheck; not part of <converge/converge.hpp>.
//
// Independently generated sets must be states that real replicas of one system could hold,
// or the lattice laws fail for reasons that have nothing to do with the code under test. So
// each set is the state (or a delta) of one replica after a random history of adds, removes,
// clears, delta deliveries and full merges on a small fixed pool of replicas, and the element
// added at dot (r, n) is a fixed function of (r, n): an entry of a small fixed pool of
// elements chosen by a hash of r's place in the replica pool and n. Pools are small so that
// generated states overlap often.
//
// In a correctly configured system a dot names one add of one element everywhere. The
// Arbitrary also covers systems that are not: now and then a history has a second replica
// acting under one pooled id (two replicas given one id, or one restored from a stale
// snapshot of the other), which reuses that id's counters for elements of its own choosing.
// Merge must stay a lattice join there too. Properties that need unique dots (digest sync)
// take gen_consistent_or_set() instead.

#include <converge/core/detail/mix.hpp>
#include <converge/core/dot.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/testing/arbitrary/causal_context.hpp>
#include <converge/testing/arbitrary/consistent.hpp>

#include <rapidcheck.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

namespace converge::inline v1::testing::detail {

// Count values of T drawn from fixed seeds (seed × SeedMultiplier), the same in every call of
// a process; duplicates are harmless.
template <class T, std::uint64_t Count, std::uint64_t SeedMultiplier>
[[nodiscard]] const std::vector<T>& fixed_value_pool() {
    static const std::vector<T> pool = [] {
        std::vector<T> values;
        const rc::Gen<T> gen = rc::gen::arbitrary<T>();
        for (std::uint64_t seed = 1; seed <= Count; ++seed)
            values.push_back(gen(rc::Random(seed * SeedMultiplier), 20).value());
        return values;
    }();
    return pool;
}

// A few elements, the same in every call of a process.
template <class T>
[[nodiscard]] const std::vector<T>& or_set_element_pool() {
    return fixed_value_pool<T, 6, converge::detail::mix64_multiplier_1>();
}

// The element that the counter-th add of the replica_index-th pooled replica adds. A second
// replica acting under the same id (variant > 0) chooses other elements for the same counters.
template <class T>
[[nodiscard]] const T& or_set_element_for(std::size_t replica_index, std::uint64_t counter,
                                          std::uint64_t variant = 0) {
    const auto& pool = or_set_element_pool<T>();
    const std::uint64_t x = converge::detail::mix64(
        (static_cast<std::uint64_t>(replica_index) << 32) ^ counter ^ (variant << 56));
    return pool[static_cast<std::size_t>(x % pool.size())];
}

// A replica's state, or one of the deltas produced on the way, after a random history (see
// the comment at the top of this header). Larger sizes give longer histories. With
// `reused_dots`, half of the histories fork one pooled replica early on: from then on a
// twin, starting from a copy of its state, acts under its id and adds elements of another
// variant, and the result is often the twin's state.
template <class Set>
[[nodiscard]] rc::Gen<Set> gen_or_set_history(bool reused_dots) {
    using T = typename Set::value_type;
    using ReplicaId = typename Set::replica_type;
    return rc::gen::withSize([reused_dots](int size) {
        return rc::gen::exec([size, reused_dots] {
            const auto& replicas = causal_replica_pool<ReplicaId>();
            const std::size_t n = replicas.size();
            std::vector<Set> states(n);
            std::vector<Set> deltas;
            const int steps = causal_uniform<int>(0, 4 + size / 2);  // grows with size
            const bool twin = reused_dots && causal_uniform<int>(0, 2) == 0;
            // Often from the start (an id given to two replicas), or from a stale snapshot.
            const int fork_at = !twin ? steps
                                : causal_uniform<int>(0, 2) == 0
                                    ? 0
                                    : causal_uniform<int>(0, steps / 3 + 1);
            const std::size_t twin_of = causal_uniform<std::size_t>(0, n);
            const std::uint64_t variant = causal_uniform<std::uint64_t>(1, 3);
            for (int step = 0; step < steps; ++step) {
                if (step == fork_at) {
                    Set copy = states[twin_of];
                    states.push_back(std::move(copy));  // states[n]: the twin
                }
                const std::size_t live = states.size();
                const int kind = causal_uniform<int>(0, 100);
                // The twin, once there, takes a third of the steps.
                const std::size_t j = live > n && causal_uniform<int>(0, 3) == 0
                                          ? n
                                          : causal_uniform<std::size_t>(0, n);
                Set& s = states[j];
                if (kind < 40) {
                    const std::size_t id = j < n ? j : twin_of;
                    const auto next = s.context().next_dot(replicas[id]).counter;
                    deltas.push_back(
                        s.add(replicas[id], or_set_element_for<T>(id, next, j < n ? 0 : variant)));
                } else if (kind < 55) {
                    if (s.empty()) continue;
                    auto it = s.begin();
                    std::advance(it, causal_uniform<std::ptrdiff_t>(
                                         0, static_cast<std::ptrdiff_t>(s.size())));
                    const T element = *it;
                    deltas.push_back(s.remove(element));
                } else if (kind < 57) {
                    deltas.push_back(s.clear());
                } else if (kind < 78) {
                    if (deltas.empty()) continue;
                    s.merge(deltas[causal_uniform<std::size_t>(0, deltas.size())]);
                } else {
                    s.merge(states[causal_uniform<std::size_t>(0, live)]);
                }
            }
            if (!deltas.empty() && causal_uniform<int>(0, 5) == 0)
                return deltas[causal_uniform<std::size_t>(0, deltas.size())];
            if (states.size() > n && causal_uniform<int>(0, 2) == 0) return states[n];
            return states[causal_uniform<std::size_t>(0, states.size())];
        });
    });
}

}  // namespace converge::inline v1::testing::detail

namespace converge::inline v1::testing {

// Or-sets of a correctly configured system only: every replica id names one replica, which
// never reuses a counter, so a dot names one element in every state. For properties that
// need unique dots, such as b.merge(a.delta_since(b.digest())) == join(a, b).
template <class Set>
[[nodiscard]] rc::Gen<Set> gen_consistent_or_set() {
    return detail::gen_or_set_history<Set>(false);
}

}  // namespace converge::inline v1::testing

namespace rc {

// A replica's state, or one of the deltas produced on the way, after a random history (see
// the comment at the top of this header), sometimes with a dot reused for another element.
template <class T, class ReplicaId, class Hash, class Eq>
struct Arbitrary<converge::or_set<T, ReplicaId, Hash, Eq>> {
    static Gen<converge::or_set<T, ReplicaId, Hash, Eq>> arbitrary() {
        return converge::testing::detail::gen_or_set_history<
            converge::or_set<T, ReplicaId, Hash, Eq>>(true);
    }
};

// Sets whose histories never reuse a dot (see consistent.hpp).
template <class T, class ReplicaId, class Hash, class Eq>
struct Arbitrary<converge::testing::consistent<converge::or_set<T, ReplicaId, Hash, Eq>>> {
    using set_type = converge::or_set<T, ReplicaId, Hash, Eq>;
    static Gen<converge::testing::consistent<set_type>> arbitrary() {
        return gen::map(converge::testing::gen_consistent_or_set<set_type>(), [](set_type s) {
            return converge::testing::consistent<set_type>{std::move(s)};
        });
    }
};

}  // namespace rc
