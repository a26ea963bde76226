// SPDX-License-Identifier: MIT
#pragma once

#include <converge/sync/messages.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

namespace converge::inline v1::sync {

// What an endpoint has done, for monitoring and for comparing protocols. Bytes are encoded
// message sizes, envelope included (docs/wire-format.md).
struct stats {
    std::uint64_t messages_sent = 0;
    std::uint64_t messages_received = 0;  // accepted ones; see rejected_messages
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
    std::array<std::uint64_t, message_kind_count> sent_by_kind{};
    std::array<std::uint64_t, message_kind_count> bytes_sent_by_kind{};
    std::array<std::uint64_t, message_kind_count> received_by_kind{};
    // Times a peer got a catch-up (digest handshake or full state) instead of a delta group
    // because it was new, behind the log, or too far behind.
    std::uint64_t full_state_fallbacks = 0;
    // Messages refused by receive(): undecodable bytes, impossible acks, reversed ranges,
    // messages from the endpoint itself or (when refused) from unknown peers, and anything
    // that would need logging once sequence numbers are exhausted.
    std::uint64_t rejected_messages = 0;
    std::uint64_t deltas_logged = 0;  // ever
    std::size_t log_deltas = 0;       // in the log now

    // Messages of one kind sent.
    [[nodiscard]] std::uint64_t sent(message_kind kind) const noexcept {
        return sent_by_kind[static_cast<std::size_t>(kind)];
    }
    // Bytes of messages of one kind sent.
    [[nodiscard]] std::uint64_t bytes_sent_of(message_kind kind) const noexcept {
        return bytes_sent_by_kind[static_cast<std::size_t>(kind)];
    }

    // Adds another endpoint's counters (log_deltas adds up too), for network-wide totals.
    stats& operator+=(const stats& o) noexcept {
        messages_sent += o.messages_sent;
        messages_received += o.messages_received;
        bytes_sent += o.bytes_sent;
        bytes_received += o.bytes_received;
        for (std::size_t i = 0; i < message_kind_count; ++i) {
            sent_by_kind[i] += o.sent_by_kind[i];
            bytes_sent_by_kind[i] += o.bytes_sent_by_kind[i];
            received_by_kind[i] += o.received_by_kind[i];
        }
        full_state_fallbacks += o.full_state_fallbacks;
        rejected_messages += o.rejected_messages;
        deltas_logged += o.deltas_logged;
        log_deltas += o.log_deltas;
        return *this;
    }
};

}  // namespace converge::inline v1::sync
