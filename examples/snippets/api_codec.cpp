// SPDX-License-Identifier: MIT
// The examples of docs/api/codec.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/codec/codec.hpp>
#include <converge/codec/counters.hpp>
#include <converge/codec/envelope.hpp>
#include <converge/codec/lww_register.hpp>
#include <converge/codec/or_set.hpp>

#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

// [custom_codec]
struct point {
    std::int32_t x = 0;
    std::int32_t y = 0;
    friend auto operator<=>(const point&, const point&) = default;
};

// Puts `point` on the wire as two zigzag varints.
template <>
struct converge::codec<point> {
    static void encode(converge::byte_writer& w, const point& p) {
        converge::codec<std::int32_t>::encode(w, p.x);
        converge::codec<std::int32_t>::encode(w, p.y);
    }
    static std::optional<point> decode(converge::byte_reader& r) {
        const auto x = converge::codec<std::int32_t>::decode(r);
        const auto y = converge::codec<std::int32_t>::decode(r);
        if (!x || !y) return std::nullopt;  // r already holds the failure
        return point{*x, *y};
    }
};
// [/custom_codec]

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/codec.md example broken: %s\n", what);
        ++failures;
    }
}

void codec_example() {
    // [codec]
    using list = converge::or_set<std::string>;
    list groceries;
    groceries.add(1, "milk");
    std::vector<std::byte> bytes = converge::encode(groceries);  // "cv", version 3, tag 8, body
    auto back = converge::decode<list>(bytes);                   // *back == groceries

    bytes.pop_back();  // damage the input
    auto cut = converge::decode<list>(bytes);
    // cut.error() == converge::errc::truncated_input; cut.byte_offset() says where

    converge::decode_limits strict;
    strict.max_string = 2;  // "milk" has 4 bytes
    auto limited = converge::decode<list>(converge::encode(groceries), strict);
    // limited.error() == converge::errc::limit_exceeded

    auto other = converge::decode<converge::g_counter<>>(converge::encode(groceries));
    // other.error() == converge::errc::wrong_type: the bytes hold an or_set
    // [/codec]
    check(back && *back == groceries, "round trip");
    check(!cut && cut.error() == converge::errc::truncated_input && cut.byte_offset().has_value(),
          "truncated");
    check(!limited && limited.error() == converge::errc::limit_exceeded, "limits");
    check(!other && other.error() == converge::errc::wrong_type && other.byte_offset() == 3u,
          "wrong type");
}

void custom_codec_example() {
    // [custom_codec_use]
    converge::lww_register<point> pin;
    pin.assign(1, point{3, -4}, converge::hlc_timestamp(1'700'000'000'000, 0));
    const auto bytes = converge::encode(pin);
    auto back = converge::decode<converge::lww_register<point>>(bytes);  // *back == pin
    // [/custom_codec_use]
    check(back && *back == pin, "custom codec round trip");
    std::vector<std::byte> raw;
    converge::byte_writer w(raw);
    converge::codec<point>::encode(w, point{-1, 1});
    check(raw == std::vector<std::byte>{std::byte{1}, std::byte{2}}, "zigzag");
    converge::byte_reader r(raw);
    const auto p = converge::codec<point>::decode(r);
    check(p && *p == point{-1, 1} && r.ok() && r.remaining() == 0, "reader");
}

}  // namespace

int run_snippet_api_codec() {
    codec_example();
    custom_codec_example();
    return failures == 0 ? 0 : 1;
}
