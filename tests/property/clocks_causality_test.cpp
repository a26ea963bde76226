// SPDX-License-Identifier: MIT
// Clocks judged against happened-before computed from random histories of 2-8 processes.
// Each property also runs against a clock adapter with a planted bug, and must fail there:
// that is the evidence that the property can catch the bug it is meant to catch.
#include <converge/clock/hybrid_clock.hpp>
#include <converge/clock/lamport_clock.hpp>
#include <converge/clock/vector_clock.hpp>

#include "support/causal_history.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <chrono>
#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

using converge_test::causal_history;
using converge_test::generate_history;
using converge_test::replay;

namespace {

enum class planted_bug { none, receive_ignores_local, receive_ignores_remote };

// --- Lamport -----------------------------------------------------------------------------

template <planted_bug Bug>
struct lamport_adapter {
    std::vector<converge::lamport_clock<>> clocks;
    explicit lamport_adapter(int processes) : clocks(static_cast<std::size_t>(processes)) {}
    void set_true_time(int, std::int64_t) {}
    std::uint64_t local(int p) { return clock(p).tick(); }
    std::uint64_t send(int p) { return clock(p).tick(); }
    std::uint64_t receive(int p, std::uint64_t message) {
        if constexpr (Bug == planted_bug::receive_ignores_local) {
            clock(p) = converge::lamport_clock<>(message);  // forgets the max with local time
            return clock(p).tick();
        } else {
            return clock(p).receive(message).value();
        }
    }
    converge::lamport_clock<>& clock(int p) { return clocks[static_cast<std::size_t>(p)]; }
};

template <planted_bug Bug>
void lamport_orders_causal_events() {
    const causal_history history = generate_history();
    lamport_adapter<Bug> adapter(history.processes());
    const auto stamps = replay(history, adapter);
    for (std::size_t f = 0; f < history.size(); ++f)
        for (std::size_t e = 0; e < f; ++e)
            if (history.before(e, f)) RC_ASSERT(stamps[e] < stamps[f]);
}

// --- Vector clocks -----------------------------------------------------------------------

template <class ReplicaId>
ReplicaId replica_of(int p) {
    if constexpr (std::is_same_v<ReplicaId, std::string>) {
        return "replica-" + std::to_string(p);
    } else {
        return static_cast<ReplicaId>(1000 + p * 7);  // ids need not be dense or start at 0
    }
}

template <class ReplicaId, planted_bug Bug>
struct vector_adapter {
    using clock_type = converge::vector_clock<ReplicaId>;
    std::vector<clock_type> clocks;
    explicit vector_adapter(int processes) : clocks(static_cast<std::size_t>(processes)) {}
    void set_true_time(int, std::int64_t) {}
    clock_type local(int p) { return tick(p); }
    clock_type send(int p) { return tick(p); }
    clock_type receive(int p, const clock_type& message) {
        if constexpr (Bug != planted_bug::receive_ignores_remote) clocks[idx(p)].merge(message);
        return tick(p);
    }
    clock_type tick(int p) {
        clocks[idx(p)].tick(replica_of<ReplicaId>(p));
        return clocks[idx(p)];
    }
    static std::size_t idx(int p) { return static_cast<std::size_t>(p); }
};

template <class ReplicaId, planted_bug Bug>
void vector_clocks_characterise_causality() {
    const causal_history history = generate_history();
    vector_adapter<ReplicaId, Bug> adapter(history.processes());
    const auto stamps = replay(history, adapter);
    for (std::size_t f = 0; f < history.size(); ++f) {
        for (std::size_t e = 0; e < history.size(); ++e) {
            if (e == f) continue;
            const std::partial_ordering order = stamps[e] <=> stamps[f];
            RC_ASSERT(history.before(e, f) == (order == std::partial_ordering::less));
            RC_ASSERT(history.before(e, f) == stamps[e].happened_before(stamps[f]));
            RC_ASSERT(history.concurrent(e, f) == (order == std::partial_ordering::unordered));
            RC_ASSERT(history.concurrent(e, f) == stamps[e].concurrent_with(stamps[f]));
        }
    }
}

// --- Hybrid logical clocks ---------------------------------------------------------------

// A physical clock the test sets by hand; shared so the adapter can move it.
struct manual_clock {
    std::shared_ptr<std::int64_t> ms = std::make_shared<std::int64_t>(0);
    std::chrono::milliseconds operator()() const { return std::chrono::milliseconds(*ms); }
};

template <planted_bug Bug>
struct hlc_adapter {
    using clock_type = converge::hybrid_clock<manual_clock>;
    std::vector<clock_type> clocks;
    std::vector<std::int64_t> skews;
    std::vector<std::int64_t> physical;  // the physical reading at each event, in order
    std::int64_t now_physical = 0;

    hlc_adapter(int processes, std::vector<std::int64_t> skew) : skews(std::move(skew)) {
        for (int p = 0; p < processes; ++p) clocks.emplace_back(manual_clock{});
    }
    // True time starts well above the largest negative skew, so physical time is positive.
    void set_true_time(int p, std::int64_t true_ms) {
        now_physical = 10'000 + true_ms + skews[static_cast<std::size_t>(p)];
        *clocks[static_cast<std::size_t>(p)].physical_clock().ms = now_physical;
        physical.push_back(now_physical);
    }
    converge::hlc_timestamp local(int p) { return clock(p).now(); }
    converge::hlc_timestamp send(int p) { return clock(p).now(); }
    converge::hlc_timestamp receive(int p, converge::hlc_timestamp message) {
        if constexpr (Bug == planted_bug::receive_ignores_remote) {
            (void)message;
            return clock(p).now();
        } else {
            auto accepted = clock(p).receive(message);
            RC_ASSERT(accepted.has_value());  // skew stays well inside max_offset here
            return *accepted;
        }
    }
    clock_type& clock(int p) { return clocks[static_cast<std::size_t>(p)]; }
};

template <planted_bug Bug>
void hybrid_clocks_track_causality_and_physical_time() {
    const causal_history history = generate_history(/*max_advance_ms=*/2);
    // Skews up to +-200 ms keep every remote timestamp within the default 500 ms max_offset.
    const auto skews = *rc::gen::container<std::vector<std::int64_t>>(
        static_cast<std::size_t>(history.processes()),
        converge_test::uniform<std::int64_t>(-200, 201));
    const std::int64_t spread = *std::max_element(skews.begin(), skews.end()) -
                                *std::min_element(skews.begin(), skews.end());
    hlc_adapter<Bug> adapter(history.processes(), skews);
    const auto stamps = replay(history, adapter);

    for (std::size_t f = 0; f < history.size(); ++f) {
        const auto l = static_cast<std::int64_t>(stamps[f].wall_ms());
        // l is never behind physical time, and never ahead of it by more than the skew.
        RC_ASSERT(l >= adapter.physical[f]);
        RC_ASSERT(l - adapter.physical[f] <= spread);
        std::size_t same_l_predecessors = 0;
        for (std::size_t e = 0; e < f; ++e) {
            if (!history.before(e, f)) continue;
            RC_ASSERT(stamps[e] < stamps[f]);
            if (stamps[e].wall_ms() == stamps[f].wall_ms()) ++same_l_predecessors;
        }
        // Kulkarni et al., theorem 3: c is bounded by the causal predecessors sharing l.
        RC_ASSERT(stamps[f].logical() <= same_l_predecessors);
    }
}

}  // namespace

TEST_CASE("lamport clocks order every causally related pair") {
    CONVERGE_CHECK_PROPERTY("lamport: e -> f implies ts(e) < ts(f)",
                            lamport_orders_causal_events<planted_bug::none>);
    CONVERGE_CHECK_PROPERTY_FAILS("lamport, receive forgets local time",
                                  lamport_orders_causal_events<planted_bug::receive_ignores_local>);
}

TEST_CASE("vector clocks order exactly the causally related pairs") {
    CONVERGE_CHECK_PROPERTY("vector_clock<uint64>: e -> f iff vc(e) < vc(f)",
                            vector_clocks_characterise_causality<std::uint64_t, planted_bug::none>);
    CONVERGE_CHECK_PROPERTY("vector_clock<string>: e -> f iff vc(e) < vc(f)",
                            vector_clocks_characterise_causality<std::string, planted_bug::none>);
    CONVERGE_CHECK_PROPERTY_FAILS(
        "vector_clock, receive forgets to merge",
        vector_clocks_characterise_causality<std::uint64_t, planted_bug::receive_ignores_remote>);
}

TEST_CASE("hybrid clocks order causal events and stay close to physical time") {
    CONVERGE_CHECK_PROPERTY("hybrid_clock: causality, l >= pt, l - pt <= skew, c bounded",
                            hybrid_clocks_track_causality_and_physical_time<planted_bug::none>);
    CONVERGE_CHECK_PROPERTY_FAILS(
        "hybrid_clock, receive ignores the remote timestamp",
        hybrid_clocks_track_causality_and_physical_time<planted_bug::receive_ignores_remote>);
}
