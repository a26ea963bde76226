// SPDX-License-Identifier: MIT
#pragma once

// Wire codecs of lww_register (tag 7) and of its digest (tag 11):
//   lww        := 0x00 | 0x01 timestamp replica value
//   lww_digest := 0x00 | 0x01 timestamp replica

#include <converge/codec/codec.hpp>
#include <converge/codec/envelope.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/crdt/lww_register.hpp>

#include <optional>
#include <utility>

namespace converge::inline v1 {

template <encodable T, encodable ReplicaId, encodable Timestamp>
struct codec<lww_register<T, ReplicaId, Timestamp>> {
    using register_type = lww_register<T, ReplicaId, Timestamp>;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::lww_register);
    static constexpr const char* type_name = "lww_register";
    // The value's body is written inside this one: a value whose layout changed (a causal
    // type, version 3) makes the register say that version too.
    static constexpr std::uint64_t version = detail::version_with<T>(1);

    static void encode(byte_writer& w, const register_type& reg) {
        if (!reg.value()) {
            w.byte(0);
            return;
        }
        w.byte(1);
        codec<Timestamp>::encode(w, reg.timestamp());
        codec<ReplicaId>::encode(w, *reg.writer());
        codec<T>::encode(w, *reg.value());
    }

    static std::optional<register_type> decode(byte_reader& r) {
        const auto present = codec<bool>::decode(r);
        if (!present) return std::nullopt;
        // Built in place: moving a temporary copies its disengaged optionals' payloads, which
        // g++ 12 at -O3 reports as maybe-uninitialized.
        if (!*present) return std::optional<register_type>(std::in_place);
        if (!r.enter(type_name)) return std::nullopt;
        auto timestamp = codec<Timestamp>::decode(r);
        auto writer = codec<ReplicaId>::decode(r);
        auto value = codec<T>::decode(r);
        r.leave();
        if (!timestamp || !writer || !value) return std::nullopt;
        return detail::checked(r,
                               register_type::from_parts(std::move(*value), std::move(*timestamp),
                                                         std::move(*writer)));
    }
};

template <encodable ReplicaId, encodable Timestamp>
struct codec<std::optional<lww_key<ReplicaId, Timestamp>>> {
    using digest_type = std::optional<lww_key<ReplicaId, Timestamp>>;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::lww_register_digest);
    static constexpr const char* type_name = "lww_register digest";

    static void encode(byte_writer& w, const digest_type& d) {
        if (!d) {
            w.byte(0);
            return;
        }
        w.byte(1);
        codec<Timestamp>::encode(w, d->timestamp);
        codec<ReplicaId>::encode(w, d->writer);
    }

    static std::optional<digest_type> decode(byte_reader& r) {
        const auto present = codec<bool>::decode(r);
        if (!present) return std::nullopt;
        if (!*present) return std::optional<digest_type>(std::in_place);  // the empty digest
        auto timestamp = codec<Timestamp>::decode(r);
        auto writer = codec<ReplicaId>::decode(r);
        if (!timestamp || !writer) return std::nullopt;
        return std::optional<digest_type>(
            std::in_place,
            lww_key<ReplicaId, Timestamp>{std::move(*timestamp), std::move(*writer)});
    }
};

}  // namespace converge::inline v1
