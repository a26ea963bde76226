// SPDX-License-Identifier: MIT
// Anti-entropy converges whatever happens: RapidCheck picks a topology, the endpoints'
// options, a fault schedule (loss, duplication, delay, reordering, a partition, a crash and
// restart) and an update script; once the faults end, every replica must hold exactly the
// join of every update made.
#include "sync_workloads.hpp"
#include "test_support.hpp"

#include <converge/converge.hpp>
#include <converge/testing/network_simulator.hpp>

#include <rapidcheck.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

using converge::testing::network_simulator;
using converge::testing::simulation_options;
using converge::testing::topology;

namespace {

// A uniform value in [low, high): inRange alone favours the low end at small sizes.
template <class T>
T pick(T low, T high) {
    return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<T>(low, high));
}

struct update_step {
    std::size_t round;
    std::size_t node;
    std::uint64_t op;
};

template <class Case>
void converges_to_join_of_updates() {
    using T = typename Case::type;
    const std::size_t n = pick<std::size_t>(2, 8);
    const int shape = pick(0, 4);
    const topology graph = shape == 0   ? topology::full_mesh(n)
                           : shape == 1 ? topology::ring(n)
                           : shape == 2 ? topology::tree(n, pick<std::size_t>(1, 4))
                                        : topology::partial_mesh(n, pick<std::size_t>(2, 5),
                                                                 pick<std::uint64_t>(0, 1000));
    RC_TAG(graph.name());

    simulation_options sim;
    sim.seed = pick<std::uint64_t>(0, 1u << 30);
    sim.persist = true;
    sim.endpoint.fanout = *rc::gen::element<std::size_t>(1, 2, converge::sync::options::all_peers);
    sim.endpoint.push_pull = *rc::gen::arbitrary<bool>();
    sim.endpoint.back_propagation = *rc::gen::arbitrary<bool>();
    sim.endpoint.bp_every_sender = *rc::gen::arbitrary<bool>();
    sim.endpoint.remove_redundancy = *rc::gen::arbitrary<bool>();
    sim.endpoint.catch_up = *rc::gen::element(converge::sync::catch_up_mode::digest,
                                              converge::sync::catch_up_mode::full_state);
    sim.endpoint.max_group_deltas = pick<std::size_t>(1, 20);
    sim.endpoint.max_group_bytes = *rc::gen::element<std::size_t>(0, 1, 48, 256);
    sim.endpoint.piggyback_acks = *rc::gen::arbitrary<bool>();
    sim.faults.loss = *rc::gen::element(0.0, 0.1, 0.3, 0.5);
    sim.faults.duplicate = *rc::gen::element(0.0, 0.2);
    sim.faults.max_delay = pick<std::uint32_t>(0, 3);
    sim.faults.reorder = *rc::gen::arbitrary<bool>();

    constexpr std::size_t rounds = 14;
    const bool split = *rc::gen::arbitrary<bool>();
    const std::size_t split_from = pick<std::size_t>(0, rounds);
    const std::size_t split_to = pick<std::size_t>(split_from, rounds + 1);
    const std::size_t cut = pick<std::size_t>(1, n);
    const bool crash = *rc::gen::arbitrary<bool>();
    const std::size_t crashed = pick<std::size_t>(0, n);
    const std::size_t crash_from = pick<std::size_t>(0, rounds);
    const std::size_t crash_to = pick<std::size_t>(crash_from, rounds + 1);
    const auto steps =
        *rc::gen::container<std::vector<update_step>>(rc::gen::construct<update_step>(
            rc::gen::inRange<std::size_t>(0, rounds), rc::gen::inRange<std::size_t>(0, n),
            rc::gen::arbitrary<std::uint64_t>()));

    network_simulator<T> net(graph, sim);
    std::uint64_t index = 0;
    for (std::size_t r = 0; r < rounds; ++r) {
        if (split && r == split_from) {
            std::vector<std::size_t> side;
            for (std::size_t i = 0; i < cut; ++i) side.push_back(i);
            net.partition(side);
        }
        if (split && r == split_to) net.heal();
        if (crash && r == crash_from) net.crash(crashed);
        if (crash && r == crash_to) net.restart(crashed);
        for (const update_step& s : steps)
            if (s.round == r && net.alive(s.node))
                sync_test::update<Case>(net, s.node, s.op, index++);
        net.round();
    }
    net.heal();
    net.restart(crashed);
    net.set_faults({});
    const auto took = net.run_until_converged(400);
    RC_ASSERT(took.has_value());
    RC_ASSERT(net.node(0).state() == net.reference());
    RC_ASSERT(net.network().rejected == 0u);
}

converge::testing::check_options budget() {
    converge::testing::check_options o;
    o.max_success = 60;
    return o;
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("anti-entropy converges to the join of all updates", "[sync][property]",
                        converge_test::replicated_cases) {
    CONVERGE_CHECK_PROPERTY(
        std::string(TestType::name) + " sync converges",
        [] { converges_to_join_of_updates<TestType>(); }, budget());
}
