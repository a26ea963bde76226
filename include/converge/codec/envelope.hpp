// SPDX-License-Identifier: MIT
#pragma once

// encode() and decode<T>(): a value inside the versioned envelope of docs/wire-format.md
// (magic "cv", format version, type tag, body).

#include <converge/codec/codec.hpp>
#include <converge/core/concepts.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/result.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace converge::inline v1 {

// The format version this library writes, and the newest it reads.
inline constexpr std::uint64_t wire_format_version = 1;

namespace detail {
inline constexpr std::uint8_t wire_magic[2] = {0x63, 0x76};  // "cv"
}  // namespace detail

// Appends the canonical encoding of `value` to `out`.
template <wire_type T>
void encode(const T& value, std::vector<std::byte>& out) {
    byte_writer w(out);
    w.byte(detail::wire_magic[0]);
    w.byte(detail::wire_magic[1]);
    w.varint(wire_format_version);
    w.varint(codec<T>::type_tag);
    codec<T>::encode(w, value);
}

// The canonical encoding of `value`: equal values give identical bytes.
//
//     std::vector<std::byte> bytes = converge::encode(counter);
template <wire_type T>
[[nodiscard]] std::vector<std::byte> encode(const T& value) {
    std::vector<std::byte> out;
    encode(value, out);
    return out;
}

// Decodes a T from untrusted bytes. Never throws on bad input and never reads out of bounds:
// a failure carries an errc, the byte offset and a readable message.
//
//     auto r = converge::decode<converge::g_counter<>>(bytes);
//     if (!r) log(r.message());
template <wire_type T>
[[nodiscard]] result<T> decode(std::span<const std::byte> bytes, const decode_limits& limits = {}) {
    const std::string_view name = codec<T>::type_name;
    if (bytes.size() > limits.max_bytes)
        return failure(errc::limit_exceeded,
                       detail::text(name, ": input of ", bytes.size(), " bytes exceeds max_bytes ",
                                    limits.max_bytes, " at byte 0"),
                       0);
    byte_reader r(bytes, limits);
    const auto m0 = r.byte("magic");
    const auto m1 = r.byte("magic");
    if (!r.ok()) return r.error();
    if (*m0 != detail::wire_magic[0] || *m1 != detail::wire_magic[1]) {
        r.fail_at(0, errc::wrong_type, detail::text(name, ": not converge bytes (bad magic)"));
        return r.error();
    }
    const std::size_t version_at = r.offset();
    const auto version = r.varint("format version");
    if (!r.ok()) return r.error();
    if (*version > wire_format_version || *version == 0) {
        r.fail_at(version_at, errc::unsupported_version,
                  detail::text(name, ": format version ", *version,
                               *version == 0 ? " is not a valid version; this decoder reads "
                                             : " is newer than this decoder's ",
                               wire_format_version));
        return r.error();
    }
    const std::size_t tag_at = r.offset();
    const auto tag = r.varint("type tag");
    if (!r.ok()) return r.error();
    if (*tag != codec<T>::type_tag) {
        r.fail_at(tag_at, errc::wrong_type,
                  detail::text(name, ": type tag ", *tag, " where ", codec<T>::type_tag,
                               " was expected"));
        return r.error();
    }
    std::optional<T> value = codec<T>::decode(r);
    if (!r.ok()) return r.error();
    if (!value) {  // a codec that returned nothing must have said why; guard anyway
        r.fail(errc::invalid_value, detail::text(name, ": decoder returned no value"));
        return r.error();
    }
    if (r.remaining() != 0) {
        r.fail(errc::trailing_bytes,
               detail::text(name, ": ", r.remaining(), " bytes after the value"));
        return r.error();
    }
    return std::move(*value);
}

}  // namespace converge::inline v1
