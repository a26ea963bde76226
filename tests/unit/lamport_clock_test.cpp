// SPDX-License-Identifier: MIT
#include <converge/clock/lamport_clock.hpp>
#include <converge/core/concepts.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <stdexcept>
#include <type_traits>

using converge::errc;
using converge::lamport_clock;

TEST_CASE("lamport_clock: noexcept promises and concepts") {
    STATIC_REQUIRE(converge::crdt<lamport_clock<>>);
    STATIC_REQUIRE(std::is_nothrow_default_constructible_v<lamport_clock<>>);
    STATIC_REQUIRE(noexcept(lamport_clock<>{}.now()));
    STATIC_REQUIRE(noexcept(std::declval<lamport_clock<>&>().merge(lamport_clock<>{})));
}

TEST_CASE("lamport_clock: tick advances by one and returns the new time") {
    lamport_clock<> clock;
    CHECK(clock.now() == 0u);
    CHECK(clock.tick() == 1u);
    CHECK(clock.tick() == 2u);
    CHECK(clock.now() == 2u);
    CHECK(lamport_clock<>(41).tick() == 42u);
}

TEST_CASE("lamport_clock: receive is max(local, remote) + 1") {
    lamport_clock<> clock(5);
    SECTION("remote ahead") {
        const auto r = clock.receive(10);
        REQUIRE(r);
        CHECK(*r == 11u);
        CHECK(clock.now() == 11u);
    }
    SECTION("remote behind") {
        CHECK(clock.receive(2).value() == 6u);
        CHECK(clock.now() == 6u);
    }
    SECTION("remote equal") {
        CHECK(clock.receive(5).value() == 6u);
    }
}

TEST_CASE("lamport_clock: merge is max without counting an event") {
    lamport_clock<> a(3);
    const lamport_clock<> b(7);
    a.merge(b);
    CHECK(a.now() == 7u);
    a.merge(lamport_clock<>(1));
    CHECK(a.now() == 7u);
    CHECK(converge::join(lamport_clock<>(2), lamport_clock<>(9)) == lamport_clock<>(9));
    CHECK(lamport_clock<>(2) < lamport_clock<>(9));
}

TEST_CASE("lamport_clock: overflow is an error, never a wrap") {
    SECTION("tick at the largest value throws and leaves the clock unchanged") {
        lamport_clock<std::uint8_t> clock(254);
        CHECK(clock.tick() == 255u);
        CHECK_THROWS_AS(clock.tick(), std::overflow_error);
        CHECK(clock.now() == 255u);
    }
    SECTION("receive of the largest value fails and leaves the clock unchanged") {
        lamport_clock<std::uint8_t> clock(10);
        const auto r = clock.receive(255);
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::clock_overflow);
        CHECK(r.message().find("255") != std::string_view::npos);
        CHECK(clock.now() == 10u);
        CHECK(clock.receive(254).value() == 255u);
    }
}
