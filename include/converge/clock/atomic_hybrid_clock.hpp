// SPDX-License-Identifier: MIT
#pragma once

#include <converge/clock/detail/hlc_rules.hpp>
#include <converge/clock/hlc_timestamp.hpp>
#include <converge/clock/hybrid_clock.hpp>
#include <converge/core/result.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

namespace converge::inline v1 {

// A hybrid logical clock that many threads may share: the same rules and guarantees as
// hybrid_clock, lock-free. The state is one atomic 64-bit word (the packed last timestamp),
// advanced by a compare-exchange loop, so every timestamp it issues or accepts is distinct and
// all of them are totally ordered in the order they took effect.
//
// The physical clock is called concurrently from every thread that uses the clock, so it must
// be thread-safe (system_physical_clock is). Neither copyable nor movable.
template <physical_clock PhysicalClock = system_physical_clock>
class atomic_hybrid_clock {
    static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
                  "converge::atomic_hybrid_clock needs a lock-free 64-bit std::atomic");

public:
    using physical_clock_type = PhysicalClock;

    static constexpr std::chrono::milliseconds default_max_offset{500};

    // A clock at the zero timestamp reading `clock`. Remote timestamps more than `max_offset`
    // ahead of the physical clock are rejected. Throws std::invalid_argument if max_offset < 0.
    explicit atomic_hybrid_clock(PhysicalClock clock = {},
                                 std::chrono::milliseconds max_offset = default_max_offset)
        : m_physical(std::move(clock)),
          m_max_offset(detail::hlc_max_offset_ms(max_offset, "atomic_hybrid_clock")) {}

    // A local or send event, as hybrid_clock::now(); safe to call from many threads.
    hlc_timestamp now() {
        // One reading per call: a reading a few retries old is still a valid lower bound.
        const std::uint64_t pt = read_physical("atomic_hybrid_clock::now");
        std::uint64_t current = m_state.load(std::memory_order_relaxed);
        for (;;) {
            const detail::hlc_step step = detail::hlc_send(hlc_timestamp::from_packed(current), pt);
            if (step.status != detail::hlc_status::ok)
                detail::hlc_throw_send_overflow("atomic_hybrid_clock::now",
                                                hlc_timestamp::from_packed(current));
            // acq_rel: whoever later reads this timestamp also sees what preceded issuing it.
            if (m_state.compare_exchange_weak(current, step.next.packed(),
                                              std::memory_order_acq_rel, std::memory_order_relaxed))
                return step.next;
        }
    }

    // A receive event, as hybrid_clock::receive(); safe to call from many threads. On failure
    // the clock is unchanged.
    [[nodiscard]] result<hlc_timestamp> receive(hlc_timestamp remote) {
        const std::uint64_t pt = read_physical("atomic_hybrid_clock::receive");
        std::uint64_t current = m_state.load(std::memory_order_relaxed);
        for (;;) {
            const detail::hlc_step step =
                detail::hlc_receive(hlc_timestamp::from_packed(current), remote, pt, m_max_offset);
            if (step.status != detail::hlc_status::ok)
                return detail::hlc_receive_failure(step.status, "atomic_hybrid_clock::receive",
                                                   remote, pt, m_max_offset);
            if (m_state.compare_exchange_weak(current, step.next.packed(),
                                              std::memory_order_acq_rel, std::memory_order_relaxed))
                return step.next;
        }
    }

    // The latest timestamp issued or accepted, without advancing the clock.
    [[nodiscard]] hlc_timestamp last() const noexcept {
        return hlc_timestamp::from_packed(m_state.load(std::memory_order_acquire));
    }

    // How far ahead of the local physical clock a remote timestamp may be.
    [[nodiscard]] std::chrono::milliseconds max_offset() const noexcept {
        return std::chrono::milliseconds{static_cast<std::chrono::milliseconds::rep>(m_max_offset)};
    }

    // The physical clock, e.g. to move a manual test clock. Changing it while other threads
    // use the clock is a data race unless the physical clock itself is thread-safe.
    [[nodiscard]] PhysicalClock& physical_clock() noexcept { return m_physical; }
    [[nodiscard]] const PhysicalClock& physical_clock() const noexcept { return m_physical; }

private:
    std::uint64_t read_physical(const char* who) {
        return detail::hlc_physical_ms(std::invoke(m_physical), who);
    }

    PhysicalClock m_physical;
    std::uint64_t m_max_offset;  // milliseconds, validated non-negative
    std::atomic<std::uint64_t> m_state{0};
};

}  // namespace converge::inline v1
