// SPDX-License-Identifier: MIT
// CRDT costs, each beside a baseline doing the same work without causality (BM_baseline_*):
// the OR-set against std::unordered_set, the counters against an element-wise max over a
// std::vector, the LWW-register against a plain (timestamp, writer) comparison. Sizes are
// elements (OR-set) or entries (counters); scripts/bench pairs each benchmark with its
// baseline by name and argument and reports the ratio.
//
// Where a benchmark builds a new value (merge of two replicas, clear) it includes the copy
// that makes it, and so does its baseline: join(a, b) against `c = a; c.insert(b...)`.
#include <converge/core/detail/mix.hpp>
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/lww_register.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/crdt/pn_counter.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <unordered_set>
#include <utility>
#include <vector>

namespace {

using set_type = converge::or_set<std::uint64_t>;
using plain_set = std::unordered_set<std::uint64_t>;
using counter = converge::g_counter<>;

// Distinct, well spread element values: splitmix64 is a bijection on uint64.
std::uint64_t key(std::uint64_t i) {
    return converge::detail::mix64(i + converge::detail::golden_gamma);
}

std::uint64_t size_arg(const benchmark::State& state) {
    return static_cast<std::uint64_t>(state.range(0));
}

// Elements key(first) .. key(first + n - 1) added by `replica` to `set`.
void add_range(set_type& set, std::uint64_t replica, std::uint64_t first, std::uint64_t n) {
    for (std::uint64_t i = first; i < first + n; ++i) set.add(replica, key(i));
}

void add_range(plain_set& set, std::uint64_t first, std::uint64_t n) {
    for (std::uint64_t i = first; i < first + n; ++i) set.insert(key(i));
}

// Sizes: 10^2, 10^4, 10^5 (the size the targets name) and 10^6.
void set_sizes(benchmark::internal::Benchmark* b) {
    b->Arg(100)->Arg(10'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMicrosecond);
}

// ---- or_set ---------------------------------------------------------------------------------

// add of n new elements into an empty set, per element (growth included on both sides).
void BM_or_set_add(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    for (auto _ : state) {
        set_type set;
        for (std::uint64_t i = 0; i < n; ++i) benchmark::DoNotOptimize(set.add(1, key(i)));
        benchmark::DoNotOptimize(set);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_or_set_add)->Apply(set_sizes);

void BM_baseline_unordered_set_insert(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    for (auto _ : state) {
        plain_set set;
        for (std::uint64_t i = 0; i < n; ++i) benchmark::DoNotOptimize(set.insert(key(i)));
        benchmark::DoNotOptimize(set);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_baseline_unordered_set_insert)->Apply(set_sizes);

// remove then re-add of one element of an n-element set: one remove and one add per item.
void BM_or_set_remove_add(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    set_type set;
    add_range(set, 1, 0, n);
    std::uint64_t i = 0;
    for (auto _ : state) {
        const std::uint64_t e = key(i);
        benchmark::DoNotOptimize(set.remove(e));
        benchmark::DoNotOptimize(set.add(1, e));
        i = i + 1 == n ? 0 : i + 1;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_or_set_remove_add)->Apply(set_sizes);

void BM_baseline_unordered_set_erase_insert(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    plain_set set;
    add_range(set, 0, n);
    std::uint64_t i = 0;
    for (auto _ : state) {
        const std::uint64_t e = key(i);
        benchmark::DoNotOptimize(set.erase(e));
        benchmark::DoNotOptimize(set.insert(e));
        i = i + 1 == n ? 0 : i + 1;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_baseline_unordered_set_erase_insert)->Apply(set_sizes);

// contains: half hits, half misses.
void BM_or_set_contains(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    set_type set;
    add_range(set, 1, 0, n);
    std::uint64_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(set.contains(key(i)));
        i = i + 1 == 2 * n ? 0 : i + 1;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_or_set_contains)->Apply(set_sizes);

void BM_baseline_unordered_set_find(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    plain_set set;
    add_range(set, 0, n);
    std::uint64_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(set.contains(key(i)));
        i = i + 1 == 2 * n ? 0 : i + 1;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_baseline_unordered_set_find)->Apply(set_sizes);

// Two replicas of n elements each sharing half of them (the same adds, seen by both) and
// each holding n/2 adds of its own; join(a, b) per iteration, items = n.
void BM_or_set_merge(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    set_type common;
    add_range(common, 1, 0, n / 2);
    set_type a = common;
    set_type b = common;
    add_range(a, 2, n, n - n / 2);
    add_range(b, 3, 2 * n, n - n / 2);
    for (auto _ : state) {
        set_type c = a;
        c.merge(b);
        benchmark::DoNotOptimize(c);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_or_set_merge)->Apply(set_sizes);

void BM_baseline_unordered_set_union(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    plain_set a;
    plain_set b;
    add_range(a, 0, n / 2);
    add_range(b, 0, n / 2);
    add_range(a, n, n - n / 2);
    add_range(b, 2 * n, n - n / 2);
    for (auto _ : state) {
        plain_set c = a;
        c.insert(b.begin(), b.end());
        benchmark::DoNotOptimize(c);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_baseline_unordered_set_union)->Apply(set_sizes);

// Merging one-element deltas into an n-element set: alternately the delta of an add of a new
// element and the delta of its remove, made on a source replica outside the timed region.
constexpr std::uint64_t delta_batch = 1024;

void BM_or_set_merge_delta(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    set_type target;
    add_range(target, 1, 0, n);
    set_type source = target;
    std::vector<set_type> deltas;
    deltas.reserve(delta_batch);
    std::uint64_t next = n;
    for (auto _ : state) {
        deltas.clear();
        for (std::uint64_t i = 0; i < delta_batch / 2; ++i, ++next) {
            deltas.push_back(source.add(2, key(next)));
            deltas.push_back(source.remove(key(next)));
        }
        const auto start = std::chrono::steady_clock::now();
        for (const set_type& d : deltas) target.merge(d);
        const auto stop = std::chrono::steady_clock::now();
        state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(delta_batch));
}
BENCHMARK(BM_or_set_merge_delta)->Apply(set_sizes)->UseManualTime();

void BM_baseline_unordered_set_insert_erase(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    plain_set target;
    add_range(target, 0, n);
    std::vector<std::uint64_t> ops;
    ops.reserve(delta_batch);
    std::uint64_t next = n;
    for (auto _ : state) {
        ops.clear();
        for (std::uint64_t i = 0; i < delta_batch / 2; ++i, ++next) ops.push_back(key(next));
        const auto start = std::chrono::steady_clock::now();
        for (const std::uint64_t e : ops) {
            target.insert(e);
            target.erase(e);
        }
        const auto stop = std::chrono::steady_clock::now();
        state.SetIterationTime(std::chrono::duration<double>(stop - start).count());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(delta_batch));
}
BENCHMARK(BM_baseline_unordered_set_insert_erase)->Apply(set_sizes)->UseManualTime();

// The same split by kind, each beside the plain operation it stands for: a batch of one-element
// add deltas (new elements) merged into an n-element set against inserting the elements, and
// a batch of one-element remove deltas against erasing them. The other half of each round
// runs untimed, so both sets keep n elements.
void merge_deltas_of_one_kind(benchmark::State& state, bool time_removes) {
    const std::uint64_t n = size_arg(state);
    set_type target;
    add_range(target, 1, 0, n);
    set_type source = target;
    std::vector<set_type> adds;
    std::vector<set_type> removes;
    adds.reserve(delta_batch);
    removes.reserve(delta_batch);
    std::uint64_t next = n;
    for (auto _ : state) {
        adds.clear();
        removes.clear();
        for (std::uint64_t i = 0; i < delta_batch; ++i)
            adds.push_back(source.add(2, key(next + i)));
        for (std::uint64_t i = 0; i < delta_batch; ++i)
            removes.push_back(source.remove(key(next + i)));
        next += delta_batch;
        const auto merge_all = [&](const std::vector<set_type>& deltas) {
            const auto start = std::chrono::steady_clock::now();
            for (const set_type& d : deltas) target.merge(d);
            return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        };
        const double added = merge_all(adds);
        const double removed = merge_all(removes);
        state.SetIterationTime(time_removes ? removed : added);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(delta_batch));
}

void BM_or_set_merge_add_delta(benchmark::State& state) {
    merge_deltas_of_one_kind(state, false);
}
BENCHMARK(BM_or_set_merge_add_delta)->Apply(set_sizes)->UseManualTime();

void BM_or_set_merge_remove_delta(benchmark::State& state) {
    merge_deltas_of_one_kind(state, true);
}
BENCHMARK(BM_or_set_merge_remove_delta)->Apply(set_sizes)->UseManualTime();

void insert_then_erase(benchmark::State& state, bool time_erases) {
    const std::uint64_t n = size_arg(state);
    plain_set target;
    add_range(target, 0, n);
    std::vector<std::uint64_t> elements(delta_batch);
    std::uint64_t next = n;
    for (auto _ : state) {
        for (std::uint64_t i = 0; i < delta_batch; ++i) elements[i] = key(next + i);
        next += delta_batch;
        auto start = std::chrono::steady_clock::now();
        for (const std::uint64_t e : elements) target.insert(e);
        const double inserted =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        start = std::chrono::steady_clock::now();
        for (const std::uint64_t e : elements) target.erase(e);
        const double erased =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        state.SetIterationTime(time_erases ? erased : inserted);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(delta_batch));
}

void BM_baseline_unordered_set_insert_new(benchmark::State& state) {
    insert_then_erase(state, false);
}
BENCHMARK(BM_baseline_unordered_set_insert_new)->Apply(set_sizes)->UseManualTime();

void BM_baseline_unordered_set_erase_one(benchmark::State& state) {
    insert_then_erase(state, true);
}
BENCHMARK(BM_baseline_unordered_set_erase_one)->Apply(set_sizes)->UseManualTime();

// delta_since for a replica that lacks the last 1% of the adds; items = n.
void BM_or_set_delta_since(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    set_type b;
    add_range(b, 1, 0, n - n / 100);
    set_type a = b;
    add_range(a, 1, n - n / 100, n / 100);
    const auto digest = b.digest();
    for (auto _ : state) benchmark::DoNotOptimize(a.delta_since(digest));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_or_set_delta_since)->Apply(set_sizes);

// The same question without causality: which of a's elements b lacks.
void BM_baseline_unordered_set_difference(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    plain_set b;
    add_range(b, 0, n - n / 100);
    plain_set a = b;
    add_range(a, n - n / 100, n / 100);
    for (auto _ : state) {
        plain_set missing;
        for (const std::uint64_t e : a)
            if (!b.contains(e)) missing.insert(e);
        benchmark::DoNotOptimize(missing);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_baseline_unordered_set_difference)->Apply(set_sizes);

// A copy followed by clear(); items = n.
void BM_or_set_clear(benchmark::State& state) {
    set_type a;
    add_range(a, 1, 0, size_arg(state));
    for (auto _ : state) {
        set_type c = a;
        benchmark::DoNotOptimize(c.clear());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_or_set_clear)->Apply(set_sizes);

void BM_baseline_unordered_set_clear(benchmark::State& state) {
    plain_set a;
    add_range(a, 0, size_arg(state));
    for (auto _ : state) {
        plain_set c = a;
        c.clear();
        benchmark::DoNotOptimize(c);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_baseline_unordered_set_clear)->Apply(set_sizes);

// ---- g_counter and pn_counter -----------------------------------------------------------------

// Entries: 10^2, 10^3 (the target), 10^4, 10^6 replicas.
void counter_sizes(benchmark::internal::Benchmark* b) {
    b->Arg(100)->Arg(1'000)->Arg(10'000)->Arg(1'000'000);
}

// A counter with replicas 0..n-1 and counts drawn from `seed`.
counter make_counter(std::uint64_t n, std::uint64_t seed) {
    std::vector<counter::entry> entries;
    entries.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i)
        entries.push_back({i, 1 + key(i ^ (seed << 40)) % 1'000'000});
    return counter::from_parts(std::move(entries)).value();
}

std::vector<std::uint64_t> make_counts(std::uint64_t n, std::uint64_t seed) {
    std::vector<std::uint64_t> out;
    out.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) out.push_back(1 + key(i ^ (seed << 40)) % 1'000'000);
    return out;
}

// Element-wise max of b into a, in place.
void max_into(std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = std::max(a[i], b[i]);
}

// Increment of one replica's entry (the delta is returned and dropped).
void BM_g_counter_increment(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    counter c = make_counter(n, 1);
    std::uint64_t r = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(c.increment(r));
        r = r + 1 == n ? 0 : r + 1;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_g_counter_increment)->Apply(counter_sizes);

void BM_baseline_vector_increment(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    std::vector<std::uint64_t> c = make_counts(n, 1);
    std::uint64_t r = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(++c[r]);
        r = r + 1 == n ? 0 : r + 1;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_baseline_vector_increment)->Apply(counter_sizes);

// In-place merge of two counters over the same replicas; items = entries.
void BM_g_counter_merge(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    counter a = make_counter(n, 1);
    const counter b = make_counter(n, 2);
    for (auto _ : state) {
        a.merge(b);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_g_counter_merge)->Apply(counter_sizes);

void BM_baseline_vector_max(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    std::vector<std::uint64_t> a = make_counts(n, 1);
    const std::vector<std::uint64_t> b = make_counts(n, 2);
    for (auto _ : state) {
        max_into(a, b);
        benchmark::DoNotOptimize(a.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_baseline_vector_max)->Apply(counter_sizes);

// A one-entry delta (from increment) merged into an n-entry counter.
void BM_g_counter_merge_delta(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    counter source = make_counter(n, 1);
    counter target = source;
    std::vector<counter> deltas;
    for (std::uint64_t i = 0; i < 1024; ++i) deltas.push_back(source.increment(key(i) % n));
    std::size_t i = 0;
    for (auto _ : state) {
        target.merge(deltas[i]);
        i = (i + 1) & 1023;
        benchmark::DoNotOptimize(target);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_g_counter_merge_delta)->Apply(counter_sizes);

void BM_baseline_vector_max_one(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    std::vector<std::uint64_t> target = make_counts(n, 1);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> deltas;
    for (std::uint64_t i = 0; i < 1024; ++i) deltas.emplace_back(key(i) % n, 1'000'001 + i);
    std::size_t i = 0;
    for (auto _ : state) {
        auto& slot = target[deltas[i].first];
        slot = std::max(slot, deltas[i].second);
        i = (i + 1) & 1023;
        benchmark::DoNotOptimize(target.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_baseline_vector_max_one)->Apply(counter_sizes);

// delta_since against a digest older in every tenth entry; items = entries.
void BM_g_counter_delta_since(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    counter a = make_counter(n, 1);
    const auto digest = a.digest();
    for (std::uint64_t r = 0; r < n; r += 10) a.increment(r);
    for (auto _ : state) benchmark::DoNotOptimize(a.delta_since(digest));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_g_counter_delta_since)->Apply(counter_sizes);

// The same question over plain count vectors: which positions are ahead.
void BM_baseline_vector_newer(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    std::vector<std::uint64_t> a = make_counts(n, 1);
    const std::vector<std::uint64_t> seen = a;
    for (std::uint64_t r = 0; r < n; r += 10) ++a[r];
    for (auto _ : state) {
        std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (seen[i] < a[i]) out.emplace_back(i, a[i]);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_baseline_vector_newer)->Apply(counter_sizes);

// pn_counter: increment and decrement alternate; merge is two g_counter merges.
void BM_pn_counter_increment_decrement(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    converge::pn_counter<> c;
    for (std::uint64_t r = 0; r < n; ++r) {
        c.increment(r, 10);
        c.decrement(r, 3);
    }
    std::uint64_t r = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(c.increment(r));
        benchmark::DoNotOptimize(c.decrement(r));
        r = r + 1 == n ? 0 : r + 1;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_pn_counter_increment_decrement)->Apply(counter_sizes);

void BM_baseline_vector_increment_decrement(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    std::vector<std::uint64_t> inc = make_counts(n, 1);
    std::vector<std::uint64_t> dec = make_counts(n, 2);
    std::uint64_t r = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(++inc[r]);
        benchmark::DoNotOptimize(++dec[r]);
        r = r + 1 == n ? 0 : r + 1;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_baseline_vector_increment_decrement)->Apply(counter_sizes);

void BM_pn_counter_merge(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    auto make = [n](std::uint64_t seed) {
        const counter inc = make_counter(n, seed);
        const counter dec = make_counter(n, seed + 10);
        return converge::pn_counter<>::from_parts({inc.entries().begin(), inc.entries().end()},
                                                  {dec.entries().begin(), dec.entries().end()})
            .value();
    };
    converge::pn_counter<> a = make(1);
    const converge::pn_counter<> b = make(2);
    for (auto _ : state) {
        a.merge(b);
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_pn_counter_merge)->Apply(counter_sizes);

void BM_baseline_vector_max_pair(benchmark::State& state) {
    const std::uint64_t n = size_arg(state);
    std::vector<std::uint64_t> ai = make_counts(n, 1);
    std::vector<std::uint64_t> ad = make_counts(n, 11);
    const std::vector<std::uint64_t> bi = make_counts(n, 2);
    const std::vector<std::uint64_t> bd = make_counts(n, 12);
    for (auto _ : state) {
        max_into(ai, bi);
        max_into(ad, bd);
        benchmark::DoNotOptimize(ai.data());
        benchmark::DoNotOptimize(ad.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_baseline_vector_max_pair)->Apply(counter_sizes);

// ---- lww_register ---------------------------------------------------------------------------

using reg = converge::lww_register<std::uint64_t>;

// An assignment that wins (later timestamp), delta returned.
void BM_lww_register_assign(benchmark::State& state) {
    reg r;
    std::uint64_t t = 1'700'000'000'000;
    for (auto _ : state) {
        ++t;
        benchmark::DoNotOptimize(r.assign(1, t, converge::hlc_timestamp(t, 0)));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_lww_register_assign);

// A plain last-writer-wins slot: compare (timestamp, writer), keep the larger.
struct plain_lww {
    std::uint64_t timestamp = 0;
    std::uint64_t writer = 0;
    std::uint64_t value = 0;
};

void BM_baseline_lww_assign(benchmark::State& state) {
    plain_lww r;
    std::uint64_t t = 1'700'000'000'000;
    for (auto _ : state) {
        ++t;
        const plain_lww incoming{t << 16, 1, t};
        if (std::pair(r.timestamp, r.writer) < std::pair(incoming.timestamp, incoming.writer))
            r = incoming;
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_baseline_lww_assign);

// Merging registers that alternately win and lose.
void BM_lww_register_merge(benchmark::State& state) {
    reg a;
    std::vector<reg> others(2);
    others[0].assign(2, 5, converge::hlc_timestamp(1'700'000'000'001, 0));
    others[1].assign(3, 6, converge::hlc_timestamp(1'700'000'000'002, 0));
    std::size_t i = 0;
    for (auto _ : state) {
        a.merge(others[i]);
        i ^= 1;
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_lww_register_merge);

void BM_baseline_lww_merge(benchmark::State& state) {
    plain_lww a;
    const plain_lww others[2] = {{1'700'000'000'001ULL << 16, 2, 5},
                                 {1'700'000'000'002ULL << 16, 3, 6}};
    std::size_t i = 0;
    for (auto _ : state) {
        const plain_lww& b = others[i];
        if (std::pair(a.timestamp, a.writer) < std::pair(b.timestamp, b.writer)) a = b;
        i ^= 1;
        benchmark::DoNotOptimize(a);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_baseline_lww_merge);

}  // namespace
