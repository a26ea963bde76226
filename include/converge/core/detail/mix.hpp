// SPDX-License-Identifier: MIT
#pragma once

// The one 64-bit mixer converge uses wherever bits must be spread: hashing, seeded test data,
// benchmark keys. Values it produces are pinned by test seeds and counterexamples, so its
// constants never change.

#include <cstdint>

namespace converge::inline v1::detail {

// 2^64 / φ, odd: splitmix64's increment, and the multiplier of Fibonacci hashing.
inline constexpr std::uint64_t golden_gamma = 0x9e3779b97f4a7c15ULL;

// splitmix64's two finaliser multipliers (Stafford's variant 13).
inline constexpr std::uint64_t mix64_multiplier_1 = 0xbf58476d1ce4e5b9ULL;
inline constexpr std::uint64_t mix64_multiplier_2 = 0x94d049bb133111ebULL;

// splitmix64's finaliser: a bijection on 64 bits in which every input bit affects every
// output bit, so inputs that differ only in their low bits land far apart.
[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
    x = (x ^ (x >> 30)) * mix64_multiplier_1;
    x = (x ^ (x >> 27)) * mix64_multiplier_2;
    return x ^ (x >> 31);
}

}  // namespace converge::inline v1::detail
