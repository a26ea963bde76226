// SPDX-License-Identifier: MIT
#pragma once

// Redundancy removal (Enes et al., ICDE 2019): of a received delta x, the part Δ(x, local)
// that actually inflates the local state, such that local ⊔ Δ == local ⊔ x and Δ is the
// bottom (T{}) exactly when x brings nothing new. An endpoint logs only Δ, so what a peer
// already had is not forwarded again.
//
// Specialise inflation<T> for your own type; the primary template falls back on the digest:
// Δ = x.delta_since(local.digest()) (bottom when x ⊑ local), which is exact when delta_since
// is minimal and otherwise only larger than needed.

#include <converge/core/causal_context.hpp>
#include <converge/core/concepts.hpp>
#include <converge/core/dot.hpp>
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/lww_register.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/crdt/pn_counter.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <unordered_set>
#include <utility>
#include <vector>

namespace converge::inline v1::sync {

// Δ(received, local) for any delta CRDT, through its digest.
template <delta_crdt T>
struct inflation {
    // The part of `received` that inflates `local`.
    [[nodiscard]] static T of(const T& received, const T& local) {
        if (lattice_leq(received, local)) return T{};
        return received.delta_since(local.digest());
    }
};

// g_counter: exact; the received entries larger than the local ones. O(r log n).
template <class ReplicaId, class Value>
struct inflation<g_counter<ReplicaId, Value>> {
    using counter_type = g_counter<ReplicaId, Value>;

    [[nodiscard]] static counter_type of(const counter_type& received, const counter_type& local) {
        std::vector<typename counter_type::entry> kept;
        for (const auto& e : received.entries())
            if (local.get(e.replica) < e.value) kept.push_back(e);
        if (kept.empty()) return {};
        // A subsequence of sorted, non-zero entries: from_parts cannot refuse it.
        return std::move(counter_type::from_parts(std::move(kept)).value());
    }
};

// pn_counter: exact, half by half.
template <class ReplicaId, class Value>
struct inflation<pn_counter<ReplicaId, Value>> {
    using counter_type = pn_counter<ReplicaId, Value>;
    using half = inflation<g_counter<ReplicaId, Value>>;

    [[nodiscard]] static counter_type of(const counter_type& received, const counter_type& local) {
        const auto up = half::of(received.increments(), local.increments());
        const auto down = half::of(received.decrements(), local.decrements());
        if (up.entries().empty() && down.entries().empty()) return {};
        std::vector<typename counter_type::entry> ups(up.entries().begin(), up.entries().end());
        std::vector<typename counter_type::entry> downs(down.entries().begin(),
                                                        down.entries().end());
        return std::move(counter_type::from_parts(std::move(ups), std::move(downs)).value());
    }
};

// lww_register: exact; the received assignment if it wins, else nothing. O(1).
template <class T, class ReplicaId, class Timestamp>
struct inflation<lww_register<T, ReplicaId, Timestamp>> {
    using register_type = lww_register<T, ReplicaId, Timestamp>;

    [[nodiscard]] static register_type of(const register_type& received,
                                          const register_type& local) {
        return lattice_leq(received, local) ? register_type{} : received;
    }
};

namespace detail {

// The intervals of one replica's entry: the prefix as [1, contiguous], then the cloud.
template <class Entry>
std::vector<counter_interval> intervals_of(const Entry& e) {
    std::vector<counter_interval> out;
    out.reserve(e.cloud.size() + 1);
    if (e.contiguous > 0) out.push_back({1, e.contiguous});
    out.insert(out.end(), e.cloud.begin(), e.cloud.end());
    return out;
}

// a \ b for sorted, disjoint interval lists; the pieces stay non-adjacent (a's were).
inline std::vector<counter_interval> interval_difference(const std::vector<counter_interval>& a,
                                                         const std::vector<counter_interval>& b) {
    std::vector<counter_interval> out;
    std::size_t j = 0;
    for (counter_interval iv : a) {
        while (j < b.size() && b[j].last < iv.first) ++j;
        std::size_t k = j;
        bool alive = true;
        while (k < b.size() && b[k].first <= iv.last) {
            if (b[k].first > iv.first) out.push_back({iv.first, b[k].first - 1});
            if (b[k].last >= iv.last) {
                alive = false;
                break;
            }
            iv.first = b[k].last + 1;
            ++k;
        }
        if (alive) out.push_back(iv);
    }
    return out;
}

// The number of counters in a ∩ b.
inline std::uint64_t intersection_size(const std::vector<counter_interval>& a,
                                       const std::vector<counter_interval>& b) {
    std::uint64_t n = 0;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        const std::uint64_t lo = std::max(a[i].first, b[j].first);
        const std::uint64_t hi = std::min(a[i].last, b[j].last);
        if (lo <= hi) n += hi - lo + 1;
        (a[i].last < b[j].last) ? ++i : ++j;
    }
    return n;
}

}  // namespace detail

// or_set: exact, by join decomposition. The irreducible parts of x are its stored dots (with
// their element) and its context dots; a stored dot inflates the local state when the local
// context has not seen it, a context dot when the local context has not seen it or the local
// store still holds it (x removed it). Cost O(size of x + intervals of both contexts), plus
// one pass over the local store when x drops dots the local context has seen (removes and
// re-adds), the only way to find them through the public view.
template <class T, class ReplicaId, class Hash, class Eq>
struct inflation<or_set<T, ReplicaId, Hash, Eq>> {
    using set_type = or_set<T, ReplicaId, Hash, Eq>;
    using context_type = causal_context<ReplicaId>;
    using dot_type = dot<ReplicaId>;

    [[nodiscard]] static set_type of(const set_type& x, const set_type& local) {
        const context_type& lc = local.context();
        const context_type& xc = x.context();

        std::vector<typename set_type::entry> fresh;
        std::uint64_t stored_seen = 0;  // x's stored dots that the local context has seen
        for (const auto& e : x.entries()) {
            std::vector<dot_type> unseen;
            for (const dot_type& d : e.dots) {
                if (lc.contains(d))
                    ++stored_seen;
                else
                    unseen.push_back(d);
            }
            if (!unseen.empty()) fresh.push_back({e.element, std::move(unseen)});
        }

        // x's context minus what the local context has seen, replica by replica.
        std::vector<typename context_type::entry> parts;
        std::uint64_t seen_both = 0;
        const auto lr = lc.replicas();
        for (const auto& xe : xc.replicas()) {
            const auto it =
                std::lower_bound(lr.begin(), lr.end(), xe.replica,
                                 [](const auto& e, const ReplicaId& r) { return e.replica < r; });
            const std::vector<counter_interval> xs = detail::intervals_of(xe);
            std::vector<counter_interval> rest = xs;
            if (it != lr.end() && it->replica == xe.replica) {
                const std::vector<counter_interval> ls = detail::intervals_of(*it);
                seen_both += detail::intersection_size(xs, ls);
                rest = detail::interval_difference(xs, ls);
            }
            if (rest.empty()) continue;
            typename context_type::entry part{xe.replica, 0, {}};
            auto from = rest.begin();
            if (from->first == 1) part.contiguous = (from++)->last;
            part.cloud.assign(from, rest.end());
            parts.push_back(std::move(part));
        }
        context_type context = std::move(context_type::from_parts(std::move(parts)).value());

        // Dots both contexts have seen and x does not store: x removed them. Those the local
        // store still holds inflate it.
        if (seen_both > stored_seen) {
            std::unordered_set<dot_type, dot_hash<ReplicaId>> x_stored;
            for (const auto& e : x.entries()) x_stored.insert(e.dots.begin(), e.dots.end());
            for (const auto& e : local.entries())
                for (const dot_type& d : e.dots)
                    if (xc.contains(d) && !x_stored.contains(d)) context.insert(d);
        }
        return std::move(set_type::from_parts(std::move(fresh), std::move(context)).value());
    }
};

}  // namespace converge::inline v1::sync
