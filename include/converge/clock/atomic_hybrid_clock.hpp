// SPDX-License-Identifier: MIT
#pragma once

#include <converge/clock/detail/hlc_clock_base.hpp>
#include <converge/clock/detail/hlc_rules.hpp>
#include <converge/clock/hlc_timestamp.hpp>
#include <converge/clock/hybrid_clock.hpp>
#include <converge/core/result.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <utility>

namespace converge::inline v1 {

// A hybrid logical clock that many threads may share: the same rules and guarantees as
// hybrid_clock, lock-free. The state is one atomic 64-bit word (the packed last timestamp),
// advanced by a compare-exchange loop, so every timestamp it issues or accepts is distinct and
// all of them are totally ordered in the order they took effect.
//
// The physical clock is called concurrently from every thread that uses the clock, so it must
// be thread-safe (system_physical_clock is); changing it through physical_clock() while other
// threads use the clock is a data race unless it is. Neither copyable nor movable.
template <physical_clock PhysicalClock = system_physical_clock>
class atomic_hybrid_clock : public detail::hlc_clock_base<PhysicalClock, true> {
    static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
                  "converge::atomic_hybrid_clock needs a lock-free 64-bit std::atomic");

    using base = detail::hlc_clock_base<PhysicalClock, true>;

public:
    using base::default_max_offset;

    // A clock at the zero timestamp reading `clock`. Remote timestamps more than `max_offset`
    // ahead of the physical clock are rejected. Throws std::invalid_argument if max_offset < 0.
    explicit atomic_hybrid_clock(PhysicalClock clock = {},
                                 std::chrono::milliseconds max_offset = default_max_offset)
        : atomic_hybrid_clock(hlc_timestamp{}, std::move(clock), max_offset) {}

    // A clock resuming after a restart from `resume_after`, as the hybrid_clock constructor.
    explicit atomic_hybrid_clock(hlc_timestamp resume_after, PhysicalClock clock = {},
                                 std::chrono::milliseconds max_offset = default_max_offset)
        : base(std::move(clock), max_offset, "atomic_hybrid_clock"),
          m_state(resume_after.packed()) {}

    // A local or send event, as hybrid_clock::now(); safe to call from many threads.
    hlc_timestamp now() {
        // One reading per call: a reading a few retries old is still a valid lower bound.
        const std::uint64_t pt = this->read_physical("atomic_hybrid_clock::now");
        const std::uint64_t bound = this->upper_bound_ms();
        std::uint64_t current = m_state.load(std::memory_order_relaxed);
        for (;;) {
            const detail::hlc_step step = detail::hlc_send(hlc_timestamp::from_packed(current), pt);
            if (step.status != detail::hlc_status::ok)
                detail::hlc_throw_send_overflow("atomic_hybrid_clock::now",
                                                hlc_timestamp::from_packed(current));
            if (step.next.wall_ms() > bound)
                detail::hlc_throw_above_bound("atomic_hybrid_clock::now", step.next, bound);
            // acq_rel: whoever later reads this timestamp also sees what preceded issuing it.
            if (m_state.compare_exchange_weak(current, step.next.packed(),
                                              std::memory_order_acq_rel, std::memory_order_relaxed))
                return step.next;
        }
    }

    // A receive event, as hybrid_clock::receive(); safe to call from many threads. On failure
    // the clock is unchanged.
    [[nodiscard]] result<hlc_timestamp> receive(hlc_timestamp remote) {
        auto r = apply(remote, "atomic_hybrid_clock::receive");
        if (!r) return r.error_info();
        return r->timestamp;
    }

    // A receive event saying whether the remote moved the clock, as hybrid_clock::update();
    // `advanced_by_remote` compares with a local event at the same reading from the timestamp
    // this update replaced.
    [[nodiscard]] result<hlc_update> update(hlc_timestamp remote) {
        return apply(remote, "atomic_hybrid_clock::update");
    }

    // As hybrid_clock::set_wall_time_upper_bound. Not ordered with concurrent now()/receive():
    // one of them may still be checked against the previous bound, so lower it only while no
    // other thread issues timestamps (raising it, the usual case, is always safe).
    void set_wall_time_upper_bound(std::chrono::milliseconds bound) {
        this->store_upper_bound(bound, last().wall_ms());
    }

    // The latest timestamp issued or accepted (or resumed after), without advancing the clock;
    // persist it to resume after a restart.
    [[nodiscard]] hlc_timestamp last() const noexcept {
        return hlc_timestamp::from_packed(m_state.load(std::memory_order_acquire));
    }

private:
    [[nodiscard]] result<hlc_update> apply(hlc_timestamp remote, const char* who) {
        const std::uint64_t pt = this->read_physical(who);
        const std::uint64_t max_offset = this->max_offset_ms();
        const std::uint64_t bound = this->upper_bound_ms();
        std::uint64_t current = m_state.load(std::memory_order_relaxed);
        for (;;) {
            const hlc_timestamp last = hlc_timestamp::from_packed(current);
            const detail::hlc_step step =
                detail::hlc_bounded(detail::hlc_receive(last, remote, pt, max_offset), bound);
            if (step.status == detail::hlc_status::above_bound)
                return detail::hlc_bound_failure(who, remote, step.next, bound);
            if (step.status != detail::hlc_status::ok)
                return detail::hlc_receive_failure(step.status, who, remote, pt, max_offset);
            if (m_state.compare_exchange_weak(current, step.next.packed(),
                                              std::memory_order_acq_rel, std::memory_order_relaxed))
                return hlc_update{step.next, detail::hlc_moved_by_remote(last, pt, step.next)};
        }
    }

    std::atomic<std::uint64_t> m_state;  // the packed last timestamp
};

}  // namespace converge::inline v1
