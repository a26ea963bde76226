// SPDX-License-Identifier: MIT
#include <converge/converge.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <string>
#include <vector>

using converge::decode;
using converge::encode;
using converge::errc;

namespace {

template <class T>
void check_round_trip(const T& value) {
    const auto bytes = encode(value);
    const auto back = decode<T>(bytes);
    INFO(back.message());
    REQUIRE(back.has_value());
    CHECK(*back == value);
    CHECK(encode(*back) == bytes);
    // Every proper prefix is an error, never a crash or a value.
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        const auto cut = decode<T>(std::span<const std::byte>(bytes.data(), n));
        CHECK_FALSE(cut.has_value());
    }
}

std::vector<std::byte> bytes_of(std::initializer_list<int> values) {
    std::vector<std::byte> out;
    for (int v : values) out.push_back(static_cast<std::byte>(v));
    return out;
}

}  // namespace

TEST_CASE("counters round-trip") {
    converge::g_counter<> g;
    check_round_trip(g);
    (void)g.increment(7, 3);
    (void)g.increment(2, 300);
    check_round_trip(g);
    check_round_trip(g.digest());

    converge::pn_counter<std::string> pn;
    (void)pn.increment("a", 5);
    (void)pn.decrement("b", 2);
    check_round_trip(pn);
    check_round_trip(pn.digest());
}

TEST_CASE("registers round-trip") {
    converge::lww_register<std::string> reg;
    check_round_trip(reg);
    check_round_trip(reg.digest());
    (void)reg.assign(4, "draft", converge::hlc_timestamp(1'700'000'000'000, 2));
    check_round_trip(reg);
    check_round_trip(reg.digest());
    check_round_trip(converge::hlc_timestamp(123, 4));
}

TEST_CASE("causal contexts and OR-sets round-trip") {
    converge::or_set<std::string, std::string> set;
    check_round_trip(set);
    (void)set.add("alice", "milk");
    (void)set.add("bob", "eggs");
    (void)set.add("alice", "bread");
    (void)set.remove("milk");
    check_round_trip(set);
    check_round_trip(set.context());

    converge::causal_context<> holes;
    holes.insert({1, 1});
    holes.insert({1, 5});
    holes.insert_range(1, 9, 12);
    holes.insert({3, 2});
    check_round_trip(holes);
}

TEST_CASE("equal OR-sets encode to equal bytes whatever their history") {
    converge::or_set<std::uint64_t> a, b;
    for (std::uint64_t e = 0; e < 200; ++e) (void)a.add(1, e);
    for (std::uint64_t e = 0; e < 200; ++e) b.merge(a.delta_since(b.digest()));
    converge::or_set<std::uint64_t> c;
    c.merge(a);
    CHECK(encode(a) == encode(c));
    CHECK(encode(a) == encode(b));
}

TEST_CASE("a context of exactly the stored dots is written as its replicas alone, and only so") {
    using set = converge::or_set<std::uint64_t>;
    set s;
    s.add(7, 5);
    s.add(7, 6);  // context {7: 1..2}, exactly the dots of 5 and 6
    // the count 1 marked (81 00: one byte longer than its shortest form), replica 7; then 5
    // with (7, 1), 6 with (7, 2)
    const auto compact = bytes_of({0x63, 0x76, 3, 8, 0x81, 0, 7, 2, 5, 1, 0, 1, 6, 1, 0, 2});
    CHECK(encode(s) == compact);
    check_round_trip(s);

    // The same value with its context in full: one value has one encoding.
    const auto full = bytes_of({0x63, 0x76, 3, 8, 1, 7, 2, 0, 2, 5, 1, 0, 1, 6, 1, 0, 2});
    const auto r = decode<set>(full);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::non_canonical);
    CHECK(r.byte_offset() == 4u);
    // Version 1 always wrote the context in full: still read.
    const auto v1 = bytes_of({0x63, 0x76, 1, 8, 1, 7, 2, 0, 2, 5, 1, 0, 1, 6, 1, 0, 2});
    const auto old = decode<set>(v1);
    REQUIRE(old.has_value());
    CHECK(*old == s);

    // A listed replica that no stored dot names, an empty list and a mark on a count that
    // was not in its shortest form are not canonical.
    const auto extra = bytes_of({0x63, 0x76, 3, 8, 0x82, 0, 7, 9, 2, 5, 1, 0, 1, 6, 1, 0, 2});
    const auto e = decode<set>(extra);
    CHECK(e.error() == errc::non_canonical);
    CHECK(std::string(e.message()) ==
          "causal context: replica 1 is listed but no stored dot names it at byte 4");
    CHECK(decode<set>(bytes_of({0x63, 0x76, 3, 8, 0x80, 0, 0})).error() == errc::non_canonical);
    const auto overlong = bytes_of({0x63, 0x76, 3, 8, 0x81, 0x80, 0, 7, 2, 5, 1, 0, 1, 6, 1, 0, 2});
    CHECK(decode<set>(overlong).error() == errc::non_canonical);

    // After a remove the context holds a dot no element does: written in full.
    s.remove(5);
    CHECK(encode(s) == bytes_of({0x63, 0x76, 3, 8, 1, 7, 2, 0, 1, 6, 1, 0, 2}));
    check_round_trip(s);

    // Dots that are not one run per replica are rebuilt exactly: (7, 1) and (7, 3).
    set t;
    auto joined = t.add(7, 1);
    t.add(7, 2);
    joined.merge(t.add(7, 3));
    CHECK(encode(joined)[4] == std::byte{0x81});
    check_round_trip(joined);

    // Several replicas, in one run or not, each rebuilt exactly: (7, 1), (7, 3); (8, 1..2);
    // (9, 1), (9, 3).
    set u;
    auto mixed = u.add(7, 10);
    u.add(7, 11);
    mixed.merge(u.add(7, 12));
    mixed.merge(u.add(8, 13));
    mixed.merge(u.add(8, 14));
    mixed.merge(u.add(9, 15));
    u.add(9, 16);
    mixed.merge(u.add(9, 17));
    CHECK(encode(mixed)[4] == std::byte{0x83});
    check_round_trip(mixed);

    // A list longer than the rest of the input could hold (a replica and a dot of its own
    // each) is refused before anything is allocated for it.
    const auto long_list = bytes_of({0x63, 0x76, 3, 8, 0xE4, 0, 1, 2, 3});
    CHECK(decode<set>(long_list).error() == errc::truncated_input);
}

TEST_CASE("an OR-set dot outside its context is named with its offset") {
    // context: replica 7 seen 1..3; one element 5 with dot (index 0, counter 12)
    const auto bytes = bytes_of({0x63, 0x76, 1, 8, /*context*/ 1, 7, 3, 0,
                                 /*elements*/ 1, /*element*/ 5, /*dots*/ 1, 0, 12});
    const auto r = decode<converge::or_set<std::uint64_t>>(bytes);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::invalid_value);
    CHECK(std::string(r.message()) ==
          "or_set: dot (7, 12) not covered by causal context at byte 11");
    CHECK(r.byte_offset() == 11u);
}

TEST_CASE("OR-set elements must be in byte order and dots unique") {
    // context: replica 7 seen 1..3; elements 6 then 5: out of order
    const auto unsorted = bytes_of({0x63, 0x76, 1, 8, 1, 7, 3, 0, 2, 6, 1, 0, 1, 5, 1, 0, 2});
    CHECK(decode<converge::or_set<std::uint64_t>>(unsorted).error() == errc::non_canonical);
    // elements 5 and 6 share dot (7, 1)
    const auto shared = bytes_of({0x63, 0x76, 1, 8, 1, 7, 3, 0, 2, 5, 1, 0, 1, 6, 1, 0, 1});
    const auto r = decode<converge::or_set<std::uint64_t>>(shared);
    CHECK(r.error() == errc::invalid_value);
    CHECK(std::string(r.message()).find("stored twice") != std::string::npos);
}

TEST_CASE("an OR-set dot stored twice is named where it is read the second time") {
    using set = converge::or_set<std::uint64_t>;
    // context: replica 7 seen 1..3; element 5 with (7, 2); element 6 with (7, 1), (7, 2)
    const auto two = bytes_of({0x63, 0x76, 1, 8, 1, 7, 3, 0, 2, 5, 1, 0, 2, 6, 2, 0, 1, 0, 2});
    const auto r = decode<set>(two);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::invalid_value);
    CHECK(std::string(r.message()) ==
          "or_set: dot (7, 2) stored twice, by elements 0 and 1 at byte 17");
    CHECK(r.byte_offset() == 17u);

    // Past 8 elements the set indexes its dots in a hash table: element 9 repeats element 3's.
    std::vector<std::byte> many = bytes_of({0x63, 0x76, 1, 8, 1, 7, 20, 0, 10});
    std::size_t last_dot = 0;
    for (int e = 0; e < 10; ++e) {
        const auto piece = bytes_of({e + 1, 1});
        many.insert(many.end(), piece.begin(), piece.end());
        last_dot = many.size();
        const auto dot = bytes_of({0, e == 9 ? 4 : e + 1});
        many.insert(many.end(), dot.begin(), dot.end());
    }
    const auto m = decode<set>(many);
    REQUIRE_FALSE(m.has_value());
    CHECK(m.error() == errc::invalid_value);
    CHECK(std::string(m.message()) ==
          "or_set: dot (7, 4) stored twice, by elements 3 and 9 at byte " +
              std::to_string(last_dot));
    CHECK(m.byte_offset() == last_dot);
}

namespace {

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}
struct caseless_hash {
    std::size_t operator()(const std::string& s) const {
        return std::hash<std::string>{}(lower(s));
    }
};
struct caseless_eq {
    bool operator()(const std::string& a, const std::string& b) const {
        return lower(a) == lower(b);
    }
};

}  // namespace

TEST_CASE("OR-set elements equal under the set's Eq are named with the offset of the second") {
    using caseless = converge::or_set<std::string, std::uint64_t, caseless_hash, caseless_eq>;
    // context: replica 7 seen 1..3; "A" with (7, 1), then "a" with (7, 2): distinct bytes
    const auto bytes =
        bytes_of({0x63, 0x76, 1, 8, 1, 7, 3, 0, 2, 1, 0x41, 1, 0, 1, 1, 0x61, 1, 0, 2});
    const auto r = decode<caseless>(bytes);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::invalid_value);
    CHECK(std::string(r.message()) == "or_set: element 1 equals element 0 at byte 14");
    CHECK(r.byte_offset() == 14u);
}

TEST_CASE("hostile counts cannot make the decoder allocate") {
    // a g_counter claiming 2^40 entries in 10 bytes
    const auto bytes = bytes_of({0x63, 0x76, 1, 5, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 1, 1});
    const auto r = decode<converge::g_counter<>>(bytes);
    CHECK(r.error() == errc::limit_exceeded);
}

TEST_CASE("OR-sets with 16-byte UUID replica ids merge and round-trip") {
    using uuid = std::array<std::byte, 16>;
    uuid phone{}, laptop{};
    phone[15] = std::byte{1};
    laptop[0] = std::byte{0xAB};
    converge::or_set<std::string, uuid> a, b;
    b.merge(a.add(phone, "milk"));
    a.merge(b.add(laptop, "eggs"));
    a.merge(b.remove("milk"));
    b.merge(a);
    CHECK(a == b);
    CHECK(a.contains("eggs"));
    CHECK_FALSE(a.contains("milk"));
    check_round_trip(a);
    check_round_trip(a.context());
}
