// SPDX-License-Identifier: MIT
// Clock costs: hybrid clocks against a raw system_clock read (their floor), Lamport ticks,
// and vector clock merge/compare as the number of replicas grows.
#include <converge/clock/atomic_hybrid_clock.hpp>
#include <converge/clock/hybrid_clock.hpp>
#include <converge/clock/lamport_clock.hpp>
#include <converge/clock/vector_clock.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace {

using vc = converge::vector_clock<>;

// The floor for hybrid clocks: what reading the physical clock alone costs.
void BM_baseline_system_clock_read(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(std::chrono::system_clock::now());
}
BENCHMARK(BM_baseline_system_clock_read);

void BM_hybrid_clock_now(benchmark::State& state) {
    converge::hybrid_clock<> clock;
    for (auto _ : state) benchmark::DoNotOptimize(clock.now());
}
BENCHMARK(BM_hybrid_clock_now);

void BM_atomic_hybrid_clock_now(benchmark::State& state) {
    static converge::atomic_hybrid_clock<> clock;  // shared by the benchmark's threads
    for (auto _ : state) benchmark::DoNotOptimize(clock.now());
}
BENCHMARK(BM_atomic_hybrid_clock_now)->Threads(1)->Threads(2);

void BM_lamport_tick(benchmark::State& state) {
    converge::lamport_clock<> clock;
    for (auto _ : state) benchmark::DoNotOptimize(clock.tick());
}
BENCHMARK(BM_lamport_tick);

// A clock with `size` replicas first_id, first_id + 1, ... and random counters.
vc make_clock(std::uint64_t first_id, std::int64_t size, std::uint32_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::uint64_t> counter(1, 1'000'000);
    std::vector<vc::entry> entries;
    for (std::int64_t i = 0; i < size; ++i)
        entries.push_back({first_id + static_cast<std::uint64_t>(i), counter(rng)});
    return vc::from_parts(std::move(entries)).value();
}

// The copy every merge benchmark below makes first, to subtract from them.
void BM_vector_clock_copy(benchmark::State& state) {
    const vc a = make_clock(0, state.range(0), 1);
    for (auto _ : state) {
        vc c = a;
        benchmark::DoNotOptimize(c);
    }
}
BENCHMARK(BM_vector_clock_copy)->Arg(4)->Arg(64)->Arg(1024);

// Copy + merge of a clock sharing half its replicas: the allocating path (new replicas).
void BM_vector_clock_merge(benchmark::State& state) {
    const std::int64_t n = state.range(0);
    const vc a = make_clock(0, n, 1);
    const vc b = make_clock(static_cast<std::uint64_t>(n / 2), n, 2);
    for (auto _ : state) {
        vc c = a;
        c.merge(b);
        benchmark::DoNotOptimize(c);
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_vector_clock_merge)->Arg(4)->Arg(64)->Arg(1024);

// Copy + merge of a clock with the same replicas: the in-place path (steady state).
void BM_vector_clock_merge_same_replicas(benchmark::State& state) {
    const std::int64_t n = state.range(0);
    const vc a = make_clock(0, n, 1);
    const vc b = make_clock(0, n, 2);
    for (auto _ : state) {
        vc c = a;
        c.merge(b);
        benchmark::DoNotOptimize(c);
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_vector_clock_merge_same_replicas)->Arg(4)->Arg(64)->Arg(1024);

// The same work without replica ids: copy a vector of counts and raise it to another's,
// element by element (the baseline of both merges above).
void BM_baseline_vector_copy_max(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::mt19937_64 rng(1);
    std::uniform_int_distribution<std::uint64_t> counter(1, 1'000'000);
    std::vector<std::uint64_t> a(n);
    std::vector<std::uint64_t> b(n);
    for (auto& x : a) x = counter(rng);
    for (auto& x : b) x = counter(rng);
    for (auto _ : state) {
        std::vector<std::uint64_t> c = a;
        for (std::size_t i = 0; i < n; ++i) c[i] = std::max(c[i], b[i]);
        benchmark::DoNotOptimize(c.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_baseline_vector_copy_max)->Arg(4)->Arg(64)->Arg(1024);

// Comparison that must walk both clocks to the end: equal but for the last entry.
void BM_vector_clock_compare(benchmark::State& state) {
    const std::int64_t n = state.range(0);
    const vc a = make_clock(0, n, 1);
    vc b = a;
    b.tick(static_cast<std::uint64_t>(n - 1));
    for (auto _ : state) {
        benchmark::DoNotOptimize(a);
        benchmark::DoNotOptimize(b);
        benchmark::DoNotOptimize(a <=> b);
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_vector_clock_compare)->Arg(4)->Arg(64)->Arg(1024);

}  // namespace
