// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/detail/text.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>
#include <converge/crdt/causal.hpp>
#include <converge/crdt/dot_fun.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace converge::inline v1 {

namespace detail {

// |n| as uint64_t, without negating the most negative value.
[[nodiscard]] constexpr std::uint64_t magnitude_of(std::int64_t n) noexcept {
    return n >= 0 ? static_cast<std::uint64_t>(n)
                  : static_cast<std::uint64_t>(-(n + 1)) + std::uint64_t{1};
}

// base + n (n given as a sign and a magnitude), or nullopt if the sum leaves int64_t.
[[nodiscard]] constexpr std::optional<std::int64_t> add_signed(std::int64_t base, bool negative,
                                                               std::uint64_t magnitude) noexcept {
    using limits = std::numeric_limits<std::int64_t>;
    const auto b = static_cast<std::uint64_t>(base);
    // The distance to the limit, exact in uint64_t (it is at most 2^64 - 1).
    const std::uint64_t room = negative ? b - static_cast<std::uint64_t>(limits::min())
                                        : static_cast<std::uint64_t>(limits::max()) - b;
    if (magnitude > room) return std::nullopt;
    return static_cast<std::int64_t>(negative ? b - magnitude : b + magnitude);
}

}  // namespace detail

// A counter that goes up, down and back to zero, for values nested in an or_map (Almeida et
// al.'s causal counter, "ccounter"). Built on the causal kernel: a dot_fun holding, per
// replica, its latest dot with its whole contribution so far (a signed total); the value is
// the sum. Each update replaces the replica's old dot, so a reset, or a remove of the map key
// holding the counter, drops exactly the contributions it has seen.
//
// A reset or an or_map key remove concurrent with an increment keeps the incrementing
// replica's whole contribution (its total, not just the increment), and drops the
// contributions the remover had observed.
//
// A replica's own state holds at most one dot of it, and so does every state once all deltas
// have arrived. Before that, a state may hold two: a replica's dot that a reset removed (the
// reset's delta not delivered yet) beside the replica's later dot, whose delta does not name
// the removed one. The later dot is the replica's current total, so the counter reads, per
// replica, the dot with the highest counter; the stale one goes when the reset arrives.
//
//     converge::causal_counter<> a, b;
//     b.merge(a.increment(1, 5));
//     auto reset = b.reset();           // concurrent with the next increment
//     auto more = a.increment(1, 2);
//     a.merge(reset); b.merge(more);    // both read 7: replica 1's whole total survives
//
// Costs: updates, value and contribution O(dots held), merge of a delta O(dots held + delta).
template <class ReplicaId = std::uint64_t>
class causal_counter {
public:
    using replica_type = ReplicaId;
    using value_type = std::int64_t;
    using store_type = dot_fun<std::int64_t, ReplicaId>;
    using state_type = causal<store_type>;
    using dot_type = typename state_type::dot_type;
    using context_type = typename state_type::context_type;
    using digest_type = typename state_type::digest_type;

    // The counter at zero with nothing seen: the bottom of the lattice.
    causal_counter() = default;

    // A counter over a causal state (e.g. a value nested in an or_map).
    explicit causal_counter(state_type state) : m_state(std::move(state)) {}

    // Rebuilds a counter from parts, checking that the context covers every stored dot. A
    // store holding several dots of one replica is accepted: states in transit hold them (see
    // above).
    [[nodiscard]] static result<causal_counter> from_parts(store_type store, context_type context) {
        auto state = state_type::from_parts(std::move(store), std::move(context));
        if (!state) return state.error_info();
        return causal_counter(std::move(*state));
    }

    // Adds n on behalf of `replica` and returns the delta: the replica's new dot with its new
    // total, and a context of that dot and the ones it replaces. Throws std::overflow_error
    // (counter unchanged) if the total leaves int64_t or the replica has used every counter.
    causal_counter increment(const ReplicaId& replica, std::uint64_t n = 1) {
        return update(replica, false, n);
    }

    // Subtracts n on behalf of `replica`; returns the delta. Throws as increment does.
    causal_counter decrement(const ReplicaId& replica, std::uint64_t n = 1) {
        return update(replica, true, n);
    }

    // Adds a signed amount on behalf of `replica`; returns the delta. Throws as increment.
    causal_counter add(const ReplicaId& replica, std::int64_t n) {
        return update(replica, n < 0, detail::magnitude_of(n));
    }

    // Forgets every contribution held (the value becomes 0) and returns the delta: a context
    // of their dots. A concurrent update survives it, with its replica's whole total.
    causal_counter reset() {
        causal_counter delta;
        context_type& delta_context = delta.m_state.context_for_update();
        m_state.store().for_each_dot([&](const dot_type& old) { delta_context.insert(old); });
        m_state.store_for_update().clear();
        return delta;
    }

    // The same as reset(), under the name the other causal types use.
    causal_counter clear() { return reset(); }

    // The sum of the replicas' contributions. Throws std::overflow_error if the positive or
    // the negative contributions sum past 2^64 - 1, or the difference does not fit in int64_t
    // (as pn_counter::value does).
    [[nodiscard]] std::int64_t value() const {
        using limits = std::numeric_limits<std::int64_t>;
        std::uint64_t up = 0;
        std::uint64_t down = 0;
        const auto entries = m_state.store().entries();
        for (std::size_t i = 0; i < entries.size(); ++i) {
            // Entries are sorted by dot: a replica's current one is the last of its run.
            if (i + 1 < entries.size() && entries[i + 1].dot.replica == entries[i].dot.replica)
                continue;
            const std::int64_t total = entries[i].value;
            std::uint64_t& sum = total < 0 ? down : up;
            const std::uint64_t magnitude = detail::magnitude_of(total);
            if (std::numeric_limits<std::uint64_t>::max() - sum < magnitude)
                detail::throw_overflow("causal_counter::value: the contributions overflow");
            sum += magnitude;
        }
        if (up >= down) {
            if (up - down > static_cast<std::uint64_t>(limits::max()))
                detail::throw_overflow("causal_counter::value does not fit in int64_t");
            return static_cast<std::int64_t>(up - down);
        }
        // The most negative value is one further from zero than the largest positive one.
        if (down - up - 1 > static_cast<std::uint64_t>(limits::max()))
            detail::throw_overflow("causal_counter::value does not fit in int64_t");
        return -static_cast<std::int64_t>(down - up - 1) - 1;
    }

    // What `replica` contributes to the value: its total since its contribution was last
    // reset (the total at its highest dot), 0 if it holds none.
    [[nodiscard]] std::int64_t contribution(const ReplicaId& replica) const {
        std::int64_t total = 0;
        for (const auto& e : m_state.store().entries())
            if (e.dot.replica == replica) total = e.value;  // the last one is the highest
        return total;
    }

    // The contributions with the dots of the updates that made them, sorted by dot.
    [[nodiscard]] auto entries() const noexcept { return m_state.store().entries(); }

    // True when no contribution is held (the value is 0 then).
    [[nodiscard]] bool empty() const noexcept { return m_state.store().empty(); }

    [[nodiscard]] const state_type& state() const noexcept { return m_state; }
    [[nodiscard]] state_type release() && noexcept { return std::move(m_state); }
    [[nodiscard]] const context_type& context() const noexcept { return m_state.context(); }

    causal_counter& merge(const causal_counter& other) {
        m_state.merge(other.m_state);
        return *this;
    }
    [[nodiscard]] digest_type digest() const { return m_state.digest(); }
    [[nodiscard]] causal_counter delta_since(const digest_type& seen) const {
        return causal_counter(m_state.delta_since(seen));
    }
    [[nodiscard]] causal_counter inflation_over(const causal_counter& local) const {
        return causal_counter(m_state.inflation_over(local.m_state));
    }

    friend bool operator==(const causal_counter&, const causal_counter&) = default;

private:
    causal_counter update(const ReplicaId& replica, bool negative, std::uint64_t magnitude) {
        context_type& context = m_state.context_for_update();
        const dot_type d = context.next_dot(replica);
        // Every dot of the replica goes: one, unless its id is shared with another replica.
        std::vector<dot_type> replaced;
        m_state.store().for_each_dot([&](const dot_type& x) {
            if (x.replica == replica) replaced.push_back(x);
        });
        const auto total = detail::add_signed(contribution(replica), negative, magnitude);
        if (!total) overflow(replica);

        causal_counter delta;
        delta.m_state.store_for_update().insert(d, *total);
        context_type& delta_context = delta.m_state.context_for_update();
        for (const dot_type& old : replaced) delta_context.insert(old);
        delta_context.insert(d);
        store_type next =
            m_state.store().filtered([&](const dot_type& x) { return !(x.replica == replica); });
        next.insert(d, *total);
        context.insert(d);  // the last step that can throw
        m_state.store_for_update() = std::move(next);
        return delta;
    }

    [[noreturn]] static void overflow(const ReplicaId& replica) {
        detail::throw_overflow(detail::text("causal_counter: the total of replica ",
                                            detail::replica_text(replica), " would leave int64_t"));
    }

    state_type m_state;
};

}  // namespace converge::inline v1
