// SPDX-License-Identifier: MIT
// pn_counter::add with a signed amount, against increment and decrement: the same delta, and
// the value moves by exactly the amount.
#include <converge/crdt/pn_counter.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <vector>

TEST_CASE("pn_counter::add(n) is increment(n) or decrement(-n)") {
    CONVERGE_CHECK_PROPERTY("add moves the value by n, with the mutator's delta", [] {
        using counter = converge::pn_counter<std::uint64_t, std::uint64_t>;
        counter c;
        counter reference;
        const auto amounts =
            *rc::gen::container<std::vector<std::int32_t>>(rc::gen::arbitrary<std::int32_t>());
        std::int64_t expected = 0;
        for (const std::int32_t amount : amounts) {
            const auto replica = *rc::gen::inRange<std::uint64_t>(0, 4);
            const counter delta = c.add(replica, amount);
            const counter reference_delta =
                amount >= 0 ? reference.increment(replica, static_cast<std::uint64_t>(amount))
                            : reference.decrement(
                                  replica, static_cast<std::uint64_t>(-std::int64_t{amount}));
            RC_ASSERT(delta == reference_delta);
            expected += amount;
            RC_ASSERT(c.value() == expected);
        }
        RC_ASSERT(c == reference);
    });
    CONVERGE_CHECK_PROPERTY("the extremes of a narrow counter", [] {
        converge::pn_counter<int, std::uint16_t> c;
        const auto amount = *rc::gen::arbitrary<std::int16_t>();
        c.add(0, amount);
        RC_ASSERT(c.value() == amount);
    });
}
