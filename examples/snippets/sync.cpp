// SPDX-License-Identifier: MIT
// The code blocks of docs/sync.md, compiled and run: two replicas of a shopping list synced
// over a toy transport (a queue of byte strings), then a restart from persisted bytes.
#include <converge/converge.hpp>

#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

// A transport: any way of moving bytes between peers. Here, one in-memory queue.
struct packet {
    std::uint64_t from;
    std::uint64_t to;
    std::vector<std::byte> bytes;
};
std::deque<packet> wire;

}  // namespace

int run_snippet_sync() {
    // [transport]
    using list = converge::or_set<std::string>;
    using endpoint = converge::sync::anti_entropy<list>;

    std::map<std::uint64_t, endpoint> nodes;
    nodes.emplace(1, endpoint(1));
    nodes.emplace(2, endpoint(2));
    nodes.at(1).add_peer(2);
    nodes.at(2).add_peer(1);

    // Send what an endpoint returned: encode each message and hand it to the transport.
    auto send = [](std::uint64_t from, const std::vector<endpoint::outgoing_type>& out) {
        for (const auto& o : out)
            wire.push_back({from, o.to, converge::sync::encode_message(o.msg)});
    };

    nodes.at(1).mutate([](list& s) { return s.add(1, "milk"); });
    nodes.at(2).mutate([](list& s) { return s.add(2, "eggs"); });

    std::mt19937_64 rng(42);
    for (int round = 0; round < 3; ++round) {
        for (auto& [id, node] : nodes) send(id, node.tick(rng));  // periodically, e.g. every second
        while (!wire.empty()) {                                   // on each arrival
            packet p = std::move(wire.front());
            wire.pop_front();
            auto replies = nodes.at(p.to).receive(p.from, p.bytes);
            if (!replies) {  // bad bytes: a result, not a throw
                std::printf("dropped: %s\n", std::string(replies.message()).c_str());
                continue;
            }
            send(p.to, *replies);
        }
    }
    // [/transport]
    const bool synced =
        nodes.at(1).state() == nodes.at(2).state() && nodes.at(1).state().size() == 2;

    // [persist]
    // After every call that changed the endpoint, and before sending what it returned:
    std::vector<std::byte> saved = converge::encode(nodes.at(2).persist());
    // ... crash ... then, at start-up:
    auto restored = endpoint::restore(saved);
    if (!restored) std::printf("cannot restore: %s\n", std::string(restored.message()).c_str());
    // [/persist]
    const bool kept = restored && restored->state() == nodes.at(2).state();

    std::printf("synced: %d, restored: %d\n", synced, kept);
    return synced && kept ? 0 : 1;
}
