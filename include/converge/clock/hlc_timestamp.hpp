// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/detail/text.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>

#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

    // The smallest timestamp after this one (logical + 1, carrying into the next millisecond
    // at the counter's top, as the clock does); none after the very last timestamp.
    [[nodiscard]] constexpr std::optional<hlc_timestamp> next() const noexcept {
        if (m_packed == ~std::uint64_t{0}) return std::nullopt;
        return from_packed(m_packed + 1);
    }

    // The largest timestamp before this one; none before the zero timestamp.
    [[nodiscard]] constexpr std::optional<hlc_timestamp> prev() const noexcept {
        if (m_packed == 0) return std::nullopt;
        return from_packed(m_packed - 1);
    }

    // This timestamp moved by `wall` (may be negative) and then `logical` steps, a logical
    // count past the top carrying into the wall time; none if that leaves the 64-bit range.
    [[nodiscard]] constexpr std::optional<hlc_timestamp> add(
        std::chrono::milliseconds wall, std::uint16_t logical = 0) const noexcept {
        // Both parts are one addition on the packed word, whose carry is the logical carry.
        const auto w = wall.count();
        std::uint64_t packed = m_packed;
        if (w >= 0) {
            const auto up = static_cast<std::uint64_t>(w);
            if (up > max_wall_ms || (up << logical_bits) > ~std::uint64_t{0} - packed)
                return std::nullopt;
            packed += up << logical_bits;
        } else {
            // -(w + 1) + 1 avoids negating the most negative rep.
            const std::uint64_t down = static_cast<std::uint64_t>(-(w + 1)) + 1;
            if (down > wall_ms()) return std::nullopt;
            packed -= down << logical_bits;
        }
        if (logical > ~std::uint64_t{0} - packed) return std::nullopt;
        return from_packed(packed + logical);
    }

    // Reads what to_string prints, "wall_ms.logical" in decimal without sign, spaces or
    // leading zeros, and nothing else; fails with errc::invalid_value naming the position.
    [[nodiscard]] static result<hlc_timestamp> parse(std::string_view text);

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
            detail::throw_out_of_range(
                detail::text("hlc_timestamp: wall time ", wall_ms, " ms does not fit in 48 bits"));
        return wall_ms;
    }

    std::uint64_t m_packed = 0;
};

// "wall_ms.logical", e.g. "1700000000123.7", for logs and test messages.
[[nodiscard]] inline std::string to_string(hlc_timestamp t) {
    return detail::text(t.wall_ms(), '.', t.logical());
}

namespace detail {

// One decimal field of hlc_timestamp::parse starting at `pos`, at most `max`; advances `pos`.
inline std::optional<failure> hlc_parse_field(std::string_view in, std::size_t& pos,
                                              std::uint64_t max, const char* what,
                                              std::uint64_t& out) {
    const auto fail = [](std::size_t at, const auto&... why) {
        return failure(errc::invalid_value,
                       text("hlc_timestamp::parse: ", why..., " at position ", at), at);
    };
    const std::size_t start = pos;
    out = 0;
    while (pos < in.size() && in[pos] >= '0' && in[pos] <= '9') {
        // Canonical like to_string: "0" alone, never "07".
        if (pos > start && in[start] == '0') return fail(start, "leading zero in the ", what);
        const auto digit = static_cast<std::uint64_t>(in[pos] - '0');
        if (out > (max - digit) / 10) return fail(start, what, " out of range");
        out = out * 10 + digit;
        ++pos;
    }
    if (pos == start) return fail(pos, "expected a digit of the ", what);
    return std::nullopt;
}

}  // namespace detail

inline result<hlc_timestamp> hlc_timestamp::parse(std::string_view text) {
    std::size_t pos = 0;
    std::uint64_t wall = 0;
    std::uint64_t logical = 0;
    if (auto f = detail::hlc_parse_field(text, pos, max_wall_ms, "wall time", wall))
        return *std::move(f);
    if (pos == text.size() || text[pos] != '.')
        return failure(errc::invalid_value,
                       detail::text("hlc_timestamp::parse: expected '.' at position ", pos), pos);
    ++pos;
    if (auto f = detail::hlc_parse_field(text, pos, max_logical, "logical counter", logical))
        return *std::move(f);
    if (pos != text.size())
        return failure(errc::invalid_value,
                       detail::text("hlc_timestamp::parse: unexpected character at position ", pos),
                       pos);
    return hlc_timestamp(wall, static_cast<std::uint16_t>(logical));
}

}  // namespace converge::inline v1
