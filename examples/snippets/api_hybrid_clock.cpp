// SPDX-License-Identifier: MIT
// The examples of docs/api/hybrid_clock.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/clock/atomic_hybrid_clock.hpp>
#include <converge/clock/hybrid_clock.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <system_error>

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

void update_example() {
    std::int64_t now_ms = 1'700'000'000'000;
    // [update]
    converge::hybrid_clock<manual_clock> clock(manual_clock{&now_ms});
    clock.set_max_offset(std::chrono::milliseconds(250));  // negative: std::invalid_argument
    (void)clock.now();                                     // 1700000000000.0
    auto behind = clock.update(converge::hlc_timestamp(1'699'999'999'000, 9));
    // behind->timestamp == 1700000000000.1, behind->advanced_by_remote == false
    auto ahead = clock.update(converge::hlc_timestamp(1'700'000'000'200, 3));
    // ahead->timestamp == 1700000000200.4, ahead->advanced_by_remote == true
    // [/update]
    check(behind && behind->timestamp == converge::hlc_timestamp(1'700'000'000'000, 1) &&
              !behind->advanced_by_remote,
          "update behind");
    check(ahead && ahead->timestamp == converge::hlc_timestamp(1'700'000'000'200, 4) &&
              ahead->advanced_by_remote,
          "update ahead");
}

void forward_jump_example() {
    std::int64_t now_ms = 1'700'000'000'000;
    // [forward_jump]
    converge::hybrid_clock<manual_clock> clock(manual_clock{&now_ms});
    clock.set_max_forward_jump(std::chrono::milliseconds(1'000));
    (void)clock.now();
    now_ms += 60'000;  // the physical clock leaps a minute ahead
    try {
        (void)clock.now();
    } catch (const std::system_error& e) {
        // e.code() == converge::errc::clock_jump_detected; the clock is unchanged and keeps
        // refusing until the physical clock is back in range or the jump is accepted:
        clock.set_max_forward_jump(std::chrono::milliseconds(1'000));
    }
    // Meanwhile a timer calls clock.check_physical_clock() more often than once a second.
    // [/forward_jump]
    check(clock.now().wall_ms() == 1'700'000'060'000u, "forward jump accepted");
}

// [upper_bound]
// Startup: resume just past the bound the previous run persisted (0 on a first start).
// `persist` writes the bound durably and returns once it is on disk.
template <class Persist>
converge::hybrid_clock<> start_clock(std::uint64_t persisted_bound, Persist persist) {
    converge::hybrid_clock<> clock(
        converge::hlc_timestamp(persisted_bound, converge::hlc_timestamp::max_logical));
    const auto lease = std::chrono::milliseconds(10'000);
    const auto wall = std::max(converge::system_physical_clock{}(),
                               std::chrono::milliseconds(clock.last().wall_ms()));
    persist(wall + lease);                          // first on disk...
    clock.set_wall_time_upper_bound(wall + lease);  // ...then in force
    return clock;
}
// Then every few seconds, well within the lease, the same two steps with a later bound:
// persist(now + lease), then clock.set_wall_time_upper_bound(now + lease).
// [/upper_bound]

void upper_bound_example() {
    std::chrono::milliseconds on_disk{0};
    auto clock = start_clock(1'700'000'000'000, [&](std::chrono::milliseconds b) { on_disk = b; });
    const auto t = clock.now();
    check(t > converge::hlc_timestamp(1'700'000'000'000, converge::hlc_timestamp::max_logical) &&
              clock.wall_time_upper_bound() == on_disk &&
              t.wall_ms() <= static_cast<std::uint64_t>(on_disk.count()),
          "upper bound");
}

}  // namespace

int run_snippet_api_hybrid_clock() {
    update_example();
    forward_jump_example();
    upper_bound_example();
    hybrid_clock_example();
    atomic_hybrid_clock_example();
    resume_example();
    return failures == 0 ? 0 : 1;
}
