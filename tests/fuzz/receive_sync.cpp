// SPDX-License-Identifier: MIT
// libFuzzer harness: an anti-entropy endpoint fed arbitrary bytes as messages from its peers,
// from strangers and from itself, between its own updates and ticks. Whatever arrives:
// receive() never crashes or throws; a rejected message changes nothing (state, log, acks,
// peers, persisted bytes: all as before); an accepted one never moves the state down, and
// every reply encodes to bytes that decode back to it.
//
// Input: one byte of options, then records of [sender/action byte] [length byte] [bytes].
// Bit 4 of the action byte reseals the bytes (decode_harness.hpp), so that mutated messages
// get past the checksum and reach the endpoint.
#include "decode_harness.hpp"

#include <converge/testing/seeded_rng.hpp>

#include <algorithm>
#include <optional>

namespace {

using set = converge::or_set<std::uint64_t>;
using endpoint = converge::sync::anti_entropy<set>;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "converge fuzz: anti_entropy::receive: %s\n", what);
    std::fflush(stderr);
    std::abort();
}

struct snapshot {
    std::vector<std::byte> persisted;
    std::size_t log_size;
    std::uint64_t log_base;
    std::uint64_t next_seq;
    std::vector<std::uint64_t> peers;
    std::vector<std::optional<std::uint64_t>> acked;

    explicit snapshot(const endpoint& e)
        : persisted(converge::encode(e.persist())),
          log_size(e.log_size()),
          log_base(e.log_base()),
          next_seq(e.next_sequence()),
          peers(e.peers()) {
        for (std::uint64_t p = 0; p < 6; ++p) acked.push_back(e.acked(p));
    }
    bool operator==(const snapshot&) const = default;
};

void check_reply(const endpoint::outgoing_type& o) {
    const auto bytes = converge::sync::encode_message(o.msg);
    const auto back = converge::sync::decode_message<set>(bytes);
    if (!back || !(*back == o.msg)) fail("a reply does not round-trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t flags = data[0];
    converge::sync::options o;
    o.push_pull = (flags & 1) != 0;
    o.back_propagation = (flags & 2) != 0;
    o.remove_redundancy = (flags & 4) != 0;
    o.bp_every_sender = (flags & 8) != 0;
    o.accept_unknown_peers = (flags & 16) != 0;
    o.catch_up = (flags & 32) != 0 ? converge::sync::catch_up_mode::full_state
                                   : converge::sync::catch_up_mode::digest;
    o.max_group_deltas = (flags & 64) != 0 ? 2 : 512;
    o.fanout = converge::sync::options::all_peers;

    endpoint e(1, o);
    e.add_peer(2);
    e.add_peer(3);
    std::uint64_t next_element = 100;
    e.mutate([&](set& s) { return s.add(1, next_element++); });
    e.mutate([&](set& s) { return s.add(1, next_element++); });
    e.mutate([](set& s) { return s.remove(100); });
    converge::testing::seeded_rng rng(flags);

    std::size_t at = 1;
    while (at + 2 <= size) {
        const std::uint8_t action = data[at];
        const std::size_t length = std::min<std::size_t>(data[at + 1], size - at - 2);
        const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data + at + 2),
                                               length);
        at += 2 + length;
        switch (action >> 5) {
            case 0:  // a local update between messages
                e.mutate([&](set& s) { return s.add(1, next_element++); });
                continue;
            case 1:  // a tick
                for (const auto& m : e.tick(rng)) check_reply(m);
                continue;
            default:
                break;
        }
        // 1 is the endpoint itself; 2 and 3 its peers; 0, 4 and 5 strangers.
        const std::uint64_t from = (action & 7U) % 6;
        const snapshot before(e);
        const set state_before = e.state();
        const std::vector<std::byte> message =
            (action & 0x10U) != 0 ? converge_fuzz::resealed(bytes)
                                  : std::vector<std::byte>(bytes.begin(), bytes.end());
        const auto replies = e.receive(from, message);
        if (!replies) {
            if (replies.message().empty()) fail("an error without a message");
            if (!(snapshot(e) == before)) fail("a rejected message changed the endpoint");
            continue;
        }
        if (!converge::lattice_leq(state_before, e.state()))
            fail("an accepted message moved the state down");
        for (const auto& m : *replies) check_reply(m);
    }
    return 0;
}
