// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/causal_context.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/dot.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>
#include <converge/crdt/dot_store.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace converge::inline v1 {

namespace detail {

// Calls visit(d) for every dot of `context`, replica by replica in counter order. O(dots).
template <class ReplicaId, class F>
void for_each_context_dot(const causal_context<ReplicaId>& context, F&& visit) {
    for (const auto& e : context.replicas()) {
        dot<ReplicaId> d{e.replica, 0};
        for (d.counter = 1; d.counter <= e.contiguous; ++d.counter) visit(d);
        for (const auto& iv : e.cloud) {
            for (d.counter = iv.first;; ++d.counter) {
                visit(d);
                if (d.counter == iv.last) break;
            }
        }
    }
}

}  // namespace detail

// A causal state: a dot store paired with the causal context of every dot it has seen, the
// building block of every causal type (mv_register, the flags, or_map, and types of your
// own). It holds the one join rule (dot_store.hpp) and, from it, what the sync layer needs:
// the digest, the delta a digest lacks, and redundancy removal.
//
// A type built on it keeps a causal<Store> and writes its mutators as: take a fresh dot from
// the context, change the store, record the dot, and return as the delta a causal<Store>
// holding what was added (the new dots with their payload) and, in its context, the new dots
// plus every dot the mutation superseded. See mv_register.hpp for a short example.
template <dot_store Store>
class causal {
public:
    using store_type = Store;
    using replica_type = typename Store::replica_type;
    using dot_type = dot<replica_type>;
    using context_type = causal_context<replica_type>;
    using digest_type = context_type;

    causal() = default;

    // A state from parts, checking that the context covers every stored dot.
    [[nodiscard]] static result<causal> from_parts(Store store, context_type context) {
        std::optional<dot_type> uncovered;
        store.for_each_dot([&](const dot_type& d) {
            if (!uncovered && !context.contains(d)) uncovered = d;
        });
        if (uncovered)
            return failure(errc::invalid_parts,
                           detail::text("causal: dot ", detail::dot_text(*uncovered),
                                        " not covered by the causal context"));
        causal c;
        c.m_store = std::move(store);
        c.m_context = std::move(context);
        return c;
    }

    [[nodiscard]] const Store& store() const noexcept { return m_store; }
    [[nodiscard]] const context_type& context() const noexcept { return m_context; }

    // Write access for a type's mutators, which keep every stored dot in the context.
    [[nodiscard]] Store& store_for_update() noexcept { return m_store; }
    [[nodiscard]] context_type& context_for_update() noexcept { return m_context; }

    // Joins another state or delta into this one.
    causal& merge(const causal& other) {
        if (&other == this) return *this;
        m_store.join(other.m_store, m_context, other.m_context);
        m_context.merge(other.m_context);
        return *this;
    }

    [[nodiscard]] digest_type digest() const { return m_context; }

    // The part of `observed` that a remove of one target (an element, a key, a register's
    // values) may cancel, where `target` holds the target's dots here: the observed dots the
    // target holds, and the observed dots this state has not seen, which are taken as adds of
    // the target that have not arrived yet (a dot names one event). Observed dots this state
    // has seen but does not hold under the target (removed already, or stored under another
    // target) are left out. So `observed` must be what the target's observed() returned at a
    // read: an unseen dot of another target in it would be cancelled too.
    [[nodiscard]] context_type observed_part(const context_type& observed,
                                             const context_type& target) const {
        context_type part = observed.intersection(target);
        part.merge(observed.difference(m_context));
        return part;
    }

    // Removes observed_part(observed, target) from this state and returns it as the delta (a
    // context only). If it throws (std::bad_alloc), the state is valid and holds part of it.
    causal remove_observed(const context_type& observed, const context_type& target) {
        causal delta;
        delta.m_context = observed_part(observed, target);
        if (!delta.m_context.empty()) merge(delta);
        return delta;
    }

    // The dots `visit_target` visits (a target's dots here), as a context.
    template <class VisitTarget>
    [[nodiscard]] static context_type context_of(VisitTarget&& visit_target) {
        std::vector<dot_type> dots;
        visit_target([&](const dot_type& d) { dots.push_back(d); });
        std::sort(dots.begin(), dots.end());
        context_type out;
        for (const dot_type& d : dots) out.insert(d);
        return out;
    }

    // What a replica whose digest is `seen` lacks: the stored dots it has not seen, and this
    // context minus the stored dots it has seen (the asker may store those: a dot in a delta's
    // context but not in its store is a remove). Exact for states whose dots are unique per
    // replica id; see docs/crdts.md for misconfigured ids.
    [[nodiscard]] causal delta_since(const digest_type& seen) const {
        causal delta;
        std::vector<dot_type> known;  // stored dots the asker has seen, found in the same pass
        delta.m_store = m_store.filtered([&](const dot_type& d) {
            if (!seen.contains(d)) return true;
            known.push_back(d);
            return false;
        });
        delta.m_context = m_context;
        delta.m_context.erase(known);
        return delta;
    }

    // The part of *this that inflates `local` (exact: local joined with it equals local joined
    // with *this, and part of *this). The stored dots local has not seen or stores with
    // another payload, the context dots it has not seen, and the dots local stores that this
    // state has seen but does not store. The last needs a pass over local's store, made only when
    // this context holds a dot it does not store that local has seen.
    [[nodiscard]] causal inflation_over(const causal& local) const {
        causal delta;
        delta.m_context = m_context.difference(local.m_context);
        const std::uint64_t unseen_by_local = delta.m_context.dot_count();
        std::uint64_t stored_seen = 0;  // stored dots local has seen
        std::vector<dot_type> conflicts;
        delta.m_store = m_store.filtered([&](const dot_type& d) {
            if (!local.m_context.contains(d)) return true;
            ++stored_seen;
            // A dot local stores with another payload: kept, so that local drops its copy
            // (stored twice with two payloads, the join drops it) while the delta stays part
            // of *this.
            if (local.m_store.stores(d) && !m_store.same_at(d, local.m_store)) {
                conflicts.push_back(d);
                return true;
            }
            return false;
        });
        for (const dot_type& d : conflicts) delta.m_context.insert(d);
        // Dots both contexts hold that this store lacks are the removes local may not have
        // applied; when every shared dot is stored here there is none to look for.
        const std::uint64_t seen = m_context.dot_count();
        const bool saturated = seen == std::numeric_limits<std::uint64_t>::max();
        if (saturated || seen - unseen_by_local > stored_seen) {
            local.m_store.for_each_dot([&](const dot_type& d) {
                if (m_context.contains(d) && !m_store.stores(d)) delta.m_context.insert(d);
            });
        }
        return delta;
    }

    friend bool operator==(const causal&, const causal&) = default;

private:
    Store m_store;
    context_type m_context;
};

}  // namespace converge::inline v1
