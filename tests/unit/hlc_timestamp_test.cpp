// SPDX-License-Identifier: MIT
// next, prev, add and parse of hlc_timestamp; the older members are in hybrid_clock_test.cpp.
#include <converge/clock/hlc_timestamp.hpp>

#include "test_support.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

using namespace std::chrono_literals;
using converge::errc;
using converge::hlc_timestamp;

namespace {

constexpr std::uint64_t max_wall = hlc_timestamp::max_wall_ms;
constexpr std::uint16_t max_logical = hlc_timestamp::max_logical;
constexpr hlc_timestamp last_ts(max_wall, max_logical);

}  // namespace

TEST_CASE("hlc_timestamp: next and prev are constexpr and noexcept") {
    STATIC_REQUIRE(noexcept(hlc_timestamp{}.next()));
    STATIC_REQUIRE(noexcept(hlc_timestamp{}.prev()));
    STATIC_REQUIRE(noexcept(hlc_timestamp{}.add(std::declval<std::chrono::milliseconds>(), 1)));
    STATIC_REQUIRE(*hlc_timestamp(3, 4).next() == hlc_timestamp(3, 5));
    STATIC_REQUIRE(*hlc_timestamp(3, 4).prev() == hlc_timestamp(3, 3));
    STATIC_REQUIRE(*hlc_timestamp(3, 4).add(2ms, 1) == hlc_timestamp(5, 5));
}

TEST_CASE("hlc_timestamp: next") {
    CHECK(hlc_timestamp(7, 0).next() == hlc_timestamp(7, 1));
    // At the counter's top it carries into the next millisecond, as the clock does.
    CHECK(hlc_timestamp(7, max_logical).next() == hlc_timestamp(8, 0));
    CHECK(hlc_timestamp(max_wall, max_logical - 1).next() == last_ts);
    CHECK(last_ts.next() == std::nullopt);
}

TEST_CASE("hlc_timestamp: prev") {
    CHECK(hlc_timestamp(7, 1).prev() == hlc_timestamp(7, 0));
    CHECK(hlc_timestamp(8, 0).prev() == hlc_timestamp(7, max_logical));
    CHECK(hlc_timestamp(0, 1).prev() == hlc_timestamp{});
    CHECK(hlc_timestamp{}.prev() == std::nullopt);
    CHECK(last_ts.prev() == hlc_timestamp(max_wall, max_logical - 1));
}

TEST_CASE("hlc_timestamp: add") {
    const hlc_timestamp t(1'000, 10);
    CHECK(t.add(0ms) == t);
    CHECK(t.add(5ms) == hlc_timestamp(1'005, 10));
    CHECK(t.add(5ms, 3) == hlc_timestamp(1'005, 13));
    CHECK(t.add(-1'000ms) == hlc_timestamp(0, 10));
    CHECK(t.add(-1'000ms, 2) == hlc_timestamp(0, 12));
    // A logical count past the top carries into the wall time.
    CHECK(hlc_timestamp(1'000, max_logical).add(0ms, 1) == hlc_timestamp(1'001, 0));
    CHECK(hlc_timestamp(1'000, 65'000).add(0ms, 1'000) == hlc_timestamp(1'001, 464));
    // Overflow and underflow are reported, not wrapped.
    CHECK(t.add(-1'001ms) == std::nullopt);
    CHECK(t.add(std::chrono::milliseconds::min()) == std::nullopt);
    CHECK(t.add(std::chrono::milliseconds::max()) == std::nullopt);
    CHECK(hlc_timestamp(max_wall, 0).add(1ms) == std::nullopt);
    CHECK(hlc_timestamp(max_wall, 0).add(0ms, max_logical) == last_ts);
    CHECK(last_ts.add(0ms, 1) == std::nullopt);
    CHECK(hlc_timestamp{}.add(std::chrono::milliseconds(static_cast<std::int64_t>(max_wall))) ==
          hlc_timestamp(max_wall, 0));
    CHECK(hlc_timestamp(1, 0).add(std::chrono::milliseconds(static_cast<std::int64_t>(max_wall))) ==
          std::nullopt);
}

TEST_CASE("hlc_timestamp: parse reads what to_string prints") {
    for (const hlc_timestamp t : {hlc_timestamp{}, hlc_timestamp(1'700'000'000'123, 7),
                                  hlc_timestamp(0, max_logical), hlc_timestamp(10, 0), last_ts}) {
        const auto r = hlc_timestamp::parse(to_string(t));
        REQUIRE(r);
        CHECK(*r == t);
    }
    CHECK(*hlc_timestamp::parse("281474976710655.65535") == last_ts);
}

TEST_CASE("hlc_timestamp: parse rejects everything else, naming the position") {
    const struct {
        std::string_view text;
        std::size_t position;
    } cases[] = {
        {"", 0},
        {".", 0},
        {"12", 2},
        {"12.", 3},
        {"12.x", 3},
        {"x.1", 0},
        {" 1.2", 0},
        {"1.2 ", 3},
        {"+1.2", 0},
        {"-1.2", 0},
        {"1.-2", 2},
        {"01.2", 0},
        {"1.02", 2},
        {"00.0", 0},
        {"1.2.3", 3},
        {"1,2", 1},
        {"281474976710656.0", 0},  // wall time past 48 bits
        {"1.65536", 2},            // logical past 16 bits
        {"99999999999999999999999.0", 0},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto r = hlc_timestamp::parse(c.text);
        REQUIRE_FALSE(r);
        CHECK(r.error() == errc::invalid_value);
        CHECK(r.byte_offset() == c.position);
        CHECK(std::string(r.message()).find("position " + std::to_string(c.position)) !=
              std::string::npos);
    }
}
