// SPDX-License-Identifier: MIT
// The examples of docs/api/anti_entropy.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/codec/counters.hpp>
#include <converge/codec/envelope.hpp>
#include <converge/crdt/g_counter.hpp>
#include <converge/sync/anti_entropy.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <random>
#include <variant>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/anti_entropy.md example broken: %s\n", what);
        ++failures;
    }
}

template <class M, class Message>
bool holds(const Message& m) {
    return std::holds_alternative<M>(m);
}

void examples() {
    // [anti_entropy]
    namespace cs = converge::sync;
    using counter = converge::g_counter<>;
    cs::options opts;
    opts.push_pull = false;  // push only: no pull probes, so each step below is one message
    cs::anti_entropy<counter> a(1, opts), b(2, opts);
    a.add_peer(2);
    b.add_peer(1);

    a.mutate([](counter& s) { return s.increment(1, 5); });  // logged as sequence 0
    std::mt19937_64 rng(7);
    auto out = a.tick(rng);  // out[0]: to 2, delta_group{0, 1, {1: 5}}
    auto replies = b.receive(1, cs::encode_message(out[0].msg));  // b.state().value() == 5
    // (*replies)[0]: to 1, ack{1}
    auto none = a.receive(2, (*replies)[0].msg);  // a.acked(2) == 1, a.log_size() == 0
    auto back = b.tick(rng);  // empty: BP, the delta came from 1; b.acked(1) == 1

    auto bad = a.receive(2, cs::message<counter>{cs::ack{9}});  // acks deltas never logged
    // bad.error() == converge::errc::invalid_value; a is unchanged
    // [/anti_entropy]
    check(out.size() == 1 && out[0].to == 2u, "tick picks the only peer");
    const auto* group = std::get_if<cs::delta_group<counter>>(&out[0].msg);
    check(group && group->first == 0 && group->upto == 1 && group->delta.value() == 5, "the group");
    check(replies && replies->size() == 1 && (*replies)[0].to == 1u &&
              std::get_if<cs::ack>(&(*replies)[0].msg) &&
              std::get<cs::ack>((*replies)[0].msg).upto == 1,
          "ack{1}");
    check(b.state().value() == 5, "b merged");
    check(none && none->empty() && a.acked(2) == 1u && a.log_size() == 0 && a.log_base() == 1,
          "ack collects the log");
    check(back.empty() && b.acked(1) == 1u && b.log_size() == 0, "BP sends nothing back");
    check(!bad && bad.error() == converge::errc::invalid_value && a.acked(2) == 1u &&
              a.statistics().rejected_messages == 1 && a.statistics().messages_received == 1,
          "rejected ack");

    // [catch_up]
    cs::anti_entropy<counter> c(3, opts);
    c.mutate([](counter& s) { return s.increment(3, 2); });
    // a's log now starts at 1, not 0: peer 3 is caught up instead of sent a group.
    a.add_peer(3);
    auto ask = a.sync_with(3);                   // digest_request{a's digest}
    auto answer = c.receive(1, ask[0].msg);      // digest_reply{1, {3: 2}, c's digest}
    auto rest = a.receive(3, (*answer)[0].msg);  // ack{1}, delta_group{0, 2, {1: 5}}
    auto c_acks = c.receive(1, (*rest)[1].msg);  // ack{2}; c.state().value() == 7
    auto done = a.receive(3, (*c_acks)[0].msg);  // a.acked(3) == 2
    // a.statistics().full_state_fallbacks == 1: the digest handshake
    // [/catch_up]
    check(ask.size() == 1 && holds<cs::digest_request<counter>>(ask[0].msg), "digest request");
    check(answer && answer->size() == 1 && holds<cs::digest_reply<counter>>((*answer)[0].msg),
          "digest reply");
    const auto* reply = std::get_if<cs::digest_reply<counter>>(&(*answer)[0].msg);
    check(reply && reply->upto == 1 && reply->delta.value() == 2, "the reply's fields");
    check(rest && rest->size() == 2 && holds<cs::ack>((*rest)[0].msg) &&
              std::get<cs::ack>((*rest)[0].msg).upto == 1 &&
              holds<cs::delta_group<counter>>((*rest)[1].msg),
          "ack and group");
    const auto* missing = std::get_if<cs::delta_group<counter>>(&(*rest)[1].msg);
    check(missing && missing->first == 0 && missing->upto == 2 && missing->delta.value() == 5,
          "what c lacked");
    check(c_acks && c_acks->size() == 1 && holds<cs::ack>((*c_acks)[0].msg) &&
              std::get<cs::ack>((*c_acks)[0].msg).upto == 2,
          "ack{2}");
    check(done && done->empty() && a.acked(3) == 2u, "caught up");
    check(a.state().value() == 7 && c.state().value() == 7, "both hold 7");
    check(a.statistics().full_state_fallbacks == 1, "one catch-up");

    // [persist]
    // After every call that changed `a`, and before sending what the call returned:
    std::vector<std::byte> saved = converge::encode(a.persist());
    auto restored = cs::anti_entropy<counter>::restore(saved, opts);
    // restored->state() == a.state(), restored->next_sequence() == a.next_sequence() == 2;
    // its log is empty, so peers 2 and 3 are each caught up once
    saved[0] = std::byte{0};  // not converge bytes any more
    auto broken = cs::anti_entropy<counter>::restore(saved, opts);
    // broken.error() == converge::errc::wrong_type
    // [/persist]
    check(restored && restored->state() == a.state() && restored->next_sequence() == 2 &&
              a.next_sequence() == 2 && restored->log_size() == 0 &&
              restored->peers() == std::vector<std::uint64_t>{2, 3} && restored->acked(2) == 0u,
          "restored");
    if (restored) {
        auto after = restored->tick(rng);
        check(after.size() == 1 && holds<cs::digest_request<counter>>(after[0].msg),
              "a restored endpoint catches its peers up");
    }
    check(!broken && broken.error() == converge::errc::wrong_type, "bad bytes");
}

void equality_example() {
    // [equality]
    using counter = converge::g_counter<>;
    converge::sync::anti_entropy<counter> node(1);
    node.add_peer(2);
    node.mutate([](counter& c) { return c.increment(1); });
    const auto before = node;
    auto r = node.receive(2, converge::sync::message<counter>(converge::sync::ack{7}));
    // !r (errc::invalid_value: nothing at 7 was ever logged), and node == before: the
    // state, the log and every peer's positions are as they were; only
    // statistics().rejected_messages counted it. The positions, peer by peer:
    for (const auto& p : node.peer_positions()) {
        // p.id == 2, p.acked == 0, p.received == 0, p.sent == 0
        (void)p;
    }
    // [/equality]
    check(!r && node == before && node.statistics().rejected_messages == 1 &&
              node.peer_positions().size() == 1 && node.peer_positions()[0].id == 2,
          "equality");
}

}  // namespace

int run_snippet_api_anti_entropy() {
    equality_example();
    examples();
    return failures == 0 ? 0 : 1;
}
