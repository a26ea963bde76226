// SPDX-License-Identifier: MIT
#pragma once

// Wire codec of causal_lww_register (tag 23). Layout (docs/wire-format.md):
//   causal_lww_register := causal(dot_fun<timestamped>)
//   timestamped         := timestamp value
// The store's form is in dot_stores.hpp.

#include <converge/codec/codec.hpp>
#include <converge/codec/dot_stores.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/crdt/causal_lww_register.hpp>

#include <optional>
#include <utility>

namespace converge::inline v1 {

// A stored write: its timestamp, then its value. Not a top-level wire type.
template <encodable T, encodable Timestamp>
struct codec<timestamped<T, Timestamp>> {
    static void encode(byte_writer& w, const timestamped<T, Timestamp>& t) {
        codec<Timestamp>::encode(w, t.timestamp);
        codec<T>::encode(w, t.value);
    }
    static std::optional<timestamped<T, Timestamp>> decode(byte_reader& r) {
        auto timestamp = codec<Timestamp>::decode(r);
        if (!timestamp) return std::nullopt;
        auto value = codec<T>::decode(r);
        if (!value) return std::nullopt;
        return timestamped<T, Timestamp>{std::move(*timestamp), std::move(*value)};
    }
};

template <encodable T, encodable ReplicaId, encodable Timestamp>
struct codec<causal_lww_register<T, ReplicaId, Timestamp>>
    : detail::causal_type_codec<causal_lww_register<T, ReplicaId, Timestamp>,
                                wire_tag::causal_lww_register> {
    static constexpr const char* type_name = "causal_lww_register";
    static std::optional<causal_lww_register<T, ReplicaId, Timestamp>> decode(byte_reader& r) {
        return codec::decode_named(r, type_name);
    }
};

}  // namespace converge::inline v1
