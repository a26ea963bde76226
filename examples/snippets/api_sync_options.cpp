// SPDX-License-Identifier: MIT
// The examples of docs/api/sync_options.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/codec/codec.hpp>
#include <converge/codec/counters.hpp>
#include <converge/codec/envelope.hpp>
#include <converge/core/concepts.hpp>
#include <converge/crdt/g_counter.hpp>
#include <converge/sync/anti_entropy.hpp>
#include <converge/sync/inflation.hpp>
#include <converge/sync/options.hpp>
#include <converge/sync/persisted_state.hpp>
#include <converge/sync/stats.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <random>
#include <variant>
#include <vector>

// [high_score]
// The highest score seen: a delta CRDT whose merge keeps the larger value.
struct high_score {
    using digest_type = std::uint64_t;
    std::uint64_t best = 0;

    high_score& merge(const high_score& other) {
        best = std::max(best, other.best);
        return *this;
    }
    [[nodiscard]] digest_type digest() const { return best; }
    // What a replica whose digest is `seen` lacks: all of it, or nothing.
    [[nodiscard]] high_score delta_since(digest_type seen) const {
        return best > seen ? *this : high_score{};
    }
    friend bool operator==(const high_score&, const high_score&) = default;
};

// On the wire as one varint (the digest, a std::uint64_t, has a built-in codec).
template <>
struct converge::codec<high_score> {
    static void encode(converge::byte_writer& w, const high_score& s) { w.varint(s.best); }
    static std::optional<high_score> decode(converge::byte_reader& r) {
        const auto best = r.varint("high_score");
        if (!best) return std::nullopt;
        return high_score{*best};
    }
};

// Redundancy removal without a digest: all of `received` if it beats `local`, else nothing.
template <>
struct converge::sync::inflation<high_score> {
    [[nodiscard]] static high_score of(const high_score& received, const high_score& local) {
        return received.best > local.best ? received : high_score{};
    }
};
// [/high_score]

static_assert(converge::sync::syncable<high_score>);

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/sync_options.md example broken: %s\n", what);
        ++failures;
    }
}

void options_example() {
    // [options]
    namespace cs = converge::sync;
    using counter = converge::g_counter<>;
    cs::options config;
    config.fanout = cs::options::all_peers;           // every peer at every tick
    config.push_pull = false;                         // push only: a quiet network is silent
    config.catch_up = cs::catch_up_mode::full_state;  // send the whole state, no handshake
    config.max_log_deltas = 1024;                     // bound the log; peers behind: catch-up
    cs::anti_entropy<counter> node(1, config);
    node.add_peer(2);
    node.add_peer(3);
    node.mutate([](counter& s) { return s.increment(1); });
    std::mt19937_64 rng(1);
    const auto out = node.tick(rng);  // delta_group{0, 1, {1: 1}} to 2, then to 3

    const cs::stats& s = node.statistics();
    // s.messages_sent == 2, s.sent(cs::message_kind::delta_group) == 2,
    // s.bytes_sent == s.bytes_sent_of(cs::message_kind::delta_group) == 2 * 14 (checksums
    // included)
    cs::stats network = s;
    network += s;  // sums every counter: network.messages_sent == 4
    // [/options]
    check(out.size() == 2 && out[0].to == 2u && out[1].to == 3u, "one group per peer, in order");
    for (const auto& o : out) {
        const auto* g = std::get_if<cs::delta_group<counter>>(&o.msg);
        check(g && g->first == 0 && g->upto == 1 && g->delta.value() == 1, "the groups");
    }
    check(s.messages_sent == 2 && s.sent(cs::message_kind::delta_group) == 2, "counts");
    check(s.bytes_sent == 28 && s.bytes_sent_of(cs::message_kind::delta_group) == 28, "bytes");
    check(s.deltas_logged == 1 && s.log_deltas == 1 && s.full_state_fallbacks == 0, "log");
    check(network.messages_sent == 4 && network.bytes_sent == 56, "sum");
}

void persisted_example() {
    // [persisted_state]
    namespace cs = converge::sync;
    using counter = converge::g_counter<>;
    cs::anti_entropy<counter> node(1);
    node.add_peer(3);
    node.add_peer(2);
    node.mutate([](counter& s) { return s.increment(1, 4); });
    const cs::persisted_state<counter> saved = node.persist();
    // saved.self == 1, saved.next_seq == 1, saved.state.value() == 4, saved.peers == {2, 3},
    // saved.mode == cs::protocol::delta
    const std::vector<std::byte> bytes = converge::encode(saved);       // tag 17
    auto back = converge::decode<cs::persisted_state<counter>>(bytes);  // *back == saved

    cs::persisted_state<counter> odd = saved;
    odd.peers = {3, 2};  // not ascending
    auto refused = converge::decode<cs::persisted_state<counter>>(converge::encode(odd));
    // refused.error() == converge::errc::non_canonical
    // [/persisted_state]
    check(saved.self == 1 && saved.next_seq == 1 && saved.state.value() == 4 &&
              saved.peers == std::vector<std::uint64_t>{2, 3} && saved.mode == cs::protocol::delta,
          "fields");
    check(back && *back == saved, "round trip");
    check(!refused && refused.error() == converge::errc::non_canonical, "order");
}

void high_score_example() {
    // [high_score_use]
    namespace cs = converge::sync;
    cs::anti_entropy<high_score> a(1), b(2);  // high_score is syncable
    a.add_peer(2);
    a.mutate([](high_score& s) {
        s.best = 120;
        return s;  // the delta: the new best
    });
    std::mt19937_64 rng(1);
    const auto out = a.tick(rng);             // delta_group{0, 1, {120}}
    auto replies = b.receive(1, out[0].msg);  // b.state().best == 120; {120} is logged
    auto again = b.receive(1, out[0].msg);    // a duplicate: nothing new, nothing logged
    // cs::inflation<high_score>::of({90}, {120}) == high_score{}: nothing to log
    // [/high_score_use]
    check(out.size() == 1, "one group");
    check(replies && again && b.state().best == 120, "merged");
    check(b.statistics().deltas_logged == 1, "logged once");
    check(cs::inflation<high_score>::of(high_score{90}, high_score{120}) == high_score{},
          "no inflation");
    check(cs::inflation<high_score>::of(high_score{130}, high_score{120}) == high_score{130},
          "inflation");
}

}  // namespace

int run_snippet_api_sync_options() {
    options_example();
    persisted_example();
    high_score_example();
    return failures == 0 ? 0 : 1;
}
