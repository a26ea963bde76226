// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary for g_counter<ReplicaId, Value> and pn_counter<ReplicaId, Value>, for any
// ReplicaId RapidCheck can generate and any unsigned Value. Replicas come from a pool of five
// (testing/arbitrary/pool.hpp) so independently generated counters share entries often.
// Needs RapidCheck; not part of <converge/converge.hpp>.

#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/pn_counter.hpp>
#include <converge/testing/arbitrary/pool.hpp>

#include <rapidcheck.h>

#include <cstddef>
#include <ostream>
#include <utility>
#include <vector>

namespace converge::inline v1::testing {

// How many replica ids the counter generators draw from.
inline constexpr std::size_t counter_replica_pool_size = 5;

}  // namespace converge::inline v1::testing

namespace rc {

// Counters with up to five entries. Counts are mostly small (so generated counters often
// hold equal counts and sums stay far from overflow), sometimes anywhere in Value's range.
template <class ReplicaId, class Value>
struct Arbitrary<converge::g_counter<ReplicaId, Value>> {
    using counter = converge::g_counter<ReplicaId, Value>;

    static Gen<counter> arbitrary() {
        using converge::testing::counter_replica_pool_size;
        const Gen<Value> counts = gen::weightedOneOf<Value>(
            {{4, gen::inRange<Value>(1, 8)}, {1, gen::map(gen::arbitrary<Value>(), [](Value v) {
                                                  return v == 0 ? Value{1} : v;
                                              })}});
        return gen::map(
            gen::container<std::vector<std::pair<ReplicaId, Value>>>(gen::pair(
                converge::testing::gen_small_pool<ReplicaId, counter_replica_pool_size>(), counts)),
            [](const std::vector<std::pair<ReplicaId, Value>>& increments) {
                counter c;
                for (const auto& [replica, count] : increments) {
                    counter one;
                    one.increment(replica, count);
                    c.merge(one);
                }
                return c;
            });
    }
};

// A pn_counter is two independent g_counters.
template <class ReplicaId, class Value>
struct Arbitrary<converge::pn_counter<ReplicaId, Value>> {
    using counter = converge::pn_counter<ReplicaId, Value>;
    using half = typename counter::half_type;

    static Gen<counter> arbitrary() {
        return gen::map(gen::pair(gen::arbitrary<half>(), gen::arbitrary<half>()),
                        [](const std::pair<half, half>& halves) {
                            const auto up = halves.first.entries();
                            const auto down = halves.second.entries();
                            return counter::from_parts({up.begin(), up.end()},
                                                       {down.begin(), down.end()})
                                .value();
                        });
    }
};

}  // namespace rc

namespace converge::inline v1 {

// Prints a counter in RapidCheck counterexamples as {replica: count, ...}.
template <class ReplicaId, class Value>
void showValue(const g_counter<ReplicaId, Value>& c, std::ostream& os) {
    os << "g_counter{";
    const char* separator = "";
    for (const auto& e : c.entries()) {
        os << separator;
        rc::show(e.replica, os);
        os << ": ";
        rc::show(e.value, os);
        separator = ", ";
    }
    os << '}';
}

// Prints a pn_counter in RapidCheck counterexamples as its two halves.
template <class ReplicaId, class Value>
void showValue(const pn_counter<ReplicaId, Value>& c, std::ostream& os) {
    os << "pn_counter{increments: ";
    showValue(c.increments(), os);
    os << ", decrements: ";
    showValue(c.decrements(), os);
    os << '}';
}

}  // namespace converge::inline v1
