// SPDX-License-Identifier: MIT
#include <converge/crdt/lww_register.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

using converge::hlc_timestamp;
using converge::lww_register;

static_assert(converge::crdt<lww_register<int>>);
static_assert(converge::delta_crdt<lww_register<int>>);
static_assert(converge::delta_crdt<lww_register<std::string, std::string>>);
static_assert(converge::delta_crdt<lww_register<std::string, std::uint64_t, std::uint64_t>>);

namespace {
hlc_timestamp at(std::uint64_t ms, std::uint16_t logical = 0) {
    return {ms, logical};
}
}  // namespace

TEST_CASE("lww_register: empty before any assignment") {
    const lww_register<std::string> r;
    CHECK_FALSE(r.value().has_value());
    CHECK_FALSE(r.writer().has_value());
    CHECK(r.timestamp() == hlc_timestamp{});
    CHECK_FALSE(r.digest().has_value());
}

TEST_CASE("lww_register: assign keeps the larger (timestamp, writer)") {
    lww_register<std::string> r;
    r.assign(1, "first", at(100));
    CHECK(r.value() == "first");
    CHECK(r.timestamp() == at(100));
    CHECK(r.writer() == 1u);

    r.assign(2, "later", at(100, 1));
    CHECK(r.value() == "later");

    // An older assignment changes nothing, but its delta is still the assignment.
    const auto before = r;
    const auto stale = r.assign(3, "stale", at(99));
    CHECK(r == before);
    CHECK(stale.value() == "stale");
    CHECK(converge::join(before, stale) == r);

    // Equal timestamps: the larger writer wins, in either order, whatever the values.
    lww_register<std::string> x;
    lww_register<std::string> y;
    x.assign(7, "apple", at(200));
    y.assign(5, "zebra", at(200));
    CHECK(converge::join(x, y).value() == "apple");
    CHECK(converge::join(y, x).value() == "apple");
    lww_register<std::string> z;
    z.assign(5, "apple", at(200));
    CHECK(converge::join(x, z).writer() == 7u);
    CHECK(converge::join(z, x).writer() == 7u);
}

TEST_CASE("lww_register: the delta of assign is the assignment itself") {
    lww_register<int> r;
    const auto before = r;
    const auto delta = r.assign(4, 42, at(10));
    CHECK(delta == r);
    CHECK(converge::join(before, delta) == r);
    CHECK(delta.value() == 42);
    CHECK(delta.writer() == 4u);
}

TEST_CASE("lww_register: merge with the empty register changes nothing") {
    lww_register<int> r;
    r.assign(1, 5, at(1));
    CHECK(converge::join(r, lww_register<int>{}) == r);
    CHECK(converge::join(lww_register<int>{}, r) == r);
    // An assignment at the zero timestamp still beats the empty register.
    lww_register<int> zero;
    zero.assign(1, 9, hlc_timestamp{});
    CHECK(zero.value() == 9);
    CHECK(converge::join(lww_register<int>{}, zero) == zero);
}

TEST_CASE("lww_register: a conflicting tie (misuse) still merges the same both ways") {
    // Two different values at one (timestamp, writer): only a misbehaving replica does this.
    lww_register<std::string> a;
    lww_register<std::string> b;
    a.assign(1, "apple", at(5));
    b.assign(1, "banana", at(5));
    CHECK(converge::join(a, b) == converge::join(b, a));
    CHECK(converge::join(a, b).value() == "banana");
    // The digest sync re-sends on a tied key, so the tie resolves the same way there too.
    CHECK(a.digest() == b.digest());
    CHECK(converge::join(a, b.delta_since(a.digest())) == converge::join(a, b));
    CHECK(converge::join(b, a.delta_since(b.digest())) == converge::join(a, b));
}

TEST_CASE("lww_register: std::string writers and plain integer timestamps") {
    lww_register<int, std::string, std::uint64_t> a;
    lww_register<int, std::string, std::uint64_t> b;
    a.assign("alice", 1, 10);
    b.assign("bob", 2, 10);
    a.merge(b);
    CHECK(a.value() == 2);
    CHECK(a.writer() == "bob");
    CHECK(a.timestamp() == 10u);
}

TEST_CASE("lww_register: digest and delta_since") {
    lww_register<int> a;
    lww_register<int> b;
    a.assign(1, 10, at(5));
    b.assign(2, 20, at(6));

    using key = lww_register<int>::key_type;
    CHECK(a.digest() == key{at(5), 1});

    // b knows a newer value: a has nothing to send it.
    CHECK(a.delta_since(b.digest()) == lww_register<int>{});
    // a knows an older value: b sends its own.
    CHECK(b.delta_since(a.digest()) == b);
    CHECK(converge::join(a, b.delta_since(a.digest())) == converge::join(a, b));
    // An empty asker gets everything; an empty register sends nothing.
    CHECK(a.delta_since(std::nullopt) == a);
    CHECK(lww_register<int>{}.delta_since(a.digest()) == lww_register<int>{});
    // Equal key: the value is re-sent (see delta_since).
    CHECK(a.delta_since(a.digest()) == a);
}

TEST_CASE("lww_register: from_parts rebuilds and rejects inconsistent parts") {
    const auto ok = lww_register<std::string>::from_parts("x", at(3), 9u);
    REQUIRE(ok);
    CHECK(ok->value() == "x");
    CHECK(ok->writer() == 9u);
    CHECK(lww_register<std::string>::from_parts(std::nullopt, hlc_timestamp{}, std::nullopt)
              .value() == lww_register<std::string>{});

    const auto no_writer = lww_register<std::string>::from_parts("x", at(3), std::nullopt);
    REQUIRE_FALSE(no_writer);
    CHECK(no_writer.error() == converge::errc::invalid_parts);
    CHECK(no_writer.message() ==
          "lww_register::from_parts: a value needs the replica that wrote it");

    const auto no_value = lww_register<std::string>::from_parts(std::nullopt, at(3), 9u);
    REQUIRE_FALSE(no_value);
    CHECK(no_value.error() == converge::errc::invalid_parts);
    CHECK(no_value.message() == "lww_register::from_parts: a writer is given but no value");

    const auto stray_time =
        lww_register<std::string>::from_parts(std::nullopt, at(3), std::nullopt);
    REQUIRE_FALSE(stray_time);
    CHECK(stray_time.message() ==
          "lww_register::from_parts: an empty register must carry the default timestamp");
}
