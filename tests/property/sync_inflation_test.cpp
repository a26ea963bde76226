// SPDX-License-Identifier: MIT
// Redundancy removal, checked on random pairs (received x, local state) of every type:
// Δ = inflation<T>::of(x, local) gives the same join as x, is part of x, is the bottom
// exactly when x brings nothing new, and (for the types that promise exactness) holds no
// piece that local already has.
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/lww_register.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/crdt/pn_counter.hpp>
#include <converge/sync/inflation.hpp>
#include <converge/testing/arbitrary.hpp>

#include "builtin_types.hpp"
#include "test_support.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <utility>

using converge::join;
using converge::lattice_leq;
using converge::sync::inflation;

namespace {

// The laws every inflation must keep, exact or not.
template <class T>
void check_sound(const T& x, const T& local, const T& delta) {
    RC_ASSERT(join(local, delta) == join(local, x));
    RC_ASSERT(lattice_leq(delta, x));
    RC_ASSERT((delta == T{}) == lattice_leq(x, local));
}

// Exact for the g_counter: every entry kept is x's, and larger than local's.
template <class Counter>
void check_g_counter_exact(const std::string& name) {
    CONVERGE_CHECK_PROPERTY(name, [](const Counter& x, const Counter& local) {
        const Counter delta = inflation<Counter>::of(x, local);
        check_sound(x, local, delta);
        for (const auto& e : delta.entries()) {
            RC_ASSERT(e.value == x.get(e.replica));
            RC_ASSERT(local.get(e.replica) < e.value);
        }
    });
}

// Exact for the OR-set: a stored dot of Δ is one the local context has not seen, or one local
// stores under another element (a reused dot); a context dot of Δ is unseen locally, or seen
// and still stored locally (x removed it, or stores it under another element).
template <class Set>
void check_or_set_exact(const std::string& name) {
    CONVERGE_CHECK_PROPERTY(name, [](const Set& x, const Set& local) {
        using dot_type = typename Set::dot_type;
        const Set delta = inflation<Set>::of(x, local);
        check_sound(x, local, delta);
        std::map<dot_type, typename Set::value_type> local_stored;
        for (const auto& e : local.entries())
            for (const dot_type& d : e.dots) local_stored.emplace(d, e.element);
        for (const auto& e : delta.entries()) {
            for (const dot_type& d : e.dots) {
                const auto it = local_stored.find(d);
                RC_ASSERT(!local.context().contains(d) ||
                          (it != local_stored.end() && !(it->second == e.element)));
            }
        }
        for (const auto& r : delta.context().replicas()) {
            const auto check = [&](std::uint64_t counter) {
                const dot_type d{r.replica, counter};
                RC_ASSERT(!local.context().contains(d) || local_stored.count(d) == 1);
            };
            for (std::uint64_t c = 1; c <= r.contiguous; ++c) check(c);
            for (const auto& iv : r.cloud)
                for (std::uint64_t c = iv.first; c <= iv.last; ++c) check(c);
        }
    });
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("inflation is sound for every replicated type", "[sync]",
                        converge_test::replicated_cases) {
    using T = typename TestType::type;
    CONVERGE_CHECK_PROPERTY(
        std::string(TestType::name) + " inflation is sound",
        [](const T& x, const T& local) { check_sound(x, local, inflation<T>::of(x, local)); });
}

TEST_CASE("inflation: g_counter") {
    check_g_counter_exact<converge::g_counter<>>("g_counter inflation is sound and exact");
    check_g_counter_exact<converge::g_counter<std::string>>(
        "g_counter<string> inflation is sound and exact");
}

TEST_CASE("inflation: lww_register") {
    using reg = converge::lww_register<std::string>;
    CONVERGE_CHECK_PROPERTY("lww_register inflation is sound and exact",
                            [](const reg& x, const reg& local) {
                                const reg delta = inflation<reg>::of(x, local);
                                check_sound(x, local, delta);
                                RC_ASSERT(delta == reg{} || delta == x);
                            });
}

TEST_CASE("inflation: or_set") {
    check_or_set_exact<converge::or_set<int>>("or_set<int> inflation is sound and exact");
    check_or_set_exact<converge::or_set<std::string, std::string>>(
        "or_set<string, string> inflation is sound and exact");
}
