// SPDX-License-Identifier: MIT
#pragma once

// A deterministic network of anti-entropy endpoints, for tests and benchmarks: rounds, message
// loss, duplication, delay and reordering, partitions, crashes and restarts from persisted
// bytes. Everything random comes from one seed, so a run replays exactly. No RapidCheck.

#include <converge/codec/envelope.hpp>
#include <converge/core/concepts.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/throw.hpp>
#include <converge/sync/anti_entropy.hpp>
#include <converge/sync/message_codec.hpp>
#include <converge/sync/options.hpp>
#include <converge/sync/stats.hpp>
#include <converge/testing/seeded_rng.hpp>
#include <converge/testing/topology.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace converge::inline v1::testing {

// What the network does to messages. Loss and duplication are decided per message when it is
// sent; a duplicate travels on its own, with its own delay.
struct fault_plan {
    double loss = 0.0;            // probability that a message is dropped
    double duplicate = 0.0;       // probability that a message is delivered twice
    std::uint32_t max_delay = 0;  // each message arrives 0..max_delay rounds late, uniformly
    bool reorder = false;         // deliver each batch in random order instead of sending order
};

// How a simulation runs.
struct simulation_options {
    sync::options endpoint{};
    fault_plan faults{};
    std::uint64_t seed = 1;
    // Keep each node's persisted bytes up to date after every call that changed it (needed
    // for crash and restart; costs an encode of the state per call).
    bool persist = false;
    // Move messages as encoded bytes through receive(from, bytes): exercises the codecs.
    bool through_bytes = true;
    // Within a round, replies are delivered in waves until none is left, at most this many.
    std::size_t max_waves = 16;
};

// What the network did to messages, beside the endpoints' own counters.
struct network_counters {
    std::uint64_t dropped = 0;  // lost, cut by a partition, or sent to a crashed node
    std::uint64_t duplicated = 0;
    std::uint64_t delivered = 0;
    std::uint64_t rejected = 0;  // receive() returned a failure: a bug, in a simulation
};

// N endpoints of T over a topology; node i has peer id i and knows its neighbours.
//
//     network_simulator<g_counter<>> net(topology::ring(5), {.seed = 7});
//     net.update(0, [](auto& s) { return s.increment(0); });
//     auto rounds = net.run_until_converged(100);   // nullopt if it never converged
template <sync::syncable T>
class network_simulator {
public:
    using endpoint_type = sync::anti_entropy<T, std::uint64_t>;

    network_simulator(topology topo, simulation_options config)
        : m_topology(std::move(topo)),
          m_options(config),
          m_rng(config.seed),
          m_nodes(m_topology.size()),
          m_saved(m_topology.size()),
          m_side(m_topology.size(), 0) {
        for (std::size_t i = 0; i < size(); ++i) {
            m_nodes[i].emplace(static_cast<std::uint64_t>(i), m_options.endpoint);
            for (std::size_t j : m_topology.neighbours(i)) m_nodes[i]->add_peer(j);
            save(i);
        }
    }

    // The number of nodes.
    [[nodiscard]] std::size_t size() const noexcept { return m_nodes.size(); }
    // The topology.
    [[nodiscard]] const topology& graph() const noexcept { return m_topology; }
    // Rounds run so far.
    [[nodiscard]] std::size_t rounds() const noexcept { return m_round; }
    // Whether node i is up.
    [[nodiscard]] bool alive(std::size_t i) const { return m_nodes.at(i).has_value(); }

    // Node i's endpoint. Throws std::out_of_range if it is crashed.
    [[nodiscard]] endpoint_type& node(std::size_t i) {
        if (!alive(i)) converge::detail::throw_out_of_range("network_simulator: node is down");
        return *m_nodes[i];
    }
    [[nodiscard]] const endpoint_type& node(std::size_t i) const {
        if (!alive(i)) converge::detail::throw_out_of_range("network_simulator: node is down");
        return *m_nodes[i];
    }

    // A local mutation at node i (see anti_entropy::mutate); returns its delta, which also
    // joins reference().
    template <class F>
    T update(std::size_t i, F&& fn) {
        T delta = node(i).mutate(std::forward<F>(fn));
        m_reference.merge(delta);
        save(i);
        return delta;
    }

    // The join of every update made so far: what every replica must end up holding.
    [[nodiscard]] const T& reference() const noexcept { return m_reference; }

    // Calls `fn(from, to, message)` for every message a node sends, before the network
    // decides its fate: for tracing, or for measuring payloads in units of your own.
    void set_observer(
        std::function<void(std::size_t, std::size_t, const typename endpoint_type::message_type&)>
            fn) {
        m_observer = std::move(fn);
    }

    // Changes what the network does to messages from now on.
    void set_faults(const fault_plan& faults) { m_options.faults = faults; }

    // Splits the network: nodes in `side` and the others cannot reach each other until heal().
    void partition(const std::vector<std::size_t>& side) {
        std::fill(m_side.begin(), m_side.end(), 0);
        for (std::size_t i : side) m_side.at(i) = 1;
    }
    // Ends every partition.
    void heal() { std::fill(m_side.begin(), m_side.end(), 0); }

    // Crashes node i: it loses everything but its persisted bytes, and messages to it are lost.
    void crash(std::size_t i) {
        if (!alive(i)) return;
        m_retired += m_nodes[i]->statistics();
        m_nodes[i].reset();
    }

    // Restarts node i from its persisted bytes. Throws std::invalid_argument unless the
    // simulation persists, and std::out_of_range if the bytes do not decode.
    void restart(std::size_t i) {
        if (alive(i)) return;
        if (!m_options.persist)
            converge::detail::throw_invalid_argument(
                "network_simulator: restart needs persist = true");
        auto restored = endpoint_type::restore(m_saved.at(i), m_options.endpoint);
        if (!restored)
            converge::detail::throw_out_of_range(
                converge::detail::text("network_simulator: persisted bytes: ", restored.message()));
        m_nodes[i].emplace(std::move(*restored));
    }

    // One round: every live node ticks, then messages due by now are delivered, and the
    // replies they cause, in waves.
    void round() {
        ++m_round;
        for (std::size_t i = 0; i < size(); ++i) {
            if (!alive(i)) continue;
            auto out = m_nodes[i]->tick(m_rng);
            save(i);
            send(i, out);
        }
        for (std::size_t wave = 0; wave < m_options.max_waves; ++wave)
            if (!deliver_due()) break;
        std::size_t logs = 0;
        for (const auto& n : m_nodes)
            if (n) logs += n->log_size();
        m_peak_log = std::max(m_peak_log, logs);
    }

    // Whether every node is up and all hold equal states.
    [[nodiscard]] bool converged() const {
        for (std::size_t i = 0; i < size(); ++i)
            if (!alive(i) || !(m_nodes[i]->state() == m_nodes[0]->state())) return false;
        return true;
    }

    // Runs rounds until converged(), at most `max_rounds`; the number of rounds it took, or
    // nullopt if it did not converge.
    std::optional<std::size_t> run_until_converged(std::size_t max_rounds) {
        for (std::size_t r = 0; r <= max_rounds; ++r) {
            if (converged()) return r;
            if (r < max_rounds) round();
        }
        return std::nullopt;
    }

    // Messages sent but not yet delivered or dropped.
    [[nodiscard]] std::size_t in_flight() const noexcept { return m_flights.size(); }

    // The endpoints' counters, summed over every node, crashed incarnations included.
    [[nodiscard]] sync::stats totals() const {
        sync::stats sum = m_retired;
        for (const auto& n : m_nodes)
            if (n) sum += n->statistics();
        sum.log_deltas = log_deltas();
        return sum;
    }
    // What the network did.
    [[nodiscard]] const network_counters& network() const noexcept { return m_network; }

    // Deltas in all logs now, and the most seen at the end of a round.
    [[nodiscard]] std::size_t log_deltas() const noexcept {
        std::size_t n = 0;
        for (const auto& node : m_nodes)
            if (node) n += node->log_size();
        return n;
    }
    [[nodiscard]] std::size_t peak_log_deltas() const noexcept { return m_peak_log; }
    // The encoded size of all logs now.
    [[nodiscard]] std::size_t log_bytes() const {
        std::size_t n = 0;
        for (const auto& node : m_nodes)
            if (node) n += node->log_bytes();
        return n;
    }

    // The persisted bytes of node i (empty unless persisting).
    [[nodiscard]] const std::vector<std::byte>& persisted(std::size_t i) const {
        return m_saved.at(i);
    }

private:
    struct flight {
        std::size_t from;
        std::size_t to;
        std::size_t due;
        std::uint64_t order;
        typename endpoint_type::message_type msg;
        std::vector<std::byte> bytes;
    };

    void save(std::size_t i) {
        if (m_options.persist && m_nodes[i]) m_saved[i] = converge::encode(m_nodes[i]->persist());
    }

    void send(std::size_t from, std::vector<typename endpoint_type::outgoing_type>& out) {
        const fault_plan& f = m_options.faults;
        for (auto& o : out) {
            const auto to = static_cast<std::size_t>(o.to);
            if (m_observer) m_observer(from, to, o.msg);
            if (m_rng.chance(f.loss)) {
                ++m_network.dropped;
                continue;
            }
            const bool twice = m_rng.chance(f.duplicate);
            if (twice) ++m_network.duplicated;
            for (int copy = 0; copy < (twice ? 2 : 1); ++copy) {
                const std::size_t delay = f.max_delay == 0 ? 0 : m_rng.below(f.max_delay + 1);
                flight fl{from, to, m_round + delay, m_order++, {}, {}};
                if (m_options.through_bytes)
                    fl.bytes = sync::encode_message(o.msg);
                else
                    fl.msg = o.msg;
                m_flights.push_back(std::move(fl));
            }
        }
    }

    // Delivers every message due by now; false if there was none.
    bool deliver_due() {
        std::vector<flight> batch;
        std::vector<flight> later;
        for (flight& fl : m_flights) (fl.due <= m_round ? batch : later).push_back(std::move(fl));
        m_flights = std::move(later);
        if (batch.empty()) return false;
        if (m_options.faults.reorder) {
            for (std::size_t i = batch.size(); i > 1; --i)
                std::swap(batch[i - 1], batch[m_rng.below(i)]);
        } else {
            std::sort(batch.begin(), batch.end(),
                      [](const flight& a, const flight& b) { return a.order < b.order; });
        }
        for (flight& fl : batch) {
            if (!alive(fl.to) || m_side[fl.from] != m_side[fl.to]) {
                ++m_network.dropped;
                continue;
            }
            ++m_network.delivered;
            auto replies = m_options.through_bytes ? m_nodes[fl.to]->receive(fl.from, fl.bytes)
                                                   : m_nodes[fl.to]->receive(fl.from, fl.msg);
            save(fl.to);
            if (!replies) {
                ++m_network.rejected;
                continue;
            }
            send(fl.to, *replies);
        }
        return true;
    }

    topology m_topology;
    simulation_options m_options;
    seeded_rng m_rng;
    std::vector<std::optional<endpoint_type>> m_nodes;
    std::vector<std::vector<std::byte>> m_saved;
    std::vector<int> m_side;
    std::vector<flight> m_flights;
    std::size_t m_round = 0;
    std::uint64_t m_order = 0;
    std::size_t m_peak_log = 0;
    T m_reference{};
    sync::stats m_retired{};
    network_counters m_network{};
    std::function<void(std::size_t, std::size_t, const typename endpoint_type::message_type&)>
        m_observer;
};

}  // namespace converge::inline v1::testing
