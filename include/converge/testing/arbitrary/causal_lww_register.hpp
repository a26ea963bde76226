// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary for causal_lww_register<T, ReplicaId, Timestamp> (see causal_history.hpp),
// and showValue. Needs RapidCheck.

#include <converge/crdt/causal_lww_register.hpp>
#include <converge/testing/arbitrary/causal_history.hpp>
#include <converge/testing/arbitrary/clocks.hpp>

#include <rapidcheck.h>

#include <ostream>

namespace converge::inline v1::testing {

// Mostly a write of the timestamp and value its dot stands for, sometimes a clear. Both come
// from pools of six, so concurrent writes often tie on the timestamp and the dot decides.
template <class T, class ReplicaId, class Timestamp>
struct random_mutation<causal_lww_register<T, ReplicaId, Timestamp>> {
    static causal_lww_register<T, ReplicaId, Timestamp> apply(
        causal_lww_register<T, ReplicaId, Timestamp>& r, const ReplicaId& replica) {
        if (detail::causal_uniform<int>(0, 5) == 0) return r.clear();
        const auto next = r.context().next_dot(replica);
        return r.write(replica, detail::causal_payload<Timestamp>(next, 1),
                       detail::causal_payload<T>(next, 2));
    }
};

}  // namespace converge::inline v1::testing

namespace rc {

template <class T, class ReplicaId, class Timestamp>
struct Arbitrary<converge::causal_lww_register<T, ReplicaId, Timestamp>> {
    static Gen<converge::causal_lww_register<T, ReplicaId, Timestamp>> arbitrary() {
        return converge::testing::causal_gen<
            converge::causal_lww_register<T, ReplicaId, Timestamp>>(true);
    }
};

}  // namespace rc

namespace converge::inline v1 {

// Prints a register in RapidCheck counterexamples as {value @ timestamp at (replica, counter),
// ...}, the winner first.
template <class T, class ReplicaId, class Timestamp>
void showValue(const causal_lww_register<T, ReplicaId, Timestamp>& r, std::ostream& os) {
    const auto print = [&os](const auto& e) {
        rc::show(e.value.value, os);
        os << " @ ";
        rc::show(e.value.timestamp, os);
        os << " at (";
        rc::show(e.dot.replica, os);
        os << ", " << e.dot.counter << ')';
    };
    os << "causal_lww_register{";
    const auto* winner = r.winner();
    if (winner != nullptr) print(*winner);
    for (const auto& e : r.entries()) {
        if (&e == winner) continue;
        os << ", ";
        print(e);
    }
    os << '}';
}

}  // namespace converge::inline v1
