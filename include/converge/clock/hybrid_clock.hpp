// SPDX-License-Identifier: MIT
#pragma once

#include <converge/clock/detail/hlc_clock_base.hpp>
#include <converge/clock/detail/hlc_rules.hpp>
#include <converge/clock/hlc_timestamp.hpp>
#include <converge/core/result.hpp>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace converge::inline v1 {

// The wall clock: milliseconds since the Unix epoch from std::chrono::system_clock.
// Stateless, so it is safe to call from many threads at once.
struct system_physical_clock {
    // The current wall time, truncated to milliseconds.
    [[nodiscard]] std::chrono::milliseconds operator()() const noexcept {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch());
    }
};

// A source of physical time for a hybrid clock: callable with no arguments, returning
// milliseconds since the Unix epoch. Injectable so tests can drive time by hand.
// If this fails for your type: it must be callable as `f()` on a non-const lvalue and return
// something convertible to std::chrono::milliseconds (a finer duration needs a duration_cast).
template <class F>
concept physical_clock =
    std::invocable<F&> && std::convertible_to<std::invoke_result_t<F&>, std::chrono::milliseconds>;

// What a receive event did: the new local timestamp, and whether the remote timestamp moved
// the clock past where a local event at the same physical reading would have put it.
struct hlc_update {
    hlc_timestamp timestamp;
    bool advanced_by_remote = false;

    friend bool operator==(const hlc_update&, const hlc_update&) = default;
};

// A hybrid logical clock (Kulkarni et al. 2014): timestamps that stay close to wall time yet
// respect causality like a Lamport clock (if e happened before f, ts(e) < ts(f)), and never go
// backwards even when the physical clock does. Not thread-safe; see atomic_hybrid_clock.
//
//     converge::hybrid_clock<> clock;
//     const auto sent = clock.now();                 // stamp an outgoing message
//     if (auto r = clock.receive(remote); !r) log(r.message());
//
// The settings (max_offset, max_forward_jump, the wall-time upper bound) and physical_clock()
// come from the base, shared with atomic_hybrid_clock.
template <physical_clock PhysicalClock = system_physical_clock>
class hybrid_clock : public detail::hlc_clock_base<PhysicalClock> {
    using base = detail::hlc_clock_base<PhysicalClock>;

public:
    using base::default_max_offset;

    // A clock at the zero timestamp reading `clock`. Remote timestamps more than `max_offset`
    // ahead of the physical clock are rejected. Throws std::invalid_argument if max_offset < 0.
    explicit hybrid_clock(PhysicalClock clock = {},
                          std::chrono::milliseconds max_offset = default_max_offset)
        : hybrid_clock(hlc_timestamp{}, std::move(clock), max_offset) {}

    // A clock resuming after a restart from `resume_after`, a last() value the application
    // persisted: every timestamp it issues or accepts is greater, even if the physical clock
    // is now behind it. Not checked against the physical clock: it is this node's own history.
    explicit hybrid_clock(hlc_timestamp resume_after, PhysicalClock clock = {},
                          std::chrono::milliseconds max_offset = default_max_offset)
        : base(std::move(clock), max_offset, "hybrid_clock"), m_last(resume_after) {}

    // A local or send event: returns a timestamp greater than every one issued or accepted
    // before. Throws std::overflow_error (clock unchanged) once the 48-bit wall time, or the
    // wall-time upper bound, is exhausted; std::out_of_range if the physical clock reads past
    // 48 bits; std::system_error with errc::clock_jump_detected if it jumped further ahead than
    // max_forward_jump().
    hlc_timestamp now() {
        const std::uint64_t pt = this->read_physical("hybrid_clock::now");
        const detail::hlc_step step = detail::hlc_send(m_last, pt);
        if (step.status != detail::hlc_status::ok)
            detail::hlc_throw_send_overflow("hybrid_clock::now", m_last);
        const std::uint64_t bound = this->upper_bound_ms();
        if (step.next.wall_ms() > bound)
            detail::hlc_throw_above_bound("hybrid_clock::now", step.next, bound);
        m_last = step.next;
        return m_last;
    }

    // A receive event for a message stamped `remote`: returns the new local timestamp, greater
    // than both the previous one and `remote`. Fails, leaving the clock unchanged, with
    // errc::clock_skew_exceeded if remote is more than max_offset() ahead of the physical
    // clock, or errc::clock_overflow if no later timestamp fits (in 48 bits or below the
    // wall-time upper bound). Throws for a bad physical reading, as now() does.
    [[nodiscard]] result<hlc_timestamp> receive(hlc_timestamp remote) {
        auto r = apply(remote, "hybrid_clock::receive");
        if (!r) return r.error_info();
        return r->timestamp;
    }

    // receive(), also saying whether the remote timestamp moved the clock: whether the result
    // is later than the one a local event (now()) would have given at the same reading.
    [[nodiscard]] result<hlc_update> update(hlc_timestamp remote) {
        return apply(remote, "hybrid_clock::update");
    }

    // Sets the wall time no timestamp may pass: now() throws and receive() fails rather than
    // cross it. An application persists a bound ahead of its clock and raises it in time, so
    // that after a restart it can resume past the bound without having saved every timestamp
    // (see docs/clocks.md). Throws std::invalid_argument (unchanged) if the bound is negative
    // or below last().wall_ms().
    void set_wall_time_upper_bound(std::chrono::milliseconds bound) {
        this->store_upper_bound(bound, m_last.wall_ms());
    }

    // The latest timestamp issued or accepted (or resumed after), without advancing the clock;
    // persist it to resume after a restart.
    [[nodiscard]] hlc_timestamp last() const noexcept { return m_last; }

private:
    [[nodiscard]] result<hlc_update> apply(hlc_timestamp remote, const char* who) {
        const std::uint64_t pt = this->read_physical(who);
        const std::uint64_t max_offset = this->max_offset_ms();
        const std::uint64_t bound = this->upper_bound_ms();
        const detail::hlc_step step =
            detail::hlc_bounded(detail::hlc_receive(m_last, remote, pt, max_offset), bound);
        if (step.status == detail::hlc_status::above_bound)
            return detail::hlc_bound_failure(who, remote, step.next, bound);
        if (step.status != detail::hlc_status::ok)
            return detail::hlc_receive_failure(step.status, who, remote, pt, max_offset);
        const bool by_remote = detail::hlc_moved_by_remote(m_last, pt, step.next);
        m_last = step.next;
        return hlc_update{m_last, by_remote};
    }

    hlc_timestamp m_last;
};

}  // namespace converge::inline v1
