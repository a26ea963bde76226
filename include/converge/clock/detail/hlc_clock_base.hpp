// SPDX-License-Identifier: MIT
#pragma once

// What hybrid_clock and atomic_hybrid_clock share besides the rules: the physical clock, the
// settings (maximum offset, maximum forward jump, wall-time upper bound), their validation and
// their accessors. Each clock derives from this and adds only its state, a plain or an atomic
// last timestamp, and the way it advances that state. `Shared` makes every setting an atomic,
// so atomic_hybrid_clock may be reconfigured while other threads use it.

#include <converge/clock/detail/hlc_rules.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <utility>

namespace converge::inline v1::detail {

// One 64-bit setting: a plain integer, or a relaxed atomic for a clock shared by threads
// (each setting stands alone, so no ordering between them is needed).
template <bool Shared>
class hlc_cell {
public:
    explicit hlc_cell(std::uint64_t v) noexcept : m_value(v) {}
    [[nodiscard]] std::uint64_t load() const noexcept { return m_value; }
    void store(std::uint64_t v) noexcept { m_value = v; }
    void raise_to(std::uint64_t v) noexcept { m_value = std::max(m_value, v); }

private:
    std::uint64_t m_value;
};

template <>
class hlc_cell<true> {
public:
    explicit hlc_cell(std::uint64_t v) noexcept : m_value(v) {}
    [[nodiscard]] std::uint64_t load() const noexcept {
        return m_value.load(std::memory_order_relaxed);
    }
    void store(std::uint64_t v) noexcept { m_value.store(v, std::memory_order_relaxed); }
    void raise_to(std::uint64_t v) noexcept {
        std::uint64_t current = load();
        while (current < v &&
               !m_value.compare_exchange_weak(current, v, std::memory_order_relaxed)) {
        }
    }

private:
    std::atomic<std::uint64_t> m_value;
};

template <class PhysicalClock, bool Shared = false>
class hlc_clock_base {
public:
    using physical_clock_type = PhysicalClock;

    static constexpr std::chrono::milliseconds default_max_offset{500};

    // How far ahead of the local physical clock a remote timestamp may be.
    [[nodiscard]] std::chrono::milliseconds max_offset() const noexcept {
        return to_ms(m_max_offset.load());
    }

    // Replaces the maximum offset; throws std::invalid_argument (unchanged) if it is negative.
    void set_max_offset(std::chrono::milliseconds max_offset) {
        m_max_offset.store(hlc_max_offset_ms(max_offset, m_owner));
    }

    // How far one physical reading may run ahead of the highest earlier one; nullopt (the
    // default) when forward jumps are not checked.
    [[nodiscard]] std::optional<std::chrono::milliseconds> max_forward_jump() const noexcept {
        const std::uint64_t jump = m_max_jump.load();
        if (jump == unlimited) return std::nullopt;
        return to_ms(jump);
    }

    // Turns the forward-jump check on (or off, with nullopt) and forgets earlier readings, so
    // the next reading starts afresh: this is also how an application accepts a jump it was
    // told about. Throws std::invalid_argument (unchanged) if the jump is negative.
    void set_max_forward_jump(std::optional<std::chrono::milliseconds> jump) {
        const std::uint64_t ms =
            jump ? hlc_limit_ms(*jump, m_owner, "max_forward_jump") : unlimited;
        m_max_jump.store(ms);
        m_seen.store(0);
    }

    // Reads the physical clock only to check it for a forward jump, without issuing a
    // timestamp: call it from a timer more often than max_forward_jump(), so that a quiet
    // spell is not mistaken for a jump. Throws as now() does for a bad reading.
    void check_physical_clock() { (void)read_physical(m_owner); }

    // The wall time no timestamp of this clock may pass; nullopt (the default) when unbounded.
    [[nodiscard]] std::optional<std::chrono::milliseconds> wall_time_upper_bound() const noexcept {
        const std::uint64_t bound = m_bound.load();
        if (bound == unlimited) return std::nullopt;
        return to_ms(bound);
    }

    // Lifts the wall-time upper bound.
    void clear_wall_time_upper_bound() noexcept { m_bound.store(unlimited); }

    // The physical clock, e.g. to move a manual test clock.
    [[nodiscard]] PhysicalClock& physical_clock() noexcept { return m_physical; }
    [[nodiscard]] const PhysicalClock& physical_clock() const noexcept { return m_physical; }

protected:
    static constexpr std::uint64_t unlimited = std::numeric_limits<std::uint64_t>::max();

    // `owner` names the derived clock in the errors its settings and readings raise.
    hlc_clock_base(PhysicalClock clock, std::chrono::milliseconds max_offset, const char* owner)
        : m_physical(std::move(clock)),
          m_max_offset(hlc_max_offset_ms(max_offset, owner)),
          m_owner(owner) {}

    // One physical reading in wall milliseconds; `who` names the caller in what it throws.
    // With a forward-jump limit, a reading more than that ahead of the highest earlier one
    // throws errc::clock_jump_detected and is not remembered, so the clock keeps refusing
    // until the physical clock is back in range or the limit is set again.
    [[nodiscard]] std::uint64_t read_physical(const char* who) {
        const std::uint64_t pt = hlc_physical_ms(std::invoke(m_physical), who);
        const std::uint64_t jump = m_max_jump.load();
        const std::uint64_t seen = m_seen.load();
        if (jump != unlimited && seen != 0 && pt >= seen && pt - (seen - 1) > jump)
            hlc_throw_forward_jump(who, seen - 1, pt, jump);
        m_seen.raise_to(pt + 1);
        return pt;
    }

    // The maximum offset in the unsigned milliseconds the rules take.
    [[nodiscard]] std::uint64_t max_offset_ms() const noexcept { return m_max_offset.load(); }

    // The wall-time upper bound in milliseconds, `unlimited` when there is none.
    [[nodiscard]] std::uint64_t upper_bound_ms() const noexcept { return m_bound.load(); }

    // Sets the upper bound for a clock whose last timestamp has wall time `last_wall`: below
    // it, or negative, throws std::invalid_argument (unchanged).
    void store_upper_bound(std::chrono::milliseconds bound, std::uint64_t last_wall) {
        const std::uint64_t ms = hlc_limit_ms(bound, m_owner, "wall_time_upper_bound");
        if (ms < last_wall)
            throw_invalid_argument(text(m_owner, ": wall_time_upper_bound ", ms,
                                        " ms is below the wall time of the last timestamp, ",
                                        last_wall, " ms"));
        m_bound.store(ms);
    }

private:
    static std::chrono::milliseconds to_ms(std::uint64_t ms) noexcept {
        return std::chrono::milliseconds{static_cast<std::chrono::milliseconds::rep>(ms)};
    }

    PhysicalClock m_physical;
    hlc_cell<Shared> m_max_offset;           // milliseconds, validated non-negative
    hlc_cell<Shared> m_max_jump{unlimited};  // milliseconds, or unlimited: not checked
    hlc_cell<Shared> m_seen{0};              // one past the highest reading; 0 before the first
    hlc_cell<Shared> m_bound{unlimited};     // milliseconds, or unlimited: unbounded
    const char* m_owner;
};

}  // namespace converge::inline v1::detail
