// SPDX-License-Identifier: MIT
// The types built on the causal kernel: lattice laws (over states that include dots reused by
// a replica restored from a stale snapshot), exact redundancy removal, delta laws for every
// mutation, concurrent mutations merged by delta and by full state alike, the digest law for
// consistent histories, and parts round-trips.
#include <converge/crdt/causal_counter.hpp>
#include <converge/crdt/causal_lww_register.hpp>
#include <converge/crdt/flags.hpp>
#include <converge/crdt/mv_register.hpp>
#include <converge/crdt/or_map.hpp>
#include <converge/testing/arbitrary/causal_counter.hpp>
#include <converge/testing/arbitrary/causal_lww_register.hpp>
#include <converge/testing/arbitrary/flags.hpp>
#include <converge/testing/arbitrary/mv_register.hpp>
#include <converge/testing/arbitrary/or_map.hpp>
#include <converge/testing/laws.hpp>

#include "support/delta_laws.hpp"
#include "test_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>

using converge::join;
using converge::lattice_leq;
using converge::testing::consistent;
using converge::testing::random_mutation;

namespace {

using note = converge::or_map<std::string, converge::mv_register<std::string>>;

using kernel_types =
    std::tuple<converge::mv_register<std::uint64_t>,
               converge::mv_register<std::string, std::string>, converge::enable_wins_flag<>,
               converge::disable_wins_flag<std::string>,
               converge::or_map<std::string, converge::mv_register<std::string>>,
               converge::or_map<std::uint64_t, converge::enable_wins_flag<>>,
               converge::or_map<std::string, note>, converge::causal_counter<>,
               converge::causal_counter<std::string>, converge::causal_lww_register<std::uint64_t>,
               converge::causal_lww_register<std::string, std::string, std::uint64_t>,
               converge::or_map<std::string, converge::causal_counter<>>,
               converge::or_map<std::uint64_t, converge::causal_lww_register<std::string>>>;

template <class V>
typename V::replica_type any_replica() {
    const auto& pool = converge::testing::detail::causal_replica_pool<typename V::replica_type>();
    return pool[*rc::gen::inRange<std::size_t>(0, pool.size())];
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("causal kernel types: lattice laws", "[kernel]", kernel_types) {
    const auto report = converge::testing::check_lattice_laws<TestType>();
    INFO(report.summary());
    CHECK(report.passed());
}

TEMPLATE_LIST_TEST_CASE("causal kernel types: redundancy removal is exact", "[kernel]",
                        kernel_types) {
    CONVERGE_CHECK_PROPERTY("inflation", [](const TestType& local, const TestType& remote) {
        const TestType part = remote.inflation_over(local);
        RC_ASSERT(join(local, part) == join(local, remote));
        RC_ASSERT(lattice_leq(part, remote));
        RC_ASSERT(local.inflation_over(local) == TestType{});
    });
}

TEMPLATE_LIST_TEST_CASE("causal kernel types: delta laws", "[kernel]", kernel_types) {
    CONVERGE_CHECK_PROPERTY("one mutation", [](const TestType& s) {
        const auto replica = any_replica<TestType>();
        (void)converge_test::check_delta_laws(
            s, [&](TestType& x) { return random_mutation<TestType>::apply(x, replica); });
    });
    CONVERGE_CHECK_PROPERTY("two mutations grouped", [](const TestType& s) {
        const auto replica = any_replica<TestType>();
        const auto mutate = [&](TestType& x) {
            return random_mutation<TestType>::apply(x, replica);
        };
        converge_test::check_delta_group(s, mutate, mutate);
    });
    // Two replicas mutate the same state concurrently (a remove racing an update, among
    // others): merging their deltas gives what merging their full states gives.
    CONVERGE_CHECK_PROPERTY("concurrent mutations, by delta and by state", [](const TestType& s) {
        const auto& pool =
            converge::testing::detail::causal_replica_pool<typename TestType::replica_type>();
        TestType a = s;
        TestType b = s;
        const TestType da = random_mutation<TestType>::apply(a, pool[0]);
        const TestType db = random_mutation<TestType>::apply(b, pool[1]);
        const TestType by_state = join(a, b);
        RC_ASSERT(join(join(s, da), db) == by_state);
        RC_ASSERT(join(join(b, da), TestType{}) == by_state);
        RC_ASSERT(join(a, db) == by_state);
    });
}

TEMPLATE_LIST_TEST_CASE("causal kernel types: digest sync", "[kernel]", kernel_types) {
    CONVERGE_CHECK_PROPERTY("digest",
                            [](const consistent<TestType>& a, const consistent<TestType>& b) {
                                converge_test::check_digest_law(a.value, b.value);
                            });
}

TEMPLATE_LIST_TEST_CASE("causal kernel types: parts round-trip", "[kernel]", kernel_types) {
    CONVERGE_CHECK_PROPERTY("from_parts", [](const TestType& s) {
        const auto rebuilt = TestType::from_parts(s.state().store(), s.context());
        RC_ASSERT(rebuilt.has_value());
        RC_ASSERT(*rebuilt == s);
    });
}

// The maps' tables (by key and by dot, at every depth) must follow every change: a stale
// entry is invisible to ==, so it is asked for directly after each operation that edits them.
TEMPLATE_LIST_TEST_CASE("causal kernel types: stores' tables follow every change", "[kernel]",
                        kernel_types) {
    if constexpr (requires(const TestType& s) { s.state().store().tables_consistent(); }) {
        CONVERGE_CHECK_PROPERTY("tables", [](const TestType& a, const TestType& b) {
            const auto ok = [](const TestType& s) { return s.state().store().tables_consistent(); };
            RC_ASSERT(ok(a));
            RC_ASSERT(ok(join(a, b)));
            RC_ASSERT(ok(a.delta_since(b.digest())));
            RC_ASSERT(ok(a.inflation_over(b)));
            TestType c = b;
            const TestType delta = random_mutation<TestType>::apply(c, any_replica<TestType>());
            RC_ASSERT(ok(c));
            RC_ASSERT(ok(delta));
            TestType d = a;
            d.merge(delta);
            RC_ASSERT(ok(d));
        });
    } else {
        SUCCEED("no tables in this store");
    }
}
