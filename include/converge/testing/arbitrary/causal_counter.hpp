// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary for causal_counter<ReplicaId> (see causal_history.hpp), and showValue. Needs
// RapidCheck.

#include <converge/crdt/causal_counter.hpp>
#include <converge/testing/arbitrary/causal_history.hpp>

#include <rapidcheck.h>

#include <cstdint>
#include <ostream>

namespace converge::inline v1::testing {

// Mostly an update, sometimes a reset. An update brings the replica's total to the value its
// new dot stands for (so independently generated states agree on what each dot holds, as real
// replicas do): an increment or a decrement by the difference.
template <class ReplicaId>
struct random_mutation<causal_counter<ReplicaId>> {
    static causal_counter<ReplicaId> apply(causal_counter<ReplicaId>& c, const ReplicaId& replica) {
        if (detail::causal_uniform<int>(0, 5) == 0) return c.reset();
        // Totals from a small pool of small numbers: no update overflows.
        const auto target = static_cast<std::int64_t>(
            detail::causal_payload<std::int8_t>(c.context().next_dot(replica)));
        const std::int64_t base = c.contribution(replica);
        if (target >= base) return c.increment(replica, static_cast<std::uint64_t>(target - base));
        return c.decrement(replica, static_cast<std::uint64_t>(base - target));
    }
};

}  // namespace converge::inline v1::testing

namespace rc {

template <class ReplicaId>
struct Arbitrary<converge::causal_counter<ReplicaId>> {
    static Gen<converge::causal_counter<ReplicaId>> arbitrary() {
        return converge::testing::causal_gen<converge::causal_counter<ReplicaId>>(true);
    }
};

}  // namespace rc

namespace converge::inline v1 {

// Prints a counter in RapidCheck counterexamples as {(replica, counter): total, ...}.
template <class ReplicaId>
void showValue(const causal_counter<ReplicaId>& c, std::ostream& os) {
    os << "causal_counter{";
    const char* sep = "";
    for (const auto& e : c.entries()) {
        os << sep << '(';
        rc::show(e.dot.replica, os);
        os << ", " << e.dot.counter << "): " << e.value;
        sep = ", ";
    }
    os << "; " << c.context().dot_count() << " dots seen}";
}

}  // namespace converge::inline v1
