// SPDX-License-Identifier: MIT
// Integrity of what an endpoint reads: every single-bit flip and every truncation of real sync
// messages of every kind, and of persisted endpoints, is refused with an error and changes
// nothing. The corpus comes from simulated exchanges (gossip, a restart caught up by digest
// handshake, full-state catch-ups) between endpoints of several types.
#include "test_support.hpp"

#include <converge/converge.hpp>
#include <converge/testing/network_simulator.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace cs = converge::sync;
using converge::testing::network_simulator;
using converge::testing::simulation_options;
using converge::testing::topology;

namespace {

struct recorded {
    std::size_t from;
    std::size_t to;
    std::vector<std::byte> bytes;
};

// What the refusals came to, for the message of a failed check.
struct tally {
    std::size_t messages = 0;
    std::size_t flips = 0;
    std::size_t truncations = 0;
    std::size_t accepted = 0;
};

// Runs a few rounds of gossip with updates from `update(i, round)`, a crash and a restart of
// node 1 (caught up by handshake or full state), and records every message sent.
template <class T, class Update>
std::vector<recorded> exchange(network_simulator<T>& net, Update update) {
    std::vector<recorded> out;
    net.set_observer([&](std::size_t from, std::size_t to, const auto& msg) {
        out.push_back({from, to, cs::encode_message(msg)});
    });
    for (int round = 0; round < 6; ++round) {
        for (std::size_t i = 0; i < net.size(); ++i)
            if (net.alive(i)) net.update(i, [&](T& s) { return update(s, i, round); });
        if (round == 2) net.crash(1);
        if (round == 4) net.restart(1);
        net.round();
    }
    REQUIRE(net.run_until_converged(50));
    return out;
}

// Calls refused(b) for every flip of one bit of `bytes` and every strict prefix of it,
// counting them in `t`; each must say true.
template <class Refused>
void for_each_damaged(const std::vector<std::byte>& bytes, tally& t, Refused refused) {
    std::vector<std::byte> b = bytes;
    for (std::size_t i = 0; i < b.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            b[i] ^= std::byte{static_cast<unsigned char>(1U << bit)};
            ++t.flips;
            CHECK(refused(std::span<const std::byte>(b)));
            b[i] ^= std::byte{static_cast<unsigned char>(1U << bit)};
        }
    }
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        ++t.truncations;
        CHECK(refused(std::span<const std::byte>(bytes.data(), n)));
    }
}

// Every damaged copy of `bytes` (for_each_damaged): refused by decode_message, and by the
// endpoint `e`, which stays exactly as it was.
template <class T>
void check_refused(const std::vector<std::byte>& bytes, std::size_t from, cs::anti_entropy<T>& e,
                   tally& t) {
    const cs::anti_entropy<T> before = e;
    ++t.messages;
    for_each_damaged(bytes, t, [&](std::span<const std::byte> b) {
        const bool decoded = static_cast<bool>(cs::decode_message<T>(b));
        const auto r = e.receive(from, b);
        const bool unchanged = e == before;
        if (decoded || r || !unchanged) {
            ++t.accepted;
            return false;
        }
        return r.byte_offset().value_or(b.size() + 1) <= b.size();
    });
}

// The corpus of one type: every message of two runs (digest and full-state catch-up), each
// of which must contain every kind; each is flipped and cut against its receiver.
template <class T, class Update>
void check_every_kind(Update update, tally& t) {
    std::array<std::size_t, cs::message_kind_count> kinds{};
    for (const auto mode : {cs::catch_up_mode::digest, cs::catch_up_mode::full_state}) {
        simulation_options o;
        o.seed = 5;
        o.persist = true;
        o.endpoint.catch_up = mode;
        network_simulator<T> net(topology::full_mesh(3), o);
        const auto corpus = exchange(net, update);
        for (const recorded& m : corpus) {
            const auto decoded = cs::decode_message<T>(m.bytes);
            REQUIRE(decoded);
            ++kinds[decoded->index()];
            check_refused(m.bytes, m.from, net.node(m.to), t);
        }
        // And the persisted endpoints.
        for (std::size_t i = 0; i < net.size(); ++i) {
            const auto saved = net.persisted(i);
            REQUIRE(cs::anti_entropy<T>::restore(saved, o.endpoint));
            for_each_damaged(saved, t, [&](std::span<const std::byte> b) {
                const bool ok = static_cast<bool>(cs::anti_entropy<T>::restore(b, o.endpoint));
                t.accepted += ok;
                return !ok;
            });
        }
    }
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        INFO("no " << cs::kind_name(static_cast<cs::message_kind>(k)) << " in the corpus");
        CHECK(kinds[k] > 0);
    }
}

}  // namespace

TEST_CASE("every bit flip and every truncation of every message kind is refused", "[sync][codec]") {
    tally t;
    check_every_kind<converge::g_counter<>>(
        [](auto& s, std::size_t i, int round) {
            return s.increment(i, static_cast<std::uint64_t>(round + 1));
        },
        t);
    check_every_kind<converge::or_set<std::string>>(
        [](auto& s, std::size_t i, int round) {
            if (round == 3) return s.remove(std::to_string(i * 10));
            return s.add(i, std::to_string(i * 10 + static_cast<std::size_t>(round)));
        },
        t);
    using note = converge::or_map<std::string, converge::mv_register<std::string>>;
    check_every_kind<note>(
        [](auto& s, std::size_t i, int round) {
            // detail::text, not "k" + std::to_string(i): g++ 12 at -O3 draws a false
            // -Wrestrict from operator+(const char*, std::string&&).
            using converge::detail::text;
            if (round == 3) return s.remove(text('k', i));
            return s.update(text('k', round % 2),
                            [&](auto& v) { return v.write(i, text('v', i, round)); });
        },
        t);
    INFO(t.messages << " messages: " << t.flips << " bit flips and " << t.truncations
                    << " truncations (persisted endpoints included), " << t.accepted
                    << " accepted");
    CHECK(t.accepted == 0);
    CHECK(t.flips > 10000);
}
