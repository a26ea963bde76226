// SPDX-License-Identifier: MIT
#pragma once

// The hybrid logical clock rules (Kulkarni et al. 2014) as pure functions of the last
// timestamp and a physical reading, written once and shared by hybrid_clock and
// atomic_hybrid_clock (which applies them inside a compare-exchange loop).

#include <converge/clock/hlc_timestamp.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>

namespace converge::inline v1::detail {

enum class hlc_status { ok, skew_exceeded, overflow };

// The next timestamp, or why there is none (then `next` is meaningless).
struct hlc_step {
    hlc_timestamp next;
    hlc_status status = hlc_status::ok;
};

// A physical reading in wall milliseconds. Before the epoch counts as 0; past 48 bits is a
// broken physical clock, not an event to tolerate, so it throws.
[[nodiscard]] inline std::uint64_t hlc_physical_ms(std::chrono::milliseconds reading,
                                                   const char* who) {
    if (reading.count() <= 0) return 0;
    const auto ms = static_cast<std::uint64_t>(reading.count());
    if (ms > hlc_timestamp::max_wall_ms)
        throw_out_of_range(
            text(who, ": physical clock reading ", ms, " ms does not fit in 48 bits"));
    return ms;
}

// The configured maximum offset as unsigned milliseconds; a negative one is a caller bug.
[[nodiscard]] inline std::uint64_t hlc_max_offset_ms(std::chrono::milliseconds max_offset,
                                                     const char* who) {
    if (max_offset.count() < 0)
        throw_invalid_argument(text(who, ": max_offset must not be negative"));
    return static_cast<std::uint64_t>(max_offset.count());
}

// (wall, logical) with a logical count one past the 16 bits carried into the wall time, so
// the timestamp still advances; fails only when the wall time itself would pass 48 bits.
[[nodiscard]] constexpr hlc_step hlc_make(std::uint64_t wall, std::uint32_t logical) noexcept {
    if (logical > hlc_timestamp::max_logical) {
        ++wall;
        logical = 0;
    }
    if (wall > hlc_timestamp::max_wall_ms) return {hlc_timestamp{}, hlc_status::overflow};
    return {hlc_timestamp::from_packed(wall << 16 | logical), hlc_status::ok};
}

// Local or send event: l' = max(l, pt); c' = (l' == l) ? c + 1 : 0.
[[nodiscard]] constexpr hlc_step hlc_send(hlc_timestamp last, std::uint64_t pt) noexcept {
    if (pt > last.wall_ms()) return hlc_make(pt, 0);
    return hlc_make(last.wall_ms(), std::uint32_t{last.logical()} + 1);
}

// Receive event: rejects a remote wall time more than max_offset ahead of pt (as CockroachDB
// does, so one bad clock cannot drag every clock into the future); otherwise
// l' = max(l, lm, pt) and c' counts past whichever of the two logical parts shares l'.
[[nodiscard]] constexpr hlc_step hlc_receive(hlc_timestamp last, hlc_timestamp remote,
                                             std::uint64_t pt, std::uint64_t max_offset) noexcept {
    const std::uint64_t l = last.wall_ms();
    const std::uint64_t lm = remote.wall_ms();
    // Written as a difference: pt + max_offset may not fit in 64 bits.
    if (lm > pt && lm - pt > max_offset) return {hlc_timestamp{}, hlc_status::skew_exceeded};

    const std::uint64_t wall = std::max({l, lm, pt});
    const std::uint32_t c = last.logical();
    const std::uint32_t cm = remote.logical();
    if (wall == l && wall == lm) return hlc_make(wall, std::max(c, cm) + 1);
    if (wall == l) return hlc_make(wall, c + 1);
    if (wall == lm) return hlc_make(wall, cm + 1);
    return hlc_make(wall, 0);
}

// The failure a receive reports for a step that did not succeed.
[[nodiscard]] inline failure hlc_receive_failure(hlc_status status, const char* who,
                                                 hlc_timestamp remote, std::uint64_t pt,
                                                 std::uint64_t max_offset) {
    if (status == hlc_status::skew_exceeded)
        return failure(errc::clock_skew_exceeded,
                       text(who, ": remote wall time ", remote.wall_ms(), " ms is ",
                            remote.wall_ms() - pt, " ms ahead of the local physical clock (", pt,
                            " ms), more than the max offset of ", max_offset, " ms"));
    return failure(errc::clock_overflow,
                   text(who, ": accepting remote timestamp ", to_string(remote),
                        " would push the wall time past ", hlc_timestamp::max_wall_ms, " ms"));
}

// Thrown by a local event on a clock whose timestamps are exhausted.
[[noreturn]] inline void hlc_throw_send_overflow(const char* who, hlc_timestamp last) {
    throw_overflow(
        text(who, ": no timestamp after ", to_string(last), " fits in 48 bits of wall time"));
}

}  // namespace converge::inline v1::detail
