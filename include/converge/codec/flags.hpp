// SPDX-License-Identifier: MIT
#pragma once

// Wire codecs of the flags (tags 19 and 20). Layout (docs/wire-format.md):
//   enable_wins_flag  := causal(dot_set)
//   disable_wins_flag := causal(dot_fun<bool>)
// The stores' forms are in dot_stores.hpp.

#include <converge/codec/codec.hpp>
#include <converge/codec/dot_stores.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/crdt/flags.hpp>

#include <cstdint>
#include <optional>
#include <utility>

namespace converge::inline v1 {

template <encodable ReplicaId>
struct codec<enable_wins_flag<ReplicaId>>
    : detail::causal_type_codec<enable_wins_flag<ReplicaId>, wire_tag::enable_wins_flag> {
    static constexpr const char* type_name = "enable_wins_flag";
    static std::optional<enable_wins_flag<ReplicaId>> decode(byte_reader& r) {
        return codec::decode_named(r, type_name);
    }
};

template <encodable ReplicaId>
struct codec<disable_wins_flag<ReplicaId>>
    : detail::causal_type_codec<disable_wins_flag<ReplicaId>, wire_tag::disable_wins_flag> {
    static constexpr const char* type_name = "disable_wins_flag";
    static std::optional<disable_wins_flag<ReplicaId>> decode(byte_reader& r) {
        return codec::decode_named(r, type_name);
    }
};

}  // namespace converge::inline v1
