// SPDX-License-Identifier: MIT
#pragma once

// converge::testing::consistent<V>: a generated value of V whose history never reuses a dot.
// Needs RapidCheck.

namespace converge::inline v1::testing {

// A value of V generated from a consistent history: no replica ever reuses a dot with another
// payload. The plain generators of the causal types (or_set, mv_register, the flags, or_map)
// sometimes do, as misconfigured replicas would, and merge must stay a join there; laws that
// assume unique dots, such as catch-up by digest (b.merge(a.delta_since(b.digest())) ==
// join(a, b)), take consistent<V> instead. Each generator header provides its rc::Arbitrary.
template <class V>
struct consistent {
    V value;
};

}  // namespace converge::inline v1::testing
