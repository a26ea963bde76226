// SPDX-License-Identifier: MIT
#pragma once

#include <converge/crdt/causal.hpp>
#include <converge/crdt/dot_fun.hpp>

#include <cstdint>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// A multi-value register: a write supersedes every value its replica has seen, and writes
// made concurrently are all kept, so a reader sees a conflict instead of losing an edit.
// The next write, made after seeing the conflict, resolves it. Built on the causal kernel:
// a dot_fun (dot -> value) with its causal context.
//
//     converge::mv_register<std::string> a, b;
//     b.merge(a.write(1, "draft"));
//     auto da = a.write(1, "mine");          // concurrent writes
//     auto db = b.write(2, "theirs");
//     a.merge(db); b.merge(da);              // both hold {"mine", "theirs"}: a conflict
//     a.write(1, "merged");                  // supersedes both
//
// Costs: write O(values held), values O(values held), merge of a delta O(values held + delta).
template <class T, class ReplicaId = std::uint64_t>
class mv_register {
public:
    using value_type = T;
    using replica_type = ReplicaId;
    using store_type = dot_fun<T, ReplicaId>;
    using state_type = causal<store_type>;
    using dot_type = typename state_type::dot_type;
    using context_type = typename state_type::context_type;
    using digest_type = typename state_type::digest_type;

    // The empty register (no write yet): the bottom of the lattice.
    mv_register() = default;

    // A register over a causal state (e.g. a value nested in an or_map).
    explicit mv_register(state_type state) : m_state(std::move(state)) {}

    // Rebuilds a register from parts, checking that the context covers every stored dot.
    [[nodiscard]] static result<mv_register> from_parts(store_type store, context_type context) {
        auto state = state_type::from_parts(std::move(store), std::move(context));
        if (!state) return state.error_info();
        return mv_register(std::move(*state));
    }

    // Writes `value` as an event of `replica`, superseding every value held, and returns the
    // delta: the new value with its dot, and a context of that dot and the superseded ones.
    // Throws std::overflow_error (register unchanged) if the replica has used every counter.
    mv_register write(const ReplicaId& replica, T value) {
        context_type& context = m_state.context_for_update();
        const dot_type d = context.next_dot(replica);
        mv_register delta;
        delta.m_state.store_for_update().insert(d, value);
        context_type& delta_context = delta.m_state.context_for_update();
        m_state.store().for_each_dot([&](const dot_type& old) { delta_context.insert(old); });
        delta_context.insert(d);
        store_type& store = m_state.store_for_update();
        store.reserve(1);
        context.insert(d);  // the last step that can throw
        store.replace_all(d, std::move(value));
        return delta;
    }

    // The delta write(replica, value) would return, without applying it: an operation to
    // apply later with merge(), here or on another replica. Merged here before any other
    // change, it does what write() does. It takes the replica's next dot as of now: merge it
    // here before any other operation of this replica, or the two share a dot. O(values held).
    [[nodiscard]] mv_register prepare_write(const ReplicaId& replica, T value) const {
        const dot_type d = m_state.context().next_dot(replica);
        mv_register delta;
        delta.m_state.context_for_update() = observed();
        delta.m_state.context_for_update().insert(d);
        delta.m_state.store_for_update().insert(d, std::move(value));
        return delta;
    }

    // What a reader sees now, to write later superseding only that (a write with an observed
    // context, rust-crdt's and riak_dt's read context): the dots of the values held.
    [[nodiscard]] context_type observed() const {
        return state_type::context_of([&](auto&& visit) { m_state.store().for_each_dot(visit); });
    }

    // Writes `value` as an event of `replica`, superseding only the values a reader observed
    // (what observed() returned at the read, here or on another replica), and returns the
    // delta. O(values held + the contexts).
    // Values written since the read are kept beside the new one: a conflict, not a lost edit.
    // An observed write that has not arrived here yet is superseded when it comes. With
    // observed() taken now, the same as write(replica, value). Throws std::overflow_error
    // (register unchanged) if the replica has used every counter.
    mv_register write(const ReplicaId& replica, T value, const context_type& observed) {
        const dot_type d = m_state.context().next_dot(replica);
        mv_register delta;
        context_type& delta_context = delta.m_state.context_for_update();
        delta_context = m_state.observed_part(observed, this->observed());
        delta_context.insert(d);
        delta.m_state.store_for_update().insert(d, std::move(value));
        // Applied so that a throw changes nothing: the new context first, then the store's
        // join (which builds its result aside), then the context moved in.
        context_type next = m_state.context();
        next.merge(delta_context);
        m_state.store_for_update().join(delta.m_state.store(), m_state.context(), delta_context);
        m_state.context_for_update() = std::move(next);
        return delta;
    }

    // Forgets every value held and returns the delta: a context of their dots. A concurrent
    // write survives it.
    mv_register clear() {
        mv_register delta;
        context_type& delta_context = delta.m_state.context_for_update();
        m_state.store().for_each_dot([&](const dot_type& old) { delta_context.insert(old); });
        m_state.store_for_update().clear();
        return delta;
    }

    // The values held, in dot order: none before the first write, one normally, several while
    // concurrent writes are unresolved.
    [[nodiscard]] std::vector<T> values() const {
        std::vector<T> out;
        out.reserve(m_state.store().dot_count());
        for (const auto& e : m_state.store().entries()) out.push_back(e.value);
        return out;
    }

    // The values with the dots of the writes that made them.
    [[nodiscard]] auto entries() const noexcept { return m_state.store().entries(); }

    [[nodiscard]] bool empty() const noexcept { return m_state.store().empty(); }

    // True while concurrent writes are unresolved.
    [[nodiscard]] bool conflicted() const noexcept { return m_state.store().dot_count() > 1; }

    [[nodiscard]] const state_type& state() const noexcept { return m_state; }
    [[nodiscard]] state_type release() && noexcept { return std::move(m_state); }
    [[nodiscard]] const context_type& context() const noexcept { return m_state.context(); }

    mv_register& merge(const mv_register& other) {
        m_state.merge(other.m_state);
        return *this;
    }
    [[nodiscard]] digest_type digest() const { return m_state.digest(); }
    [[nodiscard]] mv_register delta_since(const digest_type& seen) const {
        return mv_register(m_state.delta_since(seen));
    }
    [[nodiscard]] mv_register inflation_over(const mv_register& local) const {
        return mv_register(m_state.inflation_over(local.m_state));
    }

    friend bool operator==(const mv_register&, const mv_register&) = default;

private:
    state_type m_state;
};

}  // namespace converge::inline v1
