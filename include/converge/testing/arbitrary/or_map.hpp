// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary for or_map<K, V> with any generated causal V, nested to any depth (see
// causal_history.hpp). Needs RapidCheck.

#include <converge/crdt/or_map.hpp>
#include <converge/testing/arbitrary/causal_history.hpp>

#include <rapidcheck.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace converge::inline v1::testing {

namespace detail {

// Thirty-two keys, the same in every call of a process: enough for a map to outgrow the size
// up to which dot_map keeps no tables, so that both of its ways of finding keys and dots are
// exercised.
template <class K>
[[nodiscard]] const std::vector<K>& or_map_key_pool() {
    return fixed_value_pool<K, 32, converge::detail::mix64_multiplier_2>();
}

// How many or_map updates the current mutation is nested in.
inline thread_local int or_map_depth = 0;

// The key the event at dot `d` touches, a fixed function of the dot (causal_choice): half
// the time one of four hot keys, so that concurrent updates and removes meet on a key.
template <class K, class ReplicaId>
[[nodiscard]] K or_map_key(const dot<ReplicaId>& d, std::uint64_t salt) {
    const auto& pool = or_map_key_pool<K>();
    const std::uint64_t x = causal_choice(d, salt);
    const std::size_t range = (x & 1) != 0 ? 4 : pool.size();
    return pool[static_cast<std::size_t>((x >> 1) % range)];
}

}  // namespace detail

// A pooled key: mostly an update of its value by V's own random mutation, sometimes a
// remove of the key, now and then ten updates as one delta.
template <class K, class V, class Hash, class Eq>
struct random_mutation<or_map<K, V, Hash, Eq>> {
    using map_type = or_map<K, V, Hash, Eq>;
    static map_type apply(map_type& m, const typename map_type::replica_type& replica) {
        // The key an update writes under is a function of the dot it will use; a remove picks
        // any pooled key.
        const auto next = m.context().next_dot(replica);
        if (detail::causal_uniform<int>(0, 4) == 0)
            return m.remove(
                detail::or_map_key<K>(next, detail::causal_uniform<std::uint64_t>(1, 4)));
        // The key depends on the dot alone, whatever the burst, so that every history agrees
        // on which key a dot belongs to.
        const auto update_one = [&] {
            const K key = detail::or_map_key<K>(m.context().next_dot(replica), 7);
            return m.update(key, [&](V& value) {
                ++detail::or_map_depth;
                struct leave {
                    ~leave() { --detail::or_map_depth; }
                } on_exit;
                return random_mutation<V>::apply(value, replica);
            });
        };
        // A nested map never bursts: each of its dots would then fall under the key of the
        // parent's first dot, where another history puts it under a key of its own.
        if (detail::or_map_depth > 0 || detail::causal_uniform<int>(0, 6) != 0) return update_one();
        // Now and then a burst of updates as one delta, so that maps grow past a few keys.
        map_type delta;
        for (int i = 0; i < 10; ++i) delta.merge(update_one());
        return delta;
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
