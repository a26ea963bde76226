// SPDX-License-Identifier: MIT
#pragma once

// Turns a fuzzer's bytes into a script of mutations, merges and syncs on three replicas of a
// CRDT, then checks that they converge and that merge obeys the lattice laws on every state
// the script reached. Needs no RapidCheck and no fuzzing library: call it from a libFuzzer
// entry point (or from a unit test, to replay an input). Not part of <converge/converge.hpp>.
//
// To fuzz your own type the same way, write a small operations policy and a harness:
//
//     struct my_ops {
//         using state_type = my_crdt;
//         // Applies one mutation, chosen by reading `in`, at replica `replica` (0, 1 or 2) and
//         // returns its delta (a state with old.merge(delta) == new).
//         state_type mutate(state_type& s, std::size_t replica, converge::testing::fuzz_input& in);
//         // Optional: checks a reached state, calling converge::testing::fuzz_require.
//         void check(const state_type& s);
//     };
//     extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
//         converge::testing::fuzz_merge_properties<my_ops>(data, size);
//         return 0;
//     }
//
// build it with clang++ -fsanitize=fuzzer,address,undefined and run it with a corpus
// directory (see scripts/fuzz and docs/testing.md). A violated property prints what failed
// and aborts, which libFuzzer reports as a crash and saves the input.

#include <converge/core/concepts.hpp>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace converge::inline v1::testing {

// The fuzzer's bytes read as a stream of small choices. Reading past the end gives zeros, so
// every input is a complete script.
class fuzz_input {
public:
    fuzz_input(const std::uint8_t* data, std::size_t size) noexcept : m_data(data), m_size(size) {}

    // True once every byte has been read.
    [[nodiscard]] bool empty() const noexcept { return m_offset >= m_size; }

    // The next byte, or 0 past the end.
    [[nodiscard]] std::uint8_t byte() noexcept { return empty() ? 0 : m_data[m_offset++]; }

    // A number in [0, bound), from as many bytes as bound needs. Precondition: bound > 0.
    [[nodiscard]] std::uint64_t below(std::uint64_t bound) noexcept {
        std::uint64_t x = 0;
        for (std::uint64_t span = bound - 1; span > 0; span >>= 8) x = (x << 8) | byte();
        return x % bound;
    }

    // A number in [low, high]. Precondition: low <= high.
    [[nodiscard]] std::uint64_t in_range(std::uint64_t low, std::uint64_t high) noexcept {
        const std::uint64_t span = high - low;
        return span == ~std::uint64_t{0} ? low + below(span) : low + below(span + 1);
    }

    // One bit of choice.
    [[nodiscard]] bool boolean() noexcept { return (byte() & 1) != 0; }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_offset = 0;
};

// Stops the run with `message` when `condition` is false: prints it and aborts, so that a
// fuzzer records the input as a crash.
inline void fuzz_require(bool condition, const char* message) {
    if (condition) return;
    std::fprintf(stderr, "converge fuzz: property violated: %s\n", message);
    std::fflush(stderr);
    std::abort();
}

// A policy that tells the driver how to mutate a state_type (see the example above).
template <class Ops>
concept fuzz_operations = crdt<typename Ops::state_type> &&
    requires(Ops& ops, typename Ops::state_type& s, std::size_t replica, fuzz_input& in) {
    { ops.mutate(s, replica, in) } -> std::same_as<typename Ops::state_type>;
};

// How long a script may run and how much it keeps, so that one input stays fast.
struct fuzz_script_limits {
    std::size_t max_steps = 128;  // script steps read from the input
    std::size_t max_deltas = 24;  // deltas kept for later (re)delivery
    std::size_t max_samples = 3;  // states kept for the lattice-law checks
};

namespace detail {

template <class S>
concept has_delta_since = requires(const S& a) {
    a.delta_since(a.digest());
};

template <class Ops, class S>
void fuzz_check_state(Ops& ops, const S& s) {
    if constexpr (requires { ops.check(s); }) ops.check(s);
}

}  // namespace detail

// Runs the script that `data` encodes on three replicas of Ops::state_type, then checks:
//  - every mutation's delta d satisfies old ⊔ d == new;
//  - merge is commutative, associative and idempotent on the states and deltas reached;
//  - when the type has digest()/delta_since(): a ⊔ b.delta_since(a.digest()) == a ⊔ b;
//  - after a final all-to-all exchange (full states, and separately digests and deltas)
//    all three replicas are equal;
//  - Ops::check, if present, holds for every state reached.
// Script steps: mutate a replica; deliver a kept delta to a replica (any delta, in any
// order, any number of times); merge a replica's full state into another; sync one replica
// from another through digest and delta_since; join two kept deltas into a delta group;
// keep a replica's state for the law checks.
template <fuzz_operations Ops>
void fuzz_merge_properties(const std::uint8_t* data, std::size_t size, Ops ops = {},
                           const fuzz_script_limits& limits = {}) {
    using S = typename Ops::state_type;
    constexpr std::size_t replicas = 3;
    fuzz_input in(data, size);
    std::vector<S> states(replicas);
    std::vector<S> deltas;
    std::vector<S> samples;
    const auto keep = [](std::vector<S>& pool, std::size_t cap, S value, std::size_t slot) {
        if (pool.size() < cap)
            pool.push_back(std::move(value));
        else
            pool[slot % cap] = std::move(value);
    };

    for (std::size_t step = 0; step < limits.max_steps && !in.empty(); ++step) {
        const std::uint8_t op = in.byte();
        const auto i = static_cast<std::size_t>(in.below(replicas));
        switch (op % 8) {
            case 0:
            case 1:
            case 2: {
                const S before = states[i];
                S delta = ops.mutate(states[i], i, in);
                fuzz_require(join(before, delta) == states[i],
                             "a mutator's delta d does not satisfy old.merge(d) == new");
                keep(deltas, limits.max_deltas, std::move(delta), step);
                break;
            }
            case 3:
                if (!deltas.empty())
                    states[i].merge(deltas[static_cast<std::size_t>(in.below(deltas.size()))]);
                break;
            case 4: {
                const S other = states[static_cast<std::size_t>(in.below(replicas))];
                states[i].merge(other);
                break;
            }
            case 5: {
                const auto j = static_cast<std::size_t>(in.below(replicas));
                if constexpr (detail::has_delta_since<S>) {
                    const S delta = states[j].delta_since(states[i].digest());
                    states[i].merge(delta);
                } else {
                    const S other = states[j];
                    states[i].merge(other);
                }
                break;
            }
            case 6:
                if (!deltas.empty()) {
                    S group = deltas[static_cast<std::size_t>(in.below(deltas.size()))];
                    group.merge(deltas[static_cast<std::size_t>(in.below(deltas.size()))]);
                    keep(deltas, limits.max_deltas, std::move(group), step);
                }
                break;
            default:
                keep(samples, limits.max_samples, states[i], step);
                break;
        }
    }

    // The laws, on what the script reached: the replicas, kept states and one delta. Pairs
    // are all checked; triples (which cost a cube) among the replicas, and cyclically among
    // the rest.
    std::vector<S> reached(states.begin(), states.end());
    reached.insert(reached.end(), samples.begin(), samples.end());
    if (!deltas.empty()) reached.push_back(deltas.front());
    const std::size_t n = reached.size();
    for (const S& a : reached) {
        detail::fuzz_check_state(ops, a);
        fuzz_require(join(a, a) == a, "merge is not idempotent");
        for (const S& b : reached) {
            fuzz_require(join(a, b) == join(b, a), "merge is not commutative");
            if constexpr (detail::has_delta_since<S>)
                fuzz_require(join(a, b.delta_since(a.digest())) == join(a, b),
                             "a.merge(b.delta_since(a.digest())) differs from a.merge(b)");
        }
    }
    const auto associative = [](const S& a, const S& b, const S& c) {
        fuzz_require(join(join(a, b), c) == join(a, join(b, c)), "merge is not associative");
    };
    const std::size_t dense = n < replicas ? n : replicas;
    for (std::size_t a = 0; a < dense; ++a)
        for (std::size_t b = 0; b < dense; ++b)
            for (std::size_t c = 0; c < dense; ++c) associative(reached[a], reached[b], reached[c]);
    for (std::size_t k = 0; k < n; ++k)
        associative(reached[k], reached[(k + 1) % n], reached[(k + 2) % n]);

    // Convergence: an all-to-all exchange of full states leaves every replica equal.
    std::vector<S> full = states;
    for (std::size_t a = 0; a < replicas; ++a)
        for (std::size_t b = 0; b < replicas; ++b)
            if (a != b) full[a].merge(full[b]);
    for (std::size_t a = 1; a < replicas; ++a)
        fuzz_require(full[a] == full[0], "replicas differ after an all-to-all exchange");
    detail::fuzz_check_state(ops, full[0]);

    // The same exchange through digests and delta_since must reach the same state.
    if constexpr (detail::has_delta_since<S>) {
        std::vector<S> synced = states;
        for (std::size_t a = 0; a < replicas; ++a)
            for (std::size_t b = 0; b < replicas; ++b)
                if (a != b) synced[a].merge(synced[b].delta_since(synced[a].digest()));
        for (std::size_t a = 0; a < replicas; ++a)
            fuzz_require(synced[a] == full[0],
                         "replicas differ after an all-to-all exchange of deltas since digests");
    }
}

}  // namespace converge::inline v1::testing
