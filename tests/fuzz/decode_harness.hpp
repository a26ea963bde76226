// SPDX-License-Identifier: MIT
#pragma once

// The body of every decoder harness: decoding arbitrary bytes must never crash, throw or read
// out of bounds (the sanitizers watch), a failure must point inside the input, and a success
// must be canonical: re-encoding the value gives exactly the input bytes.

#include <converge/converge.hpp>

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
                      Encode encode) {
    const auto value = decode(bytes);
    if (!value) {
        if (value.message().empty()) fail(name, "an error without a message");
        if (value.byte_offset().value_or(0) > bytes.size())
            fail(name, "an error offset past the input");
        return;
    }
    const std::vector<std::byte> again = encode(*value);
    if (again.size() != bytes.size() || !std::equal(again.begin(), again.end(), bytes.begin()))
        fail(name,
             "accepted bytes that are not the canonical encoding of the value they decode to");
    const auto twice = decode(std::span<const std::byte>(again));
    if (!twice || !(*twice == *value)) fail(name, "the re-encoded value does not decode back");
}

template <class T>
void check_decoder(std::span<const std::byte> bytes) {
    check_round_trip(
        converge::codec<T>::type_name, bytes,
        [](std::span<const std::byte> b) { return converge::decode<T>(b); },
        [](const T& v) { return converge::encode(v); });
}

// Decodes the input as each of Ts in turn (parameterisations that share one type tag).
template <class... Ts>
int decode_all(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    (check_decoder<Ts>(bytes), ...);
    return 0;
}

}  // namespace converge_fuzz
