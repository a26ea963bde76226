// SPDX-License-Identifier: MIT
// The anti-entropy endpoint step by step: delta groups and acks, the log and its garbage
// collection, BP and RR, catch-ups (digest handshake, full state, oversized groups), restarts
// from persisted bytes, and refusal of messages that cannot be right.
#include "test_support.hpp"

#include <converge/converge.hpp>
#include <converge/testing/seeded_rng.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace cs = converge::sync;
using converge::g_counter;
using converge::or_set;
using converge::testing::seeded_rng;
using cs::message_kind;

namespace {

using set = or_set<std::string>;
using node = cs::anti_entropy<set>;

// An element name such as "x3", appended in place: `"x" + std::to_string(i)` trips a false
// -Wrestrict in g++ 12 at -O3.
std::string numbered(std::string name, int i) {
    name += std::to_string(i);
    return name;
}

// Delivers `out`, sent by `from`, through the wire format, then every reply, until nothing is
// left. Messages to ids not in `nodes` are dropped. Returns the kinds delivered.
template <class Node>
std::vector<message_kind> pump(const std::map<std::uint64_t, Node*>& nodes, std::uint64_t from,
                               const std::vector<typename Node::outgoing_type>& out) {
    std::deque<std::pair<std::uint64_t, typename Node::outgoing_type>> queue;
    for (const auto& o : out) queue.emplace_back(from, o);
    std::vector<message_kind> kinds;
    while (!queue.empty()) {
        auto [sender, o] = std::move(queue.front());
        queue.pop_front();
        const auto it = nodes.find(o.to);
        if (it == nodes.end()) continue;
        kinds.push_back(static_cast<message_kind>(o.msg.index()));
        auto replies = it->second->receive(sender, cs::encode_message(o.msg));
        REQUIRE(replies);
        for (const auto& r : *replies) queue.emplace_back(o.to, r);
    }
    return kinds;
}

cs::options push_only() {
    cs::options o;
    o.fanout = cs::options::all_peers;
    o.push_pull = false;
    return o;
}

std::size_t count(const std::vector<message_kind>& kinds, message_kind k) {
    std::size_t n = 0;
    for (message_kind x : kinds) n += x == k;
    return n;
}

}  // namespace

TEST_CASE("a local update reaches a peer as a delta group, and the ack empties the log", "[sync]") {
    node a(1, push_only()), b(2, push_only());
    a.add_peer(2);
    b.add_peer(1);
    const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}};
    seeded_rng rng(1);

    a.mutate([](set& s) { return s.add(1, "milk"); });
    CHECK(a.log_size() == 1);
    CHECK(a.next_sequence() == 1);
    const auto out = a.tick(rng);
    REQUIRE(out.size() == 1);
    const auto* group = std::get_if<cs::delta_group<set>>(&out[0].msg);
    REQUIRE(group != nullptr);
    CHECK(group->first == 0);
    CHECK(group->upto == 1);
    const auto kinds = pump(net, 1, out);
    CHECK(kinds == std::vector<message_kind>{message_kind::delta_group, message_kind::ack});
    CHECK(b.state().contains("milk"));
    CHECK(a.acked(2) == 1u);
    CHECK(a.log_size() == 0);  // collected: the only peer holds it
    // b logged what it learned for its own peers; BP keeps it from going back to a.
    CHECK(b.log_size() == 1);
    CHECK(b.tick(rng).empty());
    CHECK(b.log_size() == 0);
    CHECK(a.tick(rng).empty());  // quiet: nothing to send, no probes in push-only mode
}

TEST_CASE("removes propagate through the log like adds", "[sync]") {
    node a(1, push_only()), b(2, push_only()), c(3, push_only());
    a.add_peer(2);
    b.add_peer(1);
    b.add_peer(3);
    c.add_peer(2);
    const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}, {3, &c}};
    seeded_rng rng(2);
    a.mutate([](set& s) { return s.add(1, "milk"); });
    for (int r = 0; r < 3; ++r)
        for (node* n : {&a, &b, &c}) pump(net, n->self(), n->tick(rng));
    REQUIRE(c.state().contains("milk"));
    c.mutate([](set& s) { return s.remove("milk"); });
    for (int r = 0; r < 3; ++r)
        for (node* n : {&a, &b, &c}) pump(net, n->self(), n->tick(rng));
    CHECK_FALSE(a.state().contains("milk"));
    CHECK(a.state() == c.state());
    CHECK(b.state() == c.state());
}

TEST_CASE("BP: a delta never goes back to the peer it came from", "[sync]") {
    for (bool bp : {true, false}) {
        cs::options o = push_only();
        o.back_propagation = bp;
        node a(1, o), b(2, o);
        a.add_peer(2);
        b.add_peer(1);
        const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}};
        seeded_rng rng(3);
        std::size_t groups_from_b = 0;
        for (int r = 0; r < 5; ++r) {
            a.mutate([r](set& s) { return s.add(1, numbered("item", r)); });
            pump(net, 1, a.tick(rng));
            const auto out = b.tick(rng);
            groups_from_b += out.size();
            pump(net, 2, out);
        }
        INFO("back_propagation " << bp);
        CHECK(a.state() == b.state());
        // b only ever learned a's deltas: with BP it has nothing to send a.
        CHECK((groups_from_b == 0) == bp);
    }
}

TEST_CASE("BP: nor does what that peer sent us itself, having learned it elsewhere", "[sync]") {
    // A triangle: a's update reaches b and c directly; then b forwards it to c, whose log
    // says it came from a. With BP, c now knows b holds it and sends b nothing.
    for (bool bp : {true, false}) {
        cs::options o = push_only();
        o.back_propagation = bp;
        node a(1, o), b(2, o), c(3, o);
        for (node* n : {&a, &b, &c})
            for (std::uint64_t peer : {1, 2, 3})
                if (peer != n->self()) n->add_peer(peer);
        const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}, {3, &c}};
        seeded_rng rng(4);
        a.mutate([](set& s) { return s.add(1, "milk"); });
        pump(net, 1, a.tick(rng));
        REQUIRE(c.log_size() == 1);
        pump(net, 2, b.tick(rng));  // b sends milk on to c (b's log says it came from a)
        const auto out = c.tick(rng);
        INFO("back_propagation " << bp);
        std::size_t groups_to_b = 0;
        for (const auto& m : out) groups_to_b += m.to == 2 && m.msg.index() == 0 ? 1U : 0U;
        CHECK((groups_to_b == 0) == bp);
        pump(net, 3, out);
        CHECK(b.state() == a.state());
        CHECK(c.state() == a.state());
        if (bp) CHECK(c.acked(2) == c.next_sequence());  // b holds all of c's log
    }
}

TEST_CASE("BP: a group leaves out only what the peer sent, not the rest", "[sync]") {
    node c(3, push_only());
    c.add_peer(1);
    c.add_peer(2);
    set from_a;
    const set milk = from_a.add(1, "milk");
    from_a.add(1, "eggs");
    REQUIRE(c.receive(1, cs::message<set>(cs::delta_group<set>{0, 2, from_a})));
    // b sends c one of the two: a group for b must still carry the other.
    const set& from_b = milk;
    REQUIRE(c.receive(2, cs::message<set>(cs::delta_group<set>{0, 1, from_b})));
    const auto out = c.sync_with(2);
    REQUIRE(out.size() == 1);
    const auto* g = std::get_if<cs::delta_group<set>>(&out[0].msg);
    REQUIRE(g != nullptr);
    CHECK(g->delta.contains("eggs"));
    CHECK_FALSE(g->delta.contains("milk"));
}

TEST_CASE("BP: what a peer sent is kept in bounded memory when it never acknowledges", "[sync]") {
    // A one-way link: peer 2's groups arrive, our acks never do, so each of its groups
    // repeats all the earlier ones. Keeping every copy would grow quadratically.
    node c(3, push_only());
    c.add_peer(2);
    c.mutate([](set& s) { return s.add(3, "local"); });  // peer 2 owes us an ack
    set sent_by_2;
    for (int i = 0; i < 60; ++i) {
        sent_by_2.add(2, numbered("item", i));
        REQUIRE(c.receive(2, cs::message<set>(cs::delta_group<set>{
                                 0, static_cast<std::uint64_t>(i + 1), sent_by_2})));
    }
    CHECK(c.acked(2) == 0u);
    const std::size_t state_bytes = converge::encode(c.state()).size();
    CHECK(c.log_bytes() <= 10 * state_bytes);
    // And BP still applies: a group for 2 carries only what it lacks.
    const auto out = c.sync_with(2);
    REQUIRE(out.size() == 1);
    const auto* g = std::get_if<cs::delta_group<set>>(&out[0].msg);
    REQUIRE(g != nullptr);
    CHECK(g->delta.size() == 1);
    CHECK(g->delta.contains("local"));
}

TEST_CASE("RR: only the part of a delta that inflates the state is logged", "[sync]") {
    cs::options o = push_only();
    node a(1, o), b(2, o);
    b.add_peer(1);
    b.mutate([](set& s) { return s.add(2, "eggs"); });
    // a's group holds eggs (which b has) and milk (which it lacks).
    set group;
    group.merge(b.state());
    set other;
    group.merge(other.add(1, "milk"));
    REQUIRE(b.receive(1, cs::message<set>(cs::delta_group<set>{0, 1, group})));
    REQUIRE(b.log_size() == 2);
    CHECK(b.statistics().deltas_logged == 2);
    // A group with nothing new is not logged at all.
    REQUIRE(b.receive(1, cs::message<set>(cs::delta_group<set>{0, 1, group})));
    CHECK(b.statistics().deltas_logged == 2);

    cs::options classic = o;
    classic.remove_redundancy = false;
    node c(3, classic);
    c.mutate([](set& s) { return s.add(3, "eggs"); });
    REQUIRE(c.receive(1, cs::message<set>(cs::delta_group<set>{0, 1, group})));
    REQUIRE(c.log_size() == 2);
    REQUIRE(c.receive(1, cs::message<set>(cs::delta_group<set>{0, 1, group})));
    CHECK(c.log_size() == 2);  // classic delta still drops a group that inflates nothing
}

TEST_CASE("inflation is exact for every type", "[sync]") {
    using converge::pn_counter;
    // Every built-in type answers through its own member, not the digest fallback.
    STATIC_REQUIRE(cs::detail::has_inflation_over<g_counter<>>);
    STATIC_REQUIRE(cs::detail::has_inflation_over<pn_counter<>>);
    STATIC_REQUIRE(cs::detail::has_inflation_over<converge::lww_register<int>>);
    STATIC_REQUIRE(cs::detail::has_inflation_over<set>);
    g_counter<> gl, gx;
    gl.increment(1, 5);
    gx.increment(1, 3);
    gx.increment(2, 4);
    const auto gd = cs::inflation<g_counter<>>::of(gx, gl);
    CHECK(gd.entries().size() == 1);
    CHECK(gd.get(2) == 4);
    CHECK(converge::join(gl, gd) == converge::join(gl, gx));
    CHECK(cs::inflation<g_counter<>>::of(gl, gl) == g_counter<>{});

    pn_counter<> pl, px;
    pl.increment(1, 2);
    px.merge(pl);
    px.decrement(1, 1);
    const auto pd = cs::inflation<pn_counter<>>::of(px, pl);
    CHECK(pd.increments().entries().empty());
    CHECK(converge::join(pl, pd) == converge::join(pl, px));

    converge::lww_register<std::uint64_t> rl, rx;
    rl.assign(1, 10, converge::hlc_timestamp(5, 0));
    rx.assign(2, 20, converge::hlc_timestamp(4, 0));
    CHECK(cs::inflation<decltype(rl)>::of(rx, rl) == decltype(rl){});
    CHECK(cs::inflation<decltype(rl)>::of(rl, rx) == rl);

    // or_set: a remove the local state has not applied inflates; one it has does not.
    set local, remote;
    remote.merge(local.add(1, "milk"));
    const set removal = remote.remove("milk");
    const set d = cs::inflation<set>::of(removal, local);
    CHECK_FALSE(d == set{});
    CHECK(converge::join(local, d) == converge::join(local, removal));
    local.merge(removal);
    CHECK(cs::inflation<set>::of(removal, local) == set{});
    // A state with fresh and known dots: only the fresh ones come through.
    set a, b;
    b.merge(a.add(1, "x"));
    a.add(1, "y");
    a.add(1, "z");
    b.add(2, "w");
    const set ab = cs::inflation<set>::of(a, b);
    CHECK(ab.size() == 2);
    CHECK(ab.context().dot_count() == 2);
    CHECK(converge::join(b, ab) == converge::join(b, a));
}

TEST_CASE("the log is collected only below the lowest ack", "[sync]") {
    node a(1, push_only()), b(2, push_only()), c(3, push_only());
    a.add_peer(2);
    a.add_peer(3);
    const std::map<std::uint64_t, node*> only_b{{1, &a}, {2, &b}};
    seeded_rng rng(4);
    a.mutate([](set& s) { return s.add(1, "one"); });
    a.mutate([](set& s) { return s.add(1, "two"); });
    pump(only_b, 1, a.tick(rng));  // c is unreachable
    CHECK(a.acked(2) == 2u);
    CHECK(a.acked(3) == 0u);
    CHECK(a.log_size() == 2);  // c has acknowledged nothing yet
    const std::map<std::uint64_t, node*> both{{1, &a}, {2, &b}, {3, &c}};
    pump(both, 1, a.tick(rng));
    CHECK(c.state() == a.state());
    CHECK(a.log_size() == 0);
    // Forgetting a peer releases what only it was holding back.
    a.mutate([](set& s) { return s.add(1, "three"); });
    pump(only_b, 1, a.tick(rng));
    CHECK(a.log_size() == 1);
    CHECK(a.remove_peer(3));
    CHECK(a.log_size() == 0);
}

TEST_CASE("a new peer is caught up by the digest handshake, then gets deltas", "[sync]") {
    node a(1, push_only()), b(2, push_only());
    seeded_rng rng(5);
    for (int i = 0; i < 5; ++i) a.mutate([i](set& s) { return s.add(1, numbered("a", i)); });
    b.mutate([](set& s) { return s.add(2, "b"); });
    const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}};
    // No peers yet: the log is collected, so the newcomer is past its reach.
    CHECK(a.log_size() == 5);
    CHECK(a.tick(rng).empty());
    CHECK(a.log_size() == 0);
    const auto kinds = pump(net, 1, a.sync_with(2));
    CHECK(kinds.front() == message_kind::digest_request);
    CHECK(count(kinds, message_kind::digest_reply) == 1);
    CHECK(a.state() == b.state());
    CHECK(a.statistics().full_state_fallbacks == 1);
    CHECK(a.acked(2) == a.next_sequence());
    a.mutate([](set& s) { return s.add(1, "later"); });
    const auto kinds2 = pump(net, 1, a.sync_with(2));
    CHECK(kinds2 == std::vector<message_kind>{message_kind::delta_group, message_kind::ack});
    CHECK(b.state().contains("later"));
}

TEST_CASE("full-state catch-up, and oversized groups falling back", "[sync]") {
    cs::options o = push_only();
    o.catch_up = cs::catch_up_mode::full_state;
    o.max_group_deltas = 3;
    node a(1, o), b(2, o);
    a.add_peer(2);
    const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}};
    for (int i = 0; i < 3; ++i) a.mutate([i](set& s) { return s.add(1, numbered("x", i)); });
    auto kinds = pump(net, 1, a.sync_with(2));
    CHECK(kinds.front() == message_kind::delta_group);  // 3 deltas: within the cap
    for (int i = 0; i < 4; ++i) a.mutate([i](set& s) { return s.add(1, numbered("y", i)); });
    kinds = pump(net, 1, a.sync_with(2));
    CHECK(kinds.front() == message_kind::full_state);  // 4 deltas: past the cap
    CHECK(a.statistics().full_state_fallbacks == 1);
    CHECK(a.state() == b.state());
    CHECK(a.log_size() == 0);
}

TEST_CASE("max_group_bytes splits what a peer lacks into groups that fit", "[sync]") {
    for (bool push_pull : {false, true}) {
        cs::options o = push_only();
        o.push_pull = push_pull;
        o.max_group_bytes = 64;
        node a(1, o), b(2, o);
        a.add_peer(2);
        b.add_peer(1);
        const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}};
        const std::string pad(20, 'z');
        for (int i = 0; i < 12; ++i)
            a.mutate([&](set& s) { return s.add(1, pad + std::to_string(i)); });
        // b also has something for a: the split must not lose either direction.
        b.mutate([](set& s) { return s.add(2, "from b"); });

        // Delivers like pump(), checking every group on the way.
        std::size_t groups = 0;
        const auto deliver = [&](std::uint64_t from, std::vector<node::outgoing_type> out) {
            std::deque<std::pair<std::uint64_t, node::outgoing_type>> queue;
            for (auto& m : out) queue.emplace_back(from, std::move(m));
            while (!queue.empty()) {
                auto [sender, m] = std::move(queue.front());
                queue.pop_front();
                if (const auto* g = std::get_if<cs::delta_group<set>>(&m.msg)) {
                    ++groups;
                    // Whole entries of about 30 encoded bytes each: at most two fit in 64.
                    CHECK(g->delta.size() <= 2);
                }
                auto replies = net.at(m.to)->receive(sender, cs::encode_message(m.msg));
                REQUIRE(replies);
                for (auto& r : *replies) queue.emplace_back(m.to, std::move(r));
            }
        };
        for (int tick = 0; tick < 12 && !(a.state() == b.state() && a.log_size() == 0); ++tick) {
            deliver(1, a.sync_with(2));
            deliver(2, b.sync_with(1));
        }
        INFO("push_pull " << push_pull);
        CHECK(a.state() == b.state());
        CHECK(a.state().size() == 13);
        CHECK(a.log_size() == 0);
        CHECK(groups >= 6);  // 12 entries, two at most per group
    }
}

TEST_CASE("the log is capped; a peer behind its start is caught up", "[sync]") {
    cs::options o = push_only();
    o.max_log_deltas = 2;
    node a(1, o), b(2, o);
    a.add_peer(2);
    for (int i = 0; i < 5; ++i) a.mutate([i](set& s) { return s.add(1, numbered("x", i)); });
    CHECK(a.log_size() == 2);
    CHECK(a.log_base() == 3);
    const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}};
    const auto kinds = pump(net, 1, a.sync_with(2));
    CHECK(kinds.front() == message_kind::digest_request);
    CHECK(a.state() == b.state());
}

TEST_CASE("push-pull: a probe pulls what the peer has for us", "[sync]") {
    cs::options o;  // defaults: push-pull, fanout 1
    node a(1, o), b(2, o);
    a.add_peer(2);
    b.add_peer(1);
    const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}};
    b.mutate([](set& s) { return s.add(2, "pulled"); });
    seeded_rng rng(6);
    const auto out = a.tick(rng);
    REQUIRE(out.size() == 1);
    CHECK(std::holds_alternative<cs::ack>(out[0].msg));
    pump(net, 1, out);
    CHECK(a.state().contains("pulled"));
}

TEST_CASE("restart from persisted bytes: nothing acknowledged is lost", "[sync]") {
    node a(1, push_only()), b(2, push_only()), c(3, push_only());
    a.add_peer(2);
    b.add_peer(1);
    b.add_peer(3);
    c.add_peer(2);
    seeded_rng rng(7);
    a.mutate([](set& s) { return s.add(1, "precious"); });
    pump(std::map<std::uint64_t, node*>{{1, &a}, {2, &b}}, 1, a.tick(rng));
    REQUIRE(a.log_size() == 0);  // b acknowledged it: a let it go
    // b persists before its ack leaves (the contract), then crashes; a's disk dies too.
    const auto saved = converge::encode(b.persist());
    auto restored = node::restore(saved, push_only());
    REQUIRE(restored);
    node b2 = std::move(*restored);
    CHECK(b2.state().contains("precious"));
    CHECK(b2.next_sequence() == b.next_sequence());
    CHECK(b2.peers() == std::vector<std::uint64_t>{1, 3});
    CHECK(b2.log_size() == 0);
    // Its peers are caught up once, by handshake; c gets the update a no longer has.
    const std::map<std::uint64_t, node*> net{{2, &b2}, {3, &c}};
    pump(net, 2, b2.sync_with(3));
    CHECK(c.state().contains("precious"));
    CHECK(b2.acked(3) == b2.next_sequence());
}

TEST_CASE("an ack from before a restart cannot skip deltas logged after it", "[sync]") {
    node a(1, push_only()), b(2, push_only());
    a.add_peer(2);
    seeded_rng rng(8);
    a.mutate([](set& s) { return s.add(1, "one"); });
    a.mutate([](set& s) { return s.add(1, "two"); });
    const auto out = a.tick(rng);
    REQUIRE(out.size() == 1);
    auto acks = b.receive(1, out[0].msg);  // b acknowledges seq 0 and 1 ...
    REQUIRE(acks);
    REQUIRE(acks->size() == 1);
    // ... but a crashes before the ack arrives, and restarts from its persisted state.
    auto a2 = node::restore(a.persist(), push_only());
    a2.mutate([](set& s) { return s.add(1, "three"); });
    CHECK(a2.next_sequence() == 3);  // numbering continues: "three" is seq 2, not seq 0
    // The ack from before the crash arrives late: it must not cover "three".
    REQUIRE(a2.receive(2, (*acks)[0].msg));
    const std::map<std::uint64_t, node*> net{{1, &a2}, {2, &b}};
    pump(net, 1, a2.tick(rng));
    CHECK(b.state() == a2.state());
}

TEST_CASE("messages that cannot be right are rejected and change nothing", "[sync]") {
    cs::options strict = push_only();
    strict.accept_unknown_peers = false;
    node a(1, strict);
    a.add_peer(2);
    a.mutate([](set& s) { return s.add(1, "x"); });
    const set before = a.state();

    auto r = a.receive(2, cs::message<set>(cs::ack{5}));
    CHECK_FALSE(r);
    CHECK(r.error() == converge::make_error_code(converge::errc::invalid_value));
    CHECK(std::string(r.message()).find("ack of sequence 5") != std::string::npos);
    CHECK(a.acked(2) == 0u);
    CHECK_FALSE(a.receive(2, cs::message<set>(cs::delta_group<set>{4, 2, {}})));
    CHECK_FALSE(a.receive(1, cs::message<set>(cs::ack{0})));
    CHECK_FALSE(a.receive(9, cs::message<set>(cs::ack{0})));
    CHECK(a.peers() == std::vector<std::uint64_t>{2});

    const std::vector<std::byte> junk{std::byte{0x63}, std::byte{0x76}, std::byte{1}, std::byte{12},
                                      std::byte{0xFF}};
    auto bad = a.receive(2, junk);
    CHECK_FALSE(bad);
    CHECK(bad.byte_offset().has_value());
    auto wrong = a.receive(2, converge::encode(g_counter<>{}));
    CHECK_FALSE(wrong);
    CHECK(wrong.error() == converge::make_error_code(converge::errc::wrong_type));
    CHECK(a.state() == before);
    CHECK(a.statistics().rejected_messages == 6);
    CHECK(a.statistics().messages_received == 0);
    CHECK_THROWS_AS(a.add_peer(1), std::invalid_argument);
}

TEST_CASE("exhausted sequence numbers: refused, never thrown at receive, nothing changed",
          "[sync]") {
    // Persisted bytes can say anything, including that no sequence number is left.
    set start;
    start.add(1, "milk");
    const auto last = std::numeric_limits<std::uint64_t>::max();
    node a = node::restore(node::persisted_type{1, last, start, {2}}, push_only());
    REQUIRE(a.next_sequence() == last);
    set theirs;
    const set eggs = theirs.add(2, "eggs");

    const auto before = converge::encode(a.persist());
    const auto r = a.receive(2, cs::message<set>(cs::delta_group<set>{0, 1, eggs}));
    REQUIRE_FALSE(r);
    CHECK(r.error() == converge::errc::invalid_value);
    CHECK(converge::encode(a.persist()) == before);
    CHECK_FALSE(a.receive(2, cs::message<set>(cs::full_state<set>{1, eggs})));
    CHECK(converge::encode(a.persist()) == before);
    CHECK(a.receive(2, cs::message<set>(cs::ack{0})));  // needs no sequence number

    CHECK_THROWS_AS(a.mutate([](set& s) { return s.add(1, "bread"); }), std::overflow_error);
    CHECK_THROWS_AS(a.apply_local(eggs), std::overflow_error);
    CHECK(converge::encode(a.persist()) == before);
    CHECK_FALSE(a.state().contains("bread"));
}

TEST_CASE("a reversed group cannot be encoded", "[sync]") {
    CHECK_THROWS_AS(cs::encode_message(cs::message<set>(cs::delta_group<set>{5, 3, {}})),
                    std::invalid_argument);
}

TEST_CASE("state-based mode sends the whole state every time and logs nothing", "[sync]") {
    cs::options o = push_only();
    o.mode = cs::protocol::state_based;
    node a(1, o), b(2, o);
    a.add_peer(2);
    const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}};
    a.mutate([](set& s) { return s.add(1, "x"); });
    CHECK(a.log_size() == 0);
    seeded_rng rng(9);
    CHECK(pump(net, 1, a.tick(rng)) == std::vector<message_kind>{message_kind::full_state});
    CHECK(pump(net, 1, a.tick(rng)) == std::vector<message_kind>{message_kind::full_state});
    CHECK(b.state() == a.state());
}

TEST_CASE("counters count messages and encoded bytes", "[sync]") {
    node a(1, push_only()), b(2, push_only());
    a.add_peer(2);
    a.mutate([](set& s) { return s.add(1, "x"); });
    const auto out = a.sync_with(2);
    REQUIRE(out.size() == 1);
    const auto size = cs::encode_message(out[0].msg).size();
    CHECK(a.statistics().messages_sent == 1);
    CHECK(a.statistics().bytes_sent == size);
    CHECK(a.statistics().sent(message_kind::delta_group) == 1);
    CHECK(a.statistics().bytes_sent_of(message_kind::delta_group) == size);
    REQUIRE(b.receive(1, cs::encode_message(out[0].msg)));
    CHECK(b.statistics().bytes_received == size);
    CHECK(b.statistics().received_by_kind[0] == 1);
    CHECK(a.statistics().log_deltas == 1);
    CHECK(a.log_bytes() > 0);
}

TEST_CASE("a rejected message leaves the endpoint equal to what it was", "[sync]") {
    using counter_node = cs::anti_entropy<g_counter<>>;
    cs::options strict = push_only();
    strict.accept_unknown_peers = false;
    counter_node a(1, strict);
    counter_node b(2, strict);
    a.add_peer(2);
    b.add_peer(1);
    a.mutate([](g_counter<>& c) { return c.increment(1, 3); });
    const std::map<std::uint64_t, counter_node*> nodes{{1, &a}, {2, &b}};
    (void)pump(nodes, 1, a.sync_with(2));
    a.mutate([](g_counter<>& c) { return c.increment(1, 2); });  // one delta not yet acked

    // Peer 2 holds the first delta (sequence 0) and was last sent a group ending at 1.
    const std::vector<cs::peer_position<std::uint64_t>> positions{{2, 1, 0, 1}};
    CHECK(a.peer_positions() == positions);
    const counter_node before = a;
    CHECK(a == before);

    using msg = cs::message<g_counter<>>;
    CHECK_FALSE(a.receive(2, msg(cs::ack{9})));                              // never logged
    CHECK_FALSE(a.receive(2, msg(cs::delta_group<g_counter<>>{4, 2, {}})));  // reversed
    CHECK_FALSE(a.receive(1, msg(cs::ack{0})));                              // from itself
    CHECK_FALSE(a.receive(7, msg(cs::ack{0})));                              // unknown peer
    CHECK_FALSE(a.receive(2, std::vector<std::byte>{std::byte{0xFF}}));      // undecodable
    CHECK(a == before);
    CHECK(a.peer_positions() == positions);
    CHECK(a.statistics().rejected_messages == before.statistics().rejected_messages + 5);

    // An accepted message does change it.
    auto replies = a.receive(2, msg(cs::ack{2}));
    REQUIRE(replies);
    CHECK_FALSE(a == before);
    CHECK(a.peer_positions().front().acked == 2);
}

TEST_CASE("endpoints compare by id, configuration, state, log and peers", "[sync]") {
    using counter_node = cs::anti_entropy<g_counter<>>;
    counter_node a(1);
    counter_node b(1);
    CHECK(a == b);
    CHECK_FALSE(a == counter_node(2));
    cs::options other;
    other.fanout = 3;
    CHECK_FALSE(a == counter_node(1, other));
    b.add_peer(5);
    CHECK_FALSE(a == b);
    a.add_peer(5);
    CHECK(a == b);
    CHECK(a.peer_positions() == std::vector<cs::peer_position<std::uint64_t>>{{5, 0, 0, 0}});
    a.mutate([](g_counter<>& c) { return c.increment(1); });
    CHECK_FALSE(a == b);
    b.mutate([](g_counter<>& c) { return c.increment(1); });
    CHECK(a == b);
}

TEST_CASE("a restore whose protocol contradicts the persisted one is refused", "[sync]") {
    node a(1, push_only());
    a.add_peer(2);
    a.mutate([](set& s) { return s.add(1, "x"); });
    const auto saved = converge::encode(a.persist());
    REQUIRE(a.persist().mode == cs::protocol::delta);

    cs::options state_based = push_only();
    state_based.mode = cs::protocol::state_based;
    const auto refused = node::restore(saved, state_based);
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == converge::errc::options_mismatch);
    CHECK(refused.message() ==
          "anti_entropy::restore: persisted by an endpoint of protocol delta, restored with "
          "protocol state_based; restore with the protocol it ran with");
    CHECK_THROWS_AS(node::restore(a.persist(), state_based), std::invalid_argument);
    REQUIRE(node::restore(saved, push_only()));
    CHECK(node::restore(saved, push_only())->state() == a.state());

    node s(3, state_based);
    CHECK(s.persist().mode == cs::protocol::state_based);
    CHECK(node::restore(converge::encode(s.persist()), state_based));
    CHECK_FALSE(node::restore(converge::encode(s.persist()), push_only()));
}

TEST_CASE("a corrupted persisted state is refused with where it went wrong", "[sync]") {
    node a(1, push_only());
    a.add_peer(2);
    a.mutate([](set& s) { return s.add(1, "x"); });
    auto saved = converge::encode(a.persist());
    saved[saved.size() / 2] ^= std::byte{0x10};
    const auto r = node::restore(saved, push_only());
    REQUIRE_FALSE(r);
    CHECK(r.error() == converge::errc::checksum_mismatch);
    CHECK(r.byte_offset() == saved.size() - 4);
}

namespace {

// The ticks, among `ticks` of `a`, on which it sent `peer` a pull probe.
std::vector<int> probe_ticks(node& a, int ticks, seeded_rng& rng) {
    std::vector<int> at;
    for (int t = 0; t < ticks; ++t)
        for (const auto& o : a.tick(rng))
            if (std::holds_alternative<cs::ack>(o.msg)) at.push_back(t);
    return at;
}

}  // namespace

TEST_CASE("probes back off while they bring nothing new, and news probes again", "[sync]") {
    cs::options o;                       // push-pull, fanout 1
    REQUIRE(o.max_probe_interval == 1);  // no back-off unless asked for
    o.max_probe_interval = 32;
    node a(1, o), b(2, o);
    a.add_peer(2);
    b.add_peer(1);
    const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}};
    seeded_rng rng(11);
    CHECK(a.nothing_to_send());
    CHECK(probe_ticks(a, 200, rng) == std::vector<int>{0, 1, 3, 7, 15, 31, 63, 95, 127, 159, 191});

    // News from b: a delta that inflates a's state. a probes b again on its next tick.
    b.mutate([](set& s) { return s.add(2, "news"); });
    CHECK_FALSE(b.nothing_to_send());
    pump(net, 2, b.tick(rng));
    CHECK(b.nothing_to_send());
    REQUIRE(a.state().contains("news"));
    CHECK(probe_ticks(a, 8, rng) == std::vector<int>{0, 1, 3, 7});

    // A repeat of what a already holds is no news; sync_with probes whatever the back-off.
    (void)probe_ticks(a, 40, rng);
    REQUIRE(a.receive(2, cs::message<set>(cs::delta_group<set>{0, 1, b.state()})));
    CHECK(probe_ticks(a, 1, rng).empty());
    const auto now = a.sync_with(2);
    REQUIRE(now.size() == 1);
    CHECK(std::holds_alternative<cs::ack>(now[0].msg));
    CHECK(probe_ticks(a, 2, rng) == std::vector<int>{0});

    // Without back-off, every tick probes.
    cs::options eager = o;
    eager.max_probe_interval = 1;
    node c(3, eager);
    c.add_peer(1);
    CHECK(probe_ticks(c, 50, rng).size() == 50);
}

TEST_CASE("nothing_to_send: every peer has acknowledged the whole log", "[sync]") {
    node a(1, push_only()), b(2, push_only());
    a.add_peer(2);
    const std::map<std::uint64_t, node*> net{{1, &a}, {2, &b}};
    CHECK(a.nothing_to_send());
    a.mutate([](set& s) { return s.add(1, "x"); });
    CHECK_FALSE(a.nothing_to_send());
    seeded_rng rng(12);
    pump(net, 1, a.tick(rng));
    CHECK(a.nothing_to_send());
    // b logged what a sent; a has not acknowledged it, but BP never sends it back.
    REQUIRE(b.log_size() == 1);
    CHECK(b.acked(1) == 0u);
    CHECK(b.nothing_to_send());
    a.add_peer(3);  // a new peer lacks everything
    CHECK_FALSE(a.nothing_to_send());
    CHECK(a.remove_peer(3));
    CHECK(a.nothing_to_send());

    // A peer too far behind for one group is owed a catch-up, even if all it lacks came
    // from it.
    cs::options tight = push_only();
    tight.max_group_deltas = 0;
    node c(5, tight), d(6, tight);
    c.add_peer(6);
    d.mutate([](set& s) { return s.add(6, "y"); });
    REQUIRE(c.receive(6, cs::message<set>(cs::delta_group<set>{0, 1, d.state()})));
    CHECK(c.log_size() == 1);
    CHECK_FALSE(c.nothing_to_send());

    cs::options o = push_only();
    o.mode = cs::protocol::state_based;
    node s(4, o);
    CHECK_FALSE(s.nothing_to_send());
}

TEST_CASE("piggybacked acks ride on the next group, and a lost group goes again", "[sync]") {
    cs::options o = push_only();
    o.piggyback_acks = true;
    node a(1, o), b(2, o);
    a.add_peer(2);
    b.add_peer(1);
    seeded_rng rng(13);
    const auto group_in = [](const std::vector<node::outgoing_type>& out) {
        REQUIRE(out.size() == 1);
        const auto* g = std::get_if<cs::delta_group<set>>(&out[0].msg);
        REQUIRE(g != nullptr);
        return *g;
    };

    // Tick 1: each sends a group. Received, they are acknowledged by nothing at once.
    a.mutate([](set& s) { return s.add(1, "a1"); });
    b.mutate([](set& s) { return s.add(2, "b1"); });
    const auto a1 = group_in(a.tick(rng));
    const auto b1 = group_in(b.tick(rng));
    CHECK(a1.ack == 0);
    CHECK_FALSE(a1.continues);
    REQUIRE(b.receive(1, cs::message<set>(a1))->empty());
    REQUIRE(a.receive(2, cs::message<set>(b1))->empty());
    CHECK_FALSE(a.nothing_to_send());  // it owes b an ack

    // Tick 2: a's next group carries the ack of b's and follows its own first group, which
    // b has not acknowledged yet, instead of repeating it. (a's log: 0 a1, 1 what b sent,
    // which BP keeps from b, 2 a2.)
    a.mutate([](set& s) { return s.add(1, "a2"); });
    const auto a2 = group_in(a.tick(rng));
    CHECK(a2.ack == 1);  // b's entry 0 held
    CHECK(a2.first == 1);
    CHECK(a2.upto == 3);
    CHECK(a2.continues);
    CHECK(a2.delta.size() == 1);
    REQUIRE(b.receive(1, cs::message<set>(a2))->empty());
    CHECK(b.acked(1) == 1u);  // from the ack on a2
    // b has nothing new for a: its owed ack goes alone.
    const auto b2 = b.tick(rng);
    REQUIRE(b2.size() == 1);
    REQUIRE(std::holds_alternative<cs::ack>(b2[0].msg));
    CHECK(std::get<cs::ack>(b2[0].msg).upto == 3);
    REQUIRE(a.receive(2, b2[0].msg));
    CHECK(a.acked(2) == 3u);
    CHECK(a.log_size() == 0);

    // A lost group: the one after it continues it, so b cannot count it as held; a sends
    // both again once the first has gone unacknowledged for two ticks.
    a.mutate([](set& s) { return s.add(1, "a3"); });
    (void)group_in(a.tick(rng));  // lost
    a.mutate([](set& s) { return s.add(1, "a4"); });
    const auto a4 = group_in(a.tick(rng));
    CHECK(a4.continues);
    CHECK(a4.first == 4);
    REQUIRE(b.receive(1, cs::message<set>(a4))->empty());
    CHECK(b.state().contains("a4"));
    const auto b3 = b.tick(rng);
    REQUIRE(b3.size() == 1);
    CHECK(std::get<cs::ack>(b3[0].msg).upto == 3);  // still only what it holds without a gap
    REQUIRE(a.receive(2, b3[0].msg));
    const auto again = group_in(a.tick(rng));
    CHECK_FALSE(again.continues);
    CHECK(again.first == 3);
    CHECK(again.upto == 5);
    REQUIRE(b.receive(1, cs::message<set>(again))->empty());
    CHECK(b.state().contains("a3"));
    REQUIRE(a.receive(2, b.tick(rng)[0].msg));
    CHECK(a.acked(2) == 5u);
    CHECK(a.nothing_to_send());
}
