// SPDX-License-Identifier: MIT
// Lattice laws, delta laws and the digest-sync law of the add-wins OR-set, for integer and
// string elements and replica ids. The lattice and delta laws include states that store one
// dot under different elements (replica ids reused); the digest-sync law needs unique dots.
#include <converge/crdt/or_set.hpp>
#include <converge/testing/arbitrary/or_set.hpp>
#include <converge/testing/laws.hpp>

#include "test_support.hpp"

#include <algorithm>
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

// Whether some dot is stored under one element in a and under another in b.
template <class Set>
bool reuses_a_dot(const Set& a, const Set& b) {
    for (const auto x : a.entries())
        for (const auto y : b.entries())
            if (!(x.element == y.element))
                for (const auto& d : x.dots)
                    if (std::find(y.dots.begin(), y.dots.end(), d) != y.dots.end()) return true;
    return false;
}

template <class T, class R>
void check_or_set_properties(const std::string& name) {
    using set_t = or_set<T, R>;

    // The generator must reach the case a lattice law breaks on first: one dot stored under
    // different elements by two states.
    const auto gen = rc::gen::arbitrary<set_t>();
    int conflicting = 0;
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        const set_t a = gen(rc::Random(2 * seed), 40).value();
        const set_t b = gen(rc::Random(2 * seed + 1), 40).value();
        if (reuses_a_dot(a, b)) ++conflicting;
    }
    INFO(name << ": " << conflicting << " of 200 pairs store a dot under different elements");
    CHECK(conflicting >= 5);
    CHECK(conflicting <= 150);

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

    // A digest cannot say under which element a dot was seen: this needs unique dots.
    CONVERGE_CHECK_PROPERTY(name + ": digest sync", [] {
        const set_t a = *converge::testing::gen_consistent_or_set<set_t>();
        const set_t b = *converge::testing::gen_consistent_or_set<set_t>();
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
