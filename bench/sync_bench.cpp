// SPDX-License-Identifier: MIT
// What the sync layer costs per update, beside the least work any replication needs: one
// OR-set add at one replica and the merge of its delta at another (BM_baseline_*). The
// endpoint adds the log, the group, the ack, RR's inflation test, BP's bookkeeping and
// garbage collection; through bytes it adds the message codec, and so does its baseline
// (the delta encoded and decoded). Both replicas start with n elements in common, so the
// figures show whether anything scales with the state rather than with the update.
#include <converge/codec/or_set.hpp>
#include <converge/core/detail/mix.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/sync/anti_entropy.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace {

using set_type = converge::or_set<std::uint64_t>;
using endpoint = converge::sync::anti_entropy<set_type>;

std::uint64_t sync_key(std::uint64_t i) {
    return converge::detail::mix64(i + converge::detail::golden_gamma);
}

// A set of n elements added by replica 1.
set_type common_state(std::uint64_t n) {
    set_type s;
    for (std::uint64_t i = 0; i < n; ++i) s.add(1, sync_key(i));
    return s;
}

void sync_sizes(benchmark::internal::Benchmark* b) {
    b->Arg(100)->Arg(10'000)->Arg(100'000)->Unit(benchmark::kNanosecond);
}

converge::sync::options two_peers() {
    converge::sync::options o;
    o.push_pull = false;  // a reply carries only the ack, as in a one-way stream of updates
    o.measure_bytes = false;
    return o;
}

// Hands `m` to `to` from `from`, as a value or (when `bytes`) encoded and decoded.
auto deliver(endpoint& to, std::uint64_t from, const endpoint::message_type& m, bool bytes,
             std::vector<std::byte>& wire) {
    if (!bytes) return to.receive(from, m);
    wire.clear();
    converge::sync::encode_message(m, wire);
    return to.receive(from, wire);
}

// One update at a, synced to b: mutate, sync_with, b receives the group, a receives the ack
// (which empties its log), then b's own tick, which only collects garbage (everything in its
// log came from a). Messages as values, or through the codec when `bytes`.
void sync_update(benchmark::State& state, bool bytes) {
    const auto n = static_cast<std::uint64_t>(state.range(0));
    const set_type start = common_state(n);
    endpoint a(1, two_peers(), start);
    endpoint b(2, two_peers(), start);
    a.add_peer(2);
    b.add_peer(1);
    std::vector<std::byte> wire;
    const auto exchange = [&] {
        for (const auto& m : a.sync_with(2))
            if (auto replies = deliver(b, 1, m.msg, bytes, wire))
                for (const auto& r : *replies)
                    benchmark::DoNotOptimize(deliver(a, 2, r.msg, bytes, wire));
        benchmark::DoNotOptimize(b.sync_with(1));
    };
    // The common start is already on both sides: settle the initial catch-up first.
    for (int i = 0; i < 4; ++i) exchange();
    std::uint64_t next = n;
    for (auto _ : state) {
        a.mutate([&](set_type& s) { return s.add(1, sync_key(next)); });
        ++next;
        exchange();
    }
    if (a.log_size() != 0 || !(a.state() == b.state())) state.SkipWithError("did not sync");
    state.SetItemsProcessed(state.iterations());
}

void BM_sync_update(benchmark::State& state) {
    sync_update(state, false);
}
BENCHMARK(BM_sync_update)->Apply(sync_sizes);

// The same, every message encoded and decoded on the way.
void BM_sync_update_bytes(benchmark::State& state) {
    sync_update(state, true);
}
BENCHMARK(BM_sync_update_bytes)->Apply(sync_sizes);

// The least replication can do: add at a, merge the delta at b.
void BM_baseline_or_set_add_merge(benchmark::State& state) {
    const auto n = static_cast<std::uint64_t>(state.range(0));
    set_type a = common_state(n);
    set_type b = a;
    std::uint64_t next = n;
    for (auto _ : state) {
        b.merge(a.add(1, sync_key(next)));
        ++next;
    }
    if (!(a == b)) state.SkipWithError("did not sync");
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_baseline_or_set_add_merge)->Apply(sync_sizes);

// The same with the delta encoded and decoded on the way.
void BM_baseline_or_set_add_encode_merge(benchmark::State& state) {
    const auto n = static_cast<std::uint64_t>(state.range(0));
    set_type a = common_state(n);
    set_type b = a;
    std::uint64_t next = n;
    std::vector<std::byte> wire;
    for (auto _ : state) {
        wire.clear();
        converge::encode(a.add(1, sync_key(next)), wire);
        ++next;
        b.merge(*converge::decode<set_type>(wire));
    }
    if (!(a == b)) state.SkipWithError("did not sync");
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_baseline_or_set_add_encode_merge)->Apply(sync_sizes);

}  // namespace
