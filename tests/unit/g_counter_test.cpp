// SPDX-License-Identifier: MIT
#include <converge/crdt/g_counter.hpp>

#include "test_support.hpp"
#include "throwing_replica.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using converge::g_counter;

static_assert(converge::crdt<g_counter<>>);
static_assert(converge::delta_crdt<g_counter<>>);
static_assert(converge::delta_crdt<g_counter<std::string, std::uint32_t>>);
static_assert(std::is_nothrow_move_constructible_v<g_counter<>>);

namespace {

template <class R, class V>
std::vector<typename g_counter<R, V>::entry> entries_of(const g_counter<R, V>& c) {
    return {c.entries().begin(), c.entries().end()};
}

}  // namespace

TEST_CASE("g_counter: a new counter is zero and empty") {
    const g_counter<> c;
    CHECK(c.value() == 0);
    CHECK(c.entries().empty());
    CHECK(c.get(7) == 0);
}

TEST_CASE("g_counter: increments add per replica and the value is their sum") {
    g_counter<> c;
    c.increment(2, 5);
    c.increment(1);
    c.increment(2, 3);
    CHECK(c.value() == 9);
    CHECK(c.get(1) == 1);
    CHECK(c.get(2) == 8);
    CHECK(c.get(3) == 0);
    using entry = g_counter<>::entry;
    CHECK(entries_of(c) == std::vector<entry>{{1, 1}, {2, 8}});
}

TEST_CASE("g_counter: the delta of an increment is that replica's entry with its new value") {
    g_counter<> c;
    c.increment(1, 4);
    const g_counter<> before = c;
    const g_counter<> delta = c.increment(2, 3);
    using entry = g_counter<>::entry;
    CHECK(entries_of(delta) == std::vector<entry>{{2, 3}});
    CHECK(converge::join(before, delta) == c);

    const g_counter<> again = c.increment(2, 1);
    CHECK(entries_of(again) == std::vector<entry>{{2, 4}});
    // Deltas join with each other: the later one subsumes the earlier.
    CHECK(converge::join(delta, again) == again);
}

TEST_CASE("g_counter: an increment by zero changes nothing and its delta is harmless") {
    g_counter<> c;
    CHECK(c.increment(1, 0) == g_counter<>{});
    CHECK(c.entries().empty());  // no zero entries
    c.increment(1, 2);
    const g_counter<> delta = c.increment(1, 0);
    CHECK(delta.get(1) == 2);
    CHECK(converge::join(c, delta) == c);
}

TEST_CASE("g_counter: merge takes the per-replica maximum") {
    g_counter<> a;
    g_counter<> b;
    a.increment(1, 5);
    a.increment(3, 1);
    b.increment(1, 2);
    b.increment(2, 7);
    b.increment(4, 9);
    g_counter<> ab = a;
    ab.merge(b);
    using entry = g_counter<>::entry;
    CHECK(entries_of(ab) == std::vector<entry>{{1, 5}, {2, 7}, {3, 1}, {4, 9}});
    CHECK(ab.value() == 22);
    CHECK(converge::join(b, a) == ab);
    CHECK(converge::join(ab, a) == ab);
    CHECK(converge::lattice_leq(a, ab));
    CHECK_FALSE(converge::lattice_leq(ab, a));
}

TEST_CASE("g_counter: merge of disjoint, interleaved and prefix-sharing entry lists") {
    using entry = g_counter<>::entry;
    const auto make = [](std::vector<entry> e) { return g_counter<>::from_parts(e).value(); };
    CHECK(converge::join(make({{1, 1}, {3, 3}}), make({{2, 2}, {4, 4}})) ==
          make({{1, 1}, {2, 2}, {3, 3}, {4, 4}}));
    CHECK(converge::join(make({{5, 1}}), make({{1, 1}, {2, 2}})) == make({{1, 1}, {2, 2}, {5, 1}}));
    CHECK(converge::join(make({{1, 9}, {2, 1}}), make({{1, 1}, {2, 5}, {3, 3}})) ==
          make({{1, 9}, {2, 5}, {3, 3}}));
    CHECK(converge::join(make({{1, 1}, {2, 5}, {3, 3}}), make({{1, 9}, {2, 1}})) ==
          make({{1, 9}, {2, 5}, {3, 3}}));
    // A shared replica after one that only the other side knows.
    CHECK(converge::join(make({{1, 1}, {3, 3}}), make({{2, 2}, {3, 5}})) ==
          make({{1, 1}, {2, 2}, {3, 5}}));
    CHECK(converge::join(make({{2, 2}, {3, 5}, {4, 1}}), make({{1, 1}, {3, 3}, {5, 5}})) ==
          make({{1, 1}, {2, 2}, {3, 5}, {4, 1}, {5, 5}}));
    CHECK(converge::join(make({}), make({{2, 2}})) == make({{2, 2}}));
    CHECK(converge::join(make({{2, 2}}), make({})) == make({{2, 2}}));
    // Grown by increments, so the new entries fit the spare capacity: merged from the back.
    g_counter<> grown;
    for (std::uint64_t r : {1, 3, 5, 7, 9}) grown.increment(r, r);
    grown.merge(make({{0, 4}, {4, 4}, {5, 9}}));
    CHECK(grown == make({{0, 4}, {1, 1}, {3, 3}, {4, 4}, {5, 9}, {7, 7}, {9, 9}}));
}

TEST_CASE("g_counter: a small delta merged into a large counter") {
    g_counter<> big;
    g_counter<> reference;
    for (std::uint64_t r = 0; r < 100; ++r) {
        big.increment(2 * r + 2, r + 1);
        reference.increment(2 * r + 2, r + 1);
    }
    g_counter<> other;
    const g_counter<> fresh = other.increment(51, 7);         // new replica, between two others
    const g_counter<> raise = other.increment(10, 50);        // existing replica, higher count
    const g_counter<> stale = g_counter<>{}.increment(4, 1);  // existing replica, lower count
    big.merge(fresh);
    big.merge(raise);
    big.merge(stale);
    CHECK(big.get(51) == 7);
    CHECK(big.get(10) == 50);
    CHECK(big.get(4) == 2);
    CHECK(big.entries().size() == 101);
    CHECK(big.value() == reference.value() + 7 + (50 - 5));
    CHECK(g_counter<>::from_parts({big.entries().begin(), big.entries().end()}).has_value());
    CHECK(big == converge::join(reference, other));
}

TEST_CASE("g_counter: a merge whose replica copy throws leaves a value between old and join") {
    using converge_test::copy_failure;
    using converge_test::throwing_replica;
    using counter = g_counter<throwing_replica>;
    throwing_replica::copies_left = -1;
    const auto make = [](std::vector<counter::entry> e) {
        return counter::from_parts(std::move(e)).value();
    };
    std::vector<counter::entry> many;
    for (std::uint64_t r = 0; r < 40; ++r) many.push_back({2 * r + 2, r + 1});
    const std::vector<std::pair<counter, counter>> cases = {
        // interleaved new replicas and a raised shared one: the linear merge
        {make({{1, 1}, {3, 3}, {5, 5}, {7, 7}, {9, 9}}),
         make({{0, 4}, {2, 2}, {4, 4}, {5, 50}, {6, 6}, {8, 8}, {10, 1}})},
        // a shared prefix, then new replicas
        {make({{1, 1}, {2, 2}, {3, 3}}), make({{1, 5}, {2, 1}, {4, 4}, {6, 6}})},
        // a small delta into a large state: the binary-search path
        {make(many), make({{3, 1}, {40, 90}, {81, 5}})},
        // into the empty counter
        {counter{}, make({{1, 1}, {2, 2}})},
    };
    for (const auto& [old, other] : cases) {
        const counter joined = converge::join(old, other);
        std::size_t failures = 0;
        for (std::int64_t budget = 0;; ++budget) {
            counter c = old;
            throwing_replica::copies_left = budget;
            bool threw = false;
            try {
                c.merge(other);
            } catch (const copy_failure&) {
                threw = true;
                ++failures;
            }
            throwing_replica::copies_left = -1;
            INFO("copies before the failure: " << budget);
            // Sorted, no duplicate, no zero: the invariant from_parts checks.
            CHECK(counter::from_parts({c.entries().begin(), c.entries().end()}).has_value());
            CHECK(converge::lattice_leq(old, c));
            CHECK(converge::lattice_leq(c, joined));
            if (!threw) {
                CHECK(c == joined);
                break;
            }
        }
        CHECK(failures > 0);
    }
}

TEST_CASE("g_counter: std::string replica ids") {
    g_counter<std::string> a;
    g_counter<std::string> b;
    a.increment("bob", 2);
    b.merge(a.increment("alice", 1));
    b.increment("carol", 4);
    a.merge(b);
    CHECK(a.value() == 7);
    CHECK(a.get("alice") == 1);
    CHECK(a.entries().front().replica == "alice");
    CHECK(a.entries().back().replica == "carol");
}

TEST_CASE("g_counter: an increment that would overflow throws and changes nothing") {
    g_counter<std::uint64_t, std::uint8_t> c;
    c.increment(1, 250);
    const auto before = c;
    CHECK_THROWS_AS(c.increment(1, 6), std::overflow_error);
    CHECK(c == before);
    CHECK(c.increment(1, 5).get(1) == 255);
    CHECK_THROWS_AS(c.increment(1), std::overflow_error);
    CHECK(c.get(1) == 255);
}

TEST_CASE("g_counter: a value that does not fit throws, the counter stays usable") {
    g_counter<std::uint64_t, std::uint8_t> c;
    c.increment(1, 200);
    c.increment(2, 55);
    CHECK(c.value() == 255);
    c.increment(3, 1);
    CHECK_THROWS_AS((void)c.value(), std::overflow_error);
    CHECK(c.get(3) == 1);
}

TEST_CASE("g_counter: from_parts accepts canonical entries") {
    const auto r = g_counter<std::string>::from_parts({{"a", 1}, {"b", 2}});
    REQUIRE(r);
    CHECK(r->value() == 3);
    CHECK(g_counter<>::from_parts({}).value() == g_counter<>{});
}

TEST_CASE("g_counter: from_parts rejects unsorted, duplicate and zero entries") {
    const auto unsorted = g_counter<>::from_parts({{1, 1}, {3, 1}, {2, 1}});
    REQUIRE_FALSE(unsorted);
    CHECK(unsorted.error() == converge::errc::invalid_parts);
    CHECK(unsorted.message() ==
          "g_counter::from_parts: entry 2 is out of order: its replica sorts before entry 1's");

    const auto duplicate = g_counter<>::from_parts({{1, 1}, {1, 2}});
    REQUIRE_FALSE(duplicate);
    CHECK(duplicate.error() == converge::errc::invalid_parts);
    CHECK(duplicate.message() == "g_counter::from_parts: entry 1 repeats the replica of entry 0");

    const auto zero = g_counter<>::from_parts({{1, 1}, {2, 0}});
    REQUIRE_FALSE(zero);
    CHECK(zero.error() == converge::errc::invalid_parts);
    CHECK(zero.message() ==
          "g_counter::from_parts: entry 1 has count 0 (zero entries are omitted)");
}

TEST_CASE("g_counter: digest and delta_since send only the entries the asker lacks") {
    g_counter<> a;
    g_counter<> b;
    a.increment(1, 5);
    a.increment(2, 2);
    a.increment(4, 1);
    b.increment(1, 5);
    b.increment(2, 7);
    b.increment(3, 1);

    const g_counter<> delta = a.delta_since(b.digest());
    using entry = g_counter<>::entry;
    CHECK(entries_of(delta) == std::vector<entry>{{4, 1}});
    CHECK(converge::join(b, delta) == converge::join(a, b));

    CHECK(a.delta_since(a.digest()) == g_counter<>{});
    CHECK(a.delta_since({}) == a);
    CHECK(g_counter<>{}.delta_since(b.digest()) == g_counter<>{});
}
