// SPDX-License-Identifier: MIT
// Memory per element: an or_set<std::uint64_t> beside a std::unordered_set<std::uint64_t> of the
// same elements, counted by replacing the global operator new and delete in this binary.
// Counting is switched on only while a measured container is being built, so the other
// benchmarks pay one relaxed load per allocation. Bytes are malloc_usable_size() of each live
// block: what the program can use, not glibc's 8-byte chunk header (reported separately as
// allocations per element, so the header cost is 8 × that).
#include <converge/core/detail/mix.hpp>
#include <converge/crdt/mv_register.hpp>
#include <converge/crdt/or_map.hpp>
#include <converge/crdt/or_set.hpp>

#include <benchmark/benchmark.h>

#include <malloc.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace {

std::atomic<bool> g_counting{false};
std::atomic<std::int64_t> g_live_bytes{0};
std::atomic<std::int64_t> g_live_blocks{0};

void* counted_alloc(std::size_t size) noexcept {
    void* p = std::malloc(size == 0 ? 1 : size);
    if (p != nullptr && g_counting.load(std::memory_order_relaxed)) {
        g_live_bytes.fetch_add(static_cast<std::int64_t>(malloc_usable_size(p)),
                               std::memory_order_relaxed);
        g_live_blocks.fetch_add(1, std::memory_order_relaxed);
    }
    return p;
}

void counted_free(void* p) noexcept {
    if (p == nullptr) return;
    if (g_counting.load(std::memory_order_relaxed)) {
        g_live_bytes.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(p)),
                               std::memory_order_relaxed);
        g_live_blocks.fetch_sub(1, std::memory_order_relaxed);
    }
    std::free(p);
}

}  // namespace

void* operator new(std::size_t size) {
    if (void* p = counted_alloc(size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    if (void* p = counted_alloc(size)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return counted_alloc(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    return counted_alloc(size);
}
void operator delete(void* p) noexcept {
    counted_free(p);
}
void operator delete[](void* p) noexcept {
    counted_free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    counted_free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    counted_free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    counted_free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    counted_free(p);
}

namespace {

std::uint64_t key(std::uint64_t i) {
    return converge::detail::mix64(i + converge::detail::golden_gamma);
}

// Builds a container with `build` while counting, and reports its live heap per element.
template <class Build>
void measure(benchmark::State& state, Build build) {
    const auto n = static_cast<std::uint64_t>(state.range(0));
    double bytes = 0;
    double blocks = 0;
    for (auto _ : state) {
        g_live_bytes = 0;
        g_live_blocks = 0;
        g_counting = true;
        {
            auto container = build(n);
            bytes = static_cast<double>(g_live_bytes.load());
            blocks = static_cast<double>(g_live_blocks.load());
            benchmark::DoNotOptimize(container);
            g_counting = false;
        }
    }
    state.counters["bytes_per_element"] = bytes / static_cast<double>(n);
    state.counters["allocs_per_element"] = blocks / static_cast<double>(n);
}

// Elements added one by one by a single replica, as a replica that owns the data would.
void BM_memory_or_set(benchmark::State& state) {
    measure(state, [](std::uint64_t n) {
        converge::or_set<std::uint64_t> set;
        for (std::uint64_t i = 0; i < n; ++i) set.add(1, key(i));
        return set;
    });
}
BENCHMARK(BM_memory_or_set)->Arg(1'000'000)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_baseline_memory_unordered_set(benchmark::State& state) {
    measure(state, [](std::uint64_t n) {
        std::unordered_set<std::uint64_t> set;
        for (std::uint64_t i = 0; i < n; ++i) set.insert(key(i));
        return set;
    });
}
BENCHMARK(BM_baseline_memory_unordered_set)
    ->Arg(1'000'000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

// A document of n keys ("key<i>"), each an mv_register holding one short string.
void BM_memory_or_map(benchmark::State& state) {
    measure(state, [](std::uint64_t n) {
        using text = converge::mv_register<std::string>;
        converge::or_map<std::string, text> doc;
        for (std::uint64_t i = 0; i < n; ++i)
            doc.update("key" + std::to_string(i), [](text& t) { return t.write(1, "value"); });
        return doc;
    });
}
BENCHMARK(BM_memory_or_map)->Arg(100'000)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_baseline_memory_unordered_map(benchmark::State& state) {
    measure(state, [](std::uint64_t n) {
        std::unordered_map<std::string, std::string> map;
        for (std::uint64_t i = 0; i < n; ++i) map["key" + std::to_string(i)] = "value";
        return map;
    });
}
BENCHMARK(BM_baseline_memory_unordered_map)
    ->Arg(100'000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
