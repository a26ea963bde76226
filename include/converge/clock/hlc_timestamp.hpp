// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/throw.hpp>

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>

namespace converge::inline v1 {

// A hybrid logical clock timestamp (Kulkarni et al. 2014) in one 64-bit word: 48 bits of wall
// time in milliseconds since the Unix epoch (enough until the year 10889) above a 16-bit logical
// counter. Because the wall time sits in the high bits, comparing packed words compares
// (wall, logical) lexicographically, so a timestamp can be stored, hashed and sent as a uint64.
class hlc_timestamp {
public:
    static constexpr std::uint64_t max_wall_ms = (std::uint64_t{1} << 48) - 1;
    static constexpr std::uint16_t max_logical = 0xFFFF;

    // The zero timestamp: the Unix epoch, logical 0. Below every timestamp a clock issues.
    constexpr hlc_timestamp() noexcept = default;

    // A timestamp from its parts. Throws std::out_of_range if wall_ms does not fit in 48 bits.
    constexpr hlc_timestamp(std::uint64_t wall_ms, std::uint16_t logical)
        : m_packed(checked_wall(wall_ms) << logical_bits | logical) {}

    // The timestamp whose packed form is `packed`; every 64-bit value is a valid timestamp.
    [[nodiscard]] static constexpr hlc_timestamp from_packed(std::uint64_t packed) noexcept {
        hlc_timestamp t;
        t.m_packed = packed;
        return t;
    }

    // The packed form, wall_ms() << 16 | logical(), for storage and the wire.
    [[nodiscard]] constexpr std::uint64_t packed() const noexcept { return m_packed; }

    // Milliseconds since the Unix epoch.
    [[nodiscard]] constexpr std::uint64_t wall_ms() const noexcept {
        return m_packed >> logical_bits;
    }

    // Orders events that share a wall time.
    [[nodiscard]] constexpr std::uint16_t logical() const noexcept {
        return static_cast<std::uint16_t>(m_packed & max_logical);
    }

    // The wall time as a std::chrono time point, for display and for comparing with real time.
    [[nodiscard]] constexpr std::chrono::sys_time<std::chrono::milliseconds> wall_time()
        const noexcept {
        // 48 bits always fit the (at least 45-bit, in practice 64-bit) signed rep.
        return std::chrono::sys_time<std::chrono::milliseconds>{
            std::chrono::milliseconds{static_cast<std::chrono::milliseconds::rep>(wall_ms())}};
    }

    // Joins with another timestamp (max): timestamps form a chain, hence a lattice.
    constexpr hlc_timestamp& merge(const hlc_timestamp& other) noexcept {
        if (m_packed < other.m_packed) m_packed = other.m_packed;
        return *this;
    }

    friend constexpr bool operator==(hlc_timestamp, hlc_timestamp) = default;
    friend constexpr std::strong_ordering operator<=>(hlc_timestamp, hlc_timestamp) = default;

private:
    static constexpr unsigned logical_bits = 16;

    static constexpr std::uint64_t checked_wall(std::uint64_t wall_ms) {
        if (wall_ms > max_wall_ms)
            detail::throw_out_of_range("hlc_timestamp: wall time " + std::to_string(wall_ms) +
                                       " ms does not fit in 48 bits");
        return wall_ms;
    }

    std::uint64_t m_packed = 0;
};

// "wall_ms.logical", e.g. "1700000000123.7", for logs and test messages.
[[nodiscard]] inline std::string to_string(hlc_timestamp t) {
    return std::to_string(t.wall_ms()) + '.' + std::to_string(t.logical());
}

}  // namespace converge::inline v1
