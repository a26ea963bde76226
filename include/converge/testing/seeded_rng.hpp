// SPDX-License-Identifier: MIT
#pragma once

// A small seeded random number generator (splitmix64) whose numbers are the same with every
// compiler and standard library, for simulations that must replay exactly from a seed.

#include <converge/core/detail/mix.hpp>
#include <converge/sync/detail/uniform.hpp>

#include <cstdint>
#include <limits>

namespace converge::inline v1::testing {

// splitmix64 (Steele, Lea and Flood): a uniform random bit generator of 64-bit words.
class seeded_rng {
public:
    using result_type = std::uint64_t;

    explicit seeded_rng(std::uint64_t seed = 0) noexcept : m_state(seed) {}

    [[nodiscard]] static constexpr result_type min() noexcept { return 0; }
    [[nodiscard]] static constexpr result_type max() noexcept {
        return std::numeric_limits<result_type>::max();
    }

    // The next 64 random bits.
    result_type operator()() noexcept {
        return converge::detail::mix64(m_state += converge::detail::golden_gamma);
    }

    // A uniform integer in [0, n); n must be at least 1.
    [[nodiscard]] std::uint64_t below(std::uint64_t n) {
        return sync::detail::uniform_below(*this, n);
    }

    // True with probability p (0 never, 1 always), from 53 random bits.
    [[nodiscard]] bool chance(double p) noexcept {
        if (p <= 0.0) return false;
        const double u = static_cast<double>((*this)() >> 11) * 0x1.0p-53;
        return u < p;
    }

private:
    std::uint64_t m_state;
};

}  // namespace converge::inline v1::testing
