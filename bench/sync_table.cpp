// SPDX-License-Identifier: MIT
// Reproduces the transmission table of Enes, Almeida, Baquero and Leitão, "Efficient
// Synchronization of State-based CRDTs" (ICDE 2019): 15 nodes on a tree and on a partial
// mesh of degree 4, each node makes one update per round for 100 rounds and syncs with all
// its neighbours every round. Total bytes of state-based sync, classic delta, delta+BP,
// delta+RR and delta+BP+RR, each divided by delta+BP+RR. Then gossip speed: rounds until n
// nodes of a full mesh agree, fanout 1 push-pull, beside log2 n + ln n.
//
// Usage: sync_table [--smoke]   (--smoke: a tiny run that only checks it works)
#include <converge/converge.hpp>
#include <converge/testing/network_simulator.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

using converge::g_counter;
using converge::or_set;
using converge::sync::options;
using converge::testing::network_simulator;
using converge::testing::seeded_rng;
using converge::testing::simulation_options;
using converge::testing::topology;

struct mode {
    const char* name;
    options config;
};

std::vector<mode> modes() {
    options delta;
    delta.fanout = options::all_peers;  // every neighbour, every round
    delta.push_pull = false;
    delta.measure_bytes = true;
    options state = delta;
    state.mode = converge::sync::protocol::state_based;
    options classic = delta;
    classic.back_propagation = false;
    classic.remove_redundancy = false;
    options bp = delta;
    bp.remove_redundancy = false;
    options rr = delta;
    rr.back_propagation = false;
    return {{"state", state}, {"classic", classic}, {"BP", bp}, {"RR", rr}, {"BP+RR", delta}};
}

struct outcome {
    std::uint64_t bytes = 0;
    std::uint64_t payload = 0;  // set elements or counter entries carried by messages
    std::size_t extra_rounds = 0;
    bool converged = false;
};

// Elements (set) or entries (counter) in a message's CRDT payloads: the paper's unit.
template <class T>
std::uint64_t payload_of(const T& x) {
    if constexpr (requires { x.size(); })
        return x.size();
    else
        return x.entries().size();
}

template <class T, class Update>
outcome run(const topology& graph, const options& config, std::size_t update_rounds,
            Update update) {
    simulation_options sim;
    sim.endpoint = config;
    sim.seed = 2019;
    sim.through_bytes = false;  // sizes come from the endpoints' own encodes
    network_simulator<T> net(graph, sim);
    outcome out;
    net.set_observer([&out](std::size_t, std::size_t, const auto& msg) {
        using converge::sync::delta_group;
        using converge::sync::digest_reply;
        using converge::sync::full_state;
        if (const auto* g = std::get_if<delta_group<T>>(&msg)) out.payload += payload_of(g->delta);
        if (const auto* f = std::get_if<full_state<T>>(&msg)) out.payload += payload_of(f->state);
        if (const auto* y = std::get_if<digest_reply<T>>(&msg)) out.payload += payload_of(y->delta);
    });
    for (std::size_t r = 0; r < update_rounds; ++r) {
        for (std::size_t i = 0; i < net.size(); ++i)
            net.update(i, [&](T& s) { return update(s, i, r); });
        net.round();
    }
    const auto extra = net.run_until_converged(100);
    out.converged = extra.has_value() && net.node(0).state() == net.reference();
    out.extra_rounds = extra.value_or(0);
    out.bytes = net.totals().bytes_sent;
    return out;
}

template <class T, class Update>
bool table(const char* workload, std::size_t nodes, std::size_t update_rounds, Update update,
           double* bp_rr_vs_state_out) {
    const std::vector<mode> ms = modes();
    bool ok = true;
    const topology graphs[] = {topology::tree(nodes), topology::partial_mesh(nodes, 4, 2019)};
    for (const topology& g : graphs) {
        std::vector<outcome> results;
        for (const mode& m : ms) results.push_back(run<T>(g, m.config, update_rounds, update));
        const outcome& base = results.back();
        std::printf("| %-13s | %-12s |", workload, g.name().c_str());
        for (const outcome& o : results)
            std::printf(" %7.2fx |",
                        static_cast<double>(o.bytes) / static_cast<double>(base.bytes));
        std::printf(
            " %10llu | %6.2fx / %6.2fx |\n", static_cast<unsigned long long>(base.bytes),
            static_cast<double>(results.front().payload) / static_cast<double>(base.payload),
            static_cast<double>(results[1].payload) / static_cast<double>(base.payload));
        for (std::size_t i = 0; i < results.size(); ++i)
            if (!results[i].converged) {
                std::printf("  !! %s did not converge to the join of all updates\n", ms[i].name);
                ok = false;
            }
        if (bp_rr_vs_state_out)
            bp_rr_vs_state_out[&g - graphs] =
                static_cast<double>(results.front().bytes) / static_cast<double>(base.bytes);
    }
    return ok;
}

// Rounds until every node of a full mesh of n holds one update made at node 0.
std::size_t rounds_to_converge(std::size_t n, std::uint64_t seed) {
    options config;
    config.fanout = 1;
    config.push_pull = true;
    config.measure_bytes = false;
    simulation_options sim;
    sim.endpoint = config;
    sim.seed = seed;
    sim.through_bytes = false;
    network_simulator<g_counter<>> net(topology::full_mesh(n), sim);
    net.update(0, [](g_counter<>& s) { return s.increment(0); });
    return net.run_until_converged(200).value_or(999);
}

}  // namespace

int main(int argc, char** argv) {
    const bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
    const auto start = std::chrono::steady_clock::now();
    const std::size_t nodes = smoke ? 5 : 15;
    const std::size_t update_rounds = smoke ? 5 : 100;

    std::printf(
        "Bytes sent, divided by delta+BP+RR (%zu nodes, %zu updates per node, one per "
        "round; sync with every neighbour every round)\n\n",
        nodes, update_rounds);
    std::printf(
        "| workload      | topology     |   state  | classic  |    BP    |    RR    "
        "|  BP+RR   | BP+RR bytes | payload: state / classic |\n");
    std::printf(
        "|---------------|--------------|----------|----------|----------|----------"
        "|----------|-------------|--------------------------|\n");
    bool ok = true;
    double set_ratio[2] = {0, 0};
    // Fresh elements: distinct 64-bit ids, as random keys or hashes would be.
    ok &= table<or_set<std::uint64_t>>(
        "grow-only set", nodes, update_rounds,
        [](or_set<std::uint64_t>& s, std::size_t i, std::size_t r) {
            seeded_rng ids(i * 1'000'003 + r);
            return s.add(i, ids());
        },
        set_ratio);
    ok &= table<g_counter<>>(
        "g-counter", nodes, update_rounds,
        [](g_counter<>& s, std::size_t i, std::size_t) { return s.increment(i); }, nullptr);
    std::printf(
        "\nTarget: BP+RR at most 1/50 of state-based bytes for the set: tree %.1fx, "
        "mesh %.1fx -> %s\n",
        set_ratio[0], set_ratio[1], set_ratio[0] >= 50 && set_ratio[1] >= 50 ? "met" : "NOT met");

    std::printf(
        "\nRounds until all agree, full mesh, fanout 1 push-pull, one update "
        "(mean and max over 10 seeds)\n\n");
    std::printf("|     n | mean rounds | max | log2 n + ln n | bound + 2 |\n");
    std::printf("|-------|-------------|-----|---------------|-----------|\n");
    const std::vector<std::size_t> sizes =
        smoke ? std::vector<std::size_t>{16} : std::vector<std::size_t>{16, 64, 256, 1024};
    const std::uint64_t seeds = smoke ? 2 : 10;
    for (std::size_t n : sizes) {
        double sum = 0;
        std::size_t worst = 0;
        for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
            const std::size_t r = rounds_to_converge(n, seed);
            sum += static_cast<double>(r);
            worst = std::max(worst, r);
        }
        const double bound = std::log2(static_cast<double>(n)) + std::log(static_cast<double>(n));
        std::printf("| %5zu | %11.2f | %3zu | %13.2f | %9s |\n", n,
                    sum / static_cast<double>(seeds), worst, bound,
                    static_cast<double>(worst) <= bound + 2 ? "within" : "OUTSIDE");
        ok &= static_cast<double>(worst) <= bound + 2;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("\n(%.1f s)\n", seconds);
    return ok ? 0 : 1;
}
