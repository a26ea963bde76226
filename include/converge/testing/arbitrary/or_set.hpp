// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary for or_set<T, ReplicaId, Hash, Eq>, for any T and ReplicaId RapidCheck can
// generate. Needs RapidCheck; not part of <converge/converge.hpp>.
//
// Independently generated sets must be states that real replicas of one system could hold,
// or the lattice laws fail for reasons that have nothing to do with the code under test: a
// dot names one add of one element everywhere. So each set is the state (or a delta) of one
// replica after a random history of adds, removes, clears, delta deliveries and full merges
// on a small fixed pool of replicas, and the element added at dot (r, n) is a fixed function
// of (r, n): an entry of a small fixed pool of elements chosen by a hash of r's place in the
// replica pool and n. Pools are small so that generated states overlap often.

#include <converge/core/detail/mix.hpp>
#include <converge/core/dot.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/testing/arbitrary/causal_context.hpp>

#include <rapidcheck.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

namespace converge::inline v1::testing::detail {

// A few elements, the same in every call of a process (fixed seeds; duplicates are harmless).
template <class T>
[[nodiscard]] const std::vector<T>& or_set_element_pool() {
    static const std::vector<T> pool = [] {
        std::vector<T> elements;
        const rc::Gen<T> gen = rc::gen::arbitrary<T>();
        for (std::uint64_t seed = 1; seed <= 6; ++seed)
            elements.push_back(
                gen(rc::Random(seed * converge::detail::mix64_multiplier_1), 20).value());
        return elements;
    }();
    return pool;
}

// The element that the counter-th add of the replica_index-th pooled replica adds.
template <class T>
[[nodiscard]] const T& or_set_element_for(std::size_t replica_index, std::uint64_t counter) {
    const auto& pool = or_set_element_pool<T>();
    const std::uint64_t x =
        converge::detail::mix64((static_cast<std::uint64_t>(replica_index) << 32) ^ counter);
    return pool[static_cast<std::size_t>(x % pool.size())];
}

}  // namespace converge::inline v1::testing::detail

namespace rc {

// A replica's state, or one of the deltas produced on the way, after a random history (see
// the comment at the top of this header). Larger sizes give longer histories.
template <class T, class ReplicaId, class Hash, class Eq>
struct Arbitrary<converge::or_set<T, ReplicaId, Hash, Eq>> {
    using set_type = converge::or_set<T, ReplicaId, Hash, Eq>;

    static Gen<set_type> arbitrary() {
        return gen::withSize([](int size) {
            return gen::exec([size] {
                namespace cd = converge::testing::detail;
                const auto& replicas = cd::causal_replica_pool<ReplicaId>();
                const std::size_t n = replicas.size();
                std::vector<set_type> states(n);
                std::vector<set_type> deltas;
                const int steps = cd::causal_uniform<int>(0, 4 + size / 2);  // grows with size
                for (int step = 0; step < steps; ++step) {
                    const int kind = cd::causal_uniform<int>(0, 100);
                    const std::size_t j = cd::causal_uniform<std::size_t>(0, n);
                    set_type& s = states[j];
                    if (kind < 40) {
                        const auto next = s.context().next_dot(replicas[j]).counter;
                        deltas.push_back(s.add(replicas[j], cd::or_set_element_for<T>(j, next)));
                    } else if (kind < 55) {
                        if (s.empty()) continue;
                        auto it = s.begin();
                        std::advance(it, cd::causal_uniform<std::ptrdiff_t>(
                                             0, static_cast<std::ptrdiff_t>(s.size())));
                        const T element = *it;
                        deltas.push_back(s.remove(element));
                    } else if (kind < 57) {
                        deltas.push_back(s.clear());
                    } else if (kind < 78) {
                        if (deltas.empty()) continue;
                        s.merge(deltas[cd::causal_uniform<std::size_t>(0, deltas.size())]);
                    } else {
                        s.merge(states[cd::causal_uniform<std::size_t>(0, n)]);
                    }
                }
                if (!deltas.empty() && cd::causal_uniform<int>(0, 5) == 0)
                    return deltas[cd::causal_uniform<std::size_t>(0, deltas.size())];
                return states[cd::causal_uniform<std::size_t>(0, n)];
            });
        });
    }
};

}  // namespace rc
