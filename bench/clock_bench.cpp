// SPDX-License-Identifier: MIT
#include <converge/clock/lamport_clock.hpp>
#include <benchmark/benchmark.h>
static void lamport_tick(benchmark::State& state) {
    converge::lamport_clock<> clock;
    for (auto _ : state) benchmark::DoNotOptimize(clock.tick());
}
BENCHMARK(lamport_tick);
