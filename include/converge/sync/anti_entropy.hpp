// SPDX-License-Identifier: MIT
#pragma once

// An anti-entropy endpoint for one replicated object: the delta-interval protocol of Almeida
// et al. (Algorithm 2) with back-propagation and redundancy removal (Enes et al., ICDE 2019),
// a digest handshake to catch up peers the log cannot serve, and push-pull gossip. No
// transport and no threads: the caller moves the messages (docs/sync.md).

#include <converge/codec/decode_limits.hpp>
#include <converge/codec/envelope.hpp>
#include <converge/core/concepts.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>
#include <converge/sync/detail/uniform.hpp>
#include <converge/sync/inflation.hpp>
#include <converge/sync/message_codec.hpp>
#include <converge/sync/messages.hpp>
#include <converge/sync/options.hpp>
#include <converge/sync/persisted_state.hpp>
#include <converge/sync/stats.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace converge::inline v1::sync {

// The sync endpoint of one replica of one object of type T. Local mutations go through it
// (they are logged with a sequence number); tick() says what to send to a few random peers;
// every message received goes to receive(), which says what to send back.
//
//     converge::sync::anti_entropy<converge::or_set<std::string>> node(1);
//     node.add_peer(2);
//     node.mutate([](auto& s) { return s.add(1, "milk"); });
//     for (auto& [to, msg] : node.tick(rng)) transport.send(to, encode_message(msg));
//     // on arrival of `bytes` from `peer`:
//     if (auto replies = node.receive(peer, bytes))
//         for (auto& [to, msg] : *replies) transport.send(to, encode_message(msg));
// Where an endpoint stands with one peer, read-only: the positions in the two logs that the
// protocol keeps for it.
template <class PeerId>
struct peer_position {
    PeerId id;
    std::uint64_t acked = 0;     // the peer holds this endpoint's log entries below this
    std::uint64_t received = 0;  // this endpoint holds the peer's log entries below this
    std::uint64_t sent = 0;      // the end of the last delta group sent to the peer

    friend bool operator==(const peer_position&, const peer_position&) = default;
};

template <syncable T, class PeerId = std::uint64_t>
class anti_entropy {
    // If this fires: peer ids are kept sorted, compared and put on the wire.
    static_assert(std::totally_ordered<PeerId> && std::copyable<PeerId> &&
                      std::default_initializable<PeerId> && encodable<PeerId>,
                  "converge::sync::anti_entropy<T, PeerId>: PeerId must be copyable, default "
                  "constructible, totally ordered and have a converge::codec");

public:
    using state_type = T;
    using peer_type = PeerId;
    using message_type = message<T>;
    using outgoing_type = outgoing<T, PeerId>;
    using persisted_type = persisted_state<T, PeerId>;

    // An endpoint named `self` holding `initial`. A non-empty initial state reaches each peer
    // through a catch-up, as after a restart.
    explicit anti_entropy(PeerId self, options config = {}, T initial = {})
        : m_self(std::move(self)), m_options(config), m_state(std::move(initial)) {
        if (!is_bottom(m_state)) m_next_seq = m_log_base = 1;
    }

    // An endpoint restarted from what persist() returned. Its log starts empty, so each peer
    // is caught up once (digest handshake or full state) before deltas flow again. Throws
    // std::invalid_argument, and builds nothing, when `config` contradicts `saved` (see
    // restore_mismatch).
    [[nodiscard]] static anti_entropy restore(persisted_type saved, options config = {}) {
        if (auto why = restore_mismatch(saved, config))
            converge::detail::throw_invalid_argument(*why);
        anti_entropy e(std::move(saved.self), config, std::move(saved.state));
        e.m_next_seq = e.m_log_base = std::max(e.m_next_seq, saved.next_seq);
        for (PeerId& peer : saved.peers)
            if (!(peer == e.m_self)) e.add_peer(std::move(peer));
        return e;
    }

    // An endpoint restarted from persisted bytes (untrusted: a failure is returned, never
    // thrown): the decoder's error, or errc::options_mismatch.
    [[nodiscard]] static result<anti_entropy> restore(std::span<const std::byte> bytes,
                                                      options config = {},
                                                      const decode_limits& limits = {}) {
        auto saved = converge::decode<persisted_type>(bytes, limits);
        if (!saved) return saved.error_info();
        if (auto why = restore_mismatch(*saved, config))
            return failure(errc::options_mismatch, std::move(*why));
        return restore(std::move(*saved), config);
    }

    // Why `config` contradicts what was persisted, if it does: the protocol differs from the
    // one the endpoint ran with (peers hold acks, logs and sequence numbers for that one).
    // States persisted by format version 1 did not record it and pass.
    [[nodiscard]] static std::optional<std::string> restore_mismatch(const persisted_type& saved,
                                                                     const options& config) {
        if (saved.mode && *saved.mode != config.mode)
            return converge::detail::text(
                "anti_entropy::restore: persisted by an endpoint of protocol ",
                protocol_name(*saved.mode), ", restored with protocol ", protocol_name(config.mode),
                "; restore with the protocol it ran with");
        return std::nullopt;
    }

    // What must survive a crash, as a value with a codec: encode(persist()) after every
    // call that changed the endpoint and before sending what it returned (docs/sync.md).
    [[nodiscard]] persisted_type persist() const {
        persisted_type p{m_self, m_next_seq, m_state, {}, m_options.mode};
        p.peers.reserve(m_peers.size());
        for (const peer_info& peer : m_peers) p.peers.push_back(peer.id);
        return p;
    }

    // This endpoint's id.
    [[nodiscard]] const PeerId& self() const noexcept { return m_self; }
    // The replicated state.
    [[nodiscard]] const T& state() const noexcept { return m_state; }
    // The configuration it was built with.
    [[nodiscard]] const options& config() const noexcept { return m_options; }
    // Counters: messages and bytes, fallbacks, log size.
    [[nodiscard]] const stats& statistics() const noexcept { return m_stats; }
    // The sequence number the next logged delta gets.
    [[nodiscard]] std::uint64_t next_sequence() const noexcept { return m_next_seq; }
    // The sequence number of the oldest delta still in the log (next_sequence() if empty).
    [[nodiscard]] std::uint64_t log_base() const noexcept { return m_log_base; }
    // The number of deltas in the log.
    [[nodiscard]] std::size_t log_size() const noexcept { return m_log.size(); }

    // True when no peer lacks anything this endpoint would send it, so its ticks send nothing
    // but pull probes (which back off, see options::max_probe_interval): every known peer has
    // acknowledged every logged delta, or lacks only deltas that came from it (which BP never
    // sends back), and no ack is owed (options::piggyback_acks). It says nothing of what peers may
    // still send this endpoint. Always false for protocol::state_based, which sends its whole state
    // on every tick. O(peers + the deltas they have not acknowledged).
    [[nodiscard]] bool nothing_to_send() const noexcept {
        if (m_options.mode == protocol::state_based) return false;
        return std::all_of(m_peers.begin(), m_peers.end(), [&](const peer_info& p) {
            if (p.ack_owed) return false;
            if (p.acked >= m_next_seq) return true;
            if (needs_catch_up(p) || !m_options.back_propagation) return false;
            for (std::uint64_t seq = p.acked; seq < m_next_seq; ++seq) {
                const log_entry& e = m_log[static_cast<std::size_t>(seq - m_log_base)];
                if (!e.origin || !(*e.origin == p.id)) return false;
            }
            return true;
        });
    }

    // The encoded size (bodies, without envelopes) of what the endpoint keeps besides its
    // state: the logged deltas, and the groups peers sent that BP still uses. Its memory in
    // wire terms. O(log size).
    [[nodiscard]] std::size_t log_bytes() const {
        std::vector<std::byte> scratch;
        byte_writer w(scratch);
        for (const log_entry& e : m_log) codec<T>::encode(w, e.delta);
        for (const peer_info& p : m_peers)
            for (const heard_delta& h : p.heard) codec<T>::encode(w, h.delta);
        return scratch.size();
    }

    // Adds a peer to gossip with; false if it was known. Throws std::invalid_argument for
    // the endpoint's own id.
    bool add_peer(PeerId peer) {
        if (peer == m_self)
            converge::detail::throw_invalid_argument(
                "anti_entropy::add_peer: a peer cannot be the endpoint itself");
        const auto it = lower(peer);
        if (it != m_peers.end() && it->id == peer) return false;
        m_peers.insert(it, peer_info{std::move(peer)});
        return true;
    }

    // Forgets a peer (it left for good), so its acks no longer hold back the log's garbage
    // collection; false if it was not known.
    bool remove_peer(const PeerId& peer) {
        const auto it = lower(peer);
        if (it == m_peers.end() || !(it->id == peer)) return false;
        m_peers.erase(it);
        collect_garbage();
        return true;
    }

    // The known peers, sorted.
    [[nodiscard]] std::vector<PeerId> peers() const {
        std::vector<PeerId> out;
        out.reserve(m_peers.size());
        for (const peer_info& p : m_peers) out.push_back(p.id);
        return out;
    }

    // The ack watermark of a peer: it holds every log entry below this; nullopt if unknown.
    [[nodiscard]] std::optional<std::uint64_t> acked(const PeerId& peer) const {
        const auto it = lower(peer);
        if (it == m_peers.end() || !(it->id == peer)) return std::nullopt;
        return it->acked;
    }

    // Every known peer with its positions, sorted by id.
    [[nodiscard]] std::vector<peer_position<PeerId>> peer_positions() const {
        std::vector<peer_position<PeerId>> out;
        out.reserve(m_peers.size());
        for (const peer_info& p : m_peers) out.push_back({p.id, p.acked, p.received, p.sent});
        return out;
    }

    // Equal endpoints behave alike from here on: the same id, configuration, state, log and
    // per-peer positions (including what each peer is known to hold, and the groups and acks
    // in flight with the tick count that times them). statistics() are a record of past work
    // and are not compared, so a rejected message, which only counts itself there, leaves the
    // endpoint equal to what it was.
    friend bool operator==(const anti_entropy& a, const anti_entropy& b) {
        return a.m_self == b.m_self && a.m_options == b.m_options && a.m_state == b.m_state &&
               a.m_next_seq == b.m_next_seq && a.m_log_base == b.m_log_base && a.m_log == b.m_log &&
               a.m_peers == b.m_peers && a.m_ticks == b.m_ticks;
    }

    // Applies a local mutation: `fn(state)` mutates the state and returns the delta (as
    // every converge mutator does), which is logged for the peers. Returns the delta. Throws
    // std::overflow_error, before calling fn, once sequence numbers are exhausted.
    //
    //     node.mutate([](auto& s) { return s.increment(1); });
    template <class F>
    requires std::is_invocable_r_v<T, F&, T&> T mutate(F&& fn) {
        if (exhausted())
            converge::detail::throw_overflow("anti_entropy::mutate: sequence numbers exhausted");
        T delta = std::invoke(fn, m_state);
        if (!is_bottom(delta)) log(delta, std::nullopt);
        return delta;
    }

    // Merges a delta computed elsewhere (by a mutator on a copy, say) and logs it. Throws
    // std::overflow_error, changing nothing, once sequence numbers are exhausted.
    void apply_local(T delta) {
        if (is_bottom(delta)) return;
        if (exhausted())
            converge::detail::throw_overflow(
                "anti_entropy::apply_local: sequence numbers exhausted");
        m_state.merge(delta);
        log(std::move(delta), std::nullopt);
    }

    // The messages of one gossip round: for `fanout` peers chosen at random among the known
    // ones, the deltas each has not acknowledged (or a catch-up); with push-pull, an ack as a
    // pull probe to a peer owed nothing, backing off while probes bring nothing new.
    template <std::uniform_random_bit_generator G>
    [[nodiscard]] std::vector<outgoing_type> tick(G& rng) {
        ++m_ticks;
        std::vector<outgoing_type> out;
        const std::size_t n = m_peers.size();
        const std::size_t k = std::min(m_options.fanout, n);
        if (k == n) {
            for (std::size_t i = 0; i < n; ++i) push_to(i, out, push_reason::tick);
        } else {
            // A partial Fisher-Yates shuffle picks k distinct peers.
            std::vector<std::size_t> order(n);
            std::iota(order.begin(), order.end(), std::size_t{0});
            for (std::size_t i = 0; i < k; ++i) {
                const auto j = i + static_cast<std::size_t>(detail::uniform_below(rng, n - i));
                std::swap(order[i], order[j]);
                push_to(order[i], out, push_reason::tick);
            }
        }
        // Acks that found no group to ride on go alone, to picked peers or not.
        for (peer_info& p : m_peers)
            if (p.ack_owed) send_ack(p, out);
        collect_garbage();
        account(out);
        return out;
    }

    // What to send `peer` now, as tick() would if it picked it, except that a probe goes
    // whatever the back-off (and restarts it). Adds an unknown peer.
    [[nodiscard]] std::vector<outgoing_type> sync_with(const PeerId& peer) {
        if (!(peer == m_self)) add_peer(peer);
        std::vector<outgoing_type> out;
        const auto it = lower(peer);
        if (it != m_peers.end() && it->id == peer) {
            push_to(static_cast<std::size_t>(it - m_peers.begin()), out, push_reason::request);
            if (it->ack_owed) send_ack(*it, out);
        }
        collect_garbage();
        account(out);
        return out;
    }

    // Handles a message from `from` and returns what to send back. A message that cannot be
    // right (an ack of deltas never logged, a reversed range, one from this endpoint itself,
    // from an unknown peer when those are refused) is rejected with errc::invalid_value and
    // changes nothing.
    [[nodiscard]] result<std::vector<outgoing_type>> receive(const PeerId& from,
                                                             const message_type& msg) {
        return handle(from, msg, std::nullopt);
    }

    // Decodes untrusted bytes from `from` and handles the message; undecodable bytes are
    // rejected with the decoder's error and change nothing.
    [[nodiscard]] result<std::vector<outgoing_type>> receive(const PeerId& from,
                                                             std::span<const std::byte> bytes,
                                                             const decode_limits& limits = {}) {
        auto msg = decode_message<T>(bytes, limits);
        if (!msg) {
            ++m_stats.rejected_messages;
            return msg.error_info();
        }
        return handle(from, *msg, bytes.size());
    }

private:
    struct log_entry {
        T delta;
        std::optional<PeerId> origin;  // the peer it came from; none for local mutations
        std::size_t bytes = 0;         // its encoded size, when max_group_bytes needs it

        friend bool operator==(const log_entry&, const log_entry&) = default;
    };

    // A delta group a peer sent us while it still lacked some of our log: it holds all of
    // it, so a group for it need not carry any part of it. Kept until the peer acknowledges
    // every entry logged before it arrived (`arrival`); later entries cannot overlap it when
    // RR is on, as they only hold what the local state, which already had it, lacked.
    struct heard_delta {
        std::uint64_t arrival = 0;
        T delta;

        friend bool operator==(const heard_delta&, const heard_delta&) = default;
    };

    // A group sent and not yet acknowledged (kept with piggybacked acks only): where it ends
    // and the tick count when it went.
    struct sent_group {
        std::uint64_t upto = 0;
        std::uint64_t tick = 0;

        friend bool operator==(const sent_group&, const sent_group&) = default;
    };

    struct peer_info {
        PeerId id;
        std::uint64_t acked = 0;           // it holds our log entries below this
        std::uint64_t received = 0;        // we hold its log entries below this (what we ack)
        std::uint64_t sent = 0;            // the upto of the last group sent to it
        std::vector<sent_group> flight{};  // piggybacked acks: groups it has not acknowledged
        bool ack_owed = false;             // received moved since we last acknowledged it
        std::vector<heard_delta> heard{};  // oldest first
        std::size_t probe_interval = 1;    // picks between this probe and the next
        std::size_t probe_wait = 0;        // picks to skip before the next probe

        friend bool operator==(const peer_info&, const peer_info&) = default;
    };

    // Appends a message for `to`, built in place.
    template <class M>
    static void emit(std::vector<outgoing_type>& out, const PeerId& to, M&& m) {
        outgoing_type& o = out.emplace_back();
        o.to = to;
        o.msg.template emplace<std::decay_t<M>>(std::forward<M>(m));
    }

    [[nodiscard]] static bool is_bottom(const T& x) {
        static const T bottom{};
        return x == bottom;
    }

    [[nodiscard]] auto lower(const PeerId& peer) {
        return std::lower_bound(m_peers.begin(), m_peers.end(), peer,
                                [](const peer_info& p, const PeerId& id) { return p.id < id; });
    }
    [[nodiscard]] auto lower(const PeerId& peer) const {
        return std::lower_bound(m_peers.begin(), m_peers.end(), peer,
                                [](const peer_info& p, const PeerId& id) { return p.id < id; });
    }

    // No sequence number is left to log with: 2^64 - 1 deltas were logged, or the endpoint
    // was restored from bytes that said so. Checked before anything changes.
    [[nodiscard]] bool exhausted() const noexcept {
        return m_options.mode == protocol::delta &&
               m_next_seq == std::numeric_limits<std::uint64_t>::max();
    }

    void log(T delta, std::optional<PeerId> origin) {
        if (m_options.mode == protocol::state_based) return;
        if (exhausted())  // callers check first; this keeps the counter from wrapping
            converge::detail::throw_overflow("anti_entropy: sequence numbers exhausted");
        std::size_t bytes = 0;
        if (m_options.max_group_bytes != 0) {
            m_scratch.clear();
            byte_writer w(m_scratch);
            codec<T>::encode(w, delta);
            bytes = m_scratch.size();
        }
        m_log.push_back(log_entry{std::move(delta), std::move(origin), bytes});
        ++m_next_seq;
        ++m_stats.deltas_logged;
        while (m_log.size() > std::max<std::size_t>(m_options.max_log_deltas, 1)) {
            m_log.pop_front();
            ++m_log_base;
        }
        m_stats.log_deltas = m_log.size();
    }

    // Merges what `from` sent. With RR only the inflating part is logged; without, the
    // whole of x is, when it inflates at all (Almeida et al.'s d ⋢ X test).
    void absorb(const T& x, const PeerId& from) {
        if (m_options.mode == protocol::state_based) {
            m_state.merge(x);
            return;
        }
        T delta = inflation<T>::of(x, m_state);
        if (is_bottom(delta)) return;
        if (m_options.remove_redundancy) {
            m_state.merge(delta);
            log(std::move(delta), from);
        } else {
            m_state.merge(x);
            log(x, from);
        }
    }

    // Why push_to runs, which decides how much it may send.
    enum class push_reason {
        // A gossip round (tick, sync_with): sends again what is still unacknowledged, starts
        // a catch-up when the log cannot serve the peer, and with push-pull sends an ack as a
        // pull probe to a peer owed nothing.
        tick,
        // The answer to a message received: goes only if it reaches past the last group sent,
        // never starts a catch-up and never probes, or two endpoints whose acks are late
        // would bounce the same group forever.
        reply,
        // sync_with(): as a tick, but a probe goes at once, whatever the back-off.
        request
    };

    // True when the log cannot serve `p` (it lacks entries already dropped, or more than one
    // group may hold), so it is owed a catch-up instead of delta groups.
    [[nodiscard]] bool needs_catch_up(const peer_info& p) const noexcept {
        return p.acked < m_log_base || m_next_seq - p.acked > m_options.max_group_deltas;
    }

    // Appends what peer `i` needs: its unacknowledged deltas, or a catch-up, or a pull probe
    // when it is owed nothing; how much of it depends on `why`.
    void push_to(std::size_t i, std::vector<outgoing_type>& out, push_reason why) {
        const bool retransmit = why != push_reason::reply;
        const bool probe = why != push_reason::reply && m_options.push_pull;
        peer_info& p = m_peers[i];
        if (m_options.mode == protocol::state_based) {
            emit(out, p.id, full_state<T>{m_next_seq, m_state});
            return;
        }
        if (needs_catch_up(p)) {
            if (!retransmit) return;
            ++m_stats.full_state_fallbacks;
            if (m_options.catch_up == catch_up_mode::digest)
                emit(out, p.id, digest_request<T>{m_state.digest()});
            else
                emit(out, p.id, full_state<T>{m_next_seq, m_state});
            return;
        }
        if (retransmit || p.sent < m_next_seq) {
            // With piggybacked acks, a group that went at the last tick may not be
            // acknowledged yet: follow it with what was logged since, not a copy of it.
            const bool follow = in_flight(p);
            std::uint64_t from = follow ? p.sent : p.acked;
            while (from < m_next_seq) {
                auto [group, upto] = group_for(p, from);
                if (group) {
                    // A reply that would reach no further than the last group is a repeat.
                    if (!retransmit && upto <= p.sent) break;
                    send_group(p, delta_group<T>{from, upto, std::move(*group), 0, follow}, out);
                    return;
                }
                // All it lacks in [from, upto) came from it, or it sent it to us: nothing to
                // send for those entries.
                if (follow)
                    p.sent = upto;
                else
                    advance_acked(p, upto);
                from = upto;
            }
        }
        if (probe) probe_peer(p, out, why == push_reason::request);
    }

    // Sends `p` an ack as a pull probe, unless the back-off says to skip this pick: the
    // picks between probes double while they bring nothing new (reset_probes undoes that).
    void probe_peer(peer_info& p, std::vector<outgoing_type>& out, bool now) {
        if (now) reset_probes(p);
        if (p.probe_wait > 0) {
            --p.probe_wait;
            return;
        }
        send_ack(p, out);
        const std::size_t cap = std::max<std::size_t>(m_options.max_probe_interval, 1);
        p.probe_wait = p.probe_interval - 1;
        p.probe_interval = p.probe_interval > cap / 2 ? cap : p.probe_interval * 2;
    }

    static void reset_probes(peer_info& p) noexcept {
        p.probe_interval = 1;
        p.probe_wait = 0;
    }

    // The group for peer `p`: the join of its log entries from `from` on, up to the first
    // that would take their encoded sizes past max_group_bytes (at least one entry goes),
    // minus what BP leaves out; and the sequence number it reaches (`upto`). No group when
    // BP leaves out everything up to `upto`.
    [[nodiscard]] std::pair<std::optional<T>, std::uint64_t> group_for(peer_info& p,
                                                                       std::uint64_t from) {
        std::optional<T> group;
        std::size_t bytes = 0;
        std::uint64_t upto = m_next_seq;
        for (std::uint64_t seq = from; seq < m_next_seq; ++seq) {
            const log_entry& e = m_log[static_cast<std::size_t>(seq - m_log_base)];
            if (m_options.back_propagation && e.origin && *e.origin == p.id) continue;
            if (group && m_options.max_group_bytes != 0 &&
                bytes + e.bytes > m_options.max_group_bytes) {
                upto = seq;
                break;
            }
            bytes += e.bytes;
            if (group)
                group->merge(e.delta);
            else
                group.emplace(e.delta);
        }
        if (group && m_options.back_propagation && m_options.bp_every_sender) {
            for (const heard_delta& h : p.heard) {
                group = inflation<T>::of(*group, h.delta);
                if (is_bottom(*group)) {
                    group.reset();
                    break;
                }
            }
        }
        return {std::move(group), upto};
    }

    [[nodiscard]] result<std::vector<outgoing_type>> reject(std::string why) {
        ++m_stats.rejected_messages;
        return failure(errc::invalid_value, converge::detail::text("anti_entropy: ", why));
    }

    [[nodiscard]] result<std::vector<outgoing_type>> handle(const PeerId& from,
                                                            const message_type& msg,
                                                            std::optional<std::size_t> size) {
        if (auto why = fault_of(from, msg)) return reject(std::move(*why));
        const std::size_t index = peer_index(from);
        ++m_stats.messages_received;
        // Measured only now: a message refused above may not even be encodable.
        if (!size) size = m_options.measure_bytes ? encoded_size(msg, m_scratch) : 0;
        m_stats.bytes_received += *size;
        ++m_stats.received_by_kind[msg.index()];

        const std::uint64_t next_seq = m_next_seq;
        const std::uint64_t acked = m_peers[index].acked;
        const std::uint64_t received = m_peers[index].received;
        std::vector<outgoing_type> out;
        std::visit([&](const auto& m) { on_message(index, m, out); }, msg);
        // News from this peer: probing it often is worth it again.
        peer_info& p = m_peers[index];
        if (m_next_seq != next_seq || p.acked != acked || p.received != received) reset_probes(p);
        collect_garbage();
        account(out);
        return out;
    }

    // Why a message from `from` cannot be right, if it cannot; nothing has changed yet.
    [[nodiscard]] std::optional<std::string> fault_of(const PeerId& from,
                                                      const message_type& msg) const {
        if (from == m_self) return "a message from the endpoint itself";
        if (auto why = std::visit([&](const auto& m) { return fault_of(m); }, msg)) return why;
        const auto it = lower(from);
        if (!m_options.accept_unknown_peers && (it == m_peers.end() || !(it->id == from)))
            return "a message from an unknown peer";
        return std::nullopt;
    }

    [[nodiscard]] std::optional<std::string> fault_of(const delta_group<T>& g) const {
        if (auto why = logging_fault()) return why;
        if (g.first > g.upto)
            return converge::detail::text("delta_group with first ", g.first, " after upto ",
                                          g.upto);
        if (g.ack > m_next_seq)
            return converge::detail::text("delta_group acknowledging sequence ", g.ack,
                                          " but only ", m_next_seq, " were logged");
        return std::nullopt;
    }
    [[nodiscard]] std::optional<std::string> fault_of(const ack& a) const {
        if (a.upto > m_next_seq)
            return converge::detail::text("ack of sequence ", a.upto, " but only ", m_next_seq,
                                          " were logged");
        return std::nullopt;
    }
    [[nodiscard]] std::optional<std::string> fault_of(const full_state<T>&) const {
        return logging_fault();
    }
    [[nodiscard]] std::optional<std::string> fault_of(const digest_request<T>&) const {
        return std::nullopt;
    }
    [[nodiscard]] std::optional<std::string> fault_of(const digest_reply<T>&) const {
        return logging_fault();
    }

    // A message that carries state may need logging, which exhausted sequence numbers forbid.
    [[nodiscard]] std::optional<std::string> logging_fault() const {
        if (exhausted()) return "sequence numbers exhausted: nothing received can be logged";
        return std::nullopt;
    }

    // The index of peer `id`, added if unknown (fault_of has refused it if it must be).
    [[nodiscard]] std::size_t peer_index(const PeerId& id) {
        auto it = lower(id);
        if (it == m_peers.end() || !(it->id == id)) it = m_peers.insert(it, peer_info{id});
        return static_cast<std::size_t>(it - m_peers.begin());
    }

    void on_message(std::size_t i, const delta_group<T>& g, std::vector<outgoing_type>& out) {
        const bool owed = m_peers[i].acked < m_next_seq;
        absorb(g.delta, m_peers[i].id);
        if (owed && m_options.back_propagation && m_options.bp_every_sender &&
            m_options.mode == protocol::delta)
            remember_heard(m_peers[i], g.delta);
        advance_acked(m_peers[i], g.ack);
        // A group that continues one we have not received (lost, or overtaken) leaves a gap:
        // we hold its entries but cannot say we hold everything below upto.
        if (!g.continues || g.first <= m_peers[i].received)
            acknowledge(i, g.upto, out);
        else
            acknowledge(i, m_peers[i].received, out);
        reply_with_deltas(i, out);
    }

    void on_message(std::size_t i, const ack& a, std::vector<outgoing_type>& out) {
        advance_acked(m_peers[i], a.upto);
        reply_with_deltas(i, out);
    }

    void on_message(std::size_t i, const full_state<T>& f, std::vector<outgoing_type>& out) {
        absorb(f.state, m_peers[i].id);
        if (m_options.mode == protocol::delta) acknowledge(i, f.upto, out);
        reply_with_deltas(i, out);
    }

    void on_message(std::size_t i, const digest_request<T>& q, std::vector<outgoing_type>& out) {
        emit(out, m_peers[i].id,
             digest_reply<T>{m_next_seq, m_state.delta_since(q.digest), m_state.digest()});
    }

    void on_message(std::size_t i, const digest_reply<T>& y, std::vector<outgoing_type>& out) {
        absorb(y.delta, m_peers[i].id);
        acknowledge(i, y.upto, out);
        // The replier's digest says what it lacks; send exactly that.
        T missing = m_state.delta_since(y.digest);
        if (is_bottom(missing))
            advance_acked(m_peers[i], m_next_seq);
        else
            send_group(m_peers[i], delta_group<T>{0, m_next_seq, std::move(missing)}, out);
    }

    // Records that we hold peer i's log below `upto`, and says so: at once, or with
    // piggybacked acks on the next group to it (or at the next tick).
    void acknowledge(std::size_t i, std::uint64_t upto, std::vector<outgoing_type>& out) {
        peer_info& p = m_peers[i];
        p.received = std::max(p.received, upto);
        if (m_options.piggyback_acks && m_options.mode == protocol::delta) {
            p.ack_owed = true;
            return;
        }
        emit(out, p.id, ack{upto});
    }

    // Sends `p` a group, with the ack it is owed riding on it.
    void send_group(peer_info& p, delta_group<T>&& g, std::vector<outgoing_type>& out) {
        g.ack = p.received;
        p.ack_owed = false;
        p.sent = g.upto;
        if (m_options.piggyback_acks) {
            if (!g.continues) p.flight.clear();  // it holds all that was in flight
            p.flight.push_back(sent_group{g.upto, m_ticks});
        }
        emit(out, p.id, std::move(g));
    }

    // Sends `p` an ack alone (a pull probe, or one no group could carry).
    void send_ack(peer_info& p, std::vector<outgoing_type>& out) {
        p.ack_owed = false;
        emit(out, p.id, ack{p.received});
    }

    // With piggybacked acks, true while the oldest group `p` has not acknowledged may still
    // be on its way to being acknowledged: it went at this tick or the one before (its ack
    // rides on p's next group, which p sends at its next tick). Past that it is taken as
    // lost and sent again, with all that followed it. A peer that piles up groups without
    // acknowledging any is sent everything again too.
    [[nodiscard]] bool in_flight(const peer_info& p) const noexcept {
        constexpr std::size_t max_flight = 16;
        return m_options.piggyback_acks && p.sent > p.acked && !p.flight.empty() &&
               p.flight.size() < max_flight && m_ticks - p.flight.front().tick < 2;
    }

    // With push-pull, answers a message with the deltas its sender still lacks.
    void reply_with_deltas(std::size_t i, std::vector<outgoing_type>& out) {
        if (m_options.push_pull && m_options.mode == protocol::delta)
            push_to(i, out, push_reason::reply);
    }

    // Keeps a group `p` sent, for BP. A peer that sends but does not acknowledge (a one-way
    // link) cannot make the list grow: past a few groups the oldest two are joined, which is
    // still no more than the peer holds.
    void remember_heard(peer_info& p, const T& delta) {
        constexpr std::size_t max_heard = 8;
        if (p.heard.size() == max_heard) {
            p.heard[0].delta.merge(p.heard[1].delta);
            p.heard[0].arrival = p.heard[1].arrival;
            p.heard.erase(p.heard.begin() + 1);
        }
        p.heard.push_back(heard_delta{m_next_seq, delta});
    }

    // Raises a peer's watermark to `upto` (never lowers it), and drops with it what the peer
    // sent us that can no longer spare it anything: it has acknowledged every entry logged
    // before that arrived. The only place a watermark moves, so p.heard never holds such.
    static void advance_acked(peer_info& p, std::uint64_t upto) {
        p.acked = std::max(p.acked, upto);
        std::size_t done = 0;
        while (done < p.flight.size() && p.flight[done].upto <= p.acked) ++done;
        p.flight.erase(p.flight.begin(), p.flight.begin() + static_cast<std::ptrdiff_t>(done));
        std::size_t n = 0;
        while (n < p.heard.size() && p.heard[n].arrival <= p.acked) ++n;
        p.heard.erase(p.heard.begin(), p.heard.begin() + static_cast<std::ptrdiff_t>(n));
    }

    // Drops the log entries every known peer holds.
    void collect_garbage() {
        std::uint64_t low = m_next_seq;
        for (const peer_info& p : m_peers) low = std::min(low, p.acked);
        while (m_log_base < low && !m_log.empty()) {
            m_log.pop_front();
            ++m_log_base;
        }
        if (m_log.empty()) m_log_base = m_next_seq;
        m_stats.log_deltas = m_log.size();
    }

    void account(const std::vector<outgoing_type>& out) {
        for (const outgoing_type& o : out) {
            const std::size_t kind = o.msg.index();
            ++m_stats.messages_sent;
            ++m_stats.sent_by_kind[kind];
            if (m_options.measure_bytes) {
                const std::size_t size = encoded_size(o.msg, m_scratch);
                m_stats.bytes_sent += size;
                m_stats.bytes_sent_by_kind[kind] += size;
            }
        }
    }

    PeerId m_self;
    options m_options;
    T m_state;
    std::uint64_t m_next_seq = 0;  // the sequence number of the next logged delta
    std::uint64_t m_log_base = 0;  // the sequence number of m_log.front()
    std::uint64_t m_ticks = 0;     // tick() calls so far (piggybacked acks time groups by it)
    std::deque<log_entry> m_log;
    std::vector<peer_info> m_peers;  // sorted by id
    stats m_stats;
    std::vector<std::byte> m_scratch;  // reused to measure encoded sizes
};

}  // namespace converge::inline v1::sync
