// SPDX-License-Identifier: MIT
#include <converge/core/causal_context.hpp>
#include <converge/core/dot.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

using converge::causal_context;
using converge::counter_interval;
using converge::dot;
using converge::errc;

namespace {
using ctx_t = causal_context<>;
using entry = ctx_t::entry;
using cloud_t = ctx_t::cloud_type;

std::string message_of(const converge::result<ctx_t>& r) {
    return std::string(r.message());
}
}  // namespace

TEST_CASE("dots order by replica then counter and hash for unordered containers") {
    STATIC_REQUIRE(std::is_aggregate_v<dot<>>);
    CHECK(dot<>{1, 5} < dot<>{2, 1});
    CHECK(dot<>{1, 2} < dot<>{1, 3});
    CHECK(dot<>{1, 2} == dot<>{1, 2});
    std::unordered_set<dot<>> set{{1, 1}, {1, 2}, {2, 1}, {1, 1}};
    CHECK(set.size() == 3);
    std::unordered_set<dot<std::string>, converge::dot_hash<std::string>> named{{"a", 1}, {"b", 1}};
    CHECK(named.contains({"a", 1}));
    CHECK_FALSE(named.contains({"a", 2}));
}

TEST_CASE("contiguous dots keep one number per replica and an empty cloud") {
    ctx_t ctx;
    CHECK(ctx.empty());
    for (std::uint64_t c = 1; c <= 1000; ++c) {
        CHECK(ctx.next_dot(7) == dot<>{7, c});
        ctx.insert(ctx.next_dot(7));
        ctx.insert(dot<>{3, c});
    }
    CHECK(ctx.cloud_size() == 0);
    CHECK(ctx.dot_count() == 2000);
    REQUIRE(ctx.replicas().size() == 2);
    CHECK(ctx.replicas()[0].replica == 3);  // sorted by id
    CHECK(ctx.replicas()[0].contiguous == 1000);
    CHECK(ctx.replicas()[1].replica == 7);
    CHECK(ctx.contains({7, 1000}));
    CHECK_FALSE(ctx.contains({7, 1001}));
    CHECK_FALSE(ctx.contains({7, 0}));
    CHECK_FALSE(ctx.contains({8, 1}));
}

TEST_CASE("holes stay as intervals and fill into the prefix") {
    ctx_t ctx;
    ctx.insert({1, 3});
    ctx.insert({1, 4});
    ctx.insert({1, 8});
    REQUIRE(ctx.replicas().size() == 1);
    CHECK(ctx.replicas()[0].contiguous == 0);
    CHECK(ctx.replicas()[0].cloud == cloud_t{{3, 4}, {8, 8}});
    CHECK(ctx.cloud_size() == 2);
    CHECK(ctx.next_dot(1) == dot<>{1, 9});
    CHECK(ctx.contains({1, 4}));
    CHECK_FALSE(ctx.contains({1, 5}));

    ctx.insert_range(1, 6, 7);  // adjacent to [8, 8]: joins it
    CHECK(ctx.replicas()[0].cloud == cloud_t{{3, 4}, {6, 8}});
    ctx.insert({1, 5});  // bridges two intervals
    CHECK(ctx.replicas()[0].cloud == cloud_t{{3, 8}});
    ctx.insert_range(1, 1, 2);  // touches the cloud: all absorbed into the prefix
    CHECK(ctx.replicas()[0].contiguous == 8);
    CHECK(ctx.cloud_size() == 0);
    CHECK(ctx.dot_count() == 8);
}

TEST_CASE("equal sets of dots compare equal whatever the insertion order") {
    ctx_t a, b;
    for (std::uint64_t c : {5, 1, 3, 2, 9}) a.insert({4, c});
    b.insert_range(4, 1, 3);
    b.insert({4, 9});
    b.insert({4, 5});
    CHECK(a == b);
    b.insert({4, 4});
    CHECK(a != b);
}

TEST_CASE("merge is set union and absorbs what becomes contiguous") {
    ctx_t a, b;
    a.insert_range(1, 1, 3);
    a.insert({1, 7});
    a.insert({2, 2});
    b.insert_range(1, 4, 5);
    for (std::uint64_t c = 10; c <= 30; c += 2) b.insert({1, c});  // many intervals: linear path
    b.insert({2, 1});
    b.insert({3, 1});
    ctx_t ab = a;
    ab.merge(b);
    ctx_t ba = b;
    ba.merge(a);
    CHECK(ab == ba);
    CHECK(ab.replicas()[0].contiguous == 5);
    CHECK(ab.replicas()[0].cloud.front() == counter_interval{7, 7});
    CHECK(ab.replicas()[1].contiguous == 2);
    CHECK(ab.replicas()[1].cloud.empty());
    CHECK(ab.replicas()[2].replica == 3);
    ctx_t self = ab;
    self.merge(self);
    CHECK(self == ab);
}

TEST_CASE("erase leaves holes and keeps the representation canonical") {
    ctx_t ctx;
    ctx.insert_range(1, 1, 10);
    ctx.insert({2, 1});
    const std::vector<dot<>> gone{{1, 1}, {1, 5}, {1, 6}, {1, 10}, {2, 1}, {3, 4}, {1, 99}};
    ctx.erase(gone);
    REQUIRE(ctx.replicas().size() == 1);  // replica 2 has nothing left
    CHECK(ctx.replicas()[0].contiguous == 0);
    CHECK(ctx.replicas()[0].cloud == cloud_t{{2, 4}, {7, 9}});
    ctx.erase(dot<>{1, 2});
    CHECK(ctx.replicas()[0].cloud == cloud_t{{3, 4}, {7, 9}});
    ctx.insert({1, 1});
    ctx.insert({1, 2});
    CHECK(ctx.replicas()[0].contiguous == 4);
    CHECK(ctx.replicas()[0].cloud == cloud_t{{7, 9}});
    auto round_trip = ctx_t::from_parts({ctx.replicas().begin(), ctx.replicas().end()});
    REQUIRE(round_trip);
    CHECK(*round_trip == ctx);
}

TEST_CASE("difference keeps the dots the other context lacks, canonically") {
    ctx_t a, b;
    a.insert_range(1, 1, 10);
    a.insert_range(1, 20, 25);
    a.insert({2, 3});
    a.insert_range(4, 1, 2);
    b.insert_range(1, 1, 3);  // cuts a's prefix: what is left is a cloud
    b.insert({1, 6});
    b.insert_range(1, 22, 30);
    b.insert({2, 3});  // replica 2 has nothing left
    b.insert({5, 1});  // only in b: ignored
    const ctx_t d = a.difference(b);
    REQUIRE(d.replicas().size() == 2);
    CHECK(d.replicas()[0].replica == 1);
    CHECK(d.replicas()[0].contiguous == 0);
    CHECK(d.replicas()[0].cloud == cloud_t{{4, 5}, {7, 10}, {20, 21}});
    CHECK(d.replicas()[1] == entry{4, 2, {}});  // a replica b does not know stays whole
    CHECK(d.dot_count() == 10);
    CHECK(a.difference(a).empty());
    CHECK(a.difference(ctx_t{}) == a);
    CHECK(ctx_t{}.difference(a).empty());
    // A prefix that survives stays a prefix.
    ctx_t c;
    c.insert_range(1, 5, 7);
    const ctx_t e = a.difference(c);
    CHECK(e.replicas()[0].contiguous == 4);
    CHECK(e.replicas()[0].cloud == cloud_t{{8, 10}, {20, 25}});
    CHECK(ctx_t::from_parts({e.replicas().begin(), e.replicas().end()}).has_value());
}

TEST_CASE("intersection keeps the dots both contexts hold, canonically") {
    ctx_t a, b;
    a.insert_range(1, 1, 10);
    a.insert_range(1, 20, 25);
    a.insert({2, 3});
    a.insert({3, 1});
    b.insert_range(1, 1, 3);
    b.insert_range(1, 5, 21);
    b.insert({2, 4});  // disjoint from a's replica 2: no entry
    b.insert({3, 1});
    const ctx_t i = a.intersection(b);
    REQUIRE(i.replicas().size() == 2);
    CHECK(i.replicas()[0].contiguous == 3);
    CHECK(i.replicas()[0].cloud == cloud_t{{5, 10}, {20, 21}});
    CHECK(i.replicas()[1] == entry{3, 1, {}});
    CHECK(i == b.intersection(a));
    CHECK(i.dot_count() == a.dot_count() - a.difference(b).dot_count());
    CHECK(a.intersection(a) == a);
    CHECK(a.intersection(ctx_t{}).empty());
    CHECK(ctx_t::from_parts({i.replicas().begin(), i.replicas().end()}).has_value());
}

TEST_CASE("broken preconditions and overflow throw") {
    ctx_t ctx;
    CHECK_THROWS_AS(ctx.insert({1, 0}), std::invalid_argument);
    CHECK_THROWS_AS(ctx.insert_range(1, 5, 4), std::invalid_argument);
    constexpr auto top = std::numeric_limits<std::uint64_t>::max();
    ctx.insert({1, top});
    CHECK(ctx.contains({1, top}));
    CHECK_THROWS_AS((void)ctx.next_dot(1), std::overflow_error);
    ctx.insert_range(1, 1, top);
    CHECK(ctx.replicas()[0].contiguous == top);
    CHECK(ctx.cloud_size() == 0);
    CHECK(ctx.dot_count() == top);
    ctx.insert({2, 1});
    CHECK(ctx.dot_count() == top);  // saturates
    ctx.erase(dot<>{1, top});
    CHECK(ctx.next_dot(1) == dot<>{1, top});
}

TEST_CASE("from_parts accepts canonical parts and rejects the rest with a message") {
    const auto ok = ctx_t::from_parts({entry{1, 3, {{5, 6}, {9, 9}}}, entry{2, 0, {{4, 4}}}});
    REQUIRE(ok);
    CHECK(ok->contains({1, 2}));
    CHECK(ok->contains({1, 6}));
    CHECK_FALSE(ok->contains({1, 7}));
    CHECK(ok->contains({2, 4}));
    CHECK(ok->cloud_size() == 3);

    const auto reject = [](std::vector<entry> parts, const std::string& needle) {
        const auto r = ctx_t::from_parts(std::move(parts));
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::invalid_parts);
        INFO(message_of(r));
        CHECK(message_of(r).find(needle) != std::string::npos);
    };
    reject({entry{2, 1, {}}, entry{1, 1, {}}}, "replica 1 (entry 1): replicas are not sorted");
    reject({entry{1, 1, {}}, entry{1, 2, {}}}, "replica 1 (entry 1): duplicate replica");
    reject({entry{4, 0, {}}}, "replica 4 (entry 0): nothing seen");
    reject({entry{1, 0, {{0, 3}}}}, "interval [0, 3] has counter 0");
    reject({entry{1, 0, {{5, 3}}}}, "interval [5, 3] is empty");
    reject({entry{1, 3, {{4, 6}}}},
           "interval [4, 6] touches or lies inside the contiguous prefix 1..3");
    reject({entry{1, 5, {{2, 3}}}}, "interval [2, 3] touches or lies inside");
    reject({entry{1, 0, {{5, 6}, {2, 3}}}}, "interval [2, 3] overlaps or precedes [5, 6]");
    reject({entry{1, 0, {{2, 6}, {5, 8}}}}, "interval [5, 8] overlaps or precedes [2, 6]");
    reject({entry{1, 0, {{2, 4}, {5, 8}}}}, "interval [5, 8] is adjacent to [2, 4]");

    const auto named =
        causal_context<std::string>::from_parts({{"alice", 1, {}}, {"alice", 2, {}}});
    REQUIRE_FALSE(named);
    CHECK(std::string(named.message()).find("replica \"alice\" (entry 1): duplicate") !=
          std::string::npos);
}

TEST_CASE("string replica ids") {
    causal_context<std::string> ctx;
    ctx.insert(ctx.next_dot("bob"));
    ctx.insert(ctx.next_dot("alice"));
    ctx.insert(ctx.next_dot("alice"));
    CHECK(ctx.next_dot("alice") == dot<std::string>{"alice", 3});
    REQUIRE(ctx.replicas().size() == 2);
    CHECK(ctx.replicas()[0].replica == "alice");
    CHECK(ctx.contains({"bob", 1}));
    CHECK_FALSE(ctx.contains({"carol", 1}));
}
