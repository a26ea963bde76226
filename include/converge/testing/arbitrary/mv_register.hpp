// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary for mv_register<T, ReplicaId> (see causal_history.hpp). Needs RapidCheck.

#include <converge/crdt/mv_register.hpp>
#include <converge/testing/arbitrary/causal_history.hpp>

#include <rapidcheck.h>

namespace converge::inline v1::testing {

// Mostly a write of the value its dot stands for, sometimes a clear.
template <class T, class ReplicaId>
struct random_mutation<mv_register<T, ReplicaId>> {
    static mv_register<T, ReplicaId> apply(mv_register<T, ReplicaId>& r, const ReplicaId& replica) {
        if (detail::causal_uniform<int>(0, 5) == 0) return r.clear();
        return r.write(replica, detail::causal_payload<T>(r.context().next_dot(replica)));
    }
};

}  // namespace converge::inline v1::testing

namespace rc {

template <class T, class ReplicaId>
struct Arbitrary<converge::mv_register<T, ReplicaId>> {
    static Gen<converge::mv_register<T, ReplicaId>> arbitrary() {
        return converge::testing::causal_gen<converge::mv_register<T, ReplicaId>>(true);
    }
};

}  // namespace rc
