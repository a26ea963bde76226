// SPDX-License-Identifier: MIT
#pragma once

// encode() and decode<T>(): a value inside the versioned envelope of docs/wire-format.md
// (magic "cv", format version, type tag, body, and a checksum for the types that have one).

#include <converge/codec/codec.hpp>
#include <converge/core/concepts.hpp>
#include <converge/core/detail/crc32c.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/result.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace converge::inline v1 {

// The newest version of the format (docs/wire-format.md). A value is written with the version
// in which its type's bytes, nested values included, last changed, so the bytes of a type
// whose encoding never changed still say 1 and every decoder reads them.
inline constexpr std::uint64_t wire_format_version = 3;

namespace detail {

inline constexpr std::uint8_t wire_magic[2] = {0x63, 0x76};  // "cv"

// A codec may declare, as static constexpr members:
//   version         the format version in which its encoding, nested values included, last
//                   changed (what encode() writes; default 1; version_with below);
//   oldest_version  the oldest version decode() still reads (default 1);
//   checksum_since  the version from which the encoding ends with a CRC-32C (default: never).
// A codec that reads more than one version takes it: decode(byte_reader&, std::uint64_t).
template <class T>
inline constexpr std::uint64_t version_of = [] {
    if constexpr (requires { codec<T>::version; })
        return std::uint64_t{codec<T>::version};
    else
        return std::uint64_t{1};
}();

template <class T>
inline constexpr std::uint64_t oldest_version_of = [] {
    if constexpr (requires { codec<T>::oldest_version; })
        return std::uint64_t{codec<T>::oldest_version};
    else
        return std::uint64_t{1};
}();

// The newest of the versions of the types given: the version a codec that nests values of
// these types inside its own body (version `own`) must say, so that a decoder reads the
// nested bodies by the layout they were written in.
template <class... Nested>
[[nodiscard]] constexpr std::uint64_t version_with(std::uint64_t own) noexcept {
    return std::max({own, version_of<Nested>...});
}

template <class T>
[[nodiscard]] constexpr bool checksummed_at(std::uint64_t version) noexcept {
    if constexpr (requires { codec<T>::checksum_since; })
        return version >= codec<T>::checksum_since;
    else
        return false;
}

// The checksum: CRC-32C of every byte before it, magic included, little-endian.
inline constexpr std::size_t checksum_bytes = 4;

template <class T>
[[nodiscard]] constexpr bool versions_are_sane() noexcept {
    return oldest_version_of<T> >= 1 && oldest_version_of<T> <= version_of<T> &&
           version_of<T> <= wire_format_version;
}

}  // namespace detail

// Appends the canonical encoding of `value` to `out`.
template <wire_type T>
void encode(const T& value, std::vector<std::byte>& out) {
    // If this fires: a codec's versions must satisfy 1 <= oldest_version <= version <=
    // wire_format_version.
    static_assert(detail::versions_are_sane<T>(), "converge::codec<T>: inconsistent versions");
    const std::size_t start = out.size();
    byte_writer w(out);
    w.byte(detail::wire_magic[0]);
    w.byte(detail::wire_magic[1]);
    w.varint(detail::version_of<T>);
    w.varint(codec<T>::type_tag);
    codec<T>::encode(w, value);
    if constexpr (detail::checksummed_at<T>(detail::version_of<T>))
        detail::append_crc32c(out, start);
}

// The canonical encoding of `value`: equal values give identical bytes.
//
//     std::vector<std::byte> bytes = converge::encode(counter);
template <wire_type T>
[[nodiscard]] std::vector<std::byte> encode(const T& value) {
    std::vector<std::byte> out;
    out.reserve(64);  // a small value's bytes in one allocation rather than three or four
    encode(value, out);
    return out;
}

namespace detail {

// "0x1a2b3c4d": how a checksum is shown in messages.
[[nodiscard]] inline std::string hex32(std::uint32_t v) {
    std::string out = "0x";
    for (int shift = 28; shift >= 0; shift -= 4) out += "0123456789abcdef"[(v >> shift) & 0xFU];
    return out;
}

// Checks the CRC-32C that ends `bytes`, read by `r` up to just before it; on success `r`
// ends where the checksum starts, so the body cannot read it.
inline bool check_checksum(byte_reader& r, std::span<const std::byte> bytes,
                           std::string_view name) {
    if (r.remaining() < checksum_bytes) {
        r.fail_at(bytes.size(), errc::truncated_input,
                  text(name, ": input ends before its ", checksum_bytes, "-byte checksum"));
        return false;
    }
    const std::size_t body_end = bytes.size() - checksum_bytes;
    std::uint32_t stored = 0;
    for (std::size_t k = 0; k < checksum_bytes; ++k)
        stored |= static_cast<std::uint32_t>(bytes[body_end + k]) << (8 * k);
    const std::uint32_t computed = crc32c(bytes.first(body_end));
    if (stored != computed) {
        r.fail_at(
            body_end, errc::checksum_mismatch,
            text(name, ": checksum mismatch, the bytes were corrupted or cut short (CRC-32C ",
                 hex32(computed), " of bytes 0 to ", body_end, ", stored ", hex32(stored), ")"));
        return false;
    }
    r.end_at(body_end);
    return true;
}

}  // namespace detail

// Decodes a T from untrusted bytes. Never throws on bad input and never reads out of bounds:
// a failure carries an errc, the byte offset and a readable message.
//
//     auto r = converge::decode<converge::g_counter<>>(bytes);
//     if (!r) log(r.message());
template <wire_type T>
[[nodiscard]] result<T> decode(std::span<const std::byte> bytes, const decode_limits& limits = {}) {
    static_assert(detail::versions_are_sane<T>(), "converge::codec<T>: inconsistent versions");
    constexpr std::uint64_t newest = detail::version_of<T>;
    constexpr std::uint64_t oldest = detail::oldest_version_of<T>;
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
    // The tag first: bytes of another type are named so, even when that type's version is
    // newer than this one's.
    const std::size_t tag_at = r.offset();
    const auto tag = r.varint("type tag");
    if (!r.ok()) return r.error();
    if (*tag != codec<T>::type_tag) {
        r.fail_at(tag_at, errc::wrong_type,
                  detail::text(name, ": type tag ", *tag, " where ", codec<T>::type_tag,
                               " was expected"));
        return r.error();
    }
    if (*version > newest || *version == 0) {
        r.fail_at(version_at, errc::unsupported_version,
                  detail::text(name, ": format version ", *version,
                               *version == 0 ? " is not a valid version; this decoder reads "
                                             : " is newer than this decoder's ",
                               newest));
        return r.error();
    }
    if (*version < oldest) {
        r.fail_at(version_at, errc::unsupported_version,
                  detail::text(name, ": format version ", *version,
                               " is no longer read; this decoder reads versions ", oldest, " to ",
                               newest));
        return r.error();
    }
    if (detail::checksummed_at<T>(*version) && !detail::check_checksum(r, bytes, name))
        return r.error();
    r.set_format_version(*version);  // nested bodies are read as this version says
    std::optional<T> value;
    if constexpr (requires { codec<T>::decode(r, *version); })
        value = codec<T>::decode(r, *version);
    else
        value = codec<T>::decode(r);
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
