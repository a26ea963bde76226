// SPDX-License-Identifier: MIT
#pragma once

// The customisation point through which every type reaches the wire, and the built-in
// codecs for the element and replica-id types converge supports out of the box.

#include <converge/clock/hlc_timestamp.hpp>
#include <converge/codec/byte_reader.hpp>
#include <converge/codec/byte_writer.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/core/concepts.hpp>
#include <converge/core/detail/text.hpp>

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// Specialise codec<T> to put your own element or replica-id type on the wire:
//
//     template <> struct converge::codec<point> {
//         static void encode(converge::byte_writer& w, const point& p) {
//             converge::codec<std::int32_t>::encode(w, p.x);
//             converge::codec<std::int32_t>::encode(w, p.y);
//         }
//         static std::optional<point> decode(converge::byte_reader& r) {
//             auto x = converge::codec<std::int32_t>::decode(r);
//             auto y = converge::codec<std::int32_t>::decode(r);
//             if (!x || !y) return std::nullopt;   // r already holds the failure
//             return point{*x, *y};
//         }
//     };
//
// Rules: encode writes at least one byte; equal values encode to equal bytes; decode accepts
// only what encode writes (so decode then encode gives back the same bytes) and, on bad
// input, records why through r.fail(...) and returns std::nullopt.
template <class T>
struct codec;

namespace detail {

// Turns a from_parts() failure into a decode error at the current offset. A codec calls it
// after its own layout checks, which should leave from_parts() nothing to reject.
template <class T>
[[nodiscard]] std::optional<T> checked(byte_reader& r, result<T> built) {
    if (!built) {
        r.fail(errc::invalid_value, std::string(built.message()));
        return std::nullopt;
    }
    return std::move(*built);
}

}  // namespace detail

// Unsigned integers: a varint.
template <class T>
requires std::unsigned_integral<T> &&(!std::same_as<T, bool>)struct codec<T> {
    static void encode(byte_writer& w, T value) { w.varint(value); }
    static std::optional<T> decode(byte_reader& r) { return r.unsigned_int<T>("unsigned integer"); }
};

// Signed integers: a zigzag varint.
template <class T>
requires std::signed_integral<T>
struct codec<T> {
    static void encode(byte_writer& w, T value) { w.zigzag(value); }
    static std::optional<T> decode(byte_reader& r) { return r.signed_int<T>("signed integer"); }
};

// bool: one byte, 0 or 1.
template <>
struct codec<bool> {
    static void encode(byte_writer& w, bool value) { w.byte(value ? 1 : 0); }
    static std::optional<bool> decode(byte_reader& r) {
        const std::size_t at = r.offset();
        const auto b = r.byte("bool");
        if (!b) return std::nullopt;
        if (*b > 1) {
            r.fail_at(at, errc::invalid_value, detail::text("bool: byte ", *b, " is not 0 or 1"));
            return std::nullopt;
        }
        return *b == 1;
    }
};

// std::string: length-prefixed bytes, not interpreted.
template <>
struct codec<std::string> {
    static void encode(byte_writer& w, const std::string& s) {
        w.varint(s.size());
        w.bytes(std::as_bytes(std::span<const char>(s.data(), s.size())));
    }
    static std::optional<std::string> decode(byte_reader& r) {
        const auto n = r.length("string");
        if (!n) return std::nullopt;
        const auto data = r.bytes(*n, "string");
        if (!data) return std::nullopt;
        return std::string(reinterpret_cast<const char*>(data->data()), data->size());
    }
};

// A byte string: length-prefixed.
template <>
struct codec<std::vector<std::byte>> {
    static void encode(byte_writer& w, const std::vector<std::byte>& b) {
        w.varint(b.size());
        w.bytes(b);
    }
    static std::optional<std::vector<std::byte>> decode(byte_reader& r) {
        const auto n = r.length("byte string");
        if (!n) return std::nullopt;
        const auto data = r.bytes(*n, "byte string");
        if (!data) return std::nullopt;
        return std::vector<std::byte>(data->begin(), data->end());
    }
};

// A 16-byte identifier (a UUID): the bytes as they are, no prefix.
template <>
struct codec<std::array<std::byte, 16>> {
    static void encode(byte_writer& w, const std::array<std::byte, 16>& id) { w.bytes(id); }
    static std::optional<std::array<std::byte, 16>> decode(byte_reader& r) {
        const auto data = r.bytes(16, "uuid");
        if (!data) return std::nullopt;
        std::array<std::byte, 16> id{};
        for (std::size_t i = 0; i < 16; ++i) id[i] = (*data)[i];
        return id;
    }
};

// hlc_timestamp: wall milliseconds and logical counter, two varints.
template <>
struct codec<hlc_timestamp> {
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::hlc_timestamp);
    static constexpr const char* type_name = "hlc_timestamp";

    static void encode(byte_writer& w, hlc_timestamp t) {
        w.varint(t.wall_ms());
        w.varint(t.logical());
    }
    static std::optional<hlc_timestamp> decode(byte_reader& r) {
        const std::size_t at = r.offset();
        const auto wall = r.varint("hlc_timestamp wall time");
        const auto logical = r.unsigned_int<std::uint16_t>("hlc_timestamp logical counter");
        if (!wall || !logical) return std::nullopt;
        if (*wall > hlc_timestamp::max_wall_ms) {
            r.fail_at(at, errc::invalid_value,
                      detail::text("hlc_timestamp: wall time ", *wall, " exceeds 48 bits"));
            return std::nullopt;
        }
        return hlc_timestamp(*wall, *logical);
    }
};

}  // namespace converge::inline v1
