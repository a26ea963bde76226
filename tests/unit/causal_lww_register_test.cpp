// SPDX-License-Identifier: MIT
// causal_lww_register: the winner among concurrent writes, causality over timestamps, clears
// and key removes, parts and the wire form.
#include <converge/converge.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using converge::causal_context;
using converge::causal_lww_register;
using converge::dot;
using converge::errc;
using converge::hlc_timestamp;
using converge::join;
using converge::or_map;

namespace {
using text = causal_lww_register<std::string>;
using profile = or_map<std::string, text>;

static_assert(converge::delta_crdt<text> && converge::sync::syncable<text> &&
              converge::causal_type<text> && converge::wire_type<text>);
static_assert(converge::delta_crdt<profile> && converge::sync::syncable<profile>);
static_assert(
    converge::sync::syncable<causal_lww_register<std::int64_t, std::string, std::uint64_t>>);

hlc_timestamp at(std::uint64_t ms, std::uint16_t logical = 0) {
    return hlc_timestamp(1'700'000'000'000 + ms, logical);
}

profile set(profile& p, std::uint64_t replica, const std::string& key, hlc_timestamp t,
            const std::string& value) {
    return p.update(key, [&](text& r) { return r.write(replica, t, value); });
}

std::optional<std::string> read(const profile& p, const std::string& key) {
    const auto r = p.get(key);
    return r ? r->value() : std::nullopt;
}
}  // namespace

TEST_CASE("causal_lww_register: empty, then the last write") {
    text r;
    CHECK(r.empty());
    CHECK(r.value() == std::nullopt);
    CHECK(r.winner() == nullptr);
    (void)r.write(1, at(5), "a");
    CHECK(r.value() == "a");
    (void)r.write(1, at(9), "b");
    CHECK(r.value() == "b");
    CHECK(r.entries().size() == 1);
    REQUIRE(r.winner() != nullptr);
    CHECK(r.winner()->dot == dot<>{1, 2});
    CHECK(r.winner()->value.timestamp == at(9));
}

TEST_CASE("causal_lww_register: a write replaces what it has seen, whatever the timestamps") {
    text a, b;
    b.merge(a.write(1, at(50), "early clock ahead"));
    b.merge(b.write(2, at(10), "seen and replaced"));
    a.merge(b);
    CHECK(a.value() == "seen and replaced");
    CHECK_FALSE(a.conflicted());
}

TEST_CASE("causal_lww_register: concurrent writes are all held, one winner is read") {
    SECTION("the later timestamp wins") {
        text a, b;
        const auto da = a.write(1, at(7), "mine");
        const auto db = b.write(2, at(5), "theirs");
        a.merge(db);
        b.merge(da);
        CHECK(a == b);
        CHECK(a.conflicted());
        CHECK(a.value() == "mine");
        CHECK(b.value() == "mine");
    }
    SECTION("equal timestamps: the larger writer id wins") {
        text a, b;
        const auto da = a.write(2, at(5), "from 2");
        const auto db = b.write(1, at(5), "from 1");
        a.merge(db);
        b.merge(da);
        CHECK(a.value() == "from 2");
        CHECK(b.value() == "from 2");
    }
    SECTION("equal timestamps and writers (reused id): the larger counter wins") {
        text a, b;
        b.merge(a.write(1, at(5), "first"));
        const auto db = b.write(3, at(1), "other");
        const auto da = a.write(1, at(5), "second");  // (1, 2), concurrent with (3, 1)
        a.merge(db);
        b.merge(da);
        CHECK(a == b);
        CHECK(a.value() == "second");
    }
    SECTION("a later write resolves the conflict") {
        text a, b;
        const auto da = a.write(1, at(7), "mine");
        b.merge(b.write(2, at(5), "theirs"));
        b.merge(da);
        (void)b.write(2, at(6), "resolved");  // an older timestamp, but it has seen both
        a.merge(b);
        CHECK(a.value() == "resolved");
        CHECK_FALSE(a.conflicted());
    }
}

TEST_CASE("causal_lww_register: a clear does not cancel a write it has not seen") {
    text a, b;
    b.merge(a.write(1, at(1), "x"));
    const auto cleared = a.clear();
    const auto written = b.write(2, at(0), "y");
    a.merge(written);
    b.merge(cleared);
    CHECK(a == b);
    CHECK(a.value() == "y");
    CHECK(a.clear().context().contains({2, 1}));
    CHECK(a.value() == std::nullopt);
}

TEST_CASE("causal_lww_register in an or_map: concurrent writes choose the same winner") {
    profile a, b, c;
    const auto da = set(a, 1, "name", at(3), "Ann");
    const auto db = set(b, 2, "name", at(3), "Anne");
    const auto dc = set(c, 3, "name", at(2), "Annie");
    a.merge(dc).merge(db);
    b.merge(da).merge(dc);
    c.merge(db).merge(da);
    CHECK(a == b);
    CHECK(b == c);
    CHECK(read(a, "name") == "Anne");  // timestamp 3 ties, replica 2 > 1
    CHECK(read(c, "name") == "Anne");
    CHECK(a.get("name")->entries().size() == 3);
}

TEST_CASE("causal_lww_register in an or_map: a key remove concurrent with a write") {
    profile a, b;
    b.merge(set(a, 1, "city", at(1), "Oslo"));
    const auto removed = b.remove("city");
    const auto written = set(a, 1, "city", at(0), "Bergen");
    a.merge(removed);
    b.merge(written);
    CHECK(a == b);
    CHECK(read(a, "city") == "Bergen");  // the unseen write survives, the seen one is gone
    CHECK(a.get("city")->entries().size() == 1);
}

TEST_CASE("causal_lww_register: from_parts refuses uncovered dots") {
    auto store = text::store_type::from_entries({{{1, 2}, {at(0), "x"}}});
    REQUIRE(store.has_value());
    causal_context<> ctx;
    ctx.insert({1, 1});
    const auto bad = text::from_parts(*store, ctx);
    CHECK(bad.error() == errc::invalid_parts);
    ctx.insert({1, 2});
    const auto good = text::from_parts(*store, ctx);
    REQUIRE(good.has_value());
    CHECK(good->value() == "x");
}

TEST_CASE("causal_lww_register codec: round trip, truncation and bad timestamps") {
    text a, b;
    const auto da = a.write(1, at(7), "mine");
    b.merge(b.write(2, at(5), "theirs")).merge(da);
    const auto bytes = converge::encode(b);
    const auto back = converge::decode<text>(bytes);
    REQUIRE(back.has_value());
    CHECK(*back == b);
    CHECK(back->value() == "mine");
    for (std::size_t n = 0; n < bytes.size(); ++n)
        CHECK_FALSE(
            converge::decode<text>(std::span<const std::byte>(bytes.data(), n)).has_value());

    // A timestamp with a wall time past 48 bits, inside a stored write.
    causal_lww_register<std::string> one;
    (void)one.write(1, hlc_timestamp(0, 0), "");
    // Header 4 bytes, context 3 (81 00 01: its one replica, as it holds exactly the stored
    // dot), one entry: dot 00 01, timestamp 00 00, value 00.
    const auto raw = converge::encode(one);
    REQUIRE(raw.size() == 13u);
    const std::vector<std::byte> wide = [&] {
        std::vector<std::byte> out(raw.begin(), raw.begin() + 10);
        for (int b : {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}) out.push_back(std::byte(b));
        out.push_back(std::byte{0});  // logical
        out.push_back(std::byte{0});  // empty string
        return out;
    }();
    const auto r = converge::decode<text>(wide);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::invalid_value);
    CHECK(r.byte_offset() == 10u);
}
