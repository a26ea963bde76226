// SPDX-License-Identifier: MIT
// Many threads sharing one atomic_hybrid_clock; run under ThreadSanitizer by the tsan preset.
#include <converge/clock/atomic_hybrid_clock.hpp>
#include <converge/clock/hlc_timestamp.hpp>
#include <converge/clock/hybrid_clock.hpp>

#include "test_support.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <latch>
#include <random>
#include <thread>
#include <vector>

using converge::hlc_timestamp;

namespace {

constexpr int thread_count = 4;
constexpr std::size_t calls_per_thread = 100'000;

// A physical clock that never moves, so every timestamp comes from the logical counter and
// its carry into the wall time. Stateless, hence thread-safe.
struct frozen_clock {
    std::chrono::milliseconds operator()() const noexcept {
        return std::chrono::milliseconds{1'700'000'000'000};
    }
};

// What one thread saw: every timestamp it was handed, in the order it was handed them.
using history = std::vector<std::uint64_t>;

bool strictly_increasing(const history& h) {
    return std::adjacent_find(h.begin(), h.end(),
                              [](std::uint64_t a, std::uint64_t b) { return a >= b; }) == h.end();
}

// True if no timestamp appears twice across all threads.
bool all_distinct(const std::vector<history>& histories) {
    std::vector<std::uint64_t> all;
    for (const history& h : histories) all.insert(all.end(), h.begin(), h.end());
    std::sort(all.begin(), all.end());
    return std::adjacent_find(all.begin(), all.end()) == all.end();
}

// Runs body(thread_index, history&) on thread_count threads started together.
template <class Body>
std::vector<history> run_together(Body body) {
    std::vector<history> histories(thread_count);
    std::latch start(thread_count);
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < thread_count; ++t) {
            threads.emplace_back([&, t] {
                history& mine = histories[static_cast<std::size_t>(t)];
                mine.reserve(calls_per_thread);
                start.arrive_and_wait();
                body(t, mine);
            });
        }
    }
    return histories;
}

template <class Clock>
std::vector<history> check_now_from_many_threads(Clock& clock) {
    const auto histories = run_together([&](int, history& mine) {
        for (std::size_t i = 0; i < calls_per_thread; ++i) mine.push_back(clock.now().packed());
    });
    std::size_t total = 0;
    for (const history& h : histories) {
        CHECK(h.size() == calls_per_thread);
        CHECK(strictly_increasing(h));
        total += h.size();
        CHECK(h.back() <= clock.last().packed());
    }
    CHECK(total == thread_count * calls_per_thread);
    CHECK(all_distinct(histories));
    return histories;
}

}  // namespace

TEST_CASE("atomic_hybrid_clock: now() from 4 threads, system clock") {
    converge::atomic_hybrid_clock<> clock;
    check_now_from_many_threads(clock);
}

TEST_CASE("atomic_hybrid_clock: now() from 4 threads, frozen clock (logical carry)") {
    converge::atomic_hybrid_clock<frozen_clock> clock;
    check_now_from_many_threads(clock);
    // 400,000 events in one physical millisecond: the logical part carried into the wall time.
    CHECK(clock.last().wall_ms() == 1'700'000'000'000u + thread_count * calls_per_thread / 65'536);
}

TEST_CASE("atomic_hybrid_clock: mixed now() and receive() from 4 threads") {
    converge::atomic_hybrid_clock<> clock;
    // Per-thread tallies, checked after the join (Catch2 v2 assertions are not thread-safe).
    std::vector<std::size_t> rejected(thread_count, 0);
    std::vector<std::size_t> not_after_remote(thread_count, 0);
    const auto histories = run_together([&](int t, history& mine) {
        // Threads 0 and 1 stamp local events; 2 and 3 receive messages from remote replicas
        // whose clocks run up to 100 ms ahead or behind, and now and then one far ahead.
        if (t < 2) {
            for (std::size_t i = 0; i < calls_per_thread; ++i) mine.push_back(clock.now().packed());
            return;
        }
        std::minstd_rand rng(static_cast<std::uint32_t>(t));
        std::uniform_int_distribution<int> skew_ms(-100, 100);
        std::uniform_int_distribution<int> logical(0, 0xFFFF);
        for (std::size_t i = 0; i < calls_per_thread; ++i) {
            const auto pt = converge::system_physical_clock{}().count();
            const bool far_ahead = i % 1000 == 999;
            const auto wall = pt + (far_ahead ? 60'000 : skew_ms(rng));
            const hlc_timestamp remote(static_cast<std::uint64_t>(wall),
                                       static_cast<std::uint16_t>(logical(rng)));
            const auto r = clock.receive(remote);
            if (!r) {
                ++rejected[static_cast<std::size_t>(t)];
                continue;
            }
            if (!(remote < *r)) ++not_after_remote[static_cast<std::size_t>(t)];
            mine.push_back(r->packed());
        }
    });
    for (int t = 0; t < thread_count; ++t) {
        const history& h = histories[static_cast<std::size_t>(t)];
        CHECK(strictly_increasing(h));
        if (t >= 2) {
            // Exactly the far-ahead messages are rejected: the others are within 100 ms.
            CHECK(rejected[static_cast<std::size_t>(t)] == calls_per_thread / 1000);
            CHECK(not_after_remote[static_cast<std::size_t>(t)] == 0u);
            CHECK(h.size() + rejected[static_cast<std::size_t>(t)] == calls_per_thread);
        }
    }
    CHECK(all_distinct(histories));
}

TEST_CASE("atomic_hybrid_clock: resumed ahead of a frozen clock, now() from 4 threads") {
    // Saved a minute ahead of the physical clock, 535 events short of a logical carry.
    const hlc_timestamp saved(1'700'000'060'000, 65'000);
    converge::atomic_hybrid_clock<frozen_clock> clock(saved);
    const auto histories = check_now_from_many_threads(clock);
    for (const history& h : histories) CHECK(h.front() > saved.packed());
    // Each event moved the clock exactly one step past the saved timestamp, carries included.
    CHECK(clock.last().packed() == saved.packed() + thread_count * calls_per_thread);
}
