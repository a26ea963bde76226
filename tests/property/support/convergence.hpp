// SPDX-License-Identifier: MIT
#pragma once

// Convergence against a reference model, for any CRDT. RapidCheck generates a history on 3 to
// 5 replicas: local mutations (each producing a delta, sent to every other replica) and
// network events acting on the messages in flight: deliver one (in any order), deliver a copy
// and keep it in flight (duplication), drop one (kept aside), resend a dropped one later, or
// send a full state. At the end every replica receives what it has not, either by flushing
// every message still in flight or dropped, or by an all-to-all exchange of full states. Then
// all states must be equal, and the value must equal what the model computes from the
// operations alone.
//
// A policy supplies the CRDT and the model:
//
//     struct policy {
//         using state_type = ...;  // the CRDT
//         using op_type = ...;     // a generated description of one local mutation
//         static rc::Gen<op_type> gen_op();
//         // Applies `op` at replica `replica` (0-based) and returns the delta. May complete
//         // `op` with what the replica chose (a timestamp), for the model to see.
//         static state_type apply(state_type& state, std::size_t replica, op_type& op);
//         static auto observe(const state_type& state);          // the value of a state
//         static auto expected(const std::vector<applied_op<op_type>>& ops);  // the model
//     };
//
// Each applied_op carries the ids of the operations visible at its replica when it ran
// (`seen`), so a model can decide causality (an add that a remove has seen). A delta makes
// visible the operation it came from; a full state makes visible everything its sender had
// seen.

#include <converge/core/concepts.hpp>

#include <rapidcheck.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <set>
#include <utility>
#include <vector>

namespace converge_test::convergence {

enum class step_kind : std::uint8_t { mutate, deliver, duplicate, drop, resend, send_state };

// One generated step. Indices are taken modulo what exists when the step runs, so every
// generated (and shrunk) history is valid.
template <class Op>
struct step {
    step_kind kind = step_kind::mutate;
    std::size_t replica = 0;  // mutate: who acts; send_state: who sends
    std::size_t pick = 0;     // which message in flight (or dropped); send_state: to whom
    std::optional<Op> op;     // mutate only
};

// How the history ends: every replica must end up having received everything.
enum class finish_kind : std::uint8_t { flush_messages, exchange_full_states };

template <class Op>
struct history {
    std::size_t replicas = 3;
    std::vector<step<Op>> steps;
    finish_kind finish = finish_kind::flush_messages;
};

// A mutation as it ran, for the model.
template <class Op>
struct applied_op {
    std::size_t id = 0;          // position among all mutations of the history
    std::size_t replica = 0;     // where it ran
    Op op;                       // as completed by the policy's apply
    std::set<std::size_t> seen;  // ids of the mutations visible at the replica just before
};

template <class State>
struct message {
    State payload;
    std::size_t to = 0;
    std::set<std::size_t> carried;  // mutation ids that become visible on delivery
};

// What a run left behind.
template <class State, class Op>
struct outcome {
    std::vector<State> states;
    std::vector<std::set<std::size_t>> seen;
    std::vector<applied_op<Op>> ops;
};

template <class Policy>
[[nodiscard]] rc::Gen<step<typename Policy::op_type>> gen_step() {
    using op_type = typename Policy::op_type;
    return rc::gen::exec([] {
        step<op_type> s;
        s.kind = *rc::gen::weightedElement<step_kind>({{30, step_kind::mutate},
                                                       {30, step_kind::deliver},
                                                       {6, step_kind::duplicate},
                                                       {10, step_kind::drop},
                                                       {8, step_kind::resend},
                                                       {16, step_kind::send_state}});
        s.replica = *rc::gen::inRange<std::size_t>(0, 5);
        s.pick = *rc::gen::inRange<std::size_t>(0, 64);
        if (s.kind == step_kind::mutate) s.op = *Policy::gen_op();
        return s;
    });
}

template <class Policy>
[[nodiscard]] rc::Gen<history<typename Policy::op_type>> gen_history() {
    using op_type = typename Policy::op_type;
    return rc::gen::exec([] {
        history<op_type> h;
        h.replicas = *rc::gen::inRange<std::size_t>(3, 6);
        h.steps = *rc::gen::container<std::vector<step<op_type>>>(gen_step<Policy>());
        h.finish =
            *rc::gen::element(finish_kind::flush_messages, finish_kind::exchange_full_states);
        return h;
    });
}

// Runs a history; no assertions.
template <class Policy>
[[nodiscard]] outcome<typename Policy::state_type, typename Policy::op_type> simulate(
    const history<typename Policy::op_type>& h) {
    using state_type = typename Policy::state_type;
    const std::size_t n = h.replicas;
    outcome<state_type, typename Policy::op_type> out;
    out.states.resize(n);
    out.seen.resize(n);
    std::vector<message<state_type>> in_flight;
    std::vector<message<state_type>> dropped;

    const auto deliver = [&](const message<state_type>& m) {
        out.states[m.to].merge(m.payload);
        out.seen[m.to].insert(m.carried.begin(), m.carried.end());
    };
    const auto take = [](std::vector<message<state_type>>& pool, std::size_t pick) {
        const auto at = pool.begin() + static_cast<std::ptrdiff_t>(pick % pool.size());
        message<state_type> m = std::move(*at);
        pool.erase(at);
        return m;
    };

    for (const auto& s : h.steps) {
        switch (s.kind) {
            case step_kind::mutate: {
                const std::size_t r = s.replica % n;
                auto op = *s.op;
                const state_type delta = Policy::apply(out.states[r], r, op);
                const std::size_t id = out.ops.size();
                out.ops.push_back({id, r, std::move(op), out.seen[r]});
                out.seen[r].insert(id);
                for (std::size_t to = 0; to < n; ++to)
                    if (to != r) in_flight.push_back({delta, to, {id}});
                break;
            }
            case step_kind::deliver:
                if (!in_flight.empty()) deliver(take(in_flight, s.pick));
                break;
            case step_kind::duplicate:
                if (!in_flight.empty()) deliver(in_flight[s.pick % in_flight.size()]);
                break;
            case step_kind::drop:
                if (!in_flight.empty()) dropped.push_back(take(in_flight, s.pick));
                break;
            case step_kind::resend:
                if (!dropped.empty()) in_flight.push_back(take(dropped, s.pick));
                break;
            case step_kind::send_state: {
                const std::size_t from = s.replica % n;
                const std::size_t to = (from + 1 + s.pick % (n - 1)) % n;
                in_flight.push_back({out.states[from], to, out.seen[from]});
                break;
            }
        }
    }

    if (h.finish == finish_kind::flush_messages) {
        for (auto& m : dropped) in_flight.push_back(std::move(m));
        for (const auto& m : in_flight) deliver(m);
    } else {
        const auto snapshot = out.states;
        const auto snapshot_seen = out.seen;
        for (std::size_t to = 0; to < n; ++to)
            for (std::size_t from = 0; from < n; ++from)
                if (from != to) deliver({snapshot[from], to, snapshot_seen[from]});
    }
    return out;
}

// The property: generates a history, runs it, and asserts convergence and the model's value.
template <class Policy>
void check_convergence() {
    const auto h = *gen_history<Policy>();
    const auto out = simulate<Policy>(h);
    // Values first: they print readably when a state type has no printer.
    for (std::size_t i = 1; i < out.states.size(); ++i)
        RC_ASSERT(Policy::observe(out.states[i]) == Policy::observe(out.states[0]));
    for (std::size_t i = 1; i < out.states.size(); ++i) RC_ASSERT(out.states[i] == out.states[0]);
    RC_ASSERT(Policy::observe(out.states[0]) == Policy::expected(out.ops));
    // The harness itself: every replica has seen every mutation.
    for (const auto& seen : out.seen) RC_ASSERT(seen.size() == out.ops.size());
}

inline std::ostream& operator<<(std::ostream& os, step_kind k) {
    switch (k) {
        case step_kind::mutate:
            return os << "mutate";
        case step_kind::deliver:
            return os << "deliver";
        case step_kind::duplicate:
            return os << "duplicate";
        case step_kind::drop:
            return os << "drop";
        case step_kind::resend:
            return os << "resend";
        case step_kind::send_state:
            return os << "send_state";
    }
    return os << "?";
}

// Counterexamples print as readable steps.
template <class Op>
void showValue(const step<Op>& s, std::ostream& os) {
    os << s.kind << "(replica " << s.replica << ", pick " << s.pick;
    if (s.op) {
        os << ", ";
        rc::show(*s.op, os);
    }
    os << ')';
}

template <class Op>
void showValue(const history<Op>& h, std::ostream& os) {
    os << h.replicas << " replicas, finish by "
       << (h.finish == finish_kind::flush_messages ? "flushing messages" : "full states")
       << ", steps ";
    rc::show(h.steps, os);
}

}  // namespace converge_test::convergence
