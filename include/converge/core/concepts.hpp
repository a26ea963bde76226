// SPDX-License-Identifier: MIT
#pragma once

#include <concepts>
#include <utility>

namespace converge::inline v1 {

// A state-based CRDT: a regular value type whose states form a join-semilattice under
// `a.merge(b)` (join in place). merge must be commutative, associative and idempotent;
// testing/laws.hpp checks that for any type with an rc::Arbitrary generator.
template <class T>
concept crdt = std::regular<T> && requires(T& a, const T& b) {
    a.merge(b);
};

// A CRDT that can say what another replica lacks: `digest()` summarises what a replica has
// seen, and `delta_since(digest)` is the smallest delta that brings the digest's owner up to
// date, itself a value of the same type. Deltas from mutators are values of the same type too.
template <class T>
concept delta_crdt = crdt<T> && requires(const T& a) {
    typename T::digest_type;
    { a.digest() } -> std::convertible_to<typename T::digest_type>;
    { a.delta_since(a.digest()) } -> std::same_as<T>;
};

// The join of two states, leaving both arguments untouched.
template <crdt T>
[[nodiscard]] T join(T a, const T& b) {
    a.merge(b);
    return a;
}

// The lattice order derived from merge: a <= b iff joining a into b changes nothing.
template <crdt T>
[[nodiscard]] bool lattice_leq(const T& a, const T& b) {
    return join(b, a) == b;
}

}  // namespace converge::inline v1
