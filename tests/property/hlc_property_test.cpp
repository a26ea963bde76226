// SPDX-License-Identifier: MIT
// Properties of hlc_timestamp packing and of hybrid clocks under hostile remote timestamps.
#include <converge/clock/atomic_hybrid_clock.hpp>
#include <converge/clock/hlc_timestamp.hpp>
#include <converge/clock/hybrid_clock.hpp>

#include "test_support.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

using converge::hlc_timestamp;

namespace {

struct manual_clock {
    std::shared_ptr<std::int64_t> ms = std::make_shared<std::int64_t>(0);
    std::chrono::milliseconds operator()() const { return std::chrono::milliseconds(*ms); }
};

rc::Gen<hlc_timestamp> gen_timestamp(std::uint64_t max_wall) {
    return rc::gen::apply(
        [](std::uint64_t wall, std::uint16_t logical) { return hlc_timestamp(wall, logical); },
        rc::gen::inRange<std::uint64_t>(0, max_wall + 1), rc::gen::arbitrary<std::uint16_t>());
}

// A clock operation: advance physical time, then a local event or a receive of `remote`.
struct clock_op {
    std::uint16_t advance_ms = 0;
    bool is_receive = false;
    hlc_timestamp remote;
};

// Remote wall times within a second behind to two seconds ahead of `around_ms`, so that
// accepted and rejected receives (more than 500 ms ahead) are both common.
rc::Gen<clock_op> gen_op(std::uint64_t around_ms) {
    return rc::gen::apply(
        [around_ms](std::uint16_t advance, bool receive, std::uint16_t offset,
                    std::uint16_t logical) {
            return clock_op{advance, receive, hlc_timestamp(around_ms - 1'000 + offset, logical)};
        },
        rc::gen::inRange<std::uint16_t>(0, 5), rc::gen::arbitrary<bool>(),
        // inRange narrows with RapidCheck's size; keep the full spread from the first case on.
        rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::uint16_t>(0, 3'000)),
        rc::gen::arbitrary<std::uint16_t>());
}

}  // namespace

TEST_CASE("hlc_timestamp packing round-trips and preserves order") {
    CONVERGE_CHECK_PROPERTY("packing round-trips", [] {
        const auto ts = *gen_timestamp(hlc_timestamp::max_wall_ms);
        RC_ASSERT(hlc_timestamp::from_packed(ts.packed()) == ts);
        const hlc_timestamp rebuilt(ts.wall_ms(), ts.logical());
        RC_ASSERT(rebuilt == ts);
    });
    CONVERGE_CHECK_PROPERTY("packed order is (wall, logical) order", [] {
        const auto a = *gen_timestamp(hlc_timestamp::max_wall_ms);
        const auto b = *rc::gen::oneOf(gen_timestamp(hlc_timestamp::max_wall_ms),
                                       rc::gen::just(hlc_timestamp(a.wall_ms(), 7)));
        const auto key = [](hlc_timestamp t) { return std::make_tuple(t.wall_ms(), t.logical()); };
        RC_ASSERT((a < b) == (key(a) < key(b)));
        RC_ASSERT((a == b) == (key(a) == key(b)));
        RC_ASSERT((a < b) == (a.packed() < b.packed()));
    });
}

TEST_CASE("hlc_timestamp next and prev are the strict successor and predecessor") {
    CONVERGE_CHECK_PROPERTY("prev undoes next and next undoes prev", [] {
        const auto t = *rc::gen::oneOf(
            gen_timestamp(hlc_timestamp::max_wall_ms), rc::gen::just(hlc_timestamp{}),
            rc::gen::just(hlc_timestamp(hlc_timestamp::max_wall_ms, hlc_timestamp::max_logical)));
        if (const auto n = t.next()) RC_ASSERT(n->prev() == t);
        if (const auto p = t.prev()) RC_ASSERT(p->next() == t);
        RC_ASSERT(t.next().has_value() == (t.packed() != ~std::uint64_t{0}));
        RC_ASSERT(t.prev().has_value() == (t != hlc_timestamp{}));
    });
    CONVERGE_CHECK_PROPERTY("next is after t and nothing lies strictly between", [] {
        const auto t = *gen_timestamp(hlc_timestamp::max_wall_ms);
        const auto u =
            *rc::gen::oneOf(gen_timestamp(hlc_timestamp::max_wall_ms),
                            rc::gen::just(hlc_timestamp(t.wall_ms() + 1, 0)), rc::gen::just(t));
        const auto n = t.next();
        RC_PRE(n.has_value());
        RC_ASSERT(t < *n);
        RC_ASSERT(!(t < u && u < *n));
        RC_ASSERT((u > t) == (u >= *n));
    });
}

TEST_CASE("hlc_timestamp parse is the inverse of to_string") {
    CONVERGE_CHECK_PROPERTY("parse(to_string(t)) == t", [] {
        const auto t = *gen_timestamp(hlc_timestamp::max_wall_ms);
        const auto r = hlc_timestamp::parse(converge::to_string(t));
        RC_ASSERT(r.has_value());
        RC_ASSERT(*r == t);
    });
    CONVERGE_CHECK_PROPERTY("whatever parses prints back as the same text", [] {
        // Garbage near the valid form: digits, dots and a few other characters.
        const auto text = *rc::gen::oneOf(
            rc::gen::container<std::string>(rc::gen::element('0', '1', '9', '.', '-', '+', ' ')),
            rc::gen::map(gen_timestamp(hlc_timestamp::max_wall_ms),
                         [](hlc_timestamp t) { return converge::to_string(t); }),
            // A valid text with one character inserted, e.g. a leading zero.
            rc::gen::apply(
                [](hlc_timestamp t, std::size_t at, char c) {
                    std::string s = converge::to_string(t);
                    s.insert(at % (s.size() + 1), 1, c);
                    return s;
                },
                gen_timestamp(hlc_timestamp::max_wall_ms), rc::gen::arbitrary<std::size_t>(),
                rc::gen::element('0', '.', '5')),
            rc::gen::arbitrary<std::string>());
        const auto r = hlc_timestamp::parse(text);
        if (r) {
            RC_ASSERT(converge::to_string(*r) == text);
        } else {
            RC_ASSERT(r.error() == converge::errc::invalid_value);
            RC_ASSERT(r.byte_offset().has_value());
            RC_ASSERT(*r.byte_offset() <= text.size());
        }
    });
}

TEST_CASE("a rejected receive leaves the clock exactly as it was") {
    CONVERGE_CHECK_PROPERTY("rejected receive changes nothing", [] {
        const std::uint64_t start = 1'000'000;
        converge::hybrid_clock<manual_clock> clock;
        *clock.physical_clock().ms = static_cast<std::int64_t>(start);
        const auto ops = *rc::gen::container<std::vector<clock_op>>(gen_op(start));
        for (const clock_op& op : ops) {
            *clock.physical_clock().ms += op.advance_ms;
            if (!op.is_receive) {
                (void)clock.now();
                continue;
            }
            const auto pt = static_cast<std::uint64_t>(*clock.physical_clock().ms);
            const auto before = clock.last();
            auto twin = clock;  // the same clock, never shown this message
            const auto r = clock.receive(op.remote);
            const bool too_far = op.remote.wall_ms() > pt + 500;
            RC_ASSERT(r.has_value() == !too_far);
            if (too_far) {
                RC_ASSERT(r.error() == converge::errc::clock_skew_exceeded);
                RC_ASSERT(!r.message().empty());
                RC_ASSERT(clock.last() == before);
                RC_ASSERT(clock.now() == twin.now());
            } else {
                RC_ASSERT(*r > before);
                RC_ASSERT(*r > op.remote);
            }
        }
    });
}

TEST_CASE("atomic_hybrid_clock follows the same rules as hybrid_clock") {
    CONVERGE_CHECK_PROPERTY("same operations, same timestamps and failures", [] {
        const std::uint64_t start = 5'000;
        converge::hybrid_clock<manual_clock> plain;
        converge::atomic_hybrid_clock<manual_clock> atomic;
        *plain.physical_clock().ms = static_cast<std::int64_t>(start);
        *atomic.physical_clock().ms = static_cast<std::int64_t>(start);
        const auto ops = *rc::gen::container<std::vector<clock_op>>(gen_op(start));
        for (const clock_op& op : ops) {
            *plain.physical_clock().ms += op.advance_ms;
            *atomic.physical_clock().ms += op.advance_ms;
            if (op.is_receive) {
                const auto a = plain.receive(op.remote);
                const auto b = atomic.receive(op.remote);
                RC_ASSERT(a.has_value() == b.has_value());
                if (a)
                    RC_ASSERT(*a == *b);
                else
                    RC_ASSERT(a.error() == b.error());
            } else {
                RC_ASSERT(plain.now() == atomic.now());
            }
            RC_ASSERT(plain.last() == atomic.last());
        }
    });
}

namespace {

// How a test restarts a node: from the timestamp it saved, or (a planted bug) from scratch.
enum class restart { resume, forget };

template <class Clock, restart Restart>
Clock restarted(hlc_timestamp saved, manual_clock physical) {
    if constexpr (Restart == restart::resume) {
        return Clock(saved, std::move(physical));
    } else {
        (void)saved;
        return Clock(std::move(physical));
    }
}

// Runs `ops` on `clock` and returns every timestamp it issued or accepted, in order.
template <class Clock>
std::vector<hlc_timestamp> run_ops(Clock& clock, const std::vector<clock_op>& ops) {
    std::vector<hlc_timestamp> issued;
    for (const clock_op& op : ops) {
        *clock.physical_clock().ms += op.advance_ms;
        if (!op.is_receive) {
            issued.push_back(clock.now());
        } else if (const auto r = clock.receive(op.remote)) {
            issued.push_back(*r);
        }
    }
    return issued;
}

// A node runs a random history, saves last(), crashes; the wall clock steps (back, mostly)
// while it is down; the restarted node then runs another history. Nothing it issues after the
// restart may be at or below anything it issued before.
template <class Clock, restart Restart>
void resumed_clock_stays_after_its_history() {
    const std::uint64_t start = 1'000'000;
    manual_clock physical;
    *physical.ms = static_cast<std::int64_t>(start);
    std::vector<hlc_timestamp> before;
    hlc_timestamp saved;
    {
        Clock clock(physical);
        before = run_ops(clock, *rc::gen::container<std::vector<clock_op>>(gen_op(start)));
        saved = clock.last();
    }
    const auto step_ms =
        *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::int64_t>(-20'000, 2'001));
    *physical.ms += step_ms;
    const auto restart_ms = static_cast<std::uint64_t>(*physical.ms);
    RC_TAG(step_ms < 0 ? "stepped back" : "stepped forward");

    // last() is what an application persists: the largest timestamp the node had issued.
    RC_ASSERT(saved == (before.empty() ? hlc_timestamp{} : before.back()));

    Clock clock = restarted<Clock, Restart>(saved, physical);
    const auto after = run_ops(
        clock, *rc::gen::nonEmpty(rc::gen::container<std::vector<clock_op>>(gen_op(restart_ms))));
    for (std::size_t i = 0; i < after.size(); ++i) {
        for (const hlc_timestamp& old : before) RC_ASSERT(old < after[i]);
        RC_ASSERT(saved < after[i]);
        if (i > 0) RC_ASSERT(after[i - 1] < after[i]);
    }
}

}  // namespace

TEST_CASE("a clock resumed from its saved last() stays after everything it issued before") {
    using plain = converge::hybrid_clock<manual_clock>;
    using atomic = converge::atomic_hybrid_clock<manual_clock>;
    CONVERGE_CHECK_PROPERTY("hybrid_clock resumed after a restart",
                            resumed_clock_stays_after_its_history<plain, restart::resume>);
    CONVERGE_CHECK_PROPERTY("atomic_hybrid_clock resumed after a restart",
                            resumed_clock_stays_after_its_history<atomic, restart::resume>);
    CONVERGE_CHECK_PROPERTY_FAILS("hybrid_clock restarted from scratch",
                                  resumed_clock_stays_after_its_history<plain, restart::forget>);
    CONVERGE_CHECK_PROPERTY_FAILS("atomic_hybrid_clock restarted from scratch",
                                  resumed_clock_stays_after_its_history<atomic, restart::forget>);
}

namespace {

// update() is receive() plus a flag: the new timestamp is the later of what a local event at
// the same reading would give and the remote's successor, and the flag says it was the remote.
template <class Clock>
void update_is_the_later_of_local_and_remote() {
    const std::uint64_t start = 1'000'000;
    Clock clock;
    *clock.physical_clock().ms = static_cast<std::int64_t>(start);
    const auto ops = *rc::gen::container<std::vector<clock_op>>(gen_op(start));
    for (const clock_op& op : ops) {
        *clock.physical_clock().ms += op.advance_ms;
        if (!op.is_receive) {
            (void)clock.now();
            continue;
        }
        // Fresh clocks resumed from the same state show what receive() and now() would do.
        const auto before = clock.last();
        const auto r = clock.update(op.remote);
        const auto plain =
            Clock(before, manual_clock{clock.physical_clock().ms}).receive(op.remote);
        RC_ASSERT(r.has_value() == plain.has_value());
        if (!r) {
            RC_ASSERT(clock.last() == before);
            continue;
        }
        RC_ASSERT(r->timestamp == *plain);
        const auto local = Clock(before, manual_clock{clock.physical_clock().ms}).now();
        const auto remote_next = *op.remote.next();
        RC_ASSERT(r->timestamp == std::max(local, remote_next));
        RC_ASSERT(r->advanced_by_remote == (local < remote_next));
        RC_ASSERT(clock.last() == r->timestamp);
        RC_TAG(r->advanced_by_remote ? "moved by the remote" : "a local event");
    }
}

}  // namespace

TEST_CASE("update() is the later of a local event and the remote's successor") {
    CONVERGE_CHECK_PROPERTY("hybrid_clock", [] {
        update_is_the_later_of_local_and_remote<converge::hybrid_clock<manual_clock>>();
    });
    CONVERGE_CHECK_PROPERTY("atomic_hybrid_clock", [] {
        update_is_the_later_of_local_and_remote<converge::atomic_hybrid_clock<manual_clock>>();
    });
}

namespace {

// An application that persists a wall-time upper bound instead of every timestamp: a timer
// that fires now and then (not always in time) raises the bound by `lease` past the clock,
// persisting it first and then telling the clock; startup sets a first one. Returns every
// timestamp issued or accepted, each checked against the persisted bound.
template <class Clock>
std::vector<hlc_timestamp> run_with_bound(Clock& clock, std::uint64_t& persisted,
                                          const std::vector<clock_op>& ops) {
    constexpr std::uint64_t lease = 100;
    std::vector<hlc_timestamp> issued;
    for (const clock_op& op : ops) {
        *clock.physical_clock().ms += op.advance_ms;
        const auto pt = static_cast<std::uint64_t>(*clock.physical_clock().ms);
        if (!clock.wall_time_upper_bound() || *rc::gen::arbitrary<bool>()) {
            persisted = std::max(pt, clock.last().wall_ms()) + lease;  // written to disk first
            clock.set_wall_time_upper_bound(std::chrono::milliseconds(persisted));
        }
        const auto before = clock.last();
        if (!op.is_receive) {
            try {
                issued.push_back(clock.now());
            } catch (const std::overflow_error&) {
                RC_ASSERT(pt > persisted);  // the timer was late
                RC_ASSERT(clock.last() == before);
            }
        } else if (const auto r = clock.receive(op.remote)) {
            issued.push_back(*r);
        } else {
            RC_ASSERT(r.error() == converge::errc::clock_skew_exceeded ||
                      r.error() == converge::errc::clock_overflow);
            RC_ASSERT(clock.last() == before);
        }
        if (!issued.empty()) RC_ASSERT(issued.back().wall_ms() <= persisted);
    }
    return issued;
}

// A node runs with a persisted bound, crashes, the wall clock steps while it is down, and the
// node restarts just past the bound it persisted (or, a planted bug, from scratch): nothing it
// issues after the restart may be at or below anything it issued before.
template <class Clock, restart Restart>
void bounded_clock_restarts_past_its_history() {
    const std::uint64_t start = 1'000'000;
    manual_clock physical;
    *physical.ms = static_cast<std::int64_t>(start);
    std::uint64_t persisted = 0;
    std::vector<hlc_timestamp> before;
    {
        Clock clock(physical);
        before = run_with_bound(clock, persisted,
                                *rc::gen::container<std::vector<clock_op>>(gen_op(start)));
    }
    const auto step_ms =
        *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::int64_t>(-20'000, 2'001));
    *physical.ms += step_ms;
    const auto restart_ms = static_cast<std::uint64_t>(*physical.ms);

    // Startup: resume after the whole persisted millisecond; last() was never saved.
    Clock clock =
        restarted<Clock, Restart>(hlc_timestamp(persisted, hlc_timestamp::max_logical), physical);
    const auto after = run_with_bound(
        clock, persisted,
        *rc::gen::nonEmpty(rc::gen::container<std::vector<clock_op>>(gen_op(restart_ms))));
    for (const hlc_timestamp& t : after)
        for (const hlc_timestamp& old : before) RC_ASSERT(old < t);
}

}  // namespace

TEST_CASE("a clock restarted past its persisted upper bound stays after its history") {
    using plain = converge::hybrid_clock<manual_clock>;
    CONVERGE_CHECK_PROPERTY("hybrid_clock, resumed past the bound", [] {
        bounded_clock_restarts_past_its_history<plain, restart::resume>();
    });
    CONVERGE_CHECK_PROPERTY_FAILS("planted bug: restarted from scratch", [] {
        bounded_clock_restarts_past_its_history<plain, restart::forget>();
    });
}
