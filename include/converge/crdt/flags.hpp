// SPDX-License-Identifier: MIT
#pragma once

#include <converge/crdt/causal.hpp>
#include <converge/crdt/dot_fun.hpp>
#include <converge/crdt/dot_set.hpp>

#include <algorithm>
#include <cstdint>
#include <utility>

namespace converge::inline v1 {

// A boolean that replicas enable and disable; when an enable and a disable are concurrent,
// the enable wins. Starts disabled. Built on the causal kernel: a dot_set of the enables not
// yet superseded, so a disabled flag stores no dot at all.
//
//     converge::enable_wins_flag<> done;
//     auto delta = done.enable(1);      // done.value() == true
template <class ReplicaId = std::uint64_t>
class enable_wins_flag {
public:
    using replica_type = ReplicaId;
    using store_type = dot_set<ReplicaId>;
    using state_type = causal<store_type>;
    using dot_type = typename state_type::dot_type;
    using context_type = typename state_type::context_type;
    using digest_type = typename state_type::digest_type;

    enable_wins_flag() = default;
    explicit enable_wins_flag(state_type state) : m_state(std::move(state)) {}

    [[nodiscard]] static result<enable_wins_flag> from_parts(store_type store,
                                                             context_type context) {
        auto state = state_type::from_parts(std::move(store), std::move(context));
        if (!state) return state.error_info();
        return enable_wins_flag(std::move(*state));
    }

    // Enables the flag as an event of `replica` and returns the delta: the new dot, and a
    // context of it and the enables it supersedes. Throws std::overflow_error (flag
    // unchanged) if the replica has used every counter.
    enable_wins_flag enable(const ReplicaId& replica) {
        context_type& context = m_state.context_for_update();
        const dot_type d = context.next_dot(replica);
        enable_wins_flag delta = superseding();
        delta.m_state.store_for_update().insert(d);
        delta.m_state.context_for_update().insert(d);
        store_type next;
        next.insert(d);
        context.insert(d);
        m_state.store_for_update() = std::move(next);
        return delta;
    }

    // Disables the flag and returns the delta: a context of the enables it cancels. An enable
    // it has not seen survives it.
    enable_wins_flag disable() {
        enable_wins_flag delta = superseding();
        m_state.store_for_update().clear();
        return delta;
    }

    [[nodiscard]] bool value() const noexcept { return !m_state.store().empty(); }

    [[nodiscard]] const state_type& state() const noexcept { return m_state; }
    [[nodiscard]] state_type release() && noexcept { return std::move(m_state); }
    [[nodiscard]] const context_type& context() const noexcept { return m_state.context(); }

    enable_wins_flag& merge(const enable_wins_flag& other) {
        m_state.merge(other.m_state);
        return *this;
    }
    [[nodiscard]] digest_type digest() const { return m_state.digest(); }
    [[nodiscard]] enable_wins_flag delta_since(const digest_type& seen) const {
        return enable_wins_flag(m_state.delta_since(seen));
    }
    [[nodiscard]] enable_wins_flag inflation_over(const enable_wins_flag& local) const {
        return enable_wins_flag(m_state.inflation_over(local.m_state));
    }

    friend bool operator==(const enable_wins_flag&, const enable_wins_flag&) = default;

private:
    // A delta whose context holds the dots stored now.
    [[nodiscard]] enable_wins_flag superseding() const {
        enable_wins_flag delta;
        context_type& c = delta.m_state.context_for_update();
        m_state.store().for_each_dot([&](const dot_type& d) { c.insert(d); });
        return delta;
    }

    state_type m_state;
};

// A boolean that replicas enable and disable; when an enable and a disable are concurrent,
// the disable wins. Starts disabled. Both operations leave a dot (the value it wrote), since
// a disable must outlive the enables it did not see: the flag is enabled when it holds at
// least one value and all of them are `true`.
//
//     converge::disable_wins_flag<> shared;
//     auto delta = shared.enable(1);    // shared.value() == true
template <class ReplicaId = std::uint64_t>
class disable_wins_flag {
public:
    using replica_type = ReplicaId;
    using store_type = dot_fun<bool, ReplicaId>;
    using state_type = causal<store_type>;
    using dot_type = typename state_type::dot_type;
    using context_type = typename state_type::context_type;
    using digest_type = typename state_type::digest_type;

    disable_wins_flag() = default;
    explicit disable_wins_flag(state_type state) : m_state(std::move(state)) {}

    [[nodiscard]] static result<disable_wins_flag> from_parts(store_type store,
                                                              context_type context) {
        auto state = state_type::from_parts(std::move(store), std::move(context));
        if (!state) return state.error_info();
        return disable_wins_flag(std::move(*state));
    }

    // Enables the flag as an event of `replica`; returns the delta. Throws std::overflow_error
    // (flag unchanged) if the replica has used every counter.
    disable_wins_flag enable(const ReplicaId& replica) { return write(replica, true); }

    // Disables the flag as an event of `replica`; returns the delta. It wins over every
    // enable it has not seen.
    disable_wins_flag disable(const ReplicaId& replica) { return write(replica, false); }

    [[nodiscard]] bool value() const noexcept {
        const auto entries = m_state.store().entries();
        return !entries.empty() &&
               std::all_of(entries.begin(), entries.end(), [](const auto& e) { return e.value; });
    }

    [[nodiscard]] const state_type& state() const noexcept { return m_state; }
    [[nodiscard]] state_type release() && noexcept { return std::move(m_state); }
    [[nodiscard]] const context_type& context() const noexcept { return m_state.context(); }

    disable_wins_flag& merge(const disable_wins_flag& other) {
        m_state.merge(other.m_state);
        return *this;
    }
    [[nodiscard]] digest_type digest() const { return m_state.digest(); }
    [[nodiscard]] disable_wins_flag delta_since(const digest_type& seen) const {
        return disable_wins_flag(m_state.delta_since(seen));
    }
    [[nodiscard]] disable_wins_flag inflation_over(const disable_wins_flag& local) const {
        return disable_wins_flag(m_state.inflation_over(local.m_state));
    }

    friend bool operator==(const disable_wins_flag&, const disable_wins_flag&) = default;

private:
    disable_wins_flag write(const ReplicaId& replica, bool on) {
        context_type& context = m_state.context_for_update();
        const dot_type d = context.next_dot(replica);
        disable_wins_flag delta;
        context_type& delta_context = delta.m_state.context_for_update();
        m_state.store().for_each_dot([&](const dot_type& old) { delta_context.insert(old); });
        delta_context.insert(d);
        delta.m_state.store_for_update().insert(d, on);
        store_type next;
        next.insert(d, on);
        context.insert(d);
        m_state.store_for_update() = std::move(next);
        return delta;
    }

    state_type m_state;
};

}  // namespace converge::inline v1
