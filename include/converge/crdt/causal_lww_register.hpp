// SPDX-License-Identifier: MIT
#pragma once

#include <converge/clock/hlc_timestamp.hpp>
#include <converge/crdt/causal.hpp>
#include <converge/crdt/dot_fun.hpp>

#include <concepts>
#include <cstdint>
#include <optional>
#include <utility>

namespace converge::inline v1 {

// A value with the timestamp its write carried: the payload of a causal_lww_register's dots.
template <class T, class Timestamp = hlc_timestamp>
struct timestamped {
    Timestamp timestamp{};
    T value{};

    friend bool operator==(const timestamped&, const timestamped&) = default;
};

// A last-writer-wins register for values nested in an or_map. Built on the causal kernel like
// mv_register: a write supersedes every value its replica has seen, so a clear, or a remove
// of the map key holding it, takes away exactly the writes it has seen. Writes made
// concurrently are all kept, and every replica reads the same one of them: the largest by
// (timestamp, writer, the writer's event counter). Timestamps order concurrent writes only;
// a write replaces what it has seen whatever their timestamps.
//
//     converge::causal_lww_register<std::string> a, b;
//     auto da = a.write(1, converge::hlc_timestamp(1'700'000'000'000, 0), "mine");
//     auto db = b.write(2, converge::hlc_timestamp(1'700'000'000'005, 0), "theirs");
//     a.merge(db); b.merge(da);         // both read "theirs": the later timestamp
//
// Costs: write O(values held), value O(values held), merge of a delta O(values held + delta).
template <class T, class ReplicaId = std::uint64_t, class Timestamp = hlc_timestamp>
class causal_lww_register {
    // If this fires: the winner among concurrent writes is chosen by timestamp first.
    static_assert(std::totally_ordered<Timestamp> && std::semiregular<Timestamp>,
                  "converge::causal_lww_register<T, ReplicaId, Timestamp>: Timestamp must be "
                  "totally ordered (<, ==), copyable and default-constructible");
    static_assert(std::copyable<T> && std::equality_comparable<T>,
                  "converge::causal_lww_register<T, ReplicaId, Timestamp>: T must be copyable "
                  "and comparable with ==");

public:
    using value_type = T;
    using replica_type = ReplicaId;
    using timestamp_type = Timestamp;
    using payload_type = timestamped<T, Timestamp>;
    using store_type = dot_fun<payload_type, ReplicaId>;
    using entry = typename store_type::entry;
    using state_type = causal<store_type>;
    using dot_type = typename state_type::dot_type;
    using context_type = typename state_type::context_type;
    using digest_type = typename state_type::digest_type;

    // The empty register (no write yet): the bottom of the lattice.
    causal_lww_register() = default;

    // A register over a causal state (e.g. a value nested in an or_map).
    explicit causal_lww_register(state_type state) : m_state(std::move(state)) {}

    // Rebuilds a register from parts, checking that the context covers every stored dot.
    [[nodiscard]] static result<causal_lww_register> from_parts(store_type store,
                                                                context_type context) {
        auto state = state_type::from_parts(std::move(store), std::move(context));
        if (!state) return state.error_info();
        return causal_lww_register(std::move(*state));
    }

    // Writes `value` at `timestamp` as an event of `replica`, superseding every value held,
    // and returns the delta: the new value with its dot, and a context of that dot and the
    // superseded ones. Throws std::overflow_error (register unchanged) if the replica has used
    // every counter.
    causal_lww_register write(const ReplicaId& replica, Timestamp timestamp, T value) {
        context_type& context = m_state.context_for_update();
        const dot_type d = context.next_dot(replica);
        payload_type payload{std::move(timestamp), std::move(value)};
        causal_lww_register delta;
        delta.m_state.store_for_update().insert(d, payload);
        context_type& delta_context = delta.m_state.context_for_update();
        m_state.store().for_each_dot([&](const dot_type& old) { delta_context.insert(old); });
        delta_context.insert(d);
        store_type next;
        next.insert(d, std::move(payload));
        context.insert(d);  // the last step that can throw
        m_state.store_for_update() = std::move(next);
        return delta;
    }

    // Forgets every value held and returns the delta: a context of their dots. A concurrent
    // write survives it.
    causal_lww_register clear() {
        causal_lww_register delta;
        context_type& delta_context = delta.m_state.context_for_update();
        m_state.store().for_each_dot([&](const dot_type& old) { delta_context.insert(old); });
        m_state.store_for_update().clear();
        return delta;
    }

    // The value read: the winner's (see winner()), or nullopt before the first write and after
    // a clear.
    [[nodiscard]] std::optional<T> value() const {
        const entry* w = winner();
        if (w == nullptr) return std::nullopt;
        return w->value.value;
    }

    // The entry read, the largest by (timestamp, dot) where dots order by (replica, counter),
    // or nullptr when the register is empty. Every replica holding the same entries reads the
    // same one.
    [[nodiscard]] const entry* winner() const noexcept {
        const entry* best = nullptr;
        for (const entry& e : m_state.store().entries())
            if (best == nullptr || precedes(*best, e)) best = &e;
        return best;
    }

    // Every value held, with its timestamp and dot, in dot order: one normally, several while
    // concurrent writes are unresolved (only the winner is read).
    [[nodiscard]] auto entries() const noexcept { return m_state.store().entries(); }

    [[nodiscard]] bool empty() const noexcept { return m_state.store().empty(); }

    // True while concurrent writes are unresolved.
    [[nodiscard]] bool conflicted() const noexcept { return m_state.store().dot_count() > 1; }

    [[nodiscard]] const state_type& state() const noexcept { return m_state; }
    [[nodiscard]] state_type release() && noexcept { return std::move(m_state); }
    [[nodiscard]] const context_type& context() const noexcept { return m_state.context(); }

    causal_lww_register& merge(const causal_lww_register& other) {
        m_state.merge(other.m_state);
        return *this;
    }
    [[nodiscard]] digest_type digest() const { return m_state.digest(); }
    [[nodiscard]] causal_lww_register delta_since(const digest_type& seen) const {
        return causal_lww_register(m_state.delta_since(seen));
    }
    [[nodiscard]] causal_lww_register inflation_over(const causal_lww_register& local) const {
        return causal_lww_register(m_state.inflation_over(local.m_state));
    }

    friend bool operator==(const causal_lww_register&, const causal_lww_register&) = default;

private:
    // The read order: timestamp, then dot. Dots are unique in a store, so it is total there.
    [[nodiscard]] static bool precedes(const entry& a, const entry& b) {
        if (a.value.timestamp < b.value.timestamp) return true;
        if (b.value.timestamp < a.value.timestamp) return false;
        return (a.dot) < (b.dot);
    }

    state_type m_state;
};

}  // namespace converge::inline v1
