// SPDX-License-Identifier: MIT
#pragma once

// What an anti-entropy endpoint must keep across a crash (docs/sync.md), and its wire codec
// (tag 17), format version 2 (3 when T is a causal type, whose body changed in 3), followed
// by the envelope's CRC-32C:
//   persisted_state := peer(self) uint(next_seq) T count(n) { peer }*n protocol
//   protocol        := 0x00 (not recorded) | 0x01 (delta) | 0x02 (state-based)
// with the peers strictly ascending and never `self`. Version 1, still read, had neither the
// protocol nor the checksum.

#include <converge/codec/codec.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/sync/message_codec.hpp>
#include <converge/sync/options.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace converge::inline v1 {

namespace sync {

// The durable part of an endpoint: its id, the state, the next sequence number it will log
// (never reused, so an ack from before the crash cannot claim deltas logged after it), and
// the peers it knew. The log and the peers' acks are left out: after a restart the log is
// empty and each peer is caught up once.
template <delta_crdt T, class PeerId = std::uint64_t>
struct persisted_state {
    PeerId self{};
    std::uint64_t next_seq = 0;
    T state{};
    std::vector<PeerId> peers;  // sorted, without self
    // The protocol of the endpoint that persisted it, which restore() checks; nullopt when
    // read from format version 1, which did not record it.
    std::optional<protocol> mode = std::nullopt;

    friend bool operator==(const persisted_state&, const persisted_state&) = default;
};

}  // namespace sync

template <sync::syncable T, encodable PeerId>
struct codec<sync::persisted_state<T, PeerId>> {
    using value_type = sync::persisted_state<T, PeerId>;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::persisted_state);
    static constexpr const char* type_name = "persisted_state";
    // 2 added the protocol and the checksum; newer when the state's own body is (3 for a
    // causal type).
    static constexpr std::uint64_t version = detail::version_with<T>(2);
    static constexpr std::uint64_t checksum_since = 2;

    static void encode(byte_writer& w, const value_type& p) {
        codec<PeerId>::encode(w, p.self);
        w.varint(p.next_seq);
        codec<T>::encode(w, p.state);
        w.varint(p.peers.size());
        for (const PeerId& peer : p.peers) codec<PeerId>::encode(w, peer);
        w.byte(p.mode ? static_cast<std::uint8_t>(static_cast<std::uint8_t>(*p.mode) + 1) : 0);
    }

    // The body of the current version; decode<>() passes the version it read instead.
    static std::optional<value_type> decode(byte_reader& r) { return decode(r, version); }

    static std::optional<value_type> decode(byte_reader& r, std::uint64_t format_version) {
        auto self = codec<PeerId>::decode(r);
        const auto next_seq = r.varint("persisted_state next_seq");
        if (!self || !next_seq) return std::nullopt;
        auto state = detail::decode_nested<T>(r, type_name);
        if (!state) return std::nullopt;
        const auto n = r.count("persisted_state peers");
        if (!n) return std::nullopt;
        std::vector<PeerId> peers;
        peers.reserve(*n);
        for (std::size_t i = 0; i < *n; ++i) {
            const std::size_t at = r.offset();
            auto peer = codec<PeerId>::decode(r);
            if (!peer) return std::nullopt;
            if (*peer == *self) {
                r.fail_at(
                    at, errc::invalid_value,
                    converge::detail::text("persisted_state: peer ", i, " is the endpoint itself"));
                return std::nullopt;
            }
            if (i > 0 && !(peers.back() < *peer)) {
                r.fail_at(at, errc::non_canonical,
                          converge::detail::text("persisted_state: peer ", i,
                                                 " is not in strictly ascending order"));
                return std::nullopt;
            }
            peers.push_back(std::move(*peer));
        }
        std::optional<sync::protocol> mode;
        if (format_version >= 2) {
            const std::size_t at = r.offset();
            const auto b = r.byte("persisted_state protocol");
            if (!b) return std::nullopt;
            if (*b > 2) {
                r.fail_at(at, errc::invalid_value,
                          converge::detail::text("persisted_state: protocol ", *b,
                                                 " is none of 0 (not recorded), 1 (delta) and 2 "
                                                 "(state-based)"));
                return std::nullopt;
            }
            if (*b != 0) mode = static_cast<sync::protocol>(*b - 1);
        }
        return value_type{std::move(*self), *next_seq, std::move(*state), std::move(peers), mode};
    }
};

}  // namespace converge::inline v1
