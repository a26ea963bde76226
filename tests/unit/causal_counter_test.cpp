// SPDX-License-Identifier: MIT
// causal_counter: updates, resets and key removes under concurrency, overflow, parts and the
// wire form (a replica holding two dots is refused with its offset).
#include <converge/converge.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using converge::causal_context;
using converge::causal_counter;
using converge::dot;
using converge::errc;
using converge::join;
using converge::or_map;

namespace {
using counter = causal_counter<>;
using tally = or_map<std::string, counter>;

static_assert(converge::delta_crdt<counter> && converge::sync::syncable<counter> &&
              converge::causal_type<counter> && converge::wire_type<counter>);
static_assert(converge::delta_crdt<tally> && converge::sync::syncable<tally>);
static_assert(converge::sync::syncable<causal_counter<std::string>>);

tally count(tally& t, std::uint64_t replica, const std::string& key, std::int64_t n) {
    return t.update(key, [&](counter& c) { return c.add(replica, n); });
}

std::int64_t value_at(const tally& t, const std::string& key) {
    const auto c = t.get(key);
    return c ? c->value() : 0;
}

std::vector<std::byte> bytes_of(std::initializer_list<int> values) {
    std::vector<std::byte> out;
    for (int v : values) out.push_back(static_cast<std::byte>(v));
    return out;
}
}  // namespace

TEST_CASE("causal_counter: updates sum per replica, each replica keeps one dot") {
    counter a, b;
    CHECK(a.value() == 0);
    CHECK(a.empty());
    b.merge(a.increment(1, 5));
    b.merge(a.decrement(1, 2));
    b.merge(b.add(2, -4));
    a.merge(b);
    CHECK(a == b);
    CHECK(a.value() == -1);
    CHECK(a.contribution(1) == 3);
    CHECK(a.contribution(2) == -4);
    CHECK(a.contribution(3) == 0);
    REQUIRE(a.entries().size() == 2);
    CHECK(a.entries()[0].dot == dot<>{1, 2});
    CHECK(a.entries()[0].value == 3);
}

TEST_CASE("causal_counter: an increment's delta replaces the replica's old dot") {
    counter a;
    const auto first = a.increment(1, 5);
    const auto second = a.increment(1, 2);
    REQUIRE(second.entries().size() == 1);
    CHECK(second.entries()[0].dot == dot<>{1, 2});
    CHECK(second.entries()[0].value == 7);  // the total, not the increment
    CHECK(second.context().contains({1, 1}));
    CHECK(second.context().contains({1, 2}));
    CHECK(second.context().dot_count() == 2);

    // Delivered in either order, the deltas leave one dot holding the total.
    counter in_order, reversed;
    in_order.merge(first).merge(second);
    reversed.merge(second).merge(first);
    CHECK(in_order == a);
    CHECK(reversed == a);
    CHECK(a.entries().size() == 1);
    CHECK(a.value() == 7);
}

TEST_CASE("causal_counter: a reset concurrent with an increment keeps the whole total") {
    counter a, b;
    b.merge(a.increment(1, 5));
    b.merge(b.increment(2, 10));
    const auto reset = b.reset();         // has seen 5 from 1 and 10 from 2
    const auto more = a.increment(1, 2);  // concurrent: 1's total is now 7
    a.merge(reset);
    b.merge(more);
    CHECK(a == b);
    CHECK(a.value() == 7);  // replica 1's whole contribution, 2's is gone
    CHECK(a.contribution(2) == 0);

    // Delivered the other way round, and by full state, the same.
    counter x, y;
    y.merge(x.increment(1, 5));
    y.merge(y.increment(2, 10));
    counter y2 = y;
    (void)y2.reset();
    (void)x.increment(1, 2);
    CHECK(join(x, y2) == a);
}

TEST_CASE("causal_counter: after a reset it has seen, a replica counts from zero") {
    counter a, b;
    b.merge(a.increment(1, 5));
    a.merge(b.reset());
    CHECK(a.value() == 0);
    b.merge(a.increment(1, 1));
    CHECK(a.value() == 1);
    CHECK(b.value() == 1);
    CHECK(a.clear().context().contains({1, 2}));
    CHECK(a.value() == 0);
}

TEST_CASE("causal_counter: overflow throws and leaves the counter unchanged") {
    constexpr auto top = std::numeric_limits<std::int64_t>::max();
    constexpr auto bottom = std::numeric_limits<std::int64_t>::min();
    counter c;
    (void)c.add(1, top);
    const counter before = c;
    CHECK_THROWS_AS(c.increment(1), std::overflow_error);
    CHECK(c == before);
    CHECK(c.value() == top);

    counter low;
    (void)low.add(1, bottom);  // the most negative total fits
    CHECK(low.value() == bottom);
    CHECK_THROWS_AS(low.decrement(1), std::overflow_error);
    (void)low.increment(1, std::numeric_limits<std::uint64_t>::max());  // back to top
    CHECK(low.value() == top);

    // Two replicas whose totals fit but whose sum does not: value() throws.
    (void)c.increment(2, 1);
    CHECK_THROWS_AS(c.value(), std::overflow_error);
    (void)c.decrement(3, 1);
    CHECK(c.value() == top);

    // A counter whose replica has used every dot counter.
    causal_context<> full;
    full.insert({1, std::numeric_limits<std::uint64_t>::max()});
    auto spent = counter::from_parts({}, full);
    REQUIRE(spent.has_value());
    CHECK_THROWS_AS(spent->increment(1), std::overflow_error);
    CHECK(spent->value() == 0);
}

TEST_CASE("causal_counter: from_parts checks that the context covers the store") {
    causal_context<> ctx;
    ctx.insert({1, 1});
    auto one = counter::store_type::from_entries({{{1, 3}, 4}});
    REQUIRE(one.has_value());
    const auto bad = counter::from_parts(*one, ctx);
    CHECK(bad.error() == errc::invalid_parts);
    ctx.insert({1, 3});
    const auto ok = counter::from_parts(*one, ctx);
    REQUIRE(ok.has_value());
    CHECK(ok->value() == 4);
}

TEST_CASE("causal_counter: a state in transit holds two dots of one replica") {
    counter j, k, m;
    const auto first = j.increment(1, 5);   // (1, 1) -> 5
    const auto reset = j.reset();           // j resets its own contribution
    const auto second = j.increment(1, 2);  // (1, 2) -> 2; its delta cannot name (1, 1)
    k.merge(second);
    m.merge(first);
    k.merge(m);  // neither has seen the other's dot, and the reset has not arrived
    REQUIRE(k.entries().size() == 2);
    CHECK(k.value() == 2);  // the highest dot is replica 1's current total
    CHECK(k.contribution(1) == 2);

    // A legitimate state: it goes through from_parts and the codec.
    CHECK(counter::from_parts(k.state().store(), k.context()).has_value());
    const auto back = converge::decode<counter>(converge::encode(k));
    REQUIRE(back.has_value());
    CHECK(*back == k);

    k.merge(reset);
    CHECK(k.entries().size() == 1);
    CHECK(k == join(j, k));
    CHECK(k.value() == j.value());
}

TEST_CASE("causal_counter: an update replaces every dot its replica holds") {
    // Two dots of the acting replica: only replicas sharing an id produce that.
    causal_context<> ctx;
    ctx.insert_range(1, 1, 2);
    auto two = counter::store_type::from_entries({{{1, 1}, 4}, {{1, 2}, 6}});
    REQUIRE(two.has_value());
    auto c = counter::from_parts(*two, ctx);
    REQUIRE(c.has_value());
    CHECK(c->value() == 6);
    const counter before = *c;
    const auto delta = c->increment(1, 1);
    CHECK(c->value() == 7);
    CHECK(c->entries().size() == 1);
    CHECK(delta.context().contains({1, 1}));
    CHECK(delta.context().contains({1, 2}));
    CHECK(join(before, delta) == *c);
}

TEST_CASE("causal_counter in an or_map: a key remove concurrent with an increment") {
    tally a, b;
    b.merge(count(a, 1, "likes", 5));
    b.merge(count(b, 2, "likes", 3));
    a.merge(b);
    const auto removed = b.remove("likes");            // saw 5 from 1 and 3 from 2
    const auto incremented = count(a, 1, "likes", 1);  // concurrent
    a.merge(removed);
    b.merge(incremented);
    CHECK(a == b);
    REQUIRE(a.contains("likes"));
    CHECK(value_at(a, "likes") == 6);  // replica 1's whole total survives, 2's is dropped
    CHECK(a.get("likes")->contribution(2) == 0);

    // A remove that has seen the increment takes the key away everywhere.
    a.merge(b.remove("likes"));
    CHECK_FALSE(a.contains("likes"));
    b.merge(count(b, 2, "likes", 1));
    CHECK(value_at(b, "likes") == 1);
}

TEST_CASE("causal_counter in an or_map: a reset to zero keeps the key only while it holds a dot") {
    tally t;
    (void)count(t, 1, "n", 4);
    (void)t.update("n", [](counter& c) { return c.reset(); });
    CHECK_FALSE(t.contains("n"));  // an empty counter takes its key away
    (void)count(t, 1, "n", 0);
    CHECK(t.contains("n"));  // a zero contribution is still a dot
    CHECK(value_at(t, "n") == 0);
}

TEST_CASE("causal_counter codec: round trip, and hostile bytes are errors with offsets") {
    counter c;
    (void)c.increment(1, 5);
    (void)c.decrement(2, 3);
    const auto bytes = converge::encode(c);
    const auto back = converge::decode<counter>(bytes);
    REQUIRE(back.has_value());
    CHECK(*back == c);
    for (std::size_t n = 0; n < bytes.size(); ++n)
        CHECK_FALSE(
            converge::decode<counter>(std::span<const std::byte>(bytes.data(), n)).has_value());

    // Replica 1 seen 1..2, two entries: (1, 1) -> 4 and (1, 2) -> 6 (a state in transit).
    const auto two = bytes_of(
        {0x63, 0x76, 0x01, 0x16, 0x01, 0x01, 0x02, 0x00, 0x02, 0x00, 0x01, 0x08, 0x00, 0x02, 0x0c});
    const auto r = converge::decode<counter>(two);
    REQUIRE(r.has_value());
    CHECK(r->value() == 6);
    auto unsorted = two;  // the dots the other way round
    unsorted[10] = std::byte{0x02};
    unsorted[13] = std::byte{0x01};
    CHECK(converge::decode<counter>(unsorted).error() == errc::non_canonical);
    CHECK(converge::decode<counter>(unsorted).byte_offset() == 12u);

    // An uncovered dot and a bad total.
    const auto uncovered =
        bytes_of({0x63, 0x76, 0x01, 0x16, 0x01, 0x01, 0x01, 0x00, 0x01, 0x00, 0x02, 0x08});
    const auto u = converge::decode<counter>(uncovered);
    CHECK(u.error() == errc::invalid_value);
    CHECK(u.byte_offset() == 9u);
    const auto overlong =
        bytes_of({0x63, 0x76, 0x01, 0x16, 0x01, 0x01, 0x01, 0x00, 0x01, 0x00, 0x01,
                  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01});
    CHECK_FALSE(converge::decode<counter>(overlong).has_value());
}
