// SPDX-License-Identifier: MIT
#pragma once

// Redundancy removal (Enes et al., ICDE 2019): of a received delta x, the part Δ(x, local)
// that actually inflates the local state, such that local ⊔ Δ == local ⊔ x and Δ is the
// bottom (T{}) exactly when x brings nothing new. An endpoint logs only Δ, so what a peer
// already had is not forwarded again.
//
// A type computes it beside itself, as a member `T inflation_over(const T& local) const`
// (every converge CRDT has one, exact); otherwise the digest is the fallback:
// Δ = x.delta_since(local.digest()) (bottom when x ⊑ local), which is exact when delta_since
// is minimal and otherwise only larger than needed. Specialise inflation<T> to override both.

#include <converge/core/concepts.hpp>

#include <concepts>

namespace converge::inline v1::sync {

namespace detail {

// A type that says itself which part of it inflates another state.
template <class T>
concept has_inflation_over = requires(const T& x, const T& local) {
    { x.inflation_over(local) } -> std::same_as<T>;
};

}  // namespace detail

// Δ(received, local) for any delta CRDT: its inflation_over member, or through its digest.
template <delta_crdt T>
struct inflation {
    // The part of `received` that inflates `local`.
    [[nodiscard]] static T of(const T& received, const T& local) {
        if constexpr (detail::has_inflation_over<T>) {
            return received.inflation_over(local);
        } else {
            if (lattice_leq(received, local)) return T{};
            return received.delta_since(local.digest());
        }
    }
};

}  // namespace converge::inline v1::sync
