// SPDX-License-Identifier: MIT
// The document map: or_map<std::string, mv_register<std::string>> beside a
// std::unordered_map<std::string, std::string> doing the same assignments (BM_baseline_*).
// scripts/bench pairs them by name and argument and reports the ratio.
#include <converge/crdt/mv_register.hpp>
#include <converge/crdt/or_map.hpp>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using text = converge::mv_register<std::string>;
using document = converge::or_map<std::string, text>;
using plain_map = std::unordered_map<std::string, std::string>;

std::vector<std::string> make_keys(std::size_t n) {
    std::vector<std::string> keys;
    keys.reserve(n);
    for (std::size_t i = 0; i < n; ++i) keys.push_back("key" + std::to_string(i));
    return keys;
}

document make_document(const std::vector<std::string>& keys, std::uint64_t replica) {
    document doc;
    for (const auto& k : keys) doc.update(k, [&](text& t) { return t.write(replica, "value"); });
    return doc;
}

void map_sizes(benchmark::internal::Benchmark* b) {
    b->Arg(1'000)->Arg(100'000)->Unit(benchmark::kNanosecond);
}

// One-key update of an existing key (its delta built and returned), round robin over keys.
void BM_or_map_update(benchmark::State& state) {
    const auto keys = make_keys(static_cast<std::size_t>(state.range(0)));
    document doc = make_document(keys, 1);
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(
            doc.update(keys[i], [](text& t) { return t.write(1, "changed value"); }));
        if (++i == keys.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_or_map_update)->Apply(map_sizes);

void BM_baseline_unordered_map_assign(benchmark::State& state) {
    const auto keys = make_keys(static_cast<std::size_t>(state.range(0)));
    plain_map map;
    for (const auto& k : keys) map[k] = "value";
    std::size_t i = 0;
    for (auto _ : state) {
        map[keys[i]] = "changed value";
        benchmark::DoNotOptimize(map);
        if (++i == keys.size()) i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_baseline_unordered_map_assign)->Apply(map_sizes);

// Merging one-key deltas made on another replica into a large document, timed per delta.
constexpr std::size_t delta_batch = 512;

void BM_or_map_merge_delta(benchmark::State& state) {
    const auto keys = make_keys(static_cast<std::size_t>(state.range(0)));
    document target = make_document(keys, 1);
    document source = target;
    std::vector<document> deltas;
    deltas.reserve(delta_batch);
    std::size_t i = 0;
    for (auto _ : state) {
        deltas.clear();
        for (std::size_t j = 0; j < delta_batch; ++j) {
            deltas.push_back(source.update(keys[i], [](text& t) { return t.write(2, "edit"); }));
            if (++i == keys.size()) i = 0;
        }
        const auto start = std::chrono::steady_clock::now();
        for (const document& d : deltas) target.merge(d);
        const auto stop = std::chrono::steady_clock::now();
        state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(delta_batch));
}
BENCHMARK(BM_or_map_merge_delta)->Apply(map_sizes)->UseManualTime();

}  // namespace
