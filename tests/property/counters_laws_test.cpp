// SPDX-License-Identifier: MIT
// Lattice, delta and digest laws for g_counter and pn_counter, with integer and string
// replica ids and with 8-bit counts (so that overflow is reached).
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/pn_counter.hpp>
#include <converge/testing/arbitrary/counters.hpp>
#include <converge/testing/laws.hpp>

#include "support/delta_laws.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using converge::g_counter;
using converge::pn_counter;
using converge_test::check_delta_group;
using converge_test::check_delta_laws;
using converge_test::check_digest_law;
namespace ct = converge::testing;

namespace {

template <class V>
constexpr V max = std::numeric_limits<V>::max();

template <class R>
rc::Gen<R> replicas() {
    return ct::gen_small_pool<R, ct::counter_replica_pool_size>();
}

// Mutations that may overflow a small Value: one that throws must leave the counter
// unchanged; one that does not must obey the delta laws.
template <class C, class Mutate>
void check_mutator(const C& old, Mutate mutate) {
    C attempt = old;
    try {
        (void)mutate(attempt);
    } catch (const std::overflow_error&) {
        RC_ASSERT(attempt == old);
        return;
    }
    check_delta_laws(old, mutate);
}

template <class R, class V>
void g_counter_laws() {
    using counter = g_counter<R, V>;
    const ct::law_report report = ct::check_lattice_laws<counter>();
    INFO(report.summary());
    REQUIRE(report.passed());

    CONVERGE_CHECK_PROPERTY("g_counter: increment obeys the delta laws", [] {
        const auto old = *rc::gen::arbitrary<counter>();
        const R r = *replicas<R>();
        const V n = *rc::gen::arbitrary<V>();
        check_mutator(old, [&](counter& c) { return c.increment(r, n); });
    });
    CONVERGE_CHECK_PROPERTY("g_counter: deltas of consecutive increments group", [] {
        const auto old = *rc::gen::arbitrary<counter>();
        const R r1 = *replicas<R>();
        const R r2 = *replicas<R>();
        RC_PRE(old.get(r1) < max<V> - 1 && old.get(r2) < max<V> - 1);  // no overflow here
        check_delta_group(
            old, [&](counter& c) { return c.increment(r1, 1); },
            [&](counter& c) { return c.increment(r2, 1); });
    });
    CONVERGE_CHECK_PROPERTY("g_counter: digest law",
                            [](const counter& a, const counter& b) { check_digest_law(a, b); });
}

template <class R, class V>
void pn_counter_laws() {
    using counter = pn_counter<R, V>;
    const ct::law_report report = ct::check_lattice_laws<counter>();
    INFO(report.summary());
    REQUIRE(report.passed());

    CONVERGE_CHECK_PROPERTY("pn_counter: increment obeys the delta laws", [] {
        const auto old = *rc::gen::arbitrary<counter>();
        const R r = *replicas<R>();
        const V n = *rc::gen::arbitrary<V>();
        check_mutator(old, [&](counter& c) { return c.increment(r, n); });
    });
    CONVERGE_CHECK_PROPERTY("pn_counter: decrement obeys the delta laws", [] {
        const auto old = *rc::gen::arbitrary<counter>();
        const R r = *replicas<R>();
        const V n = *rc::gen::arbitrary<V>();
        check_mutator(old, [&](counter& c) { return c.decrement(r, n); });
    });
    CONVERGE_CHECK_PROPERTY("pn_counter: deltas of an increment and a decrement group", [] {
        const auto old = *rc::gen::arbitrary<counter>();
        const R r1 = *replicas<R>();
        const R r2 = *replicas<R>();
        RC_PRE(old.increments().get(r1) < max<V> && old.decrements().get(r2) < max<V>);
        check_delta_group(
            old, [&](counter& c) { return c.increment(r1, 1); },
            [&](counter& c) { return c.decrement(r2, 1); });
    });
    CONVERGE_CHECK_PROPERTY("pn_counter: digest law",
                            [](const counter& a, const counter& b) { check_digest_law(a, b); });
}

}  // namespace

TEST_CASE("g_counter laws, integer replicas") {
    g_counter_laws<std::uint64_t, std::uint64_t>();
}
TEST_CASE("g_counter laws, string replicas") {
    g_counter_laws<std::string, std::uint32_t>();
}
TEST_CASE("g_counter laws, 8-bit counts") {
    g_counter_laws<std::uint16_t, std::uint8_t>();
}
TEST_CASE("pn_counter laws, integer replicas") {
    pn_counter_laws<std::uint64_t, std::uint64_t>();
}
TEST_CASE("pn_counter laws, string replicas") {
    pn_counter_laws<std::string, std::uint64_t>();
}
TEST_CASE("pn_counter laws, 8-bit counts") {
    pn_counter_laws<std::uint32_t, std::uint8_t>();
}

TEST_CASE("g_counter: merge is the per-replica maximum, for any sizes") {
    // Wide replica ranges and lopsided sizes reach every path of merge (shared prefix, walk,
    // back-to-front insertion, binary search for small deltas), which the pooled generator
    // with its five replicas does not.
    using counter = g_counter<std::uint32_t, std::uint32_t>;
    CONVERGE_CHECK_PROPERTY("merge matches a map-based maximum", [] {
        const auto gen_map = [](std::uint32_t replicas) {
            return rc::gen::container<std::map<std::uint32_t, std::uint32_t>>(
                rc::gen::inRange<std::uint32_t>(0, replicas),
                rc::gen::inRange<std::uint32_t>(1, 20));
        };
        const auto range_a = *rc::gen::inRange<std::uint32_t>(1, 400);
        const auto range_b = *rc::gen::inRange<std::uint32_t>(1, 400);
        const auto a = *gen_map(range_a);
        // Half the time a delta-sized b: at most two entries.
        const auto b = *rc::gen::oneOf(gen_map(range_b), rc::gen::resize(2, gen_map(range_b)));
        const auto make = [](const std::map<std::uint32_t, std::uint32_t>& m) {
            std::vector<counter::entry> entries;
            for (const auto& [r, v] : m) entries.push_back({r, v});
            return counter::from_parts(std::move(entries)).value();
        };
        std::map<std::uint32_t, std::uint32_t> expected = a;
        for (const auto& [r, v] : b) expected[r] = std::max(expected[r], v);
        RC_ASSERT(converge::join(make(a), make(b)) == make(expected));
        RC_ASSERT(converge::join(make(b), make(a)) == make(expected));
    });
}
