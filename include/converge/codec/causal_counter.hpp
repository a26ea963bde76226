// SPDX-License-Identifier: MIT
#pragma once

// Wire codec of causal_counter (tag 22). Layout (docs/wire-format.md):
//   causal_counter := causal(dot_fun<sint>)
// The store's form is in dot_stores.hpp. A replica may hold several dots (a state in transit,
// see crdt/causal_counter.hpp), so the decoder checks what from_parts checks: the dot_fun's
// rules and the context's cover.

#include <converge/codec/codec.hpp>
#include <converge/codec/dot_stores.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/crdt/causal_counter.hpp>

#include <optional>

namespace converge::inline v1 {

template <encodable ReplicaId>
struct codec<causal_counter<ReplicaId>>
    : detail::causal_type_codec<causal_counter<ReplicaId>, wire_tag::causal_counter> {
    static constexpr const char* type_name = "causal_counter";
    static std::optional<causal_counter<ReplicaId>> decode(byte_reader& r) {
        return codec::decode_named(r, type_name);
    }
};

}  // namespace converge::inline v1
