// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/detail/text.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>

#include <algorithm>
#include <compare>
#include <concepts>
#include <cstdint>
#include <limits>
#include <string>

namespace converge::inline v1 {

// A Lamport clock (Lamport 1978): if event e happened before f, then ts(e) < ts(f). The
// converse does not hold; use vector_clock to detect concurrency. Counters never wrap:
// a local tick past the largest value throws, a remote value that would push the clock past
// it is rejected.
template <std::unsigned_integral Counter = std::uint64_t>
class lamport_clock {
public:
    using counter_type = Counter;

    constexpr lamport_clock() noexcept = default;
    constexpr explicit lamport_clock(Counter start) noexcept : m_time(start) {}

    // The current time, without advancing it.
    [[nodiscard]] constexpr Counter now() const noexcept { return m_time; }

    // A local or send event: advances the clock and returns the event's timestamp.
    // Throws std::overflow_error (clock unchanged) if the clock is at its largest value.
    constexpr Counter tick() {
        if (m_time == std::numeric_limits<Counter>::max())
            detail::throw_overflow("lamport_clock::tick would pass the counter's largest value");
        return ++m_time;
    }

    // A receive event carrying `remote`: the clock becomes max(local, remote) + 1, which is
    // returned. A remote value at the counter's largest value is rejected with
    // errc::clock_overflow and the clock is left unchanged.
    [[nodiscard]] constexpr result<Counter> receive(Counter remote) {
        const Counter latest = std::max(m_time, remote);
        if (latest == std::numeric_limits<Counter>::max())
            return failure(errc::clock_overflow,
                           detail::text("lamport_clock::receive: remote time ", remote,
                                        " leaves no room to advance"));
        m_time = latest + 1;
        return m_time;
    }

    // Joins another clock's state (max), without counting an event.
    constexpr lamport_clock& merge(const lamport_clock& other) noexcept {
        m_time = std::max(m_time, other.m_time);
        return *this;
    }

    friend constexpr bool operator==(const lamport_clock&, const lamport_clock&) = default;
    friend constexpr auto operator<=>(const lamport_clock&, const lamport_clock&) = default;

private:
    Counter m_time = 0;
};

}  // namespace converge::inline v1
