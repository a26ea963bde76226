// SPDX-License-Identifier: MIT
#pragma once

// The causal kernel (Almeida, Shoker and Baquero, delta-state CRDTs, causal CRDTs): a causal
// type is a dot store paired with a causal context (see causal.hpp). The stores are
// dot_set (a set of dots), dot_fun (dot -> value) and dot_map (key -> dot store), and they
// all join by one rule, stated per dot. On each side a dot is either
//
//     unseen   (not in that side's context),
//     stored   (in the store, under some key with some value: its "payload"), or
//     removed  (in the context, not in the store).
//
// and the join keeps a dot stored only if both sides store it with the same payload, or one
// side stores it and the other has not seen it. Everything else is removed. Per dot this is
// the flat lattice unseen < stored(payload) < removed, so the join is commutative,
// associative and idempotent for every pair of states, even when two replicas misconfigured
// with the same id stored the same dot with different payloads: that dot is dropped on both.

#include <converge/core/causal_context.hpp>
#include <converge/core/dot.hpp>

#include <concepts>
#include <cstddef>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// What a dot store offers the kernel. Dots are unique within a store; `same_at(d, other)`
// is asked only for a dot both stores hold and says whether they hold it with the same
// payload. `join(other, mine, theirs)` makes *this the store of the join of (*this, mine)
// and (other, theirs), where mine and theirs are the contexts the stores are paired with.
// `filtered(keep)` is the part of the store whose dots satisfy keep.
template <class S>
concept dot_store = std::regular<S> &&
    requires(S& s, const S& c, const dot<typename S::replica_type>& d,
             const causal_context<typename S::replica_type>& ctx,
             bool (*keep)(const dot<typename S::replica_type>&),
             void (*visit)(const dot<typename S::replica_type>&)) {
    typename S::replica_type;
    { c.empty() } -> std::convertible_to<bool>;
    { c.dot_count() } -> std::convertible_to<std::size_t>;
    { c.stores(d) } -> std::convertible_to<bool>;
    { c.same_at(d, c) } -> std::convertible_to<bool>;
    c.for_each_dot(visit);
    s.join(c, ctx, ctx);
    { c.filtered(keep) } -> std::same_as<S>;
};

namespace detail {

// The kernel's join rule for a dot stored on one side only: it stays unless the other side
// has seen it (and so removed it).
template <class ReplicaId>
[[nodiscard]] bool keeps_one_sided(const dot<ReplicaId>& d,
                                   const causal_context<ReplicaId>& other_side) {
    return !other_side.contains(d);
}

// The join rule over two stores kept as vectors sorted by dot (dot_set, dot_fun): a merge
// walk. `dot_of(entry)` gives an entry's dot, `same(a, b)` whether two entries with one dot
// carry the same payload.
template <class Entry, class ReplicaId, class DotOf, class Same>
[[nodiscard]] std::vector<Entry> join_sorted(const std::vector<Entry>& mine,
                                             const std::vector<Entry>& theirs,
                                             const causal_context<ReplicaId>& my_context,
                                             const causal_context<ReplicaId>& their_context,
                                             DotOf dot_of, Same same) {
    std::vector<Entry> out;
    out.reserve(mine.size() + theirs.size());
    auto a = mine.begin();
    auto b = theirs.begin();
    while (a != mine.end() || b != theirs.end()) {
        if (b == theirs.end() || (a != mine.end() && dot_of(*a) < dot_of(*b))) {
            if (keeps_one_sided(dot_of(*a), their_context)) out.push_back(*a);
            ++a;
        } else if (a == mine.end() || dot_of(*b) < dot_of(*a)) {
            if (keeps_one_sided(dot_of(*b), my_context)) out.push_back(*b);
            ++b;
        } else {
            if (same(*a, *b)) out.push_back(*a);
            ++a;
            ++b;
        }
    }
    return out;
}

}  // namespace detail

}  // namespace converge::inline v1
