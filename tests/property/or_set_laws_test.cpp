// SPDX-License-Identifier: MIT
// Lattice laws, delta laws and the digest-sync law of the add-wins OR-set, for integer and
// string elements and replica ids.
#include <converge/crdt/or_set.hpp>
#include <converge/testing/arbitrary/or_set.hpp>
#include <converge/testing/laws.hpp>

#include "test_support.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

using converge::join;
using converge::lattice_leq;
using converge::or_set;
using converge::testing::check_lattice_laws;
using converge::testing::law_report;

namespace {

// old.merge(delta) == new; the delta is below new; merging it again changes nothing.
template <class Set>
void check_delta(const Set& old, const Set& updated, const Set& delta) {
    Set applied = old;
    applied.merge(delta);
    RC_ASSERT(applied == updated);
    RC_ASSERT(lattice_leq(delta, updated));
    applied.merge(delta);
    RC_ASSERT(applied == updated);
    // Deltas join with deltas and states alike: the delta joined into itself is itself.
    RC_ASSERT(join(delta, delta) == delta);
}

// Mostly an element of the set, sometimes `other` (likely absent).
template <class Set>
typename Set::value_type pick_element(const Set& s, const typename Set::value_type& other) {
    if (s.empty() || *rc::gen::inRange(0, 4) == 0) return other;
    auto it = s.begin();
    std::advance(it, *rc::gen::inRange<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(s.size())));
    return *it;
}

template <class T, class R>
void check_or_set_properties(const std::string& name) {
    using set_t = or_set<T, R>;

    const law_report report = check_lattice_laws<set_t>();
    INFO(name << ": " << report.summary());
    CHECK(report.passed());

    CONVERGE_CHECK_PROPERTY(name + ": add's delta", [](const set_t& s, const T& other) {
        const auto& replicas = converge::testing::detail::causal_replica_pool<R>();
        const R replica = replicas[*rc::gen::inRange<std::size_t>(0, replicas.size())];
        // Often a re-add of a present element (its older dots must go), sometimes a new one.
        const T element = pick_element(s, other);
        set_t updated = s;
        const set_t delta = updated.add(replica, element);
        RC_ASSERT(updated.contains(element));
        check_delta(s, updated, delta);
    });

    CONVERGE_CHECK_PROPERTY(name + ": remove's delta", [](const set_t& s, const T& other) {
        const T element = pick_element(s, other);
        set_t updated = s;
        const set_t delta = updated.remove(element);
        RC_ASSERT(!updated.contains(element));
        RC_ASSERT(delta.empty());
        check_delta(s, updated, delta);
    });

    CONVERGE_CHECK_PROPERTY(name + ": clear's delta", [](const set_t& s) {
        set_t updated = s;
        const set_t delta = updated.clear();
        RC_ASSERT(updated.empty());
        RC_ASSERT(updated.context() == s.context());
        check_delta(s, updated, delta);
    });

    CONVERGE_CHECK_PROPERTY(name + ": digest sync", [](const set_t& a, const set_t& b) {
        const set_t delta = a.delta_since(b.digest());
        set_t synced = b;
        synced.merge(delta);
        RC_ASSERT(synced == join(a, b));
        RC_ASSERT(lattice_leq(delta, a));
        // Nothing the asker has seen travels as an element.
        for (const auto entry : delta.entries())
            for (const auto& d : entry.dots) RC_ASSERT(!b.context().contains(d));
        RC_ASSERT(a.delta_since(a.digest()).empty());
    });

    CONVERGE_CHECK_PROPERTY(name + ": parts round-trip through from_parts", [](const set_t& s) {
        std::vector<typename set_t::entry> parts;
        for (const auto entry : s.entries())
            parts.push_back({entry.element, {entry.dots.begin(), entry.dots.end()}});
        const auto rebuilt = set_t::from_parts(std::move(parts), s.context());
        RC_ASSERT(rebuilt.has_value());
        RC_ASSERT(*rebuilt == s);
    });
}

}  // namespace

TEST_CASE("or_set<uint64, uint64> laws") {
    check_or_set_properties<std::uint64_t, std::uint64_t>("or_set<uint64, uint64>");
}

TEST_CASE("or_set<string, string> laws") {
    check_or_set_properties<std::string, std::string>("or_set<string, string>");
}

TEST_CASE("or_set<string, uint64> laws") {
    check_or_set_properties<std::string, std::uint64_t>("or_set<string, uint64>");
}
