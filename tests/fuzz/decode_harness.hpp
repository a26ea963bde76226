// SPDX-License-Identifier: MIT
#pragma once

// The body of every decoder harness: decoding arbitrary bytes must never crash, throw or read
// out of bounds (the sanitizers watch), a failure must point inside the input, and a success
// must be canonical: re-encoding the value gives exactly the input bytes (bytes of an older
// format version that is still read must re-encode to a value that decodes back to the same).
// A mutated input almost never keeps a valid checksum, so harnesses of checksummed types also
// decode it resealed: with its last four bytes replaced by the checksum of the rest.

#include <converge/converge.hpp>
#include <converge/core/detail/crc32c.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

namespace converge_fuzz {

using uuid = std::array<std::byte, 16>;

[[noreturn]] inline void fail(const char* type_name, const char* what) {
    std::fprintf(stderr, "converge fuzz: decode<%s>: %s\n", type_name, what);
    std::fflush(stderr);
    std::abort();
}

// The decoder contract for any pair of functions: `decode(bytes)` returns a converge::result,
// `encode(value)` the bytes. `name` says what failed.
template <class Decode, class Encode>
void check_round_trip(const char* name, std::span<const std::byte> bytes, Decode decode,
                      Encode encode, bool current_version = true) {
    const auto value = decode(bytes);
    if (!value) {
        if (value.message().empty()) fail(name, "an error without a message");
        if (value.byte_offset().value_or(0) > bytes.size())
            fail(name, "an error offset past the input");
        return;
    }
    const std::vector<std::byte> again = encode(*value);
    if (current_version &&
        (again.size() != bytes.size() || !std::equal(again.begin(), again.end(), bytes.begin())))
        fail(name,
             "accepted bytes that are not the canonical encoding of the value they decode to");
    const auto twice = decode(std::span<const std::byte>(again));
    if (!twice || !(*twice == *value)) fail(name, "the re-encoded value does not decode back");
}

// `bytes` with the last four replaced by the CRC-32C of the others (as they are when shorter).
inline std::vector<std::byte> resealed(std::span<const std::byte> bytes) {
    if (bytes.size() < 4) return {bytes.begin(), bytes.end()};
    std::vector<std::byte> out(bytes.begin(), bytes.end() - 4);
    converge::detail::append_crc32c(out);
    return out;
}

// Whether `bytes` claim T's current format version (the byte after the magic; a version
// past 127 is never read, so its first byte is enough).
template <class T>
bool claims_current_version(std::span<const std::byte> bytes) {
    return bytes.size() < 3 ||
           static_cast<std::uint64_t>(bytes[2]) >= converge::detail::version_of<T>;
}

template <class T>
void check_decoder(std::span<const std::byte> bytes) {
    const auto one = [](std::span<const std::byte> b) {
        check_round_trip(
            converge::codec<T>::type_name, b,
            [](std::span<const std::byte> in) { return converge::decode<T>(in); },
            [](const T& v) { return converge::encode(v); }, claims_current_version<T>(b));
    };
    one(bytes);
    if constexpr (requires { converge::codec<T>::checksum_since; }) one(resealed(bytes));
}

// Decodes the input as each of Ts in turn (parameterisations that share one type tag).
template <class... Ts>
int decode_all(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    (check_decoder<Ts>(bytes), ...);
    return 0;
}

}  // namespace converge_fuzz
