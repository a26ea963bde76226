// SPDX-License-Identifier: MIT
#pragma once

// Delta and digest laws, asserted inside a RapidCheck property (RC_ASSERT), for any type
// modelling converge::crdt. Shared by the property tests of every CRDT family.

#include <converge/core/concepts.hpp>

#include <rapidcheck.h>

#include <utility>

namespace converge_test {

// `mutate(state)` applies one mutator to `state` and returns its delta. Checks, starting from
// `old`: old ⊔ δ == new; δ <= new (new ⊔ δ == new); merging δ a second time changes nothing.
// Returns the new state so that callers can chain mutations.
template <converge::crdt T, class Mutate>
T check_delta_laws(const T& old, Mutate&& mutate) {
    T now = old;
    const T delta = std::forward<Mutate>(mutate)(now);
    RC_ASSERT(converge::join(old, delta) == now);
    RC_ASSERT(converge::join(now, delta) == now);
    RC_ASSERT(converge::join(converge::join(old, delta), delta) == now);
    return now;
}

// Two mutations in a row: their deltas joined together bring `old` to the final state, so
// deltas can be grouped before sending.
template <converge::crdt T, class Mutate1, class Mutate2>
void check_delta_group(const T& old, Mutate1&& first, Mutate2&& second) {
    T now = old;
    const T d1 = std::forward<Mutate1>(first)(now);
    const T d2 = std::forward<Mutate2>(second)(now);
    RC_ASSERT(converge::join(old, converge::join(d1, d2)) == now);
    RC_ASSERT(converge::join(old, converge::join(d2, d1)) == now);
}

// The digest law: b ⊔ a.delta_since(b.digest()) == a ⊔ b; the answer is part of a
// (a ⊔ answer == a); asking with one's own digest yields nothing new.
template <converge::delta_crdt T>
void check_digest_law(const T& a, const T& b) {
    const T answer = a.delta_since(b.digest());
    T synced = b;
    synced.merge(answer);
    RC_ASSERT(synced == converge::join(a, b));
    RC_ASSERT(converge::join(a, answer) == a);
    RC_ASSERT(converge::join(a, a.delta_since(a.digest())) == a);
}

}  // namespace converge_test
