// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/causal_context.hpp>
#include <converge/core/dot.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>
#include <converge/crdt/causal.hpp>
#include <converge/crdt/dot_set_map.hpp>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <ranges>
#include <span>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// An add-wins observed-remove set without tombstones (Almeida et al., delta-state CRDTs).
// Each add is tagged with a fresh dot; the set stores every element with the dots of the adds
// still live, plus a causal context of every dot ever seen. A remove forgets the element's
// dots but keeps them in the context, so a merge can tell "removed here" (dot in my context,
// not in my store) from "not seen here yet" (dot not in my context). A remove only cancels
// the adds it has seen: a concurrent add wins.
//
//     or_set<std::string> a, b;
//     auto d1 = a.add(1, "milk");      // d1 is the delta: ship it to other replicas
//     b.merge(d1);                     // b now holds "milk"
//     auto d2 = b.remove("milk");
//     auto d3 = a.add(1, "milk");      // concurrent with the remove
//     a.merge(d2); b.merge(d3);        // both hold "milk": add wins
//
// A causal type (crdt/causal.hpp): its state is a dot_set_map (element -> dots) with its
// causal context, so it can be a value of an or_map, where it shares the map's context.
//
// Costs (n elements, expected hashing): add O(1 + dots of the element), remove O(dots of the
// element), contains O(1), merge of a delta O(size of the delta) — see dot_set_map::join().
template <class T, class ReplicaId = std::uint64_t, class Hash = std::hash<T>,
          class Eq = std::equal_to<T>>
class or_set {
public:
    using value_type = T;
    using replica_type = ReplicaId;
    using store_type = dot_set_map<T, ReplicaId, Hash, Eq>;
    using state_type = causal<store_type>;
    using dot_type = dot<ReplicaId>;
    using context_type = causal_context<ReplicaId>;
    using digest_type = context_type;

    // One element and the dots of its live adds (sorted), as from_parts() takes them.
    using entry = typename store_type::entry;
    // One element and its live dots (sorted), as entries() shows them; valid until the set is
    // next modified.
    using entry_ref = typename store_type::entry_ref;
    using entries_view = typename store_type::entries_view;
    using const_iterator = typename store_type::const_iterator;
    using iterator = const_iterator;

    or_set() = default;

    // A set over a causal state (e.g. a value nested in an or_map).
    explicit or_set(state_type state) : m_state(std::move(state)) {}

    // Rebuilds a set from parts (e.g. decoded from the wire), checking its invariants: every
    // element listed once with at least one dot, no dot stored twice, and every stored dot
    // covered by the context. Dots within an entry may come in any order.
    [[nodiscard]] static result<or_set> from_parts(std::vector<entry> entries,
                                                   context_type context) {
        detail::dot_set_map_builder<store_type> builder(context, entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
            entry& e = entries[i];
            if (const auto fault = builder.add(std::move(e.element), std::move(e.dots)))
                return failure(errc::invalid_parts,
                               detail::or_set_fault_text(fault, detail::or_set_fault_source::parts,
                                                         i, std::span<const dot_type>(e.dots)));
        }
        return or_set(std::move(builder).finish(), std::move(context));
    }

    // The parts: each element with its live dots. Iteration order is unspecified; a codec that
    // needs canonical bytes can sort entries by their first dot (dots are unique).
    [[nodiscard]] entries_view entries() const noexcept { return store().entries(); }

    // The causal context: every dot this state has seen.
    [[nodiscard]] const context_type& context() const noexcept { return m_state.context(); }

    // Whether `element` is in the set. O(1) expected.
    [[nodiscard]] bool contains(const T& element) const { return store().contains(element); }

    // The number of elements.
    [[nodiscard]] std::size_t size() const noexcept { return store().size(); }

    // True when the set has no elements (it may still carry a context).
    [[nodiscard]] bool empty() const noexcept { return store().empty(); }

    // The elements, in no particular order.
    [[nodiscard]] const_iterator begin() const noexcept { return store().begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return store().end(); }

    // Adds `element` as an event of `replica` and returns the delta: the element with its new
    // dot, and a context of that dot plus the element's older dots (which the add supersedes).
    // O(1 + older dots of the element) expected. Throws std::overflow_error (set unchanged)
    // if the replica has used every counter.
    or_set add(const ReplicaId& replica, T element) {
        context_type& context = m_state.context_for_update();
        const dot_type d = context.next_dot(replica);
        or_set delta;
        context_type& delta_context = delta.m_state.context_for_update();
        delta_context.insert(d);
        const T& stored = m_state.store_for_update().assign(
            std::move(element), d, [&](const dot_type& old) { delta_context.insert(old); },
            [&] { context.insert(d); });
        delta.m_state.store_for_update().insert(stored, d);
        return delta;
    }

    // Removes `element` and returns the delta: no elements, a context of the element's dots.
    // Only the adds this state has seen are cancelled. O(dots of the element) expected; the
    // delta is empty when the element is absent.
    or_set remove(const T& element) {
        or_set delta;
        context_type& delta_context = delta.m_state.context_for_update();
        m_state.store_for_update().erase(element,
                                         [&](const dot_type& d) { delta_context.insert(d); });
        return delta;
    }

    // The delta add(replica, element) would return, without applying it: an operation to
    // apply later with merge(), here or on another replica (rust-crdt's `add` returning an op).
    // Merged here before any other change, it does what add() does. It takes the replica's
    // next dot as of now: merge it here before any other operation of this replica (another
    // prepare_add or an add), or the two share a dot. O(1 + older dots of the element).
    [[nodiscard]] or_set prepare_add(const ReplicaId& replica, T element) const {
        const dot_type d = context().next_dot(replica);
        or_set delta;
        delta.m_state.context_for_update() = observed(element);
        delta.m_state.context_for_update().insert(d);
        delta.m_state.store_for_update().insert(element, d);
        return delta;
    }

    // The delta remove(element) would return, without applying it. O(dots of the element).
    [[nodiscard]] or_set prepare_remove(const T& element) const {
        or_set delta;
        delta.m_state.context_for_update() = observed(element);
        return delta;
    }

    // Adds every element of `elements` as events of `replica` and returns one delta for all
    // (the join of the adds' deltas), to ship as one message that a receiver applies in one
    // merge. If an add throws, the earlier ones stay applied here (and reach peers by
    // anti-entropy); the set stays valid. O(sum of the adds).
    template <std::ranges::input_range R>
    requires std::convertible_to<std::ranges::range_reference_t<R>, T> or_set
    add_all(const ReplicaId& replica, R&& elements) {
        or_set delta;
        for (auto&& element : elements) delta.merge(add(replica, T(element)));
        return delta;
    }

    // Removes every element of `elements` (not a view of this set, which the removes change)
    // and returns one delta for all. O(their dots).
    template <std::ranges::input_range R>
    requires std::convertible_to < std::ranges::range_reference_t<R>,
    const T& > or_set remove_all(R&& elements) {
        or_set delta;
        for (auto&& element : elements) delta.merge(remove(element));
        return delta;
    }

    // What a reader sees of `element` now, to remove later only that (a remove with an observed
    // context): the dots of its live adds, as a context; empty when the element is absent.
    // O(dots of the element).
    [[nodiscard]] context_type observed(const T& element) const {
        const std::span<const dot_type> dots = store().dots_of(element);
        return state_type::context_of([&](auto&& visit) {
            for (const dot_type& d : dots) visit(d);
        });
    }

    // Removes what a reader observed of `element` (what observed(element) returned at the
    // read, here or on another replica) and returns the delta: a context of those dots. Adds
    // the reader had not seen survive, as in riak_dt and rust-crdt. An observed add that has
    // not arrived here yet is cancelled too: its dot enters this context, so it is dropped
    // when it comes. Pass only a context observed(element) gave: its dots this set has not
    // seen are taken as the element's. With observed(element) taken now, the same as
    // remove(element). If it throws (std::bad_alloc), the set is valid and holds part of the
    // remove. O(dots of the element + intervals of the contexts).
    or_set remove(const T& element, const context_type& observed) {
        return or_set(m_state.remove_observed(observed, this->observed(element)));
    }

    // Removes every element and returns the delta: a context of every stored dot. O(n).
    or_set clear() {
        or_set delta;
        // Sorted first, so that runs of consecutive counters enter the context as ranges.
        std::vector<dot_type> dots;
        dots.reserve(store().dot_count());
        store().for_each_dot([&](const dot_type& d) { dots.push_back(d); });
        std::sort(dots.begin(), dots.end());
        context_type& delta_context = delta.m_state.context_for_update();
        for (std::size_t i = 0; i < dots.size();) {
            std::size_t j = i + 1;
            while (j < dots.size() && dots[j].replica == dots[i].replica &&
                   dots[j].counter == dots[j - 1].counter + 1)
                ++j;
            delta_context.insert_range(dots[i].replica, dots[i].counter, dots[j - 1].counter);
            i = j;
        }
        m_state.store_for_update().clear();
        return delta;
    }

    // Joins another state or delta into this one, element by element (the kernel's join,
    // dot_store.hpp): a dot that one side stores under one element and the other side under
    // another stays on neither, so merge is a join for every pair of states, and replicas
    // converge even when two were misconfigured with one id.
    //
    // Cost: O(other's stored dots + min(dots in other's context, dots stored here)), plus the
    // context join. For a delta from a mutator that is O(size of the delta), independent of
    // the size of this set.
    or_set& merge(const or_set& other) {
        m_state.merge(other.m_state);
        return *this;
    }

    // The digest a replica sends to ask for what it lacks: its causal context.
    [[nodiscard]] digest_type digest() const { return m_state.digest(); }

    // The delta that brings a replica whose digest is `seen` up to date: the stored dots it
    // has not seen, with their elements, and this context minus the stored dots it has seen.
    // O(n + size of the context). Exact when dots are unique (see causal::delta_since).
    [[nodiscard]] or_set delta_since(const digest_type& seen) const {
        return or_set(m_state.delta_since(seen));
    }

    // The part of *this that inflates `local` (exact): local.merge(x.inflation_over(local)) ==
    // local.merge(x) for every pair of states. O(|*this| + contexts), more on removes.
    [[nodiscard]] or_set inflation_over(const or_set& local) const {
        return or_set(m_state.inflation_over(local.m_state));
    }

    // The causal state: the store (element -> dots) and the context.
    [[nodiscard]] const state_type& state() const noexcept { return m_state; }
    [[nodiscard]] state_type release() && noexcept { return std::move(m_state); }

    // Same elements with the same dots, and the same context.
    friend bool operator==(const or_set&, const or_set&) = default;

private:
    // The parts, already checked.
    or_set(store_type store, context_type context) {
        m_state.store_for_update() = std::move(store);
        m_state.context_for_update() = std::move(context);
    }

    [[nodiscard]] const store_type& store() const noexcept { return m_state.store(); }

    state_type m_state;
};

}  // namespace converge::inline v1
