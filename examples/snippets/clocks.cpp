// SPDX-License-Identifier: MIT
// The code blocks of docs/clocks.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/clock/hybrid_clock.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string_view>

namespace {

int warnings = 0;
void log_warning(std::string_view message) {
    std::printf("warning: %.*s\n", static_cast<int>(message.size()), message.data());
    ++warnings;
}

void rejection_example(converge::hlc_timestamp remote) {
    // [reject]
    converge::hybrid_clock<> clock;  // max_offset = 500 ms
    if (auto r = clock.receive(remote); !r) {
        // r.error() == converge::errc::clock_skew_exceeded, the clock is exactly as before
        log_warning(r.message());  // names the remote time, the local time and the offset
    }
    // [/reject]
}

// [manual_clock]
struct manual_clock {
    std::int64_t* ms;
    std::chrono::milliseconds operator()() const { return std::chrono::milliseconds(*ms); }
};
// [/manual_clock]

int manual_clock_example() {
    // [manual_clock_use]
    std::int64_t now_ms = 1'700'000'000'000;
    converge::hybrid_clock<manual_clock> clock(manual_clock{&now_ms});
    // [/manual_clock_use]
    return clock.now().wall_ms() == 1'700'000'000'000 ? 0 : 1;
}

int resume_example() {
    // [resume]
    std::int64_t now_ms = 1'700'000'000'000;
    converge::hybrid_clock<manual_clock> clock(manual_clock{&now_ms});
    const auto sent = clock.now();  // 1700000000000.0, stamped on a message that left
    const std::uint64_t saved = clock.last().packed();  // made durable before it left

    // The process restarts; meanwhile NTP stepped the wall clock back two seconds.
    now_ms -= 2'000;
    converge::hybrid_clock<manual_clock> resumed(converge::hlc_timestamp::from_packed(saved),
                                                 manual_clock{&now_ms});
    const auto next = resumed.now();  // 1700000000000.1: after `sent`, not 1699999998000.0
    // [/resume]
    return next > sent && next == converge::hlc_timestamp(1'700'000'000'000, 1) ? 0 : 1;
}

}  // namespace

int run_snippet_clocks() {
    const auto far_future = converge::hlc_timestamp(converge::hlc_timestamp::max_wall_ms, 0);
    rejection_example(far_future);
    return (warnings == 1 ? 0 : 1) + manual_clock_example() + resume_example();
}
