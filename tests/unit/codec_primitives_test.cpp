// SPDX-License-Identifier: MIT
#include <converge/codec/clocks.hpp>
#include <converge/codec/codec.hpp>
#include <converge/codec/envelope.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <limits>
#include <string>
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
