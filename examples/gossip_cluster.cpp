// SPDX-License-Identifier: MIT
// 64 replicas of a grow-only set gossiping over a lossy partial mesh, split by a partition
// that heals: a progress line per round (how many replicas hold everything, bytes sent so
// far) and a summary. Runs in converge's deterministic network simulator: same seed, same run.
#include <converge/converge.hpp>
#include <converge/testing/network_simulator.hpp>

#include <cstdio>
#include <numeric>
#include <vector>

int main() {
    using set = converge::or_set<std::uint64_t>;
    using converge::testing::network_simulator;
    using converge::testing::topology;

    constexpr std::size_t nodes = 64;
    converge::testing::simulation_options options;
    options.seed = 2026;
    options.faults.loss = 0.2;        // one message in five is lost
    options.faults.duplicate = 0.05;  // some arrive twice
    options.faults.max_delay = 2;     // and late, out of order
    options.faults.reorder = true;
    network_simulator<set> net(topology::partial_mesh(nodes, 4, options.seed), options);

    // The first half cannot reach the second until round 12.
    std::vector<std::size_t> west(nodes / 2);
    std::iota(west.begin(), west.end(), std::size_t{0});
    net.partition(west);

    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // one progress line at a time, even in a pipe
    std::printf("round  converged  bytes sent\n");
    std::size_t converged_at = 0;
    for (std::size_t round = 1; round <= 60; ++round) {
        if (round <= 10) {  // every node adds one element a round for ten rounds
            for (std::size_t i = 0; i < nodes; ++i)
                net.update(i, [&](set& s) { return s.add(i, i * 1000 + round); });
        }
        if (round == 12) {
            net.heal();
            std::printf("  -- partition healed --\n");
        }
        net.round();
        std::size_t complete = 0;
        for (std::size_t i = 0; i < nodes; ++i) complete += net.node(i).state() == net.reference();
        std::printf("%5zu  %6zu/%zu  %10llu\n", round, complete, nodes,
                    static_cast<unsigned long long>(net.totals().bytes_sent));
        if (complete == nodes && round > 12) {
            converged_at = round;
            break;
        }
    }

    const auto totals = net.totals();
    std::printf("\n%zu replicas, %zu elements: %s after %zu rounds\n", nodes,
                net.reference().size(), converged_at ? "converged" : "NOT converged", converged_at);
    std::printf(
        "messages sent %llu (%llu dropped by the network), bytes %llu, "
        "catch-ups %llu, deltas still logged %zu\n",
        static_cast<unsigned long long>(totals.messages_sent),
        static_cast<unsigned long long>(net.network().dropped),
        static_cast<unsigned long long>(totals.bytes_sent),
        static_cast<unsigned long long>(totals.full_state_fallbacks), net.log_deltas());
    return converged_at ? 0 : 1;
}
