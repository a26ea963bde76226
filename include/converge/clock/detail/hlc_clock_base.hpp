// SPDX-License-Identifier: MIT
#pragma once

// What hybrid_clock and atomic_hybrid_clock share besides the rules: the physical clock, the
// maximum offset, their validation and their accessors. Each clock derives from this and adds
// only its state, a plain or an atomic last timestamp, and the way it advances that state.

#include <converge/clock/detail/hlc_rules.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>

namespace converge::inline v1::detail {

template <class PhysicalClock>
class hlc_clock_base {
public:
    using physical_clock_type = PhysicalClock;

    static constexpr std::chrono::milliseconds default_max_offset{500};

    // How far ahead of the local physical clock a remote timestamp may be.
    [[nodiscard]] std::chrono::milliseconds max_offset() const noexcept {
        return std::chrono::milliseconds{static_cast<std::chrono::milliseconds::rep>(m_max_offset)};
    }

    // The physical clock, e.g. to move a manual test clock.
    [[nodiscard]] PhysicalClock& physical_clock() noexcept { return m_physical; }
    [[nodiscard]] const PhysicalClock& physical_clock() const noexcept { return m_physical; }

protected:
    // `owner` names the derived clock in the error a negative max_offset throws.
    hlc_clock_base(PhysicalClock clock, std::chrono::milliseconds max_offset, const char* owner)
        : m_physical(std::move(clock)), m_max_offset(hlc_max_offset_ms(max_offset, owner)) {}

    // One physical reading in wall milliseconds; `who` names the caller if it is past 48 bits.
    [[nodiscard]] std::uint64_t read_physical(const char* who) {
        return hlc_physical_ms(std::invoke(m_physical), who);
    }

    // The maximum offset in the unsigned milliseconds the rules take.
    [[nodiscard]] std::uint64_t max_offset_ms() const noexcept { return m_max_offset; }

private:
    PhysicalClock m_physical;
    std::uint64_t m_max_offset;  // milliseconds, validated non-negative
};

}  // namespace converge::inline v1::detail
