// SPDX-License-Identifier: MIT
// Anti-entropy under faults, for every CRDT type: 30% loss, duplication, delay and
// reordering, a partition healed later, crashes and restarts from persisted bytes. Every run
// must converge to the join of every update made (so nothing, acknowledged or not, is lost),
// and once converged a quiet network must stop sending deltas.
#include "sync_workloads.hpp"
#include "test_support.hpp"

#include <converge/converge.hpp>
#include <converge/testing/network_simulator.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

using converge::sync::message_kind;
using converge::testing::fault_plan;
using converge::testing::network_simulator;
using converge::testing::seeded_rng;
using converge::testing::simulation_options;
using converge::testing::topology;

namespace {

enum class mix { loss, duplication, reordering, partition, crash };

const char* mix_name(mix m) {
    switch (m) {
        case mix::loss:
            return "30% loss";
        case mix::duplication:
            return "duplication";
        case mix::reordering:
            return "delay and reordering";
        case mix::partition:
            return "partition healed later";
        case mix::crash:
            return "crash and restart";
    }
    return "?";
}

fault_plan faults_of(mix m) {
    fault_plan f;
    if (m == mix::loss) f.loss = 0.3;
    if (m == mix::duplication) f.duplicate = 0.3;
    if (m == mix::reordering) {
        f.max_delay = 3;
        f.reorder = true;
    }
    return f;
}

// Deltas, catch-ups and full states sent so far: everything but acks.
std::uint64_t non_ack_messages(const converge::sync::stats& s) {
    return s.messages_sent - s.sent(message_kind::ack);
}

// Whether every node's peers have acknowledged its whole log (no catch-up pending either).
template <class T>
bool all_acknowledged(const network_simulator<T>& net) {
    for (std::size_t i = 0; i < net.size(); ++i) {
        const auto& node = net.node(i);
        for (std::uint64_t peer : node.peers())
            if (node.acked(peer) != node.next_sequence()) return false;
    }
    return true;
}

template <class Case>
void check_mix(mix m, const topology& graph, converge::sync::options config, std::uint64_t seed) {
    using T = typename Case::type;
    INFO(Case::name << ", " << mix_name(m) << ", " << graph.name() << ", seed " << seed);
    simulation_options sim;
    sim.endpoint = config;
    sim.faults = faults_of(m);
    sim.seed = seed;
    sim.persist = m == mix::crash;
    network_simulator<T> net(graph, sim);
    seeded_rng script(seed * 31 + 7);
    const std::size_t n = net.size();
    std::uint64_t index = 0;
    for (std::size_t r = 0; r < 24; ++r) {
        if (m == mix::partition && r == 4) {
            std::vector<std::size_t> west;
            for (std::size_t i = 0; i < n / 2; ++i) west.push_back(i);
            net.partition(west);
        }
        if (m == mix::partition && r == 16) net.heal();
        if (m == mix::crash && r == 5) {
            net.crash(1);
            net.crash(n - 1);
        }
        if (m == mix::crash && r == 9) net.restart(1);
        if (m == mix::crash && r == 14) {
            net.restart(n - 1);
            net.crash(0);  // right after its own updates of the previous round
        }
        if (m == mix::crash && r == 18) net.restart(0);
        for (std::size_t k = 0; k < 3; ++k) {
            const std::size_t node = script.below(n);
            if (net.alive(node)) sync_test::update<Case>(net, node, script(), index++);
        }
        net.round();
    }
    const auto rounds = net.run_until_converged(200);
    REQUIRE(rounds.has_value());
    CHECK(net.node(0).state() == net.reference());
    CHECK(net.network().rejected == 0);
    // The log reaches every peer unless a node restarted: no catch-up was ever needed.
    if (m != mix::crash) CHECK(net.totals().full_state_fallbacks == 0);

    // Quiescence: with the faults over and the last acks through, no more deltas flow.
    net.set_faults({});
    std::size_t settle = 0;
    while ((!all_acknowledged(net) || net.in_flight() > 0) && settle < 100) {
        net.round();
        ++settle;
    }
    REQUIRE(all_acknowledged(net));
    const auto before = net.totals();
    for (int r = 0; r < 10; ++r) net.round();
    const auto after = net.totals();
    CHECK(non_ack_messages(after) == non_ack_messages(before));
    if (config.push_pull) {
        // Only pull probes: one small ack per node per round (at most 10 bytes: the
        // envelope, an upto below 2^14 and the checksum).
        CHECK(after.sent(message_kind::ack) - before.sent(message_kind::ack) <= 10 * n);
        CHECK(after.bytes_sent - before.bytes_sent <= 10 * n * 10);
    } else {
        CHECK(after.messages_sent == before.messages_sent);
    }
    CHECK(net.log_deltas() == 0);  // everyone acknowledged everything: logs collected
    CHECK(net.node(0).state() == net.reference());
}

template <class Case>
void check_all_mixes() {
    const mix mixes[] = {mix::loss, mix::duplication, mix::reordering, mix::partition, mix::crash};
    converge::sync::options gossip;  // defaults: fanout 1, push-pull
    converge::sync::options push;
    push.fanout = converge::sync::options::all_peers;
    push.push_pull = false;
    for (mix m : mixes) {
        check_mix<Case>(m, topology::partial_mesh(8, 3, 5), gossip, 11);
        check_mix<Case>(m, topology::ring(6), push, 12);
        check_mix<Case>(m, topology::tree(7), push, 13);
    }
}

}  // namespace

TEMPLATE_LIST_TEST_CASE(
    "every replicated type converges under every fault mix, removes included, "
    "and then goes quiet",
    "[sync]", converge_test::replicated_cases) {
    check_all_mixes<TestType>();
}

TEST_CASE("a full mesh with every option off still converges", "[sync]") {
    converge::sync::options classic;
    classic.back_propagation = false;
    classic.remove_redundancy = false;
    classic.catch_up = converge::sync::catch_up_mode::full_state;
    check_mix<converge_test::or_set_case>(mix::crash, topology::full_mesh(5), classic, 21);
    check_mix<converge_test::or_set_case>(mix::loss, topology::full_mesh(5), classic, 22);
}

TEST_CASE("the simulator replays a run exactly from its seed", "[sync]") {
    const auto run = [](std::uint64_t seed) {
        simulation_options sim;
        sim.seed = seed;
        sim.faults = {0.3, 0.2, 2, true};
        network_simulator<sync_test::set_type> net(topology::partial_mesh(9, 3, seed), sim);
        seeded_rng script(seed);
        for (std::uint64_t i = 0; i < 30; ++i) {
            sync_test::update<converge_test::or_set_case>(net, script.below(9), script(), i);
            net.round();
        }
        const auto t = net.totals();
        return std::vector<std::uint64_t>{t.messages_sent, t.bytes_sent, net.network().dropped,
                                          net.network().duplicated, net.rounds()};
    };
    CHECK(run(4) == run(4));
    CHECK(run(4) != run(5));
}

TEST_CASE("topologies have the shape they promise", "[sync]") {
    CHECK(topology::full_mesh(6).edges() == 15);
    CHECK(topology::ring(6).edges() == 6);
    CHECK(topology::tree(7).edges() == 6);
    const topology mesh = topology::partial_mesh(15, 4, 3);
    for (std::size_t i = 0; i < mesh.size(); ++i) {
        CHECK(mesh.neighbours(i).size() >= 2);
        CHECK(mesh.neighbours(i).size() <= 4);
    }
    CHECK(mesh.edges() >= 27);
}

TEST_CASE("a converged network's idle traffic backs off to the configured bound", "[sync]") {
    // 15 nodes, every one a peer of every other, fanout 1: without back-off each node probes
    // one peer every round, forever.
    const auto idle_messages = [](std::size_t max_probe_interval, std::size_t rounds) {
        simulation_options o;
        o.seed = 3;
        o.endpoint.max_probe_interval = max_probe_interval;
        network_simulator<converge::g_counter<>> net(topology::full_mesh(15), o);
        for (std::size_t i = 0; i < net.size(); ++i)
            net.update(i, [&](auto& s) { return s.increment(i); });
        REQUIRE(net.run_until_converged(200));
        for (int settle = 0; settle < 100; ++settle) net.round();
        for (std::size_t i = 0; i < net.size(); ++i) CHECK(net.node(i).nothing_to_send());
        const auto before = net.totals().messages_sent;
        for (std::size_t r = 0; r < rounds; ++r) net.round();
        CHECK(net.converged());
        return net.totals().messages_sent - before;
    };
    const std::size_t rounds = 2000;
    CHECK(idle_messages(1, rounds) == 15 * rounds);
    // Each of the 15 * 14 pairs is picked about rounds / 14 times and probed about 6 times
    // while backing off, then once every 32 picks: at most about 1,900 messages in all (1,241
    // with this seed).
    const auto backed_off = idle_messages(32, rounds);
    INFO(backed_off << " idle messages in " << rounds << " rounds");
    CHECK(backed_off < 15 * 14 * (6 + rounds / 14 / 32 + 2));
    CHECK(backed_off * 10 < 15 * rounds);
}
