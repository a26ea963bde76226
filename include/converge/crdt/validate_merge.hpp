// SPDX-License-Identifier: MIT
#pragma once

// Misuse detection: whether two states of one type can both be right, asked before a merge.
// A merge is a join for every pair of states, so it never fails; but some pairs only arise
// when replicas were misconfigured (two sharing one id) or one lost state (restored from an
// old copy) and went on writing. Their merge is well defined yet silently drops or loses
// writes, so an application that cannot rule such mistakes out asks first:
//
//     if (auto problem = converge::validate_merge(local, incoming, my_id))
//         log(problem->message());              // errc::conflicting_states; nothing merged
//     else
//         local.merge(incoming);
//
// Works by shape, so a type of your own built on the causal kernel is covered too: causal
// types (a dot reused with two payloads), replica-count lattices (g_counter, vector_clock) and
// pn_counter's two halves, and last-writer-wins registers (one key with two values).

#include <converge/core/causal_context.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/dot.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>

#include <optional>
#include <string>

namespace converge::inline v1 {

namespace detail {

template <class T>
concept has_causal_state = requires(const T& x) {
    x.state().store();
    x.state().context();
};

template <class T>
concept has_replica_counts = requires(const T& x, const typename T::replica_type& r) {
    x.get(r);
    x.entries();
};

template <class T>
concept has_count_halves = requires(const T& x) {
    x.increments();
    x.decrements();
};

template <class T>
concept has_lww_key = requires(const T& x) {
    x.value();
    x.timestamp();
    x.writer();
};

[[nodiscard]] inline failure conflict(std::string message) {
    return failure(errc::conflicting_states, std::move(message));
}

// A dot both states store with different payloads: two writers used one id, or one reused a
// counter. The join drops such a dot on both sides, losing both writes.
template <class State>
[[nodiscard]] std::optional<failure> reused_dot(const State& local, const State& incoming) {
    std::optional<failure> problem;
    incoming.store().for_each_dot([&](const auto& d) {
        if (problem || !local.store().stores(d)) return;
        if (!incoming.store().same_at(d, local.store()))
            problem = conflict(text("validate_merge: dot ", dot_text(d),
                                    " is stored with a different payload on each side "
                                    "(two replicas share an id, or one reused a counter)"));
    });
    return problem;
}

// A dot of `self` that the incoming context holds and the local one does not: only `self`
// makes its dots, so the local replica lost state and would hand out that dot again.
template <class ReplicaId>
[[nodiscard]] std::optional<failure> own_dot_unseen(const causal_context<ReplicaId>& local,
                                                    const causal_context<ReplicaId>& incoming,
                                                    const ReplicaId& self) {
    const causal_context<ReplicaId> ahead = incoming.difference(local);
    const std::uint64_t top = ahead.max_counter(self);
    if (top == 0) return std::nullopt;
    return conflict(text("validate_merge: the incoming state holds replica ", replica_text(self),
                         "'s dot ", top,
                         " that this replica has not seen: it lost state (restored from an "
                         "older copy?) or shares its id, and would reuse that dot"));
}

template <class Counts>
[[nodiscard]] std::optional<failure> own_count_behind(const Counts& local, const Counts& incoming,
                                                      const typename Counts::replica_type& self,
                                                      const char* what) {
    const auto mine = local.get(self);
    const auto theirs = incoming.get(self);
    if (!(mine < theirs)) return std::nullopt;
    return conflict(text("validate_merge: replica ", replica_text(self), "'s own ", what, " is ",
                         mine, " here but ", theirs,
                         " in the incoming state: it lost state (restored from an older copy?) "
                         "or shares its id"));
}

template <class T>
[[nodiscard]] std::optional<failure> validate(const T& local, const T& incoming,
                                              const typename T::replica_type* self) {
    if constexpr (has_causal_state<T>) {
        if (auto problem = reused_dot(local.state(), incoming.state())) return problem;
        if (self != nullptr) return own_dot_unseen(local.context(), incoming.context(), *self);
        return std::nullopt;
    } else if constexpr (has_count_halves<T>) {
        if (self == nullptr) return std::nullopt;
        if (auto problem =
                own_count_behind(local.increments(), incoming.increments(), *self, "increments"))
            return problem;
        return own_count_behind(local.decrements(), incoming.decrements(), *self, "decrements");
    } else if constexpr (has_replica_counts<T>) {
        if (self == nullptr) return std::nullopt;
        return own_count_behind(local, incoming, *self, "count");
    } else if constexpr (has_lww_key<T>) {
        if (!incoming.writer()) return std::nullopt;
        if (local.writer() && local.timestamp() == incoming.timestamp() &&
            *local.writer() == *incoming.writer() && !(*local.value() == *incoming.value()))
            return conflict(text("validate_merge: replica ", replica_text(*local.writer()),
                                 " wrote two different values with one timestamp"));
        if (self != nullptr && *incoming.writer() == *self &&
            (!local.writer() || local.timestamp() < incoming.timestamp() ||
             (local.timestamp() == incoming.timestamp() && *local.writer() < *self)))
            return conflict(
                text("validate_merge: the incoming state holds a newer write of "
                     "replica ",
                     replica_text(*self),
                     " than this replica holds: it lost state (restored from an "
                     "older copy?) or shares its id"));
        return std::nullopt;
    } else {
        static_assert(has_causal_state<T>,
                      "converge::validate_merge: T is not a causal type, a replica-count lattice "
                      "or a last-writer-wins register");
        return std::nullopt;
    }
}

}  // namespace detail

// Whether `local` and `incoming` can both be right: nullopt if so, else
// errc::conflicting_states saying which dot, replica or timestamp is in conflict. Checks
// what two correctly configured replicas never produce: the same dot with two payloads (an
// element, a value), or two values written at one (timestamp, writer). O(stored dots of
// incoming) for causal types, O(log R) otherwise (R replicas). Neither state changes.
template <class T>
[[nodiscard]] std::optional<failure> validate_merge(const T& local, const T& incoming) {
    return detail::validate<T>(local, incoming, nullptr);
}

// The same, and also that `incoming` holds nothing of `self` (the local replica's id) that
// `local` has not seen: only `self` writes its own events, so a state ahead of it there
// means the local replica lost state or another replica uses its id, and its next write would
// reuse a dot, a count or a timestamp. Plus O(intervals of the contexts) for causal types.
template <class T>
[[nodiscard]] std::optional<failure> validate_merge(const T& local, const T& incoming,
                                                    const typename T::replica_type& self) {
    return detail::validate<T>(local, incoming, &self);
}

}  // namespace converge::inline v1
