// SPDX-License-Identifier: MIT
#include <converge/core/concepts.hpp>
#include <converge/crdt/or_set.hpp>

#include "test_support.hpp"

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

using converge::causal_context;
using converge::dot;
using converge::errc;
using converge::join;
using converge::or_set;

namespace {

template <class Set>
std::multiset<typename Set::value_type> elements_of(const Set& s) {
    return {s.begin(), s.end()};
}

// A user type without operator==, hashed and compared by its own functors.
struct point {
    int x = 0;
    int y = 0;
};
struct point_hash {
    std::size_t operator()(const point& p) const noexcept {
        return std::hash<int>{}(p.x) * 31u + std::hash<int>{}(p.y);
    }
};
struct point_eq {
    bool operator()(const point& a, const point& b) const noexcept {
        return a.x == b.x && a.y == b.y;
    }
};

// Counts every use of the element's hash and equality, and every comparison or hash of a
// replica id: a scan over a large set shows up as a large count.
std::uint64_t element_touches = 0;
std::uint64_t replica_touches = 0;

struct counting_hash {
    std::size_t operator()(std::uint64_t v) const noexcept {
        ++element_touches;
        return std::hash<std::uint64_t>{}(v);
    }
};
struct counting_eq {
    bool operator()(std::uint64_t a, std::uint64_t b) const noexcept {
        ++element_touches;
        return a == b;
    }
};
struct counted_id {
    std::uint64_t value = 0;
    friend bool operator==(const counted_id& a, const counted_id& b) noexcept {
        ++replica_touches;
        return a.value == b.value;
    }
    friend std::strong_ordering operator<=>(const counted_id& a, const counted_id& b) noexcept {
        ++replica_touches;
        return a.value <=> b.value;
    }
};

}  // namespace

template <>
struct std::hash<counted_id> {
    std::size_t operator()(const counted_id& r) const noexcept {
        ++replica_touches;
        return std::hash<std::uint64_t>{}(r.value);
    }
};

using set_t = or_set<std::uint64_t>;

TEST_CASE("or_set models delta_crdt and iterates like a forward range") {
    STATIC_REQUIRE(converge::delta_crdt<set_t>);
    STATIC_REQUIRE(converge::delta_crdt<or_set<std::string, std::string>>);
    STATIC_REQUIRE(converge::delta_crdt<or_set<point, std::uint64_t, point_hash, point_eq>>);
    STATIC_REQUIRE(std::forward_iterator<set_t::const_iterator>);
    STATIC_REQUIRE(std::is_same_v<set_t::digest_type, causal_context<>>);
}

TEST_CASE("add, contains, size, iteration") {
    set_t s;
    CHECK(s.empty());
    (void)s.add(1, 10);
    (void)s.add(1, 20);
    (void)s.add(2, 10);  // re-add: supersedes the older dot
    CHECK(s.size() == 2);
    CHECK(s.contains(10));
    CHECK_FALSE(s.contains(30));
    CHECK(elements_of(s) == std::multiset<std::uint64_t>{10, 20});
    std::size_t entries = 0;
    for (const auto [element, dots] : s.entries()) {
        ++entries;
        REQUIRE(dots.size() == 1);
        CHECK(dots[0] == (element == 10 ? dot<>{2, 1} : dot<>{1, 2}));
    }
    CHECK(entries == 2);
    CHECK(s.context().dot_count() == 3);
}

TEST_CASE("each mutator returns the delta described in the docs") {
    set_t s;
    const set_t a1 = s.add(1, 7);
    CHECK(elements_of(a1) == std::multiset<std::uint64_t>{7});
    CHECK(a1.context().dot_count() == 1);

    const set_t a2 = s.add(2, 7);  // context: the new dot and the superseded (1, 1)
    CHECK(a2.context().contains({1, 1}));
    CHECK(a2.context().contains({2, 1}));
    CHECK(a2.context().dot_count() == 2);
    REQUIRE(a2.entries().size() == 1);
    CHECK((*a2.entries().begin()).dots.size() == 1);

    const set_t r = s.remove(7);
    CHECK(r.empty());
    CHECK(r.context().dot_count() == 1);
    CHECK(r.context().contains({2, 1}));
    CHECK(s.context().dot_count() == 2);  // the state keeps what it has seen

    CHECK(s.remove(7) == set_t{});  // absent: the empty delta

    (void)s.add(1, 1);
    (void)s.add(1, 2);
    const set_t c = s.clear();
    CHECK(s.empty());
    CHECK(c.empty());
    CHECK(c.context().dot_count() == 2);
}

TEST_CASE("a concurrent add wins over a remove") {
    set_t a, b;
    b.merge(a.add(1, 5));
    const set_t removal = b.remove(5);
    const set_t re_add = a.add(1, 5);  // concurrent with the remove
    a.merge(removal);
    b.merge(re_add);
    CHECK(a.contains(5));
    CHECK(b.contains(5));
    CHECK(a == b);
}

TEST_CASE("a remove cancels only the adds it has seen") {
    set_t a, b;
    const set_t seen = a.add(1, 9);
    b.merge(seen);
    const set_t unseen = a.add(2, 9);  // b has not seen this add
    const set_t removal = b.remove(9);
    CHECK_FALSE(b.contains(9));
    b.merge(unseen);
    CHECK(b.contains(9));
    a.merge(removal);
    CHECK(a.contains(9));
    CHECK(a == b);
}

TEST_CASE("removal and clear propagate") {
    set_t a, b;
    b.merge(a.add(1, 1));
    b.merge(a.add(1, 2));
    b.merge(a.add(1, 3));
    b.merge(a.remove(2));
    CHECK(elements_of(b) == std::multiset<std::uint64_t>{1, 3});
    b.merge(a.clear());
    CHECK(b.empty());
    CHECK(a == b);
    CHECK(b.context().cloud_size() == 0);
}

TEST_CASE("re-delivered and out-of-order deltas give the same state") {
    set_t origin;
    std::vector<set_t> deltas;
    deltas.push_back(origin.add(1, 1));
    deltas.push_back(origin.add(1, 2));
    deltas.push_back(origin.remove(1));
    deltas.push_back(origin.add(1, 3));
    deltas.push_back(origin.add(1, 1));
    deltas.push_back(origin.remove(2));

    set_t reversed;
    for (auto it = deltas.rbegin(); it != deltas.rend(); ++it) reversed.merge(*it);
    CHECK(reversed == origin);

    set_t twice;
    for (const set_t& d : deltas) {
        twice.merge(d);
        twice.merge(d);
    }
    CHECK(twice == origin);

    // Out of order, the context has holes until the gaps fill.
    set_t partial;
    partial.merge(deltas[3]);
    partial.merge(deltas[5]);
    CHECK(partial.context().cloud_size() > 0);
    for (const set_t& d : deltas) partial.merge(d);
    CHECK(partial == origin);
    CHECK(partial.context().cloud_size() == 0);
}

TEST_CASE("equality ignores insertion order") {
    set_t a, b;
    const set_t d1 = a.add(1, 1);
    const set_t d2 = a.add(2, 2);
    b.merge(d2);
    CHECK(a != b);
    b.merge(d1);
    CHECK(a == b);
}

TEST_CASE("digest and delta_since bring a replica up to date, removes included") {
    set_t a, b;
    b.merge(a.add(1, 1));
    b.merge(a.add(1, 2));
    (void)a.add(1, 3);  // b has not seen this
    (void)a.remove(1);  // nor this remove
    (void)b.add(2, 4);  // a has not seen this
    const set_t delta = a.delta_since(b.digest());
    // Only the unseen element travels; (1, 2), stored on both sides, must not be removed.
    CHECK(elements_of(delta) == std::multiset<std::uint64_t>{3});
    CHECK_FALSE(delta.context().contains({1, 2}));
    CHECK(delta.context().contains({1, 1}));
    set_t synced = b;
    synced.merge(delta);
    CHECK(synced == join(a, b));
    CHECK(elements_of(synced) == std::multiset<std::uint64_t>{2, 3, 4});
    CHECK(a.delta_since(a.digest()).empty());
}

TEST_CASE("from_parts checks the invariants") {
    using entry = set_t::entry;
    causal_context<> ctx;
    ctx.insert_range(7, 1, 12);
    ctx.insert({8, 1});

    const auto ok = set_t::from_parts({entry{1, {{7, 3}, {8, 1}}}, entry{2, {{7, 12}}}}, ctx);
    REQUIRE(ok);
    CHECK(ok->size() == 2);
    CHECK(ok->contains(1));
    set_t copy = *ok;
    (void)copy.remove(1);
    CHECK(copy.context() == ctx);

    const auto reject = [&](std::vector<entry> parts, const std::string& needle) {
        const auto r = set_t::from_parts(std::move(parts), ctx);
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::invalid_parts);
        INFO(std::string(r.message()));
        CHECK(std::string(r.message()).find(needle) != std::string::npos);
    };
    reject({entry{1, {{7, 13}}}}, "or_set: dot (7, 13) not covered by causal context");
    reject({entry{1, {{9, 1}}}}, "or_set: dot (9, 1) not covered by causal context");
    reject({entry{1, {{7, 0}}}}, "or_set: dot (7, 0) not covered by causal context");
    reject({entry{1, {{7, 2}}}, entry{2, {{7, 2}}}}, "or_set: dot (7, 2) stored twice");
    reject({entry{1, {{7, 2}, {7, 2}}}}, "or_set: dot (7, 2) stored twice");
    reject({entry{1, {{7, 2}}}, entry{1, {{7, 3}}}}, "or_set: entry 1 repeats an earlier element");
    reject({entry{1, {}}}, "or_set: entry 0 has no dots");
}

TEST_CASE("a dot stored under different elements on two sides stays on neither") {
    // Two replicas given the one id 1 each added an element as dot (1, 1); as states
    // from_parts (and decode) accept them. Merge keeps a dot under an element only if both
    // sides store it there, or the other side has not seen it.
    using str_set = or_set<std::string>;
    using entry = str_set::entry;
    causal_context<> ctx;
    ctx.insert({1, 1});
    ctx.insert({3, 1});
    const auto a = str_set::from_parts({entry{"x", {{1, 1}, {3, 1}}}}, ctx);
    const auto b = str_set::from_parts({entry{"y", {{1, 1}}}, entry{"x", {{3, 1}}}}, ctx);
    REQUIRE(a);
    REQUIRE(b);

    const str_set ab = join(*a, *b);
    CHECK(ab == join(*b, *a));
    CHECK(ab.context() == ctx);
    REQUIRE(ab.size() == 1);  // (3, 1) is stored under "x" on both sides: it stays
    const auto only = *ab.entries().begin();
    CHECK(only.element == "x");
    CHECK(std::vector<dot<>>(only.dots.begin(), only.dots.end()) == std::vector<dot<>>{{3, 1}});

    // A third state that stores (1, 1) under "x", has an add of its own and has not seen
    // (3, 1).
    causal_context<> ctx3;
    ctx3.insert({1, 1});
    ctx3.insert({2, 1});
    const auto c = str_set::from_parts({entry{"x", {{1, 1}}}, entry{"z", {{2, 1}}}}, ctx3);
    REQUIRE(c);
    const str_set left = join(join(*a, *b), *c);
    CHECK(left == join(*a, join(*b, *c)));
    CHECK(left == join(join(*c, *a), *b));
    CHECK(left == join(*b, join(*c, *a)));
    CHECK(left.contains("x"));
    CHECK_FALSE(left.contains("y"));
    CHECK(left.contains("z"));

    // Redundancy removal stays exact: b's (1, 1) must reach a, under "y", so a drops its copy.
    for (const auto& [x, local] : {std::pair{*b, *a}, std::pair{*a, *b}, std::pair{*c, *b}}) {
        const str_set delta = x.inflation_over(local);
        CHECK(join(local, delta) == join(local, x));
        CHECK(join(x, delta) == x);
    }
}

TEST_CASE("a reused dot is dropped from a set with hash tables, from either side") {
    // 20 elements have hash tables; merging the small state into the big one walks the small
    // one's context, the other way round walks the big one's records.
    causal_context<> ctx;
    ctx.insert_range(2, 1, 20);
    ctx.insert({1, 1});
    std::vector<set_t::entry> parts;
    for (std::uint64_t i = 0; i < 20; ++i) parts.push_back({i, {{2, i + 1}}});
    parts.push_back({100, {{1, 1}}});
    causal_context<> small_ctx;
    small_ctx.insert({1, 1});
    const auto big = set_t::from_parts(std::move(parts), ctx);
    const auto small = set_t::from_parts({set_t::entry{200, {{1, 1}}}}, small_ctx);
    REQUIRE(big);
    REQUIRE(small);

    const set_t one = join(*big, *small);
    const set_t other = join(*small, *big);
    const bool same = one == other;
    CHECK(same);
    CHECK(one.size() == 20);
    CHECK_FALSE(one.contains(100));
    CHECK_FALSE(one.contains(200));
    const bool exact = join(*big, small->inflation_over(*big)) == one &&
                       join(*small, big->inflation_over(*small)) == one;
    CHECK(exact);
}

TEST_CASE("string elements and string replica ids") {
    using named = or_set<std::string, std::string>;
    named alice, bob;
    bob.merge(alice.add("alice", "milk"));
    bob.merge(alice.add("alice", "eggs"));
    alice.merge(bob.add("bob", "bread"));
    const named removal = bob.remove("milk");
    const named again = alice.add("alice", "milk");
    alice.merge(removal);
    bob.merge(again);
    CHECK(alice == bob);
    CHECK(elements_of(alice) == std::multiset<std::string>{"bread", "eggs", "milk"});
    CHECK(alice.context().next_dot("alice") == dot<std::string>{"alice", 4});

    const auto bad = named::from_parts({named::entry{"x", {{"carol", 2}}}}, alice.context());
    REQUIRE_FALSE(bad);
    CHECK(std::string(bad.message()) == "or_set: dot (\"carol\", 2) not covered by causal context");
}

TEST_CASE("a user type with its own hash and equality") {
    using points = or_set<point, std::uint64_t, point_hash, point_eq>;
    points a, b;
    b.merge(a.add(1, point{1, 2}));
    b.merge(a.add(1, point{3, 4}));
    (void)b.add(2, point{1, 2});
    b.merge(a.remove(point{1, 2}));  // b's own re-add survives
    a.merge(b);
    CHECK(a == b);
    CHECK(a.contains(point{1, 2}));
    CHECK(a.contains(point{3, 4}));
    CHECK(a.size() == 2);
    const auto rebuilt =
        points::from_parts({{point{5, 5}, {{1, 1}}}, {point{5, 5}, {{1, 2}}}}, a.context());
    REQUIRE_FALSE(rebuilt);
    CHECK(std::string(rebuilt.message()) == "or_set: entry 1 repeats an earlier element");
}

TEST_CASE("copies and moves keep the dot index consistent") {
    set_t s;
    for (std::uint64_t i = 0; i < 100; ++i) (void)s.add(i % 3, i);
    set_t copy = s;
    set_t moved = std::move(copy);
    set_t assigned;
    assigned = moved;
    (void)s.remove(5);
    (void)moved.remove(5);
    (void)assigned.remove(5);
    CHECK(s == moved);
    CHECK(s == assigned);
    set_t other;
    other.merge(s);
    (void)other.add(0, 6);
    s.merge(other);
    assigned.merge(other);
    CHECK(s == assigned);
}

TEST_CASE("add, remove and applying a small delta do not scan a 100k-element set") {
    using big_t = or_set<std::uint64_t, counted_id, counting_hash, counting_eq>;
    constexpr std::uint64_t n = 100'000;
    big_t big;
    for (std::uint64_t i = 0; i < n; ++i) (void)big.add(counted_id{i % 2}, i);
    big_t replica = big;  // another replica holding the same 100k elements
    REQUIRE(replica.size() == n);

    // A bound far below n: a handful of hash and comparison calls per operation.
    constexpr std::uint64_t small = 64;
    const auto touches = [] { return element_touches + replica_touches; };

    element_touches = replica_touches = 0;
    const big_t added = big.add(counted_id{1}, n + 1);
    CHECK(touches() < small);

    element_touches = replica_touches = 0;
    const big_t readded = big.add(counted_id{0}, 17);  // supersedes an old dot
    CHECK(touches() < small);

    element_touches = replica_touches = 0;
    const big_t removed = big.remove(42);
    CHECK(touches() < small);

    for (const big_t* delta : {&added, &readded, &removed}) {
        element_touches = replica_touches = 0;
        replica.merge(*delta);
        INFO("element touches " << element_touches << ", replica id touches " << replica_touches);
        CHECK(touches() < small);
    }
    CHECK(replica.contains(n + 1));
    CHECK_FALSE(replica.contains(42));
    CHECK(replica.contains(17));
    const bool same = replica == big;  // not CHECK(a == b): Catch2 would print 100k elements
    CHECK(same);

    // A delta from a third replica, whose context the big set has not seen yet.
    big_t third;
    const big_t foreign = third.add(counted_id{9}, 5);
    element_touches = replica_touches = 0;
    replica.merge(foreign);
    CHECK(touches() < small);
    CHECK(replica.size() == n);
}
