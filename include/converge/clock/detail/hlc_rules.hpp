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

enum class hlc_status { ok, skew_exceeded, overflow, above_bound };

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

// Another non-negative millisecond setting, `what` naming it in the error.
[[nodiscard]] inline std::uint64_t hlc_limit_ms(std::chrono::milliseconds limit, const char* who,
                                                const char* what) {
    if (limit.count() < 0) throw_invalid_argument(text(who, ": ", what, " must not be negative"));
    return static_cast<std::uint64_t>(limit.count());
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

// `step` refused if its wall time passes `bound` (a wall-time upper bound the application
// persisted), so no timestamp outlives a restart unseen.
[[nodiscard]] constexpr hlc_step hlc_bounded(hlc_step step, std::uint64_t bound) noexcept {
    if (step.status == hlc_status::ok && step.next.wall_ms() > bound)
        return {step.next, hlc_status::above_bound};
    return step;
}

// Whether a receive that led from `last` to `next` at reading `pt` went further than a local
// event would have: then the remote timestamp, not this clock, decided `next`.
[[nodiscard]] constexpr bool hlc_moved_by_remote(hlc_timestamp last, std::uint64_t pt,
                                                 hlc_timestamp next) noexcept {
    const hlc_step local = hlc_send(last, pt);
    return local.status != hlc_status::ok || local.next < next;
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

// The same for a step refused by the wall-time upper bound.
[[nodiscard]] inline failure hlc_bound_failure(const char* who, hlc_timestamp remote,
                                               hlc_timestamp next, std::uint64_t bound) {
    return failure(
        errc::clock_overflow,
        text(who, ": accepting remote timestamp ", to_string(remote), " would move the clock to ",
             to_string(next), ", past the wall-time upper bound of ", bound, " ms"));
}

// Thrown by a local event that the wall-time upper bound refuses.
[[noreturn]] inline void hlc_throw_above_bound(const char* who, hlc_timestamp next,
                                               std::uint64_t bound) {
    throw_overflow(text(who, ": timestamp ", to_string(next),
                        " would pass the wall-time upper bound of ", bound,
                        " ms (raise it with set_wall_time_upper_bound)"));
}

// Thrown for a physical reading that jumped further ahead than the clock allows.
[[noreturn]] inline void hlc_throw_forward_jump(const char* who, std::uint64_t previous,
                                                std::uint64_t reading, std::uint64_t max_jump) {
    throw_error(
        errc::clock_jump_detected,
        text(who, ": physical clock jumped forward ", reading - previous, " ms (from ", previous,
             " to ", reading, " ms), more than the max forward jump of ", max_jump, " ms"));
}

// Thrown by a local event on a clock whose timestamps are exhausted.
[[noreturn]] inline void hlc_throw_send_overflow(const char* who, hlc_timestamp last) {
    throw_overflow(
        text(who, ": no timestamp after ", to_string(last), " fits in 48 bits of wall time"));
}

}  // namespace converge::inline v1::detail
