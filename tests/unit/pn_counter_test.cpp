// SPDX-License-Identifier: MIT
#include <converge/crdt/pn_counter.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

using converge::pn_counter;

static_assert(converge::crdt<pn_counter<>>);
static_assert(converge::delta_crdt<pn_counter<>>);
static_assert(converge::delta_crdt<pn_counter<std::string, std::uint16_t>>);
static_assert(std::is_same_v<pn_counter<>::value_type, std::int64_t>);
static_assert(std::is_same_v<pn_counter<std::uint64_t, std::uint8_t>::value_type, std::int8_t>);

TEST_CASE("pn_counter: increments and decrements, value is their difference") {
    pn_counter<> c;
    CHECK(c.value() == 0);
    c.increment(1, 5);
    c.decrement(2, 7);
    c.decrement(1);
    CHECK(c.value() == -3);
    CHECK(c.increments().value() == 5);
    CHECK(c.decrements().value() == 8);
    CHECK(c.decrements().get(1) == 1);
}

TEST_CASE("pn_counter: each mutator's delta holds only its own entry") {
    pn_counter<> c;
    c.increment(1, 2);
    const pn_counter<> before = c;
    const pn_counter<> up = c.increment(1, 3);
    CHECK(up.increments().get(1) == 5);
    CHECK(up.decrements().entries().empty());
    CHECK(up.value() == 5);
    const pn_counter<> mid = c;
    const pn_counter<> down = c.decrement(2, 4);
    CHECK(down.increments().entries().empty());
    CHECK(down.decrements().get(2) == 4);
    CHECK(down.value() == -4);
    CHECK(converge::join(before, up) == mid);
    CHECK(converge::join(mid, down) == c);
}

TEST_CASE("pn_counter: merge joins both halves") {
    pn_counter<std::string> a;
    pn_counter<std::string> b;
    a.increment("alice", 10);
    b.merge(a);
    a.decrement("alice", 3);
    b.decrement("bob", 4);
    a.merge(b);
    b.merge(a);
    CHECK(a == b);
    CHECK(a.value() == 3);
}

TEST_CASE("pn_counter: the whole signed range, and values outside it throw") {
    using small = pn_counter<std::uint64_t, std::uint8_t>;
    small c;
    c.increment(1, 127);
    CHECK(c.value() == 127);
    c.increment(2, 1);
    CHECK_THROWS_AS((void)c.value(), std::overflow_error);

    small d;
    d.decrement(1, 128);
    CHECK(d.value() == std::numeric_limits<std::int8_t>::min());
    d.decrement(2, 1);
    CHECK_THROWS_AS((void)d.value(), std::overflow_error);
    d.increment(3, 255);
    CHECK(d.value() == 126);
}

TEST_CASE("pn_counter: an overflowing increment or decrement throws and changes nothing") {
    pn_counter<std::uint64_t, std::uint8_t> c;
    c.increment(1, 255);
    c.decrement(1, 200);
    const auto before = c;
    CHECK_THROWS_AS(c.increment(1), std::overflow_error);
    CHECK(c == before);
    CHECK_THROWS_AS(c.decrement(1, 56), std::overflow_error);
    CHECK(c == before);
    CHECK(c.value() == 55);
}

TEST_CASE("pn_counter: from_parts rebuilds and rejects broken halves by name") {
    using entry = pn_counter<>::entry;
    const auto ok = pn_counter<>::from_parts({{1, 4}}, {{1, 1}, {2, 1}});
    REQUIRE(ok);
    CHECK(ok->value() == 2);

    const auto bad_up = pn_counter<>::from_parts({{2, 1}, {1, 1}}, {});
    REQUIRE_FALSE(bad_up);
    CHECK(bad_up.error() == converge::errc::invalid_parts);
    CHECK(bad_up.message() ==
          "pn_counter::from_parts: increments: entry 1 is out of order: its "
          "replica sorts before entry 0's");

    const auto bad_down = pn_counter<>::from_parts({}, std::vector<entry>{{1, 0}});
    REQUIRE_FALSE(bad_down);
    CHECK(bad_down.error() == converge::errc::invalid_parts);
    CHECK(bad_down.message() ==
          "pn_counter::from_parts: decrements: entry 0 has count 0 (zero entries are omitted)");

    const auto dup = pn_counter<>::from_parts({}, {{3, 1}, {3, 1}});
    REQUIRE_FALSE(dup);
    CHECK(dup.message() ==
          "pn_counter::from_parts: decrements: entry 1 repeats the replica of entry 0");
}

TEST_CASE("pn_counter: digest and delta_since") {
    pn_counter<> a;
    pn_counter<> b;
    a.increment(1, 3);
    a.decrement(2, 1);
    b.merge(a);
    a.decrement(1, 2);
    b.increment(3, 1);
    const pn_counter<> delta = a.delta_since(b.digest());
    CHECK(delta.increments().entries().empty());
    CHECK(delta.decrements().get(1) == 2);
    CHECK(delta.decrements().get(2) == 0);
    CHECK(converge::join(b, delta) == converge::join(a, b));
    CHECK(a.delta_since(a.digest()) == pn_counter<>{});
}

TEST_CASE("pn_counter: add takes a signed amount") {
    pn_counter<> c;
    const pn_counter<> up = c.add(1, 5);
    CHECK(up.increments().get(1) == 5);
    CHECK(up.decrements().entries().empty());
    const pn_counter<> down = c.add(1, -7);
    CHECK(down.decrements().get(1) == 7);
    CHECK(down.increments().entries().empty());
    CHECK(c.value() == -2);
    CHECK(c.add(2, 0) == pn_counter<>{});  // zero stores nothing
    CHECK(c.value() == -2);
}

TEST_CASE("pn_counter: add handles the most negative amount") {
    constexpr auto min = std::numeric_limits<std::int64_t>::min();
    pn_counter<> c;
    const pn_counter<> delta = c.add(1, min);
    CHECK(delta.decrements().get(1) == std::uint64_t{1} << 63);
    CHECK(c.value() == min);

    pn_counter<int, std::uint8_t> small;
    small.add(1, std::int8_t{-128});
    CHECK(small.value() == -128);
    small.add(1, std::int8_t{127});
    CHECK(small.value() == -1);
}

TEST_CASE("pn_counter: add overflows like increment and decrement, counter unchanged") {
    pn_counter<int, std::uint8_t> c;
    c.add(1, std::int8_t{-128});
    c.add(1, std::int8_t{-127});
    const auto before = c;
    CHECK_THROWS_AS(c.add(1, std::int8_t{-1}), std::overflow_error);  // 255 decrements
    CHECK(c == before);
    c.add(1, std::int8_t{127});
    c.add(1, std::int8_t{127});
    CHECK_THROWS_AS(c.add(1, std::int8_t{2}), std::overflow_error);
    CHECK(c.increments().get(1) == 254);
}
