// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary for lamport_clock<Counter>, vector_clock<ReplicaId, Counter> and hlc_timestamp.
// Needs RapidCheck; not part of <converge/converge.hpp>.

#include <converge/clock/hlc_timestamp.hpp>
#include <converge/clock/lamport_clock.hpp>
#include <converge/clock/vector_clock.hpp>
#include <converge/testing/arbitrary/pool.hpp>

#include <rapidcheck.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <utility>
#include <vector>

namespace converge::inline v1::testing {

// How many replica ids the vector clock generator draws from.
inline constexpr std::size_t clock_replica_pool_size = 5;

}  // namespace converge::inline v1::testing

namespace rc {

// Any time, small ones more often.
template <class Counter>
struct Arbitrary<converge::lamport_clock<Counter>> {
    static Gen<converge::lamport_clock<Counter>> arbitrary() {
        return gen::map(gen::arbitrary<Counter>(),
                        [](Counter t) { return converge::lamport_clock<Counter>(t); });
    }
};

// Timestamps near the present (so that equal wall times with different logical parts occur),
// and anywhere in the 48-bit wall range, including its ends.
template <>
struct Arbitrary<converge::hlc_timestamp> {
    static Gen<converge::hlc_timestamp> arbitrary() {
        using converge::hlc_timestamp;
        const Gen<std::uint64_t> wall = gen::weightedOneOf<std::uint64_t>(
            {{4, gen::inRange<std::uint64_t>(1'700'000'000'000, 1'700'000'000'004)},
             {2, gen::resize(kNominalSize,
                             gen::inRange<std::uint64_t>(0, hlc_timestamp::max_wall_ms + 1))},
             {1, gen::element<std::uint64_t>(0, hlc_timestamp::max_wall_ms)}});
        const Gen<std::uint16_t> logical = gen::weightedOneOf<std::uint16_t>(
            {{4, gen::inRange<std::uint16_t>(0, 4)}, {1, gen::arbitrary<std::uint16_t>()}});
        return gen::map(gen::pair(wall, logical),
                        [](const std::pair<std::uint64_t, std::uint16_t>& p) {
                            return hlc_timestamp(p.first, p.second);
                        });
    }
};

// Clocks with up to five entries over a small pool of replicas (testing/arbitrary/pool.hpp),
// counters mostly small, sometimes anywhere in Counter's range.
template <class ReplicaId, class Counter>
struct Arbitrary<converge::vector_clock<ReplicaId, Counter>> {
    using clock = converge::vector_clock<ReplicaId, Counter>;

    static Gen<clock> arbitrary() {
        using converge::testing::clock_replica_pool_size;
        const Gen<Counter> counters =
            gen::weightedOneOf<Counter>({{4, gen::inRange<Counter>(1, 8)},
                                         {1, gen::map(gen::arbitrary<Counter>(), [](Counter c) {
                                              return c == 0 ? Counter{1} : c;
                                          })}});
        return gen::map(
            gen::container<std::vector<std::pair<ReplicaId, Counter>>>(gen::pair(
                converge::testing::gen_small_pool<ReplicaId, clock_replica_pool_size>(), counters)),
            [](std::vector<std::pair<ReplicaId, Counter>> picks) {
                // Sorted by replica, the first pick of each replica kept.
                std::stable_sort(picks.begin(), picks.end(),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
                std::vector<typename clock::entry> entries;
                for (auto& [replica, counter] : picks)
                    if (entries.empty() || !(entries.back().replica == replica))
                        entries.push_back({std::move(replica), counter});
                return clock::from_parts(std::move(entries)).value();
            });
    }
};

}  // namespace rc

namespace converge::inline v1 {

// Prints a Lamport clock in RapidCheck counterexamples.
template <class Counter>
void showValue(const lamport_clock<Counter>& c, std::ostream& os) {
    os << "lamport_clock{" << static_cast<std::uint64_t>(c.now()) << '}';
}

// Prints a timestamp in RapidCheck counterexamples.
inline void showValue(hlc_timestamp t, std::ostream& os) {
    os << to_string(t);
}

// Prints a vector clock in RapidCheck counterexamples as {replica: counter, ...}.
template <class ReplicaId, class Counter>
void showValue(const vector_clock<ReplicaId, Counter>& c, std::ostream& os) {
    os << "vector_clock{";
    const char* separator = "";
    for (const auto& e : c) {
        os << separator;
        rc::show(e.replica, os);
        os << ": ";
        rc::show(e.counter, os);
        separator = ", ";
    }
    os << '}';
}

}  // namespace converge::inline v1
