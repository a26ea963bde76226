// SPDX-License-Identifier: MIT
// The examples of docs/api/hybrid_clock.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/clock/atomic_hybrid_clock.hpp>
#include <converge/clock/hybrid_clock.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/hybrid_clock.md example broken: %s\n", what);
        ++failures;
    }
}

// [manual_clock]
struct manual_clock {  // a physical clock that a test moves by hand
    std::int64_t* ms;
    std::chrono::milliseconds operator()() const { return std::chrono::milliseconds(*ms); }
};
// [/manual_clock]

void hybrid_clock_example() {
    // [hybrid_clock]
    using converge::hlc_timestamp;
    std::int64_t now_ms = 1'700'000'000'000;
    converge::hybrid_clock<manual_clock> clock(manual_clock{&now_ms});  // max_offset 500 ms
    const auto t1 = clock.now();                                        // 1700000000000.0
    const auto t2 = clock.now();  // 1700000000000.1: same millisecond, logical + 1
    now_ms -= 1'000;              // the physical clock steps back one second...
    const auto t3 = clock.now();  // 1700000000000.2: ...the clock does not
    now_ms += 1'000;

    auto accepted = clock.receive(hlc_timestamp(1'700'000'000'300, 4));  // 300 ms ahead
    // *accepted == 1700000000300.5: greater than both the last timestamp and the remote one
    auto rejected = clock.receive(hlc_timestamp(1'700'000'001'000, 0));  // 1 s ahead
    // rejected.error() == converge::errc::clock_skew_exceeded; clock.last() == *accepted
    // [/hybrid_clock]
    check(t1 == hlc_timestamp(1'700'000'000'000, 0) && t2 == hlc_timestamp(1'700'000'000'000, 1) &&
              t3 == hlc_timestamp(1'700'000'000'000, 2),
          "now");
    check(accepted && *accepted == hlc_timestamp(1'700'000'000'300, 5), "receive");
    check(!rejected && rejected.error() == converge::errc::clock_skew_exceeded && accepted &&
              clock.last() == *accepted,
          "rejected receive");
    bool threw = false;
    try {
        converge::hybrid_clock<manual_clock> bad(manual_clock{&now_ms},
                                                 std::chrono::milliseconds(-1));
        check(bad.max_offset().count() == -1, "unreachable");
    } catch (const std::invalid_argument&) {
        threw = true;
    }
    check(threw, "negative max_offset");
}

void atomic_hybrid_clock_example() {
    // [atomic_hybrid_clock]
    converge::atomic_hybrid_clock<> shared;  // the wall clock; one object for many threads
    const auto a = shared.now();             // safe to call from any thread
    const auto b = shared.now();             // b > a: timestamps are distinct and increasing
    const auto far = converge::hlc_timestamp(b.wall_ms() + 60'000, 0);
    auto r = shared.receive(far);  // a minute ahead: errc::clock_skew_exceeded
    // [/atomic_hybrid_clock]
    check(a < b && !r && r.error() == converge::errc::clock_skew_exceeded && shared.last() == b,
          "atomic clock");
}

void resume_example() {
    // [resume]
    converge::hybrid_clock<> clock;
    const auto t = clock.now();
    const std::uint64_t saved = clock.last().packed();  // persist it with what `t` stamps

    // After a restart, even if the wall clock is now behind the saved timestamp:
    converge::hybrid_clock<> plain(converge::hlc_timestamp::from_packed(saved));
    converge::atomic_hybrid_clock<> shared(converge::hlc_timestamp::from_packed(saved));
    // plain.last() == shared.last() == t, and every timestamp issued from now on is greater
    // [/resume]
    check(plain.last() == t && shared.last() == t && plain.now() > t && shared.now() > t, "resume");
}

}  // namespace

int run_snippet_api_hybrid_clock() {
    hybrid_clock_example();
    atomic_hybrid_clock_example();
    resume_example();
    return failures == 0 ? 0 : 1;
}
