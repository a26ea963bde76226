// SPDX-License-Identifier: MIT
#pragma once

// Wire codec of or_map (tag 21). Layout (docs/wire-format.md):
//   or_map := causal(dot_map<K, the store of V>)
// The store's form is in dot_stores.hpp.

#include <converge/codec/codec.hpp>
#include <converge/codec/dot_stores.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/crdt/or_map.hpp>

#include <optional>

namespace converge::inline v1 {

template <encodable K, class V, class Hash, class Eq>
struct codec<or_map<K, V, Hash, Eq>>
    : detail::causal_type_codec<or_map<K, V, Hash, Eq>, wire_tag::or_map> {
    static constexpr const char* type_name = "or_map";
    static std::optional<or_map<K, V, Hash, Eq>> decode(byte_reader& r) {
        return codec::decode_named(r, type_name);
    }
};

}  // namespace converge::inline v1
