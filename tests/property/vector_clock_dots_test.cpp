// SPDX-License-Identifier: MIT
// vector_clock's single-event mutators and its normalising constructor, judged against merge:
// applying a dot is merging a clock of that one entry, and normalising any list of entries is
// merging them one by one.
#include <converge/clock/vector_clock.hpp>
#include <converge/core/dot.hpp>
#include <converge/testing/arbitrary/clocks.hpp>

#include "test_support.hpp"

#include <compare>
#include <cstdint>
#include <utility>
#include <vector>

namespace {

using vclock = converge::vector_clock<std::uint64_t, std::uint32_t>;
using entry = vclock::entry;

// Entries in any form: any order, repeated replicas, zero counters.
rc::Gen<std::vector<entry>> gen_raw_entries() {
    return rc::gen::container<std::vector<entry>>(rc::gen::construct<entry>(
        rc::gen::inRange<std::uint64_t>(0, 6), rc::gen::inRange<std::uint32_t>(0, 10)));
}

vclock singleton(const entry& e) {
    vclock c;
    (void)c.apply({e.replica, e.counter});
    return c;
}

}  // namespace

TEST_CASE("vector_clock::apply is merging a vclock of one entry") {
    CONVERGE_CHECK_PROPERTY("apply == merge with a singleton", [] {
        vclock c = *rc::gen::arbitrary<vclock>();
        const auto replica = *rc::gen::inRange<std::uint64_t>(0, 6);
        const auto counter = *rc::gen::inRange<std::uint32_t>(0, 10);
        vclock merged = c;
        if (counter != 0) merged.merge(*vclock::from_parts({{replica, counter}}));
        const vclock before = c;
        const std::uint32_t after = c.apply({replica, counter});
        RC_ASSERT(c == merged);
        RC_ASSERT(after == c.get(replica));
        RC_ASSERT(c.contains({replica, counter}));
        RC_ASSERT((before <=> c) != std::partial_ordering::greater);  // an inflation
    });
}

TEST_CASE("vector_clock::tick_dot returns the dot that tick() counted") {
    CONVERGE_CHECK_PROPERTY("tick_dot names the new event", [] {
        vclock c = *rc::gen::arbitrary<vclock>();
        const auto replica = *rc::gen::inRange<std::uint64_t>(0, 6);
        RC_PRE(c.get(replica) < 1'000'000u);
        vclock ticked = c;
        (void)ticked.tick(replica);
        const vclock before = c;
        const auto d = c.tick_dot(replica);
        RC_ASSERT(c == ticked);
        RC_ASSERT(d.replica == replica);
        RC_ASSERT(d.counter == std::uint64_t{before.get(replica)} + 1);
        RC_ASSERT(!before.contains(d));
        RC_ASSERT(before.happened_before(c));
    });
}

TEST_CASE("vector_clock::from_parts_normalized is the join of its entries") {
    CONVERGE_CHECK_PROPERTY("normalized == fold of merges", [] {
        const auto raw = *gen_raw_entries();
        vclock folded;
        for (const entry& e : raw) folded.merge(singleton(e));
        const vclock c = vclock::from_parts_normalized(raw);
        RC_ASSERT(c == folded);
        // Canonical: the strict constructor accepts what it produced.
        RC_ASSERT(vclock::from_parts(std::vector<entry>(c.begin(), c.end())).value() == c);
    });
    CONVERGE_CHECK_PROPERTY("a vclock's own entries come back unchanged", [] {
        const vclock c = *rc::gen::arbitrary<vclock>();
        RC_ASSERT(vclock::from_parts_normalized(std::vector<entry>(c.begin(), c.end())) == c);
    });
}
