// SPDX-License-Identifier: MIT
#include <converge/clock/atomic_hybrid_clock.hpp>
#include <converge/clock/hlc_timestamp.hpp>
#include <converge/clock/hybrid_clock.hpp>
#include <converge/core/concepts.hpp>

#include "test_support.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

using namespace std::chrono_literals;
using converge::errc;
using converge::hlc_timestamp;

namespace {

// A physical clock driven by hand. Stateful with a non-const call operator, to show the clocks
// keep it by value and call it through a non-const reference.
struct manual_clock {
    std::int64_t ms = 0;
    int reads = 0;
    std::chrono::milliseconds operator()() noexcept {
        ++reads;
        return std::chrono::milliseconds{ms};
    }
};

constexpr std::uint64_t max_wall = hlc_timestamp::max_wall_ms;
constexpr std::uint16_t max_logical = hlc_timestamp::max_logical;

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

}  // namespace

// Readable timestamps in failure messages.
template <>
struct Catch::StringMaker<hlc_timestamp> {
    static std::string convert(hlc_timestamp t) { return converge::to_string(t); }
};

// --- hlc_timestamp ---------------------------------------------------------------------------

TEST_CASE("hlc_timestamp: noexcept promises and concepts") {
    STATIC_REQUIRE(converge::crdt<hlc_timestamp>);
    STATIC_REQUIRE(std::is_nothrow_default_constructible_v<hlc_timestamp>);
    STATIC_REQUIRE_FALSE(
        std::is_nothrow_constructible_v<hlc_timestamp, std::uint64_t, std::uint16_t>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<hlc_timestamp>);
    STATIC_REQUIRE(sizeof(hlc_timestamp) == sizeof(std::uint64_t));
    STATIC_REQUIRE(noexcept(hlc_timestamp::from_packed(0)));
    STATIC_REQUIRE(noexcept(hlc_timestamp{}.packed()));
    STATIC_REQUIRE(noexcept(hlc_timestamp{}.wall_ms()));
    STATIC_REQUIRE(noexcept(hlc_timestamp{}.logical()));
    STATIC_REQUIRE(noexcept(hlc_timestamp{}.wall_time()));
    STATIC_REQUIRE(noexcept(std::declval<hlc_timestamp&>().merge(hlc_timestamp{})));
    STATIC_REQUIRE(
        std::is_same_v<decltype(hlc_timestamp{} <=> hlc_timestamp{}), std::strong_ordering>);
    // Usable at compile time.
    STATIC_REQUIRE(hlc_timestamp(3, 4).packed() == (3u << 16 | 4u));
    STATIC_REQUIRE(hlc_timestamp(3, 4).merge(hlc_timestamp(3, 9)) == hlc_timestamp(3, 9));
}

TEST_CASE("hlc_timestamp: packing round-trips") {
    const hlc_timestamp t(1'700'000'000'123, 7);
    CHECK(t.wall_ms() == 1'700'000'000'123u);
    CHECK(t.logical() == 7u);
    CHECK(t.packed() == (std::uint64_t{1'700'000'000'123} << 16 | 7u));
    CHECK(hlc_timestamp::from_packed(t.packed()) == t);
    CHECK(t.wall_time().time_since_epoch() == 1'700'000'000'123ms);
    CHECK(to_string(t) == "1700000000123.7");
    CHECK(hlc_timestamp{}.packed() == 0u);

    const hlc_timestamp top(max_wall, max_logical);
    CHECK(top.packed() == ~std::uint64_t{0});
    CHECK(hlc_timestamp::from_packed(~std::uint64_t{0}) == top);
    CHECK(top.wall_ms() == max_wall);
    CHECK(top.logical() == max_logical);
}

TEST_CASE("hlc_timestamp: order is (wall, logical), the same as the packed order") {
    const hlc_timestamp a(5, max_logical), b(6, 0), c(6, 1);
    CHECK(a < b);
    CHECK(b < c);
    CHECK(a.packed() < b.packed());
    CHECK((b <=> b) == std::strong_ordering::equal);
    CHECK(hlc_timestamp(5, 1) != hlc_timestamp(5, 2));
    hlc_timestamp m = c;
    CHECK(m.merge(a) == c);
    CHECK(hlc_timestamp(a).merge(c) == c);
}

TEST_CASE("hlc_timestamp: the wall time must fit in 48 bits") {
    CHECK_NOTHROW(hlc_timestamp(max_wall, 0));
    CHECK_THROWS_AS(hlc_timestamp(max_wall + 1, 0), std::out_of_range);
    CHECK_THROWS_AS(hlc_timestamp(~std::uint64_t{0}, 0), std::out_of_range);
}

// --- physical clocks -------------------------------------------------------------------------

namespace {
struct micro_clock {
    std::chrono::microseconds operator()() const noexcept { return {}; }
};
struct second_clock {
    std::chrono::seconds operator()() const noexcept { return {}; }
};
}  // namespace

TEST_CASE("physical_clock concept") {
    STATIC_REQUIRE(converge::physical_clock<converge::system_physical_clock>);
    STATIC_REQUIRE(converge::physical_clock<manual_clock>);
    STATIC_REQUIRE(converge::physical_clock<second_clock>);       // converts exactly
    STATIC_REQUIRE_FALSE(converge::physical_clock<micro_clock>);  // would truncate
    STATIC_REQUIRE_FALSE(converge::physical_clock<int>);
    STATIC_REQUIRE(noexcept(converge::system_physical_clock{}()));

    const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    const auto reading = converge::system_physical_clock{}();
    CHECK(reading >= before);
    CHECK(reading - before < 10s);
}

// --- hybrid_clock and atomic_hybrid_clock: the same rules -------------------------------------

namespace {
// Brings a fresh clock to exactly (wall, logical) via receive, with the physical clock at wall.
template <class Clock>
void drive_to(Clock& clock, std::uint64_t wall, std::uint16_t logical) {
    clock.physical_clock().ms = static_cast<std::int64_t>(wall);
    if (logical == 0) {
        REQUIRE(clock.now() == hlc_timestamp(wall, 0));
    } else {
        REQUIRE(
            clock.receive(hlc_timestamp(wall, static_cast<std::uint16_t>(logical - 1))).value() ==
            hlc_timestamp(wall, logical));
    }
}
}  // namespace

TEMPLATE_TEST_CASE("hybrid clocks: noexcept promises and construction", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    STATIC_REQUIRE(noexcept(std::declval<const TestType&>().last()));
    STATIC_REQUIRE(noexcept(std::declval<const TestType&>().max_offset()));
    STATIC_REQUIRE(noexcept(std::declval<TestType&>().physical_clock()));
    STATIC_REQUIRE(noexcept(std::declval<const TestType&>().physical_clock()));
    STATIC_REQUIRE(std::is_same_v<decltype(std::declval<TestType&>().receive(hlc_timestamp{})),
                                  converge::result<hlc_timestamp>>);

    const TestType fresh;
    CHECK(fresh.last() == hlc_timestamp{});
    CHECK(fresh.max_offset() == TestType::default_max_offset);
    CHECK(TestType::default_max_offset == 500ms);
    const TestType custom(manual_clock{42, 0}, 20ms);
    CHECK(custom.max_offset() == 20ms);
    CHECK(custom.physical_clock().ms == 42);
    CHECK_THROWS_AS(TestType(manual_clock{}, -1ms), std::invalid_argument);
}

TEMPLATE_TEST_CASE("hybrid clocks: now() follows the physical clock, else counts", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    TestType clock(manual_clock{1000, 0});
    CHECK(clock.now() == hlc_timestamp(1000, 0));
    CHECK(clock.now() == hlc_timestamp(1000, 1));
    CHECK(clock.last() == hlc_timestamp(1000, 1));
    clock.physical_clock().ms = 1005;
    CHECK(clock.now() == hlc_timestamp(1005, 0));
    CHECK(clock.physical_clock().reads == 3);  // the stored clock itself was called
}

TEMPLATE_TEST_CASE("hybrid clocks: the physical clock going backwards", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    TestType clock(manual_clock{5000, 0});
    CHECK(clock.now() == hlc_timestamp(5000, 0));
    clock.physical_clock().ms = 1000;
    CHECK(clock.now() == hlc_timestamp(5000, 1));
    CHECK(clock.now() == hlc_timestamp(5000, 2));
    CHECK(clock.receive(hlc_timestamp(900, 9)).value() == hlc_timestamp(5000, 3));
    clock.physical_clock().ms = 5001;
    CHECK(clock.now() == hlc_timestamp(5001, 0));
}

TEMPLATE_TEST_CASE("hybrid clocks: negative physical time counts as 0", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    TestType clock(manual_clock{-50, 0});
    CHECK(clock.now() == hlc_timestamp(0, 1));
    CHECK(clock.receive(hlc_timestamp(0, 5)).value() == hlc_timestamp(0, 6));
    CHECK(clock.receive(hlc_timestamp(500, 0)).value() == hlc_timestamp(500, 1));
    const auto r = clock.receive(hlc_timestamp(501, 0));  // pt counts as 0, so 501 ms ahead
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::clock_skew_exceeded);
}

TEMPLATE_TEST_CASE("hybrid clocks: each branch of the receive rule", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    TestType clock;
    drive_to(clock, 1000, 3);  // l = 1000, c = 3, pt = 1000
    SECTION("physical time ahead of both: (pt, 0)") {
        clock.physical_clock().ms = 2000;
        CHECK(clock.receive(hlc_timestamp(1900, 5)).value() == hlc_timestamp(2000, 0));
    }
    SECTION("local and remote share the wall time: max(c, cm) + 1") {
        clock.physical_clock().ms = 500;
        CHECK(clock.receive(hlc_timestamp(1000, 7)).value() == hlc_timestamp(1000, 8));
        CHECK(clock.receive(hlc_timestamp(1000, 2)).value() == hlc_timestamp(1000, 9));
    }
    SECTION("local ahead: c + 1") {
        clock.physical_clock().ms = 500;
        CHECK(clock.receive(hlc_timestamp(900, 9)).value() == hlc_timestamp(1000, 4));
    }
    SECTION("local ahead, tied with physical time: c + 1") {
        CHECK(clock.receive(hlc_timestamp(900, 9)).value() == hlc_timestamp(1000, 4));
    }
    SECTION("remote ahead: cm + 1") {
        CHECK(clock.receive(hlc_timestamp(1200, 9)).value() == hlc_timestamp(1200, 10));
        CHECK(clock.last() == hlc_timestamp(1200, 10));
    }
    SECTION("remote ahead, tied with physical time: cm + 1") {
        clock.physical_clock().ms = 1300;
        CHECK(clock.receive(hlc_timestamp(1300, 4)).value() == hlc_timestamp(1300, 5));
    }
}

TEMPLATE_TEST_CASE("hybrid clocks: the max_offset guard", "", converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    TestType clock(manual_clock{1000, 0});
    drive_to(clock, 1000, 2);
    const hlc_timestamp before = clock.last();

    const auto rejected = clock.receive(hlc_timestamp(1501, 0));  // 1 ms past the limit
    REQUIRE_FALSE(rejected);
    CHECK(rejected.error() == errc::clock_skew_exceeded);
    INFO(rejected.message());
    CHECK(contains(rejected.message(), "1501"));       // remote wall
    CHECK(contains(rejected.message(), "(1000 ms)"));  // local physical
    CHECK(contains(rejected.message(), "501 ms ahead"));
    CHECK(contains(rejected.message(), "500 ms"));  // the limit
    CHECK(clock.last() == before);
    CHECK_FALSE(clock.receive(hlc_timestamp(max_wall, max_logical)));
    CHECK(clock.last() == before);

    const auto accepted = clock.receive(hlc_timestamp(1500, 0));  // exactly at the limit
    REQUIRE(accepted);
    CHECK(*accepted == hlc_timestamp(1500, 1));

    TestType strict(manual_clock{1000, 0}, 0ms);
    CHECK(strict.receive(hlc_timestamp(1000, 0)).value() == hlc_timestamp(1000, 1));
    CHECK(strict.receive(hlc_timestamp(1001, 0)).error() == errc::clock_skew_exceeded);
    CHECK(strict.last() == hlc_timestamp(1000, 1));

    TestType lenient(manual_clock{0, 0}, std::chrono::milliseconds::max());
    CHECK(lenient.receive(hlc_timestamp(max_wall, 0)).value() == hlc_timestamp(max_wall, 1));
}

TEMPLATE_TEST_CASE("hybrid clocks: logical overflow advances the wall time by 1 ms", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    TestType clock(manual_clock{1000, 0});
    SECTION("on receive") {
        CHECK(clock.receive(hlc_timestamp(1000, max_logical)).value() == hlc_timestamp(1001, 0));
        CHECK(clock.now() == hlc_timestamp(1001, 1));  // physical time still 1000
    }
    SECTION("on now") {
        drive_to(clock, 1000, max_logical);
        CHECK(clock.now() == hlc_timestamp(1001, 0));
        CHECK(clock.now() == hlc_timestamp(1001, 1));
    }
}

TEMPLATE_TEST_CASE("hybrid clocks: the end of time is an error, clock unchanged", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    TestType clock;
    drive_to(clock, max_wall, max_logical - 1);
    const auto last_good = clock.receive(hlc_timestamp(max_wall, 0));
    REQUIRE(last_good);
    CHECK(*last_good == hlc_timestamp(max_wall, max_logical));

    const hlc_timestamp before = clock.last();
    CHECK_THROWS_AS(clock.now(), std::overflow_error);
    CHECK(clock.last() == before);
    const auto r = clock.receive(hlc_timestamp(5, 0));
    REQUIRE_FALSE(r);
    CHECK(r.error() == errc::clock_overflow);
    CHECK(clock.last() == before);

    TestType other;
    drive_to(other, max_wall, 0);
    const auto rejected = other.receive(hlc_timestamp(max_wall, max_logical));
    REQUIRE_FALSE(rejected);
    CHECK(rejected.error() == errc::clock_overflow);
    CHECK(other.last() == hlc_timestamp(max_wall, 0));
}

TEMPLATE_TEST_CASE("hybrid clocks: a physical reading past 48 bits is a broken precondition", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    TestType clock;
    drive_to(clock, 1000, 0);
    clock.physical_clock().ms = static_cast<std::int64_t>(max_wall + 1);
    CHECK_THROWS_AS(clock.now(), std::out_of_range);
    CHECK_THROWS_AS((void)clock.receive(hlc_timestamp(1, 0)), std::out_of_range);
    CHECK(clock.last() == hlc_timestamp(1000, 0));
    clock.physical_clock().ms = static_cast<std::int64_t>(max_wall);
    CHECK(clock.now() == hlc_timestamp(max_wall, 0));
}

// --- resuming after a restart ----------------------------------------------------------------

namespace {
// The name each clock gives in its error messages.
template <class Clock>
constexpr std::string_view clock_name = "hybrid_clock";
template <>
constexpr std::string_view clock_name<converge::atomic_hybrid_clock<manual_clock>> =
    "atomic_hybrid_clock";

// The message `f` throws as E, or "" if it throws nothing.
template <class E, class F>
std::string thrown_message(F f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    }
    return {};
}

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}
}  // namespace

TEMPLATE_TEST_CASE("hybrid clocks: construction from a saved timestamp", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    STATIC_REQUIRE(std::is_constructible_v<TestType, hlc_timestamp>);
    STATIC_REQUIRE(std::is_constructible_v<TestType, hlc_timestamp, manual_clock>);
    STATIC_REQUIRE(
        std::is_constructible_v<TestType, hlc_timestamp, manual_clock, std::chrono::milliseconds>);
    STATIC_REQUIRE_FALSE(std::is_convertible_v<hlc_timestamp, TestType>);  // explicit

    const hlc_timestamp saved(1'700'000'000'000, 17);
    const TestType defaults(saved);
    CHECK(defaults.last() == saved);
    CHECK(defaults.max_offset() == TestType::default_max_offset);
    CHECK(defaults.physical_clock().reads == 0);  // resuming reads no physical time
    const TestType custom(saved, manual_clock{42, 0}, 20ms);
    CHECK(custom.last() == saved);
    CHECK(custom.max_offset() == 20ms);
    CHECK(custom.physical_clock().ms == 42);
    CHECK_THROWS_AS(TestType(saved, manual_clock{}, -1ms), std::invalid_argument);
    // The zero timestamp is what the other constructor starts from.
    CHECK(TestType(hlc_timestamp{}, manual_clock{1000, 0}).now() ==
          TestType(manual_clock{1000, 0}).now());
}

TEMPLATE_TEST_CASE("hybrid clocks: resumed after a restart across a step back of the wall clock",
                   "", converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    hlc_timestamp saved;
    {
        TestType before_crash(manual_clock{5000, 0});
        CHECK(before_crash.now() == hlc_timestamp(5000, 0));
        CHECK(before_crash.receive(hlc_timestamp(5400, 7)).value() == hlc_timestamp(5400, 8));
        CHECK(before_crash.now() == hlc_timestamp(5400, 9));
        saved = before_crash.last();  // what the application persists
    }
    // An NTP step moved the wall clock back four seconds while the node was down.
    const std::int64_t after_step = 1000;
    // Without the saved timestamp, the new clock would issue one its predecessor already had.
    CHECK(TestType(manual_clock{after_step, 0}).now() < saved);

    TestType clock(saved, manual_clock{after_step, 0});
    CHECK(clock.last() == saved);
    CHECK(clock.now() == hlc_timestamp(5400, 10));  // the logical counter carries on
    CHECK(clock.receive(hlc_timestamp(900, 3)).value() == hlc_timestamp(5400, 11));
    CHECK(clock.receive(hlc_timestamp(1500, 20)).value() == hlc_timestamp(5400, 12));
    // The max_offset guard measures against the physical clock, not against last().
    CHECK(clock.receive(hlc_timestamp(5400, 20)).error() == errc::clock_skew_exceeded);
    CHECK(clock.last() == hlc_timestamp(5400, 12));
    clock.physical_clock().ms = 5400;  // caught up to the saved wall time, not yet past it
    CHECK(clock.now() == hlc_timestamp(5400, 13));
    clock.physical_clock().ms = 5401;
    CHECK(clock.now() == hlc_timestamp(5401, 0));  // back to following physical time
}

TEMPLATE_TEST_CASE("hybrid clocks: a saved timestamp far ahead of the physical clock is kept", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    constexpr std::uint64_t pt = 1'000'000;
    constexpr std::uint64_t hour = 3'600'000;
    SECTION("timestamps stay after it until physical time passes it") {
        TestType clock(hlc_timestamp(pt + hour, 3), manual_clock{static_cast<std::int64_t>(pt), 0});
        CHECK(clock.now() == hlc_timestamp(pt + hour, 4));
        // The max_offset guard still measures remote timestamps against the physical clock.
        CHECK(clock.receive(hlc_timestamp(pt + 500, 0)).value() == hlc_timestamp(pt + hour, 5));
        const auto rejected = clock.receive(hlc_timestamp(pt + 501, 0));
        REQUIRE_FALSE(rejected);
        CHECK(rejected.error() == errc::clock_skew_exceeded);
        CHECK(clock.last() == hlc_timestamp(pt + hour, 5));
    }
    SECTION("a full logical counter carries into the wall time") {
        TestType clock(hlc_timestamp(pt + hour, max_logical),
                       manual_clock{static_cast<std::int64_t>(pt), 0});
        CHECK(clock.now() == hlc_timestamp(pt + hour + 1, 0));
    }
    SECTION("at the end of time nothing more can be issued, clock unchanged") {
        const hlc_timestamp end(max_wall, max_logical);
        TestType clock(end, manual_clock{static_cast<std::int64_t>(pt), 0});
        CHECK_THROWS_AS(clock.now(), std::overflow_error);
        const auto r = clock.receive(hlc_timestamp(pt, 0));
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::clock_overflow);
        CHECK(clock.last() == end);
    }
}

TEMPLATE_TEST_CASE("hybrid clocks: error messages name the clock", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    const std::string name(clock_name<TestType>);
    const std::string thrown = "converge: " + name;
    CHECK(starts_with(thrown_message<std::invalid_argument>([] { TestType(manual_clock{}, -1ms); }),
                      thrown + ": max_offset must not be negative"));
    CHECK(starts_with(thrown_message<std::invalid_argument>(
                          [] { TestType(hlc_timestamp{}, manual_clock{}, -1ms); }),
                      thrown + ": max_offset must not be negative"));

    TestType clock(manual_clock{static_cast<std::int64_t>(max_wall + 1), 0});
    CHECK(starts_with(thrown_message<std::out_of_range>([&] { (void)clock.now(); }),
                      thrown + "::now: physical clock reading"));
    CHECK(starts_with(
        thrown_message<std::out_of_range>([&] { (void)clock.receive(hlc_timestamp{}); }),
        thrown + "::receive: physical clock reading"));

    TestType ended(hlc_timestamp(max_wall, max_logical), manual_clock{0, 0});
    CHECK(starts_with(thrown_message<std::overflow_error>([&] { (void)ended.now(); }),
                      thrown + "::now: no timestamp after"));
    CHECK(starts_with(ended.receive(hlc_timestamp{}).message(), name + "::receive: accepting"));
    TestType strict(manual_clock{0, 0}, 0ms);
    CHECK(starts_with(strict.receive(hlc_timestamp(1, 0)).message(),
                      name + "::receive: remote wall time"));
}

TEMPLATE_TEST_CASE("hybrid clocks: the system clock by default", "", converge::hybrid_clock<>,
                   converge::atomic_hybrid_clock<>) {
    TestType clock;
    const auto wall = converge::system_physical_clock{}();
    const hlc_timestamp a = clock.now();
    const hlc_timestamp b = clock.now();
    CHECK(a < b);
    CHECK(clock.last() == b);
    CHECK(a.wall_time().time_since_epoch() >= wall);
    CHECK(a.wall_time().time_since_epoch() - wall < 10s);
    const auto r = clock.receive(b);
    REQUIRE(r);
    CHECK(b < *r);
}

TEST_CASE("hybrid_clock is a copyable value, atomic_hybrid_clock is pinned in place") {
    STATIC_REQUIRE(std::is_copy_constructible_v<converge::hybrid_clock<>>);
    STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<converge::atomic_hybrid_clock<>>);
    STATIC_REQUIRE_FALSE(std::is_move_constructible_v<converge::atomic_hybrid_clock<>>);
}

// --- settings and hooks for applications coming from other HLCs ------------------------------

TEMPLATE_TEST_CASE("hybrid clocks: set_max_offset", "", converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    TestType clock(manual_clock{1'000, 0});
    clock.set_max_offset(100ms);
    CHECK(clock.max_offset() == 100ms);
    CHECK(clock.receive(hlc_timestamp(1'101, 0)).error() == errc::clock_skew_exceeded);
    CHECK(clock.receive(hlc_timestamp(1'100, 0)).value() == hlc_timestamp(1'100, 1));
    clock.set_max_offset(0ms);
    CHECK(clock.max_offset() == 0ms);
    CHECK(clock.receive(hlc_timestamp(1'001, 0)).error() == errc::clock_skew_exceeded);

    const auto last = clock.last();
    CHECK_THROWS_AS(clock.set_max_offset(-1ms), std::invalid_argument);
    CHECK(clock.max_offset() == 0ms);
    CHECK(clock.last() == last);
}

TEMPLATE_TEST_CASE("hybrid clocks: update() says whether the remote moved the clock", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    STATIC_REQUIRE(std::is_same_v<decltype(std::declval<TestType&>().update(hlc_timestamp{})),
                                  converge::result<converge::hlc_update>>);
    TestType clock(manual_clock{1'000, 0});
    REQUIRE(clock.now() == hlc_timestamp(1'000, 0));

    SECTION("a remote behind the clock: a local event") {
        const auto u = clock.update(hlc_timestamp(900, 7)).value();
        CHECK(u == converge::hlc_update{hlc_timestamp(1'000, 1), false});
        CHECK(clock.last() == u.timestamp);
    }
    SECTION("a remote at the same wall time with a lower or equal logical count") {
        CHECK(clock.update(hlc_timestamp(1'000, 0)).value() ==
              converge::hlc_update{hlc_timestamp(1'000, 1), false});
    }
    SECTION("a remote at the same wall time with a higher logical count") {
        CHECK(clock.update(hlc_timestamp(1'000, 5)).value() ==
              converge::hlc_update{hlc_timestamp(1'000, 6), true});
    }
    SECTION("a remote ahead of the physical clock, within the offset") {
        CHECK(clock.update(hlc_timestamp(1'200, 3)).value() ==
              converge::hlc_update{hlc_timestamp(1'200, 4), true});
    }
    SECTION("the physical clock ahead of both") {
        clock.physical_clock().ms = 2'000;
        CHECK(clock.update(hlc_timestamp(1'500, 3)).value() ==
              converge::hlc_update{hlc_timestamp(2'000, 0), false});
    }
    SECTION("a remote at the physical reading, ahead of the clock") {
        clock.physical_clock().ms = 2'000;
        CHECK(clock.update(hlc_timestamp(2'000, 0)).value() ==
              converge::hlc_update{hlc_timestamp(2'000, 1), true});
    }
    SECTION("a rejected remote changes nothing, with receive()'s failure") {
        const auto r = clock.update(hlc_timestamp(5'000, 0));
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::clock_skew_exceeded);
        CHECK(contains(r.message(), "::update"));
        CHECK(clock.last() == hlc_timestamp(1'000, 0));
    }
}

TEMPLATE_TEST_CASE("hybrid clocks: the forward jump check", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    TestType clock(manual_clock{1'000, 0});
    CHECK_FALSE(clock.max_forward_jump().has_value());
    clock.physical_clock().ms = 1'000'000;  // unchecked by default
    CHECK(clock.now() == hlc_timestamp(1'000'000, 0));

    clock.set_max_forward_jump(100ms);
    CHECK(clock.max_forward_jump() == 100ms);
    clock.physical_clock().ms = 5'000'000;  // the first reading after setting starts afresh
    CHECK(clock.now() == hlc_timestamp(5'000'000, 0));
    clock.physical_clock().ms += 100;  // exactly the limit is fine
    CHECK(clock.now() == hlc_timestamp(5'000'100, 0));
    clock.physical_clock().ms -= 5'000;  // backwards is not a forward jump...
    CHECK(clock.now() == hlc_timestamp(5'000'100, 1));
    clock.physical_clock().ms += 5'050;  // ...and the highest reading is the reference
    CHECK(clock.now() == hlc_timestamp(5'000'150, 0));

    clock.physical_clock().ms += 101;
    const auto last = clock.last();
    bool threw = false;
    try {
        (void)clock.now();
    } catch (const std::system_error& e) {
        threw = true;
        CHECK(e.code() == errc::clock_jump_detected);
        CHECK(contains(e.what(), "jumped forward 101 ms"));
        CHECK(contains(e.what(), "::now"));
    }
    CHECK(threw);
    CHECK(clock.last() == last);
    // Not remembered: the clock keeps refusing, receive() and the timer check too.
    CHECK_THROWS_AS(clock.now(), std::system_error);
    CHECK_THROWS_AS((void)clock.receive(hlc_timestamp(1, 0)), std::system_error);
    CHECK_THROWS_AS((void)clock.update(hlc_timestamp(1, 0)), std::system_error);
    CHECK_THROWS_AS(clock.check_physical_clock(), std::system_error);
    CHECK(clock.last() == last);

    // The physical clock coming back within range ends it.
    clock.physical_clock().ms -= 50;
    CHECK(clock.now() == hlc_timestamp(5'000'201, 0));

    // Accepting a jump: set the limit again.
    clock.physical_clock().ms += 10'000;
    CHECK_THROWS_AS(clock.now(), std::system_error);
    clock.set_max_forward_jump(100ms);
    CHECK(clock.now() == hlc_timestamp(5'010'201, 0));

    // The timer check keeps the reference fresh through a quiet spell.
    for (int i = 0; i < 10; ++i) {
        clock.physical_clock().ms += 90;
        clock.check_physical_clock();
    }
    CHECK(clock.now() == hlc_timestamp(5'011'101, 0));

    clock.set_max_forward_jump(std::nullopt);
    CHECK_FALSE(clock.max_forward_jump().has_value());
    clock.physical_clock().ms += 1'000'000;
    CHECK(clock.now().wall_ms() == 6'011'101u);

    CHECK_THROWS_AS(clock.set_max_forward_jump(-1ms), std::invalid_argument);
    CHECK_FALSE(clock.max_forward_jump().has_value());
}

TEMPLATE_TEST_CASE("hybrid clocks: the wall-time upper bound", "",
                   converge::hybrid_clock<manual_clock>,
                   converge::atomic_hybrid_clock<manual_clock>) {
    TestType clock(manual_clock{1'000, 0});
    CHECK_FALSE(clock.wall_time_upper_bound().has_value());
    REQUIRE(clock.now() == hlc_timestamp(1'000, 0));

    clock.set_wall_time_upper_bound(1'100ms);
    CHECK(clock.wall_time_upper_bound() == 1'100ms);
    clock.physical_clock().ms = 1'100;  // at the bound is fine
    CHECK(clock.now() == hlc_timestamp(1'100, 0));

    SECTION("now() refuses to pass it") {
        clock.physical_clock().ms = 1'101;
        bool threw = false;
        try {
            (void)clock.now();
        } catch (const std::overflow_error& e) {
            threw = true;
            CHECK(contains(e.what(), "upper bound of 1100 ms"));
        }
        CHECK(threw);
        CHECK(clock.last() == hlc_timestamp(1'100, 0));
        clock.set_wall_time_upper_bound(2'000ms);  // raised in time: on it goes
        CHECK(clock.now() == hlc_timestamp(1'101, 0));
    }
    SECTION("also through the logical carry") {
        clock.physical_clock().ms = 0;
        TestType resumed(hlc_timestamp(1'100, max_logical), manual_clock{0, 0});
        resumed.set_wall_time_upper_bound(1'100ms);
        CHECK_THROWS_AS(resumed.now(), std::overflow_error);
        CHECK(resumed.last() == hlc_timestamp(1'100, max_logical));
    }
    SECTION("receive() and update() fail with clock_overflow, changing nothing") {
        for (const auto remote : {hlc_timestamp(1'300, 0), hlc_timestamp(1'100, max_logical)}) {
            const auto r = clock.receive(remote);
            REQUIRE_FALSE(r);
            CHECK(r.error() == errc::clock_overflow);
            CHECK(contains(r.message(), "upper bound of 1100 ms"));
            CHECK(clock.update(remote).error() == errc::clock_overflow);
            CHECK(clock.last() == hlc_timestamp(1'100, 0));
        }
        CHECK(clock.receive(hlc_timestamp(1'100, 5)).value() == hlc_timestamp(1'100, 6));
    }
    SECTION("a bound below the last timestamp, or negative, is refused") {
        CHECK_THROWS_AS(clock.set_wall_time_upper_bound(1'099ms), std::invalid_argument);
        CHECK_THROWS_AS(clock.set_wall_time_upper_bound(-1ms), std::invalid_argument);
        CHECK(clock.wall_time_upper_bound() == 1'100ms);
        clock.set_wall_time_upper_bound(1'100ms);  // the last wall time itself is fine
        clock.clear_wall_time_upper_bound();
        CHECK_FALSE(clock.wall_time_upper_bound().has_value());
        clock.physical_clock().ms = 1'000'000;
        CHECK(clock.now() == hlc_timestamp(1'000'000, 0));
    }
}

TEST_CASE("hybrid_clock: settings are part of the copied value") {
    converge::hybrid_clock<manual_clock> clock(manual_clock{1'000, 0});
    clock.set_max_offset(7ms);
    clock.set_max_forward_jump(9ms);
    clock.set_wall_time_upper_bound(2'000ms);
    const auto copy = clock;
    CHECK(copy.max_offset() == 7ms);
    CHECK(copy.max_forward_jump() == 9ms);
    CHECK(copy.wall_time_upper_bound() == 2'000ms);
}
