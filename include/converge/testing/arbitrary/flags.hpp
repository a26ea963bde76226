// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary for enable_wins_flag and disable_wins_flag (see causal_history.hpp). Needs
// RapidCheck.

#include <converge/crdt/flags.hpp>
#include <converge/testing/arbitrary/causal_history.hpp>

#include <rapidcheck.h>

namespace converge::inline v1::testing {

template <class ReplicaId>
struct random_mutation<enable_wins_flag<ReplicaId>> {
    static enable_wins_flag<ReplicaId> apply(enable_wins_flag<ReplicaId>& f,
                                             const ReplicaId& replica) {
        if (detail::causal_uniform<int>(0, 2) == 0) return f.disable();
        return f.enable(replica);
    }
};

template <class ReplicaId>
struct random_mutation<disable_wins_flag<ReplicaId>> {
    static disable_wins_flag<ReplicaId> apply(disable_wins_flag<ReplicaId>& f,
                                              const ReplicaId& replica) {
        // Whether the event at the next dot enables is a function of that dot.
        const bool on = detail::causal_payload<bool>(f.context().next_dot(replica));
        return on ? f.enable(replica) : f.disable(replica);
    }
};

}  // namespace converge::inline v1::testing

namespace rc {

template <class ReplicaId>
struct Arbitrary<converge::enable_wins_flag<ReplicaId>> {
    static Gen<converge::enable_wins_flag<ReplicaId>> arbitrary() {
        return converge::testing::causal_gen<converge::enable_wins_flag<ReplicaId>>(true);
    }
};

template <class ReplicaId>
struct Arbitrary<converge::disable_wins_flag<ReplicaId>> {
    static Gen<converge::disable_wins_flag<ReplicaId>> arbitrary() {
        return converge::testing::causal_gen<converge::disable_wins_flag<ReplicaId>>(true);
    }
};

}  // namespace rc
