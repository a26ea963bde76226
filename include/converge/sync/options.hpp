// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

namespace converge::inline v1::sync {

// What an endpoint sends: deltas (the delta-interval protocol), or its whole state every time
// (plain state-based anti-entropy, kept for comparison).
enum class protocol : std::uint8_t { delta, state_based };

// "delta" or "state_based", for messages.
[[nodiscard]] constexpr std::string_view protocol_name(protocol p) noexcept {
    return p == protocol::delta ? "delta" : p == protocol::state_based ? "state_based" : "unknown";
}

// How an endpoint brings up to date a peer its log cannot serve (new, back from a long
// absence or a restart, or too far behind): the digest handshake (it asks for the peer's
// digest and sends delta_since(digest)), or the whole state.
enum class catch_up_mode : std::uint8_t { digest, full_state };

// Configuration of an anti_entropy endpoint. The defaults suit gossip over an unreliable
// network: one random peer per tick, push-pull, BP and RR on.
struct options {
    // Every known peer, as a fanout.
    static constexpr std::size_t all_peers = std::numeric_limits<std::size_t>::max();

    protocol mode = protocol::delta;
    // Peers contacted per tick, chosen at random among the known peers.
    std::size_t fanout = 1;
    // Back-propagation: never send a peer the log entries that came from it.
    bool back_propagation = true;
    // With back_propagation, a group for a peer also leaves out what that peer itself sent
    // us while it still lacked some of our log, whoever we first had it from: a delta two
    // neighbours both forward goes back to neither. Costs a copy of each such group until
    // the peer acknowledges. Off: BP as Enes et al. define it (origin only), for comparison.
    bool bp_every_sender = true;
    // Redundancy removal: on receipt, log only the part that inflates the local state.
    bool remove_redundancy = true;
    // Push-pull: a tick with nothing to push sends an ack as a pull probe, and an endpoint
    // answers any message with the deltas its sender lacks. Off: push only (then a quiet
    // network sends nothing at all).
    bool push_pull = true;
    // With push-pull, how far the probes to a peer owed nothing back off while they bring
    // nothing new: after each probe, the number of ticks picking that peer before the next
    // one doubles (0, 1, 3, 7, ... skipped), up to this many. Anything new from the peer (a
    // delta that inflates the state, an ack that moves its watermark, a group that moves
    // ours) and sync_with() probe again at once. So a converged network's idle traffic
    // falls to one probe per peer every max_probe_interval picks; but a node that has
    // backed off learns of the next update by push alone, about twice as slowly
    // (docs/sync.md). 1, the default: probe on every pick.
    std::size_t max_probe_interval = 1;
    // Acks ride on groups: a group received is acknowledged on the next group to its sender,
    // or by an ack at the next tick if there is none, instead of by an ack at once; and a
    // group still unacknowledged one tick after it went is followed by the entries logged
    // since rather than sent again (it is sent again a tick later). Saves an ack message per
    // group where groups flow both ways every tick (the 15-node table of docs/sync.md);
    // costs a tick of delay before a lost group is sent again. Needs tick() to be called:
    // an endpoint that only answers messages would never send its acks.
    bool piggyback_acks = false;
    catch_up_mode catch_up = catch_up_mode::digest;
    // A peer more than this many log entries behind is caught up instead of sent one group
    // (Akka's max-delta-size).
    std::size_t max_group_deltas = 512;
    // A group stops before the log entry that would take the encoded sizes of its entries
    // past this many bytes, and the rest follows in the next groups, for transports that cap
    // a message (0: no limit). An entry larger than this still goes, alone. Catch-ups (a
    // digest_reply, a full state) are not split. Costs an encode of each logged delta.
    std::size_t max_group_bytes = 0;
    // The log keeps at most this many entries; peers behind the oldest are caught up.
    std::size_t max_log_deltas = std::size_t{1} << 16;
    // Accept messages from peers not added with add_peer() (and add them). Off: reject them.
    bool accept_unknown_peers = true;
    // Count bytes sent and received (the encoded size of each message). Costs an encode.
    bool measure_bytes = true;

    friend bool operator==(const options&, const options&) = default;
};

}  // namespace converge::inline v1::sync
