// SPDX-License-Identifier: MIT
#pragma once

// Wire codec of mv_register (tag 18). Layout (docs/wire-format.md):
//   mv_register := causal(dot_fun<T>)
// The store's form is in dot_stores.hpp.

#include <converge/codec/codec.hpp>
#include <converge/codec/dot_stores.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/crdt/mv_register.hpp>

#include <optional>

namespace converge::inline v1 {

template <encodable T, encodable ReplicaId>
struct codec<mv_register<T, ReplicaId>>
    : detail::causal_type_codec<mv_register<T, ReplicaId>, wire_tag::mv_register> {
    static constexpr const char* type_name = "mv_register";
    static std::optional<mv_register<T, ReplicaId>> decode(byte_reader& r) {
        return codec::decode_named(r, type_name);
    }
};

}  // namespace converge::inline v1
