// SPDX-License-Identifier: MIT
#include <converge/core/concepts.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>

#include "test_support.hpp"

#include <string>
#include <system_error>

using converge::errc;
using converge::failure;
using converge::result;

TEST_CASE("result holds a value") {
    result<int> r = 42;
    REQUIRE(r.has_value());
    REQUIRE(static_cast<bool>(r));
    CHECK(*r == 42);
    CHECK(r.value() == 42);
    CHECK_FALSE(r.error());
    CHECK(r.message().empty());
    CHECK_FALSE(r.byte_offset().has_value());
}

TEST_CASE("result holds a failure with code, message and offset") {
    result<std::string> r = failure(errc::invalid_parts, "bad parts at byte 7", 7);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::invalid_parts);
    CHECK(r.error().category() == converge::error_category());
    CHECK(std::string(r.error().category().name()) == "converge");
    CHECK(r.message() == "bad parts at byte 7");
    CHECK(r.byte_offset() == 7u);
    CHECK(r.value_or("fallback") == "fallback");
    CHECK_THROWS_AS(r.value(), converge::bad_result_access);
    try {
        (void)r.value();
    } catch (const converge::bad_result_access& e) {
        CHECK(e.code() == errc::invalid_parts);
        CHECK(std::string(e.what()).find("bad parts") != std::string::npos);
    }
}

TEST_CASE("every error code has its own message") {
    for (int i = 1; i <= 11; ++i) {
        const auto code = static_cast<errc>(i);
        const std::error_code ec = code;
        CHECK(ec.category() == converge::error_category());
        CHECK(ec.message() != "unknown converge error");
    }
    CHECK(std::error_code(999, converge::error_category()).message() == "unknown converge error");
}

namespace result_test {  // named: clang flags unused == in an anonymous namespace
struct max_int {
    int value = 0;
    void merge(const max_int& other) { value = value < other.value ? other.value : value; }
    friend bool operator==(const max_int&, const max_int&) = default;
};
struct no_merge {
    friend bool operator==(const no_merge&, const no_merge&) = default;
};
}  // namespace result_test

using result_test::max_int;
using result_test::no_merge;

TEST_CASE("the crdt concept and join") {
    STATIC_REQUIRE(converge::crdt<max_int>);
    STATIC_REQUIRE_FALSE(converge::crdt<no_merge>);
    STATIC_REQUIRE_FALSE(converge::delta_crdt<max_int>);  // no digest
    const max_int a{3}, b{5};
    CHECK(converge::join(a, b).value == 5);
    CHECK(a.value == 3);
    CHECK(converge::lattice_leq(a, b));
    CHECK_FALSE(converge::lattice_leq(b, a));
}
