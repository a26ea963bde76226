// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/detail/small_vector.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/dot.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// The closed range of counters [first, last], first <= last.
struct counter_interval {
    std::uint64_t first = 0;
    std::uint64_t last = 0;

    friend bool operator==(const counter_interval&, const counter_interval&) = default;
};

// The set of dots a replica has seen (Almeida et al., delta-state CRDTs): per replica, a
// contiguous prefix 1..n (a version vector entry) plus a "dot cloud" of the counters seen past
// it, kept as intervals so that a context with a few holes stays small. Inserting dots fills
// the prefix and absorbs cloud intervals as soon as they touch it, so a context fed contiguous
// dots holds one number per replica.
//
// The representation is canonical, so `==` compares sets of dots: replicas sorted by id, a
// replica with nothing seen is absent, and each replica's cloud is sorted, disjoint,
// non-adjacent intervals that neither touch nor overlap the prefix.
//
//     causal_context<> ctx;
//     ctx.insert({7, 1});
//     ctx.insert({7, 3});            // replica 7: prefix 1..1, cloud {[3, 3]}
//     ctx.insert({7, 2});            // replica 7: prefix 1..3, empty cloud
//     ctx.next_dot(7);               // {7, 4}
template <class ReplicaId = std::uint64_t>
class causal_context {
    // If this fires: replica ids must be copyable, comparable with == and totally ordered.
    static_assert(std::regular<ReplicaId> && std::totally_ordered<ReplicaId>,
                  "converge::causal_context<ReplicaId>: ReplicaId must be a regular, totally "
                  "ordered type");

public:
    using replica_type = ReplicaId;
    using dot_type = dot<ReplicaId>;
    using interval = counter_interval;

    // The cloud's intervals, sorted: a sequence like std::vector (begin/end, size, [],
    // push_back, ...) that keeps two intervals without the heap, as a delta that supersedes
    // an older dot holds: that dot and the new one.
    using cloud_type = detail::small_vector<interval, 2>;

    // What one replica has seen: counters 1..contiguous, plus the counters in `cloud`.
    struct entry {
        ReplicaId replica{};
        std::uint64_t contiguous = 0;
        cloud_type cloud;

        friend bool operator==(const entry&, const entry&) = default;
    };

    causal_context() = default;

    // Rebuilds a context from parts (e.g. decoded from the wire), checking that they are
    // canonical: replicas strictly increasing, no empty entry, intervals non-empty, counters
    // >= 1, sorted, neither overlapping nor adjacent, and clear of the prefix (an interval
    // starting at or before contiguous + 1 belongs in the prefix).
    [[nodiscard]] static result<causal_context> from_parts(std::vector<entry> parts) {
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const entry& e = parts[i];
            const std::string where = detail::text(
                "causal_context: replica ", detail::replica_text(e.replica), " (entry ", i, ')');
            if (i > 0 && !(parts[i - 1].replica < e.replica))
                return failure(errc::invalid_parts,
                               detail::text(where, parts[i - 1].replica == e.replica
                                                       ? ": duplicate replica"
                                                       : ": replicas are not sorted by id"));
            if (e.contiguous == 0 && e.cloud.empty())
                return failure(errc::invalid_parts,
                               detail::text(where, ": nothing seen, entry must be absent"));
            for (std::size_t k = 0; k < e.cloud.size(); ++k) {
                const interval& iv = e.cloud[k];
                const std::string at = detail::text(where, ": interval ", interval_text(iv));
                if (iv.first == 0)
                    return failure(errc::invalid_parts, detail::text(at, " has counter 0"));
                if (iv.first > iv.last)
                    return failure(errc::invalid_parts, detail::text(at, " is empty"));
                if (iv.first - 1 <= e.contiguous)
                    return failure(errc::invalid_parts,
                                   detail::text(at,
                                                " touches or lies inside the contiguous "
                                                "prefix 1..",
                                                e.contiguous));
                if (k == 0) continue;
                const interval& prev = e.cloud[k - 1];
                if (iv.first <= prev.last)
                    return failure(errc::invalid_parts,
                                   detail::text(at, " overlaps or precedes ", interval_text(prev)));
                if (iv.first - 1 == prev.last)
                    return failure(errc::invalid_parts,
                                   detail::text(at, " is adjacent to ", interval_text(prev),
                                                " (they must be one interval)"));
            }
        }
        causal_context out;
        out.m_entries.assign(std::make_move_iterator(parts.begin()),
                             std::make_move_iterator(parts.end()));
        return out;
    }

    // The parts, sorted by replica: see `entry`. Valid until the context is next modified or
    // moved from (one replica is kept in place, not on the heap).
    [[nodiscard]] std::span<const entry> replicas() const noexcept { return m_entries; }

    // True when no dot has been seen.
    [[nodiscard]] bool empty() const noexcept { return m_entries.empty(); }

    // Whether the dot has been seen. O(log replicas + log cloud intervals of its replica).
    [[nodiscard]] bool contains(const dot_type& d) const {
        const entry* e = find(d.replica);
        if (e == nullptr || d.counter == 0) return false;
        if (d.counter <= e->contiguous) return true;
        // The first interval ending at or after the counter is the only one that can hold it.
        const auto it =
            std::lower_bound(e->cloud.begin(), e->cloud.end(), d.counter,
                             [](const interval& iv, std::uint64_t c) { return iv.last < c; });
        return it != e->cloud.end() && it->first <= d.counter;
    }

    // The highest counter seen from `replica`, 0 if none.
    [[nodiscard]] std::uint64_t max_counter(const ReplicaId& replica) const {
        const entry* e = find(replica);
        if (e == nullptr) return 0;
        return e->cloud.empty() ? e->contiguous : e->cloud.back().last;
    }

    // The dot `replica` would use for its next event: one past the highest counter seen.
    // Does not insert it. Throws std::overflow_error if the counter is at its largest value.
    [[nodiscard]] dot_type next_dot(const ReplicaId& replica) const {
        const std::uint64_t top = max_counter(replica);
        if (top == std::numeric_limits<std::uint64_t>::max())
            detail::throw_overflow(detail::text("causal_context::next_dot: replica ",
                                                detail::replica_text(replica),
                                                " has used every counter"));
        return dot_type{replica, top + 1};
    }

    // Records a dot as seen. Throws std::invalid_argument for counter 0 (not a dot).
    void insert(const dot_type& d) { insert_range(d.replica, d.counter, d.counter); }

    // Records counters first..last of `replica` as seen. Throws std::invalid_argument unless
    // 1 <= first <= last.
    void insert_range(const ReplicaId& replica, std::uint64_t first, std::uint64_t last) {
        if (first == 0 || first > last)
            detail::throw_invalid_argument(
                "causal_context::insert_range: needs 1 <= first <= last");
        add_range(slot(replica), interval{first, last});
    }

    // Joins another context into this one (set union). Costs about O(r log R + c) for r
    // replicas and c intervals in `other`, R replicas here: a small delta's context is cheap
    // to merge into a large one.
    causal_context& merge(const causal_context& other) {
        if (&other == this) return *this;
        for (const entry& theirs : other.m_entries) {
            entry& mine = slot(theirs.replica);
            if (theirs.contiguous > 0) add_range(mine, interval{1, theirs.contiguous});
            if (theirs.cloud.size() <= small_cloud) {
                for (const interval& iv : theirs.cloud) add_range(mine, iv);
            } else {
                mine.cloud = union_of(mine.cloud, theirs.cloud);
                absorb(mine);
            }
        }
        return *this;
    }

    // Forgets the given dots (any order; dots not in the context are ignored), leaving holes.
    // O(k log k + size of the context) for k dots.
    void erase(std::span<const dot_type> dots) {
        if (dots.empty()) return;
        std::vector<dot_type> sorted(dots.begin(), dots.end());
        std::sort(sorted.begin(), sorted.end());
        auto it = sorted.begin();
        for (entry& e : m_entries) {
            // Skip dots of replicas before this one; they are not in the context.
            while (it != sorted.end() && it->replica < e.replica) ++it;
            auto end = it;
            while (end != sorted.end() && end->replica == e.replica) ++end;
            if (it != end) subtract(e, it, end);
            it = end;
        }
        drop_empty_entries();
    }

    // Forgets one dot (see the span overload).
    void erase(const dot_type& d) { erase(std::span<const dot_type>(&d, 1)); }

    // The number of cloud intervals over all replicas: zero when every replica's dots are
    // contiguous.
    [[nodiscard]] std::size_t cloud_size() const noexcept {
        std::size_t n = 0;
        for (const entry& e : m_entries) n += e.cloud.size();
        return n;
    }

    // The number of dots seen over all replicas (saturating at the largest uint64).
    [[nodiscard]] std::uint64_t dot_count() const noexcept {
        constexpr std::uint64_t top = std::numeric_limits<std::uint64_t>::max();
        std::uint64_t n = 0;
        const auto add = [&](std::uint64_t k) { n = (top - n < k) ? top : n + k; };
        for (const entry& e : m_entries) {
            add(e.contiguous);
            for (const interval& iv : e.cloud) add(iv.last - iv.first + 1);
        }
        return n;
    }

    // The dots in this context and not in `other` (set difference), canonical like any
    // context. O(R + r log R' + intervals of both) for R replicas here, R' in `other`.
    [[nodiscard]] causal_context difference(const causal_context& other) const {
        causal_context out;
        for (const entry& mine : m_entries) {
            const entry* theirs = other.find(mine.replica);
            if (theirs == nullptr) {
                out.m_entries.push_back(mine);
                continue;
            }
            std::vector<interval> rest = difference_of(intervals_of(mine), intervals_of(*theirs));
            if (!rest.empty()) out.m_entries.push_back(entry_of(mine.replica, rest));
        }
        return out;
    }

    // The dots in both contexts (set intersection), canonical. O(R log R' + intervals of the
    // replicas both know).
    [[nodiscard]] causal_context intersection(const causal_context& other) const {
        causal_context out;
        for (const entry& mine : m_entries) {
            const entry* theirs = other.find(mine.replica);
            if (theirs == nullptr) continue;
            std::vector<interval> both = intersection_of(intervals_of(mine), intervals_of(*theirs));
            if (!both.empty()) out.m_entries.push_back(entry_of(mine.replica, both));
        }
        return out;
    }

    friend bool operator==(const causal_context&, const causal_context&) = default;

private:
    // One replica's dots as one sorted, disjoint, non-adjacent list: [1, contiguous] first.
    [[nodiscard]] static std::vector<interval> intervals_of(const entry& e) {
        std::vector<interval> out;
        out.reserve(e.cloud.size() + 1);
        if (e.contiguous > 0) out.push_back(interval{1, e.contiguous});
        out.insert(out.end(), e.cloud.begin(), e.cloud.end());
        return out;
    }

    // The entry holding a non-empty canonical list: a piece starting at 1 is the prefix.
    [[nodiscard]] static entry entry_of(const ReplicaId& replica,
                                        const std::vector<interval>& all) {
        entry e{replica, 0, {}};
        auto from = all.begin();
        if (from->first == 1) e.contiguous = (from++)->last;
        e.cloud.assign(from, all.end());
        return e;
    }

    // a \ b for canonical lists. The pieces stay non-adjacent: two pieces of one interval of a
    // are split by an interval of b, pieces of two intervals by a gap of a.
    [[nodiscard]] static std::vector<interval> difference_of(const std::vector<interval>& a,
                                                             const std::vector<interval>& b) {
        std::vector<interval> out;
        std::size_t j = 0;
        for (interval iv : a) {
            while (j < b.size() && b[j].last < iv.first) ++j;
            bool alive = true;
            for (std::size_t k = j; k < b.size() && b[k].first <= iv.last; ++k) {
                if (b[k].first > iv.first) out.push_back(interval{iv.first, b[k].first - 1});
                if (b[k].last >= iv.last) {
                    alive = false;
                    break;
                }
                iv.first = b[k].last + 1;
            }
            if (alive) out.push_back(iv);
        }
        return out;
    }

    // a ∩ b for canonical lists; canonical too, since a piece ends where a or b has a gap.
    [[nodiscard]] static std::vector<interval> intersection_of(const std::vector<interval>& a,
                                                               const std::vector<interval>& b) {
        std::vector<interval> out;
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < a.size() && j < b.size()) {
            const std::uint64_t lo = std::max(a[i].first, b[j].first);
            const std::uint64_t hi = std::min(a[i].last, b[j].last);
            if (lo <= hi) out.push_back(interval{lo, hi});
            (a[i].last < b[j].last) ? ++i : ++j;
        }
        return out;
    }

    // Up to this many intervals are inserted one by one; more are merged in one linear pass.
    static constexpr std::size_t small_cloud = 4;

    [[nodiscard]] static std::string interval_text(const interval& iv) {
        return detail::text('[', iv.first, ", ", iv.last, ']');
    }

    [[nodiscard]] const entry* find(const ReplicaId& replica) const {
        const auto it =
            std::lower_bound(m_entries.begin(), m_entries.end(), replica,
                             [](const entry& e, const ReplicaId& r) { return e.replica < r; });
        return (it != m_entries.end() && it->replica == replica) ? &*it : nullptr;
    }

    // The entry of `replica`, inserted empty (in order) when absent. Callers add a range to it
    // at once, so no empty entry survives.
    entry& slot(const ReplicaId& replica) {
        const auto it =
            std::lower_bound(m_entries.begin(), m_entries.end(), replica,
                             [](const entry& e, const ReplicaId& r) { return e.replica < r; });
        if (it != m_entries.end() && it->replica == replica) return *it;
        return *m_entries.insert(it, entry{replica, 0, {}});
    }

    // Moves cloud intervals that now touch the prefix into it.
    static void absorb(entry& e) {
        auto it = e.cloud.begin();
        while (it != e.cloud.end() && it->first - 1 <= e.contiguous) {
            e.contiguous = std::max(e.contiguous, it->last);
            ++it;
        }
        e.cloud.erase(e.cloud.begin(), it);
    }

    static void add_range(entry& e, interval iv) {
        if (iv.last <= e.contiguous) return;
        if (iv.first - 1 <= e.contiguous) {
            e.contiguous = iv.last;
            absorb(e);
            return;
        }
        // Intervals overlapping or adjacent to iv: from the first ending at or after
        // iv.first - 1 to the last starting at or before iv.last + 1.
        auto lo = std::lower_bound(e.cloud.begin(), e.cloud.end(), iv.first - 1,
                                   [](const interval& x, std::uint64_t c) { return x.last < c; });
        auto hi = lo;
        while (hi != e.cloud.end() && hi->first - 1 <= iv.last) ++hi;
        if (lo == hi) {
            e.cloud.insert(lo, iv);
            return;
        }
        lo->first = std::min(lo->first, iv.first);
        lo->last = std::max((hi - 1)->last, iv.last);
        e.cloud.erase(lo + 1, hi);
    }

    // The union of two canonical interval lists, canonical again (prefix not considered).
    [[nodiscard]] static cloud_type union_of(const cloud_type& a, const cloud_type& b) {
        cloud_type out;
        out.reserve(a.size() + b.size());
        auto ia = a.begin();
        auto ib = b.begin();
        while (ia != a.end() || ib != b.end()) {
            const bool take_a = ib == b.end() || (ia != a.end() && ia->first <= ib->first);
            const interval next = take_a ? *ia++ : *ib++;
            if (!out.empty() && next.first - 1 <= out.back().last)
                out.back().last = std::max(out.back().last, next.last);
            else
                out.push_back(next);
        }
        return out;
    }

    // Removes the sorted dots [first, last), all of replica e.replica, from e.
    template <class It>
    static void subtract(entry& e, It first, It last) {
        // Work on the whole set as intervals (prefix first), then split it back.
        std::vector<interval> all;
        all.reserve(e.cloud.size() + 1 + static_cast<std::size_t>(std::distance(first, last)));
        if (e.contiguous > 0) all.push_back(interval{1, e.contiguous});
        all.insert(all.end(), e.cloud.begin(), e.cloud.end());

        std::vector<interval> kept;
        kept.reserve(all.size() + static_cast<std::size_t>(std::distance(first, last)));
        for (interval iv : all) {
            while (first != last && first->counter < iv.first) ++first;
            // Cut every removed counter out of iv, left to right.
            while (first != last && first->counter <= iv.last) {
                const std::uint64_t c = first->counter;
                if (c > iv.first) kept.push_back(interval{iv.first, c - 1});
                ++first;
                if (c == iv.last) {
                    iv.first = 1;
                    iv.last = 0;  // nothing left of iv
                    break;
                }
                iv.first = c + 1;
            }
            if (iv.first <= iv.last) kept.push_back(iv);
        }

        e.contiguous = 0;
        auto rest = kept.begin();
        if (rest != kept.end() && rest->first == 1) e.contiguous = (rest++)->last;
        e.cloud.assign(rest, kept.end());
    }

    void drop_empty_entries() {
        m_entries.erase(
            std::remove_if(m_entries.begin(), m_entries.end(),
                           [](const entry& e) { return e.contiguous == 0 && e.cloud.empty(); }),
            m_entries.end());
    }

    // Sorted by replica, none empty; a delta's one replica without the heap.
    detail::small_vector<entry, 1> m_entries;
};

}  // namespace converge::inline v1
