// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary for or_map<K, V> with any generated causal V, nested to any depth (see
// causal_history.hpp). Needs RapidCheck.

#include <converge/crdt/or_map.hpp>
#include <converge/testing/arbitrary/causal_history.hpp>

#include <rapidcheck.h>

#include <cstdint>

namespace converge::inline v1::testing {

// A pooled key: mostly an update of its value by V's own random mutation, sometimes a
// remove of the key.
template <class K, class V, class Hash, class Eq>
struct random_mutation<or_map<K, V, Hash, Eq>> {
    using map_type = or_map<K, V, Hash, Eq>;
    static map_type apply(map_type& m, const typename map_type::replica_type& replica) {
        // The key an update writes under is a function of the dot it will use; a remove picks
        // any pooled key.
        const auto next = m.context().next_dot(replica);
        if (detail::causal_uniform<int>(0, 4) == 0)
            return m.remove(
                detail::causal_payload<K>(next, detail::causal_uniform<std::uint64_t>(1, 4)));
        const K key = detail::causal_payload<K>(next, 7);
        return m.update(key, [&](V& value) { return random_mutation<V>::apply(value, replica); });
    }
};

}  // namespace converge::inline v1::testing

namespace rc {

template <class K, class V, class Hash, class Eq>
struct Arbitrary<converge::or_map<K, V, Hash, Eq>> {
    static Gen<converge::or_map<K, V, Hash, Eq>> arbitrary() {
        return converge::testing::causal_gen<converge::or_map<K, V, Hash, Eq>>(true);
    }
};

}  // namespace rc
