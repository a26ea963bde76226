// SPDX-License-Identifier: MIT
// The examples of docs/api/network_simulator.md, compiled and run; see
// examples/snippets/crdts.cpp. No RapidCheck needed.
#include <converge/codec/counters.hpp>
#include <converge/codec/or_set.hpp>
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/sync/anti_entropy.hpp>
#include <converge/testing/network_simulator.hpp>
#include <converge/testing/seeded_rng.hpp>
#include <converge/testing/topology.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/network_simulator.md example broken: %s\n", what);
        ++failures;
    }
}

void simulator_example() {
    // [network_simulator]
    namespace ct = converge::testing;
    using list = converge::or_set<std::string>;
    ct::simulation_options config;
    config.seed = 7;                // the same seed replays the same run
    config.persist = true;          // needed by restart()
    config.faults.loss = 0.3;       // 30% of messages lost
    config.faults.duplicate = 0.1;  // 10% delivered twice
    config.faults.max_delay = 2;    // 0 to 2 rounds late
    config.faults.reorder = true;
    ct::network_simulator<list> net(ct::topology::partial_mesh(8, 3, 7), config);

    net.update(0, [](list& s) { return s.add(0, "milk"); });
    net.partition({0, 1, 2});  // nodes 0, 1, 2 cannot reach 3 to 7
    net.update(5, [](list& s) { return s.add(5, "eggs"); });
    for (int r = 0; r < 10; ++r) net.round();
    net.update(6, [](list& s) { return s.remove("eggs"); });  // 6 has seen eggs by now
    net.crash(4);                                             // keeps only its persisted bytes
    net.heal();
    for (int r = 0; r < 3; ++r) net.round();
    net.restart(4);
    const auto rounds = net.run_until_converged(100);  // nullopt if not within 100 rounds
    // every node.state() == net.reference(): {milk}
    // net.network(): what was dropped, duplicated, delivered; rejected == 0
    // [/network_simulator]
    check(rounds.has_value(), "converged");
    check(net.converged(), "converged()");
    for (std::size_t i = 0; i < net.size(); ++i)
        check(net.node(i).state() == net.reference(), "every node holds the reference");
    check(net.reference().size() == 1 && net.reference().contains("milk"), "{milk}");
    check(net.network().rejected == 0 && net.network().dropped > 0 &&
              net.network().duplicated > 0 && net.network().delivered > 0,
          "network counters");
    check(net.totals().messages_sent > 0 && net.in_flight() <= net.totals().messages_sent,
          "totals");

    // The same seed, the same run.
    ct::network_simulator<list> again(ct::topology::partial_mesh(8, 3, 7), config);
    again.update(0, [](list& s) { return s.add(0, "milk"); });
    again.partition({0, 1, 2});
    again.update(5, [](list& s) { return s.add(5, "eggs"); });
    for (int r = 0; r < 10; ++r) again.round();
    again.update(6, [](list& s) { return s.remove("eggs"); });
    again.crash(4);
    again.heal();
    for (int r = 0; r < 3; ++r) again.round();
    again.restart(4);
    check(again.run_until_converged(100) == rounds, "replay: same rounds");
    check(again.network().delivered == net.network().delivered &&
              again.totals().bytes_sent == net.totals().bytes_sent,
          "replay: same traffic");
}

void observer_example() {
    // [observer]
    namespace ct = converge::testing;
    namespace cs = converge::sync;
    using counter = converge::g_counter<>;
    ct::simulation_options config;  // no faults, messages as bytes, seed 1
    ct::network_simulator<counter> net(ct::topology::ring(5), config);
    std::size_t groups = 0;
    net.set_observer([&groups](std::size_t, std::size_t, const cs::message<counter>& m) {
        if (cs::kind_of(m) == cs::message_kind::delta_group) ++groups;
    });
    net.update(0, [](counter& s) { return s.increment(0); });
    const auto rounds = net.run_until_converged(20);  // a few rounds
    // groups: the delta groups sent on the way; net.totals() has every endpoint's counters
    // [/observer]
    check(rounds.has_value() && *rounds > 0, "ring converges");
    check(groups > 0 && groups == net.totals().sent(cs::message_kind::delta_group),
          "observer sees every group");
    check(net.reference().value() == 1, "reference");
}

void topology_example() {
    // [topology]
    namespace ct = converge::testing;
    const auto tree = ct::topology::tree(7);  // binary: node i's parent is (i - 1) / 2
    // tree.neighbours(1) == {0, 3, 4}, tree.edges() == 6, tree.name() == "tree"
    const auto mesh = ct::topology::partial_mesh(10, 4, 2019);  // a ring plus random links

    ct::seeded_rng rng(42);                  // splitmix64: the same numbers on every platform
    const std::uint64_t die = rng.below(6);  // uniform in [0, 6)
    const bool heads = rng.chance(0.5);
    converge::sync::anti_entropy<converge::g_counter<>> node(1);
    const auto out = node.tick(rng);  // any uniform random bit generator
    // [/topology]
    check(tree.neighbours(1) == std::vector<std::size_t>{0, 3, 4} && tree.edges() == 6 &&
              tree.name() == "tree",
          "tree");
    check(mesh.size() == 10 && mesh.name() == "partial mesh", "mesh");
    for (std::size_t i = 0; i < mesh.size(); ++i) {
        check(mesh.linked(i, (i + 1) % 10), "the ring is there");
        check(mesh.neighbours(i).size() >= 2 && mesh.neighbours(i).size() <= 4, "degree");
    }
    check(die < 6, "die");
    (void)heads;
    check(out.empty(), "no peers, nothing to send");
    ct::seeded_rng a(5), b(5);
    check(a() == b() && a.below(1000) == b.below(1000), "same seed, same numbers");
    check(!a.chance(0.0) && a.chance(1.0), "chance bounds");
}

}  // namespace

int run_snippet_api_network_simulator() {
    simulator_example();
    observer_example();
    topology_example();
    return failures == 0 ? 0 : 1;
}
