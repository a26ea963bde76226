// SPDX-License-Identifier: MIT
// Wire codec costs: encode and decode throughput (MB/s of encoded bytes) and bytes per element
// for an or_set<std::uint64_t> of 100,000 elements and a g_counter of 1,000 replicas, each
// beside a plain varint encode/decode of the integers its encoding carries (the floor: what
// writing and reading those numbers costs with no structure, sorting or validation).
#include <converge/codec/counters.hpp>
#include <converge/codec/envelope.hpp>
#include <converge/codec/or_set.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <unordered_set>
#include <vector>

namespace {

constexpr std::size_t set_elements = 100'000;
constexpr std::size_t counter_replicas = 1'000;

// Four replicas add 100,000 distinct elements spread over the 64-bit range (varints of 3 to
// 10 bytes), then share their states, as a synced set looks.
const converge::or_set<std::uint64_t>& big_set() {
    static const converge::or_set<std::uint64_t> set = [] {
        std::mt19937_64 rng(42);
        std::vector<converge::or_set<std::uint64_t>> replicas(4);
        for (std::size_t i = 0; i < set_elements; ++i)
            (void)replicas[i % 4].add(i % 4 + 1, (rng() >> (rng() % 48)) << 17 | i);
        for (std::size_t i = 1; i < replicas.size(); ++i) replicas[0].merge(replicas[i]);
        return replicas[0];
    }();
    return set;
}

// 1,000 replicas with counts of varied size.
const converge::g_counter<>& big_counter() {
    static const converge::g_counter<> counter = [] {
        std::mt19937_64 rng(7);
        converge::g_counter<> c;
        for (std::uint64_t r = 1; r <= counter_replicas; ++r)
            (void)c.increment(r * 7919, 1 + (rng() >> (rng() % 63 + 1)));
        return c;
    }();
    return counter;
}

// The integers the or_set body carries per element: element, dot count, replica index, counter.
std::vector<std::uint64_t> set_integers() {
    const auto& set = big_set();
    const auto replicas = set.context().replicas();
    std::vector<std::uint64_t> out;
    for (const auto& e : set.entries()) {
        out.push_back(e.element);
        out.push_back(e.dots.size());
        for (const auto& d : e.dots) {
            std::uint64_t index = 0;
            while (replicas[index].replica != d.replica) ++index;
            out.push_back(index);
            out.push_back(d.counter);
        }
    }
    return out;
}

// The integers the g_counter body carries: replica and count of each entry.
std::vector<std::uint64_t> counter_integers() {
    std::vector<std::uint64_t> out;
    for (const auto& e : big_counter().entries()) {
        out.push_back(e.replica);
        out.push_back(e.value);
    }
    return out;
}

// Throughput in wire bytes, and the wire bytes each element costs.
void report_wire_size(benchmark::State& state, std::size_t bytes, std::size_t elements) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
    state.counters["bytes_per_element"] =
        static_cast<double>(bytes) / static_cast<double>(elements);
}

// Plain LEB128, no checks beyond the end of the input: the baseline.
void plain_varint_encode(const std::vector<std::uint64_t>& values, std::vector<std::uint8_t>& out) {
    out.clear();
    for (std::uint64_t v : values) {
        while (v >= 0x80) {
            out.push_back(static_cast<std::uint8_t>(v | 0x80));
            v >>= 7;
        }
        out.push_back(static_cast<std::uint8_t>(v));
    }
}

void plain_varint_decode(const std::vector<std::uint8_t>& in, std::vector<std::uint64_t>& out) {
    out.clear();
    std::size_t i = 0;
    while (i < in.size()) {
        std::uint64_t v = 0;
        for (unsigned shift = 0; i < in.size(); shift += 7) {
            const std::uint8_t b = in[i++];
            v |= std::uint64_t{b & 0x7Fu} << shift;
            if (b < 0x80) break;
        }
        out.push_back(v);
    }
}

template <class T>
void encode_benchmark(benchmark::State& state, const T& value, std::size_t elements) {
    std::vector<std::byte> buffer;
    for (auto _ : state) {
        buffer.clear();
        converge::encode(value, buffer);
        benchmark::DoNotOptimize(buffer.data());
    }
    report_wire_size(state, buffer.size(), elements);
}

template <class T>
void decode_benchmark(benchmark::State& state, const T& value, std::size_t elements) {
    const std::vector<std::byte> bytes = converge::encode(value);
    for (auto _ : state) {
        auto decoded = converge::decode<T>(bytes);
        if (!decoded) state.SkipWithError("decode failed");
        benchmark::DoNotOptimize(decoded);
    }
    report_wire_size(state, bytes.size(), elements);
}

void baseline_encode(benchmark::State& state, const std::vector<std::uint64_t>& values,
                     std::size_t elements) {
    std::vector<std::uint8_t> buffer;
    for (auto _ : state) {
        plain_varint_encode(values, buffer);
        benchmark::DoNotOptimize(buffer.data());
    }
    report_wire_size(state, buffer.size(), elements);
}

void baseline_decode(benchmark::State& state, const std::vector<std::uint64_t>& values,
                     std::size_t elements) {
    std::vector<std::uint8_t> bytes;
    plain_varint_encode(values, bytes);
    std::vector<std::uint64_t> decoded;
    for (auto _ : state) {
        plain_varint_decode(bytes, decoded);
        benchmark::DoNotOptimize(decoded.data());
    }
    if (decoded != values) state.SkipWithError("baseline decode differs");
    report_wire_size(state, bytes.size(), elements);
}

void BM_or_set_encode(benchmark::State& state) {
    encode_benchmark(state, big_set(), set_elements);
}
BENCHMARK(BM_or_set_encode)->Unit(benchmark::kMillisecond);

void BM_or_set_decode(benchmark::State& state) {
    decode_benchmark(state, big_set(), set_elements);
}
BENCHMARK(BM_or_set_decode)->Unit(benchmark::kMillisecond);

void BM_baseline_or_set_varint_encode(benchmark::State& state) {
    baseline_encode(state, set_integers(), set_elements);
}
BENCHMARK(BM_baseline_or_set_varint_encode)->Unit(benchmark::kMillisecond);

void BM_baseline_or_set_varint_decode(benchmark::State& state) {
    baseline_decode(state, set_integers(), set_elements);
}
BENCHMARK(BM_baseline_or_set_varint_decode)->Unit(benchmark::kMillisecond);

// What an OR-set decode must at least do without causality: read the same varints and build
// a hash set of the elements (reserved, as the decoder reserves from the count it reads).
void BM_baseline_or_set_varint_decode_set(benchmark::State& state) {
    const auto values = set_integers();
    std::vector<std::uint8_t> bytes;
    plain_varint_encode(values, bytes);
    std::vector<std::uint64_t> decoded;
    std::unordered_set<std::uint64_t> elements;
    for (auto _ : state) {
        plain_varint_decode(bytes, decoded);
        elements = {};
        elements.reserve(set_elements);
        for (std::size_t i = 0; i < decoded.size(); i += 2 + 2 * decoded[i + 1])
            elements.insert(decoded[i]);
        benchmark::DoNotOptimize(elements.size());
    }
    if (elements.size() != set_elements) state.SkipWithError("baseline set differs");
    report_wire_size(state, bytes.size(), set_elements);
}
BENCHMARK(BM_baseline_or_set_varint_decode_set)->Unit(benchmark::kMillisecond);

void BM_g_counter_encode(benchmark::State& state) {
    encode_benchmark(state, big_counter(), counter_replicas);
}
BENCHMARK(BM_g_counter_encode)->Unit(benchmark::kMicrosecond);

void BM_g_counter_decode(benchmark::State& state) {
    decode_benchmark(state, big_counter(), counter_replicas);
}
BENCHMARK(BM_g_counter_decode)->Unit(benchmark::kMicrosecond);

void BM_baseline_g_counter_varint_encode(benchmark::State& state) {
    baseline_encode(state, counter_integers(), counter_replicas);
}
BENCHMARK(BM_baseline_g_counter_varint_encode)->Unit(benchmark::kMicrosecond);

void BM_baseline_g_counter_varint_decode(benchmark::State& state) {
    baseline_decode(state, counter_integers(), counter_replicas);
}
BENCHMARK(BM_baseline_g_counter_varint_decode)->Unit(benchmark::kMicrosecond);

}  // namespace
