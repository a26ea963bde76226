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

// A hybrid logical clock (Kulkarni et al. 2014): timestamps that stay close to wall time yet
// respect causality like a Lamport clock (if e happened before f, ts(e) < ts(f)), and never go
// backwards even when the physical clock does. Not thread-safe; see atomic_hybrid_clock.
//
//     converge::hybrid_clock<> clock;
//     const auto sent = clock.now();                 // stamp an outgoing message
//     if (auto r = clock.receive(remote); !r) log(r.message());
//
// max_offset() and physical_clock() come from the base, shared with atomic_hybrid_clock.
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
    // before. Throws std::overflow_error (clock unchanged) once the 48-bit wall time is
    // exhausted, and std::out_of_range if the physical clock reads past 48 bits.
    hlc_timestamp now() {
        const std::uint64_t pt = this->read_physical("hybrid_clock::now");
        const detail::hlc_step step = detail::hlc_send(m_last, pt);
        if (step.status != detail::hlc_status::ok)
            detail::hlc_throw_send_overflow("hybrid_clock::now", m_last);
        m_last = step.next;
        return m_last;
    }

    // A receive event for a message stamped `remote`: returns the new local timestamp, greater
    // than both the previous one and `remote`. Fails, leaving the clock unchanged, with
    // errc::clock_skew_exceeded if remote is more than max_offset() ahead of the physical
    // clock, or errc::clock_overflow if no later timestamp fits.
    [[nodiscard]] result<hlc_timestamp> receive(hlc_timestamp remote) {
        const std::uint64_t pt = this->read_physical("hybrid_clock::receive");
        const std::uint64_t max_offset = this->max_offset_ms();
        const detail::hlc_step step = detail::hlc_receive(m_last, remote, pt, max_offset);
        if (step.status != detail::hlc_status::ok)
            return detail::hlc_receive_failure(step.status, "hybrid_clock::receive", remote, pt,
                                               max_offset);
        m_last = step.next;
        return m_last;
    }

    // The latest timestamp issued or accepted (or resumed after), without advancing the clock;
    // persist it to resume after a restart.
    [[nodiscard]] hlc_timestamp last() const noexcept { return m_last; }

private:
    hlc_timestamp m_last;
};

}  // namespace converge::inline v1
