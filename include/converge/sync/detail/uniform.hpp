// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/throw.hpp>

#include <cstdint>
#include <random>

namespace converge::inline v1::sync::detail {

// A uniform integer in [0, n) from any uniform random bit generator, by rejection. Unlike
// std::uniform_int_distribution it gives the same numbers with every standard library, so a
// seeded run is the same run everywhere. Throws std::invalid_argument if n is 0 or larger
// than the generator's range.
template <std::uniform_random_bit_generator G>
[[nodiscard]] std::uint64_t uniform_below(G& g, std::uint64_t n) {
    const auto span = static_cast<std::uint64_t>(G::max() - G::min());  // draws are 0..span
    if (n == 0 || n - 1 > span)
        converge::detail::throw_invalid_argument(
            "uniform_below: bound outside the generator's range");
    // Accept the largest multiple of n values: 0..span - rem, where rem = (span + 1) % n.
    const std::uint64_t rem = ((span % n) + 1) % n;
    for (;;) {
        const auto x = static_cast<std::uint64_t>(g() - G::min());
        if (x <= span - rem) return x % n;
    }
}

}  // namespace converge::inline v1::sync::detail
