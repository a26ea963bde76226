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

}  // namespace

int main() {
    const auto far_future = converge::hlc_timestamp(converge::hlc_timestamp::max_wall_ms, 0);
    rejection_example(far_future);
    return (warnings == 1 ? 0 : 1) + manual_clock_example();
}
