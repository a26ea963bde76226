// SPDX-License-Identifier: MIT
#include <converge/codec/clocks.hpp>
#include <converge/codec/codec.hpp>
#include <converge/codec/detail/byte_order.hpp>
#include <converge/codec/envelope.hpp>

#include "test_support.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

using converge::byte_reader;
using converge::byte_writer;
using converge::errc;

namespace {

std::vector<std::byte> bytes_of(std::initializer_list<int> values) {
    std::vector<std::byte> out;
    for (int v : values) out.push_back(static_cast<std::byte>(v));
    return out;
}

template <class T>
std::vector<std::byte> body_of(const T& value) {
    std::vector<std::byte> out;
    byte_writer w(out);
    converge::codec<T>::encode(w, value);
    return out;
}

}  // namespace

TEST_CASE("varints are LEB128 and canonical") {
    CHECK(body_of(std::uint64_t{0}) == bytes_of({0x00}));
    CHECK(body_of(std::uint64_t{127}) == bytes_of({0x7F}));
    CHECK(body_of(std::uint64_t{128}) == bytes_of({0x80, 0x01}));
    CHECK(body_of(std::uint64_t{300}) == bytes_of({0xAC, 0x02}));
    CHECK(body_of(std::numeric_limits<std::uint64_t>::max()) ==
          bytes_of({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}));

    for (std::uint64_t v :
         {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{127}, std::uint64_t{128},
          std::uint64_t{1} << 35, std::numeric_limits<std::uint64_t>::max()}) {
        const auto b = body_of(v);
        byte_reader r(b);
        CHECK(r.varint("v") == v);
        CHECK(r.remaining() == 0);
    }

    SECTION("overlong forms are rejected") {
        const auto b = bytes_of({0x80, 0x00});
        byte_reader r(b);
        CHECK_FALSE(r.varint("x").has_value());
        CHECK(r.error().code() == errc::non_canonical);
        CHECK(r.error().byte_offset() == 0u);
    }
    SECTION("more than 64 bits is rejected") {
        const auto b = bytes_of({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02});
        byte_reader r(b);
        CHECK_FALSE(r.varint("x").has_value());
        CHECK(r.error().code() == errc::invalid_value);
    }
    SECTION("an 11th byte is never read") {
        const auto b = bytes_of({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x01});
        byte_reader r(b);
        CHECK_FALSE(r.varint("x").has_value());
    }
    SECTION("truncation") {
        const auto b = bytes_of({0x80});
        byte_reader r(b);
        CHECK_FALSE(r.varint("x").has_value());
        CHECK(r.error().code() == errc::truncated_input);
    }
    SECTION("values that do not fit the target type") {
        const auto b = body_of(std::uint64_t{256});
        byte_reader r(b);
        CHECK_FALSE(r.unsigned_int<std::uint8_t>("x").has_value());
        CHECK(r.error().code() == errc::invalid_value);
    }
}

namespace {

// What reading one varint from `bytes` must give: its value and where it ends, or the error
// and where it is reported.
struct varint_outcome {
    std::optional<std::uint64_t> value;
    std::size_t at = 0;
    std::optional<std::error_code> error;
    bool operator==(const varint_outcome&) const = default;
};

// The rules of docs/wire-format.md, written plainly: at most ten bytes, 64 bits, no overlong
// form (a last byte of zero after the first). A fault is reported at the varint's start,
// running out of input where the input ends.
varint_outcome model_varint(const std::vector<std::byte>& bytes) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < 10; ++i) {
        if (i >= bytes.size())
            return {std::nullopt, bytes.size(), make_error_code(errc::truncated_input)};
        const auto b = std::to_integer<std::uint64_t>(bytes[i]);
        if (i == 9 && b > 1) return {std::nullopt, 0, make_error_code(errc::invalid_value)};
        value |= (b & 0x7F) << (7 * i);
        if (b < 0x80) {
            if (b == 0 && i > 0) return {std::nullopt, 0, make_error_code(errc::non_canonical)};
            return {value, i + 1, std::nullopt};
        }
    }
    return {};  // unreachable: a tenth byte over 1 is refused above
}

varint_outcome read_varint(const std::vector<std::byte>& bytes) {
    byte_reader r(bytes);
    const auto v = r.varint("v");
    if (!v)
        return {std::nullopt, r.error().byte_offset().value_or(~std::size_t{0}), r.error().code()};
    return {v, r.offset(), std::nullopt};
}

}  // namespace

TEST_CASE("varint reading agrees with the rules, near the end of the input and far from it") {
    // A run of continuation bytes (0 to 11), maybe a last byte (0x00 and 0x01 matter: overlong,
    // and the 64th bit), then 0 to 12 bytes of whatever follows.
    CONVERGE_CHECK_PROPERTY("runs of continuation bytes, a last byte, padding", [] {
        static constexpr int continuing[] = {0x80, 0x81, 0xFF};
        static constexpr int last[] = {0x00, 0x01, 0x02, 0x7F};
        const auto pick = [](const auto& from) {
            return from[*rc::gen::inRange<std::size_t>(0, std::size(from))];
        };
        std::vector<std::byte> bytes;
        const auto run = *rc::gen::inRange(0, 12);
        for (int i = 0; i < run; ++i) {
            const bool any = *rc::gen::inRange(0, 3) == 0;
            bytes.push_back(
                static_cast<std::byte>(any ? 0x80 | *rc::gen::inRange(0, 128) : pick(continuing)));
        }
        if (*rc::gen::inRange(0, 8) != 0) {
            const bool any = *rc::gen::inRange(0, 3) == 0;
            bytes.push_back(static_cast<std::byte>(any ? *rc::gen::inRange(0, 128) : pick(last)));
        }
        const auto padding = *rc::gen::inRange(0, 13);
        for (int i = 0; i < padding; ++i)
            bytes.push_back(static_cast<std::byte>(*rc::gen::inRange(0, 256)));
        RC_ASSERT(read_varint(bytes) == model_varint(bytes));
    });
}

TEST_CASE("signed integers use zigzag") {
    CHECK(body_of(std::int64_t{0}) == bytes_of({0x00}));
    CHECK(body_of(std::int64_t{-1}) == bytes_of({0x01}));
    CHECK(body_of(std::int64_t{1}) == bytes_of({0x02}));
    CHECK(body_of(std::int64_t{-2}) == bytes_of({0x03}));
    for (std::int64_t v :
         {std::int64_t{0}, std::int64_t{-1}, std::int64_t{63}, std::int64_t{-64},
          std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
        const auto b = body_of(v);
        byte_reader r(b);
        CHECK(converge::codec<std::int64_t>::decode(r) == v);
    }
    const auto b = body_of(std::int64_t{200});
    byte_reader r(b);
    CHECK_FALSE(converge::codec<std::int8_t>::decode(r).has_value());
}

TEST_CASE("a count is never trusted beyond the remaining input") {
    const auto b = bytes_of({0xFF, 0xFF, 0xFF, 0x07, 1, 2});
    byte_reader r(b);
    CHECK_FALSE(r.count("items").has_value());
    CHECK(r.error().code() == errc::truncated_input);

    converge::decode_limits limits;
    limits.max_count = 2;
    const auto c = bytes_of({0x03, 1, 2, 3});
    byte_reader limited(c, limits);
    CHECK_FALSE(limited.count("items").has_value());
    CHECK(limited.error().code() == errc::limit_exceeded);
}

TEST_CASE("strings, byte strings, uuids and booleans") {
    const std::string s = "héllo";
    const auto b = body_of(s);
    byte_reader r(b);
    CHECK(converge::codec<std::string>::decode(r) == s);

    const auto long_prefix = bytes_of({0x05, 'a', 'b'});
    byte_reader t(long_prefix);
    CHECK_FALSE(converge::codec<std::string>::decode(t).has_value());
    CHECK(t.error().code() == errc::truncated_input);

    std::array<std::byte, 16> id{};
    for (std::size_t i = 0; i < id.size(); ++i) id[i] = static_cast<std::byte>(i * 3);
    const auto u = body_of(id);
    CHECK(u.size() == 16);
    byte_reader ur(u);
    CHECK(converge::codec<std::array<std::byte, 16>>::decode(ur) == id);

    const auto bad_bool = bytes_of({0x02});
    byte_reader br(bad_bool);
    CHECK_FALSE(converge::codec<bool>::decode(br).has_value());
}

TEST_CASE("the envelope names what is wrong and where") {
    converge::lamport_clock<> clock(41);
    const auto bytes = converge::encode(clock);
    CHECK(bytes == bytes_of({0x63, 0x76, 0x01, 0x01, 41}));
    REQUIRE(converge::decode<converge::lamport_clock<>>(bytes).has_value());
    CHECK(converge::decode<converge::lamport_clock<>>(bytes)->now() == 41);

    auto newer = bytes;
    newer[2] = std::byte{0x02};
    const auto v = converge::decode<converge::lamport_clock<>>(newer);
    CHECK(v.error() == errc::unsupported_version);
    CHECK(std::string(v.message()).find("format version 2 is newer than this decoder's 1") !=
          std::string::npos);
    CHECK(v.byte_offset() == 2u);

    auto wrong = bytes;
    wrong[3] = std::byte{0x02};
    CHECK(converge::decode<converge::lamport_clock<>>(wrong).error() == errc::wrong_type);

    auto magic = bytes;
    magic[0] = std::byte{0x00};
    CHECK(converge::decode<converge::lamport_clock<>>(magic).error() == errc::wrong_type);

    auto trailing = bytes;
    trailing.push_back(std::byte{0});
    const auto t = converge::decode<converge::lamport_clock<>>(trailing);
    CHECK(t.error() == errc::trailing_bytes);
    CHECK(t.byte_offset() == 5u);

    converge::decode_limits tiny;
    tiny.max_bytes = 4;
    CHECK(converge::decode<converge::lamport_clock<>>(bytes, tiny).error() == errc::limit_exceeded);
}

TEST_CASE("vector clocks round-trip and reject non-canonical entries") {
    converge::vector_clock<std::string> clock;
    clock.tick("b");
    clock.tick("a");
    clock.tick("b");
    const auto bytes = converge::encode(clock);
    const auto back = converge::decode<converge::vector_clock<std::string>>(bytes);
    REQUIRE(back.has_value());
    CHECK(*back == clock);
    CHECK(converge::encode(*back) == bytes);

    // entries "b" then "a": unsorted
    const auto unsorted = bytes_of({0x63, 0x76, 1, 2, 2, 1, 'b', 1, 1, 'a', 1});
    const auto u = converge::decode<converge::vector_clock<std::string>>(unsorted);
    CHECK(u.error() == errc::non_canonical);
    CHECK(u.byte_offset() == 8u);

    const auto zero = bytes_of({0x63, 0x76, 1, 2, 1, 1, 'a', 0});
    CHECK(converge::decode<converge::vector_clock<std::string>>(zero).error() ==
          errc::non_canonical);
}

// --- Canonical byte order of set elements and map keys (codec/detail/byte_order.hpp) ---

namespace {

using converge::detail::byte_ordered;
using converge::detail::byte_prefix;
using converge::detail::bytes_less;

std::span<const std::byte> span_of(const std::string& s) {
    return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

bool string_bytes_less(const std::string& a, const std::string& b) {
    return bytes_less(span_of(a), span_of(b));
}

// Distinct strings that crowd each other: few letters, among them the extremes 0x00 and 0xFF,
// so that many share long prefixes, end in zeros or are prefixes of one another. RapidCheck
// draws only the shape and a seed, so that a failure shrinks quickly.
std::vector<std::string> crowded_strings(std::size_t count, std::size_t max_length,
                                         std::mt19937_64& rng) {
    static constexpr char letters[] = {'\x00', '\xFF', '\x01', '\x80'};
    const auto alphabet = *rc::gen::inRange<std::size_t>(1, 5);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count; ++i) {
        std::string s(rng() % (max_length + 1), '\x00');
        for (char& c : s) c = letters[rng() % alphabet];
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), string_bytes_less);
    out.erase(std::unique(out.begin(), out.end()), out.end());
    std::shuffle(out.begin(), out.end(), rng);
    return out;
}

std::mt19937_64 drawn_rng() {
    return std::mt19937_64(*rc::gen::arbitrary<std::uint64_t>());
}

struct prefixed {
    std::uint64_t prefix;
    std::uint32_t index;
};

// Sorts crowded strings with bucket_sort_by_prefix and compares with std::sort by bytes;
// `tie_break` false and `runs` false plant bugs (equal prefixes left unordered, runs that
// share their top bits left unsorted).
void bucket_sort_matches_std_sort(bool tie_break, bool runs) {
    static constexpr std::size_t sizes[] = {0, 1, 2, 17, 300, 3000, 6000};
    const auto n = sizes[*rc::gen::inRange<std::size_t>(0, std::size(sizes))];
    auto rng = drawn_rng();
    const auto strings = crowded_strings(n, 12, rng);
    std::vector<prefixed> items;
    for (std::size_t i = 0; i < strings.size(); ++i)
        items.push_back({byte_prefix(span_of(strings[i])), static_cast<std::uint32_t>(i)});
    converge::detail::bucket_sort_by_prefix(items, [&](const prefixed& a, const prefixed& b) {
        if (!runs) return false;
        if (a.prefix != b.prefix) return a.prefix < b.prefix;
        return tie_break && string_bytes_less(strings[a.index], strings[b.index]);
    });
    auto expected = strings;
    std::sort(expected.begin(), expected.end(), string_bytes_less);
    RC_ASSERT(items.size() == expected.size());
    for (std::size_t i = 0; i < items.size(); ++i)
        RC_ASSERT(strings[items[i].index] == expected[i]);
}

std::vector<std::byte> random_bytes(std::size_t most, std::mt19937_64& rng) {
    std::vector<std::byte> out(rng() % (most + 1));
    for (std::byte& b : out) b = static_cast<std::byte>(rng());
    return out;
}

// Entries of string keys and random rests, through byte_ordered (after a varint already in the
// output), against the concatenation of the entries sorted by their encoded keys.
void byte_ordered_matches_sorted_entries() {
    static constexpr std::size_t sizes[] = {0, 1, 5, 300, 4095, 4096, 6000};
    const auto n = sizes[*rc::gen::inRange<std::size_t>(0, std::size(sizes))];
    auto rng = drawn_rng();
    const auto keys = crowded_strings(n, 20, rng);
    std::vector<std::pair<std::vector<std::byte>, std::vector<std::byte>>> expected;
    byte_ordered ordered(keys.size());
    for (const auto& key : keys) {
        auto rest = random_bytes(39, rng);
        ordered.add(key, [&](byte_writer& w) { w.bytes(rest); });
        expected.emplace_back(body_of(key), std::move(rest));
    }
    ordered.sort();
    std::sort(expected.begin(), expected.end(),
              [](const auto& a, const auto& b) { return bytes_less(a.first, b.first); });
    std::vector<std::byte> want{std::byte{0x2A}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        RC_ASSERT(std::ranges::equal(ordered.key(i), expected[i].first));
        want.insert(want.end(), expected[i].first.begin(), expected[i].first.end());
        want.insert(want.end(), expected[i].second.begin(), expected[i].second.end());
    }
    std::vector<std::byte> got{std::byte{0x2A}};
    byte_writer w(got);
    ordered.write(w);
    RC_ASSERT(got == want);
}

// The same keys through add_bounded (rests written in place) and add (through a byte_writer)
// give the same bytes, in strictly ascending key order.
template <class Key>
void in_place_matches_add(const std::vector<Key>& keys, std::size_t rest_most,
                          std::mt19937_64& rng) {
    byte_ordered bounded(keys.size());
    byte_ordered general(keys.size());
    for (const Key& key : keys) {
        const auto rest = random_bytes(rest_most, rng);
        bounded.add_bounded(key, rest.size(),
                            [&](std::byte* at) { return std::copy(rest.begin(), rest.end(), at); });
        general.add(key, [&](byte_writer& w) { w.bytes(rest); });
    }
    bounded.sort();
    general.sort();
    std::vector<std::byte> a;
    std::vector<std::byte> b;
    byte_writer wa(a);
    byte_writer wb(b);
    bounded.write(wa);
    general.write(wb);
    RC_ASSERT(a == b);
    for (std::size_t i = 1; i < bounded.size(); ++i)
        RC_ASSERT(bytes_less(bounded.key(i - 1), bounded.key(i)));
}

// Integer keys are written straight into place; what they write must be what the codec does.
template <class Int>
void bounded_keys_match_the_codec() {
    const auto count = *rc::gen::inRange<std::size_t>(0, 5000);
    auto rng = drawn_rng();
    std::vector<Int> keys;
    for (std::size_t i = 0; i < count; ++i) keys.push_back(static_cast<Int>(rng() >> (rng() % 64)));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    in_place_matches_add(keys, 12, rng);
}

// String keys go through a byte_writer even in add_bounded; only their rests are in place.
void bounded_rest_after_a_string_key_matches_add() {
    const auto n = *rc::gen::inRange<std::size_t>(0, 6000);
    auto rng = drawn_rng();
    in_place_matches_add(crowded_strings(n, 20, rng), 30, rng);
}

}  // namespace

TEST_CASE("varint_size is the length varint writes") {
    for (const std::uint64_t v :
         {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{127}, std::uint64_t{128},
          std::uint64_t{16383}, std::uint64_t{16384}, std::uint64_t{1} << 56,
          (std::uint64_t{1} << 63) - 1, std::uint64_t{1} << 63,
          std::numeric_limits<std::uint64_t>::max()}) {
        CHECK(byte_writer::varint_size(v) == body_of(v).size());
    }
    CHECK(byte_writer::varint_size(127) == 1);
    CHECK(byte_writer::varint_size(128) == 2);
    CHECK(byte_writer::varint_size(std::numeric_limits<std::uint64_t>::max()) == 10);
}

TEST_CASE("byte_prefix reads the first eight bytes big-endian, zero-padded") {
    CHECK(byte_prefix({}) == 0);
    CHECK(byte_prefix(bytes_of({0x01})) == 0x0100000000000000ULL);
    CHECK(byte_prefix(bytes_of({0xAB, 0xCD})) == 0xABCD000000000000ULL);
    CHECK(byte_prefix(bytes_of({1, 2, 3, 4, 5, 6, 7, 8, 9})) == 0x0102030405060708ULL);
    // A smaller prefix is a smaller string; equal prefixes leave the order open.
    CHECK(byte_prefix(bytes_of({0x01})) < byte_prefix(bytes_of({0x01, 0x01})));
    CHECK(byte_prefix(bytes_of({0x01})) == byte_prefix(bytes_of({0x01, 0x00})));
}

TEST_CASE("byte_prefix_of_readable ignores the bytes after the string") {
    const auto junk = bytes_of({0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA});
    for (std::size_t n = 0; n <= 10; ++n) {
        CHECK(converge::detail::byte_prefix_of_readable(junk.data(), n) ==
              byte_prefix(std::span(junk).first(n)));
    }
}

TEST_CASE("bucket_sort_by_prefix orders as a sort by bytes does") {
    CONVERGE_CHECK_PROPERTY("crowded strings", [] { bucket_sort_matches_std_sort(true, true); });
}

TEST_CASE("the bucket sort comparison catches a missing tie-break or unsorted runs") {
    CONVERGE_CHECK_PROPERTY_FAILS("equal prefixes left unordered",
                                  [] { bucket_sort_matches_std_sort(false, true); });
    CONVERGE_CHECK_PROPERTY_FAILS("runs left unsorted",
                                  [] { bucket_sort_matches_std_sort(true, false); });
}

TEST_CASE("byte_ordered emits entries in the byte order of their keys") {
    CONVERGE_CHECK_PROPERTY("string keys, random rests",
                            [] { byte_ordered_matches_sorted_entries(); });
    CONVERGE_CHECK_PROPERTY("unsigned keys in place",
                            [] { bounded_keys_match_the_codec<std::uint64_t>(); });
    CONVERGE_CHECK_PROPERTY("signed keys in place",
                            [] { bounded_keys_match_the_codec<std::int64_t>(); });
    CONVERGE_CHECK_PROPERTY("string keys, rests in place",
                            [] { bounded_rest_after_a_string_key_matches_add(); });
}
