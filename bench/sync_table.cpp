// SPDX-License-Identifier: MIT
// Reproduces the transmission table of Enes, Almeida, Baquero and Leitão, "Efficient
// Synchronization of State-based CRDTs" (ICDE 2019): 15 nodes on a tree and on a partial
// mesh of degree 4, each node makes one update per round for 100 rounds and syncs with all
// its neighbours every round. Total bytes of state-based sync, classic delta, delta+BP,
// delta+RR and delta+BP+RR, each divided by delta+BP+RR; BP+RR also with BP as the paper
// defines it (origin only; ours also leaves out what each peer sent). Acks ride on groups
// (options::piggyback_acks) in every delta column. Then gossip speed:
// rounds until n nodes of a full mesh agree, fanout 1, push-pull and push only, beside
// log2 n + ln n.
//
// Usage: sync_table [--smoke] [--rounds-data FILE]
//   --smoke: a tiny run that only checks it works
//   --rounds-data: also write the rounds as gnuplot data (scripts/bench-sync plots them)
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
    delta.piggyback_acks = true;  // groups flow both ways every round: acks ride on them
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
    options paper = delta;  // BP+RR with BP as the paper defines it: the origin only
    paper.bp_every_sender = false;
    return {{"state", state},
            {"classic", classic},
            {"BP", bp},
            {"RR", rr},
            {"BP+RR (origin-only BP)", paper},
            {"BP+RR", delta}};
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

// Ratios of state-based bytes to BP+RR bytes for one workload: [topology][our BP, paper's].
struct set_ratios {
    double ours[2] = {0, 0};
    double origin_only[2] = {0, 0};
};

template <class T, class Update>
bool table(const char* workload, std::size_t nodes, std::size_t update_rounds, Update update,
           set_ratios* ratios) {
    const std::vector<mode> ms = modes();
    bool ok = true;
    const topology graphs[] = {topology::tree(nodes), topology::partial_mesh(nodes, 4, 2019)};
    for (const topology& g : graphs) {
        std::vector<outcome> results;
        for (const mode& m : ms) results.push_back(run<T>(g, m.config, update_rounds, update));
        const outcome& base = results.back();
        const auto ratio = [&base](const outcome& o) {
            return static_cast<double>(o.bytes) / static_cast<double>(base.bytes);
        };
        std::printf("| %-13s | %-12s |", workload, g.name().c_str());
        for (const outcome& o : results) std::printf(" %6.2fx |", ratio(o));
        std::printf(
            " %11llu | %6.2fx / %6.2fx |\n", static_cast<unsigned long long>(base.bytes),
            static_cast<double>(results.front().payload) / static_cast<double>(base.payload),
            static_cast<double>(results[1].payload) / static_cast<double>(base.payload));
        for (std::size_t i = 0; i < results.size(); ++i)
            if (!results[i].converged) {
                std::printf("  !! %s did not converge to the join of all updates\n", ms[i].name);
                ok = false;
            }
        if (ratios) {
            const auto t = static_cast<std::size_t>(&g - graphs);
            ratios->ours[t] = ratio(results.front());
            ratios->origin_only[t] = ratio(results.front()) / ratio(results[4]);
        }
    }
    return ok;
}

// Rounds until every node of a full mesh of n holds one update made at node 0, fanout 1.
std::size_t rounds_to_converge(std::size_t n, std::uint64_t seed, bool push_pull) {
    options config;
    config.fanout = 1;
    config.push_pull = push_pull;
    config.measure_bytes = false;
    simulation_options sim;
    sim.endpoint = config;
    sim.seed = seed;
    sim.through_bytes = false;
    network_simulator<g_counter<>> net(topology::full_mesh(n), sim);
    net.update(0, [](g_counter<>& s) { return s.increment(0); });
    return net.run_until_converged(200).value_or(999);
}

struct rounds_summary {
    double mean = 0;
    std::size_t max = 0;
};

rounds_summary rounds_over_seeds(std::size_t n, std::uint64_t seeds, bool push_pull) {
    rounds_summary out;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        const std::size_t r = rounds_to_converge(n, seed, push_pull);
        out.mean += static_cast<double>(r);
        out.max = std::max(out.max, r);
    }
    out.mean /= static_cast<double>(seeds);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    bool smoke = false;
    const char* rounds_data = nullptr;  // gnuplot data for the rounds plot
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--smoke") == 0) {
            smoke = true;
        } else if (std::strcmp(argv[i], "--rounds-data") == 0 && i + 1 < argc) {
            rounds_data = argv[++i];
        } else {
            std::fprintf(stderr, "usage: sync_table [--smoke] [--rounds-data FILE]\n");
            return 2;
        }
    }
    const auto start = std::chrono::steady_clock::now();
    const std::size_t nodes = smoke ? 5 : 15;
    const std::size_t update_rounds = smoke ? 5 : 100;

    std::printf(
        "Bytes sent, divided by delta+BP+RR (%zu nodes, %zu updates per node, one per "
        "round; sync with every neighbour every round)\n\n",
        nodes, update_rounds);
    std::printf(
        "| workload      | topology     |  state  | classic |   BP    |   RR    "
        "| BP+RR*  |  BP+RR  | BP+RR bytes | payload: state / classic |\n");
    std::printf(
        "|---------------|--------------|---------|---------|---------|---------"
        "|---------|---------|-------------|--------------------------|\n");
    bool ok = true;
    set_ratios set;
    // Fresh elements: distinct 64-bit ids, as random keys or hashes would be.
    ok &= table<or_set<std::uint64_t>>(
        "grow-only set", nodes, update_rounds,
        [](or_set<std::uint64_t>& s, std::size_t i, std::size_t r) {
            seeded_rng ids(i * 1'000'003 + r);
            return s.add(i, ids());
        },
        &set);
    set_ratios counter;
    ok &= table<g_counter<>>(
        "g-counter", nodes, update_rounds,
        [](g_counter<>& s, std::size_t i, std::size_t) { return s.increment(i); }, &counter);
    std::printf("\n* BP as the paper defines it: only the origin of a delta is left out.\n");
    // The paper's set figures are 80.7x (tree) and 57.6x (mesh): beat them in bytes.
    const bool set_met = set.ours[0] >= 68 && set.ours[1] >= 60;
    const bool counter_met = counter.ours[0] >= 1 && counter.ours[1] >= 1;
    std::printf(
        "\nTargets, state-based bytes over BP+RR: the set at least 68x on the tree and 60x on the "
        "mesh: %.1fx, %.1fx -> %s (with origin-only BP: %.1fx, %.1fx); the counter at least 1x "
        "on both: %.2fx, %.2fx -> %s\n",
        set.ours[0], set.ours[1], set_met ? "met" : "NOT met", set.origin_only[0],
        set.origin_only[1], counter.ours[0], counter.ours[1], counter_met ? "met" : "NOT met");

    std::printf(
        "\nRounds until all agree, full mesh, fanout 1, one update (mean and max over %d "
        "seeds)\n\n",
        smoke ? 2 : 10);
    std::printf(
        "|     n | push-pull mean | max | push-only mean | max | log2 n + ln n | push-pull "
        "within bound + 2 |\n");
    std::printf(
        "|-------|----------------|-----|----------------|-----|---------------|"
        "-----------------------------|\n");
    const std::vector<std::size_t> sizes =
        smoke ? std::vector<std::size_t>{16}
              : std::vector<std::size_t>{16, 32, 64, 128, 256, 512, 1024};
    const std::uint64_t seeds = smoke ? 2 : 10;
    std::FILE* data = rounds_data ? std::fopen(rounds_data, "w") : nullptr;
    if (rounds_data && !data) {
        std::fprintf(stderr, "sync_table: cannot write %s\n", rounds_data);
        return 2;
    }
    if (data) std::fprintf(data, "# n push_pull_mean push_pull_max push_mean push_max bound\n");
    for (std::size_t n : sizes) {
        const rounds_summary pp = rounds_over_seeds(n, seeds, true);
        const rounds_summary push = rounds_over_seeds(n, seeds, false);
        const double bound = std::log2(static_cast<double>(n)) + std::log(static_cast<double>(n));
        const bool within = static_cast<double>(pp.max) <= bound + 2;
        std::printf("| %5zu | %14.2f | %3zu | %14.2f | %3zu | %13.2f | %27s |\n", n, pp.mean,
                    pp.max, push.mean, push.max, bound, within ? "yes" : "NO");
        if (data)
            std::fprintf(data, "%zu %.2f %zu %.2f %zu %.4f\n", n, pp.mean, pp.max, push.mean,
                         push.max, bound);
        ok &= within;
    }
    if (data) std::fclose(data);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "(%.1f s)\n", seconds);  // not in the output, which docs quote
    return ok ? 0 : 1;
}
