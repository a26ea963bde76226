// SPDX-License-Identifier: MIT
// The law checker must pass a correct lattice and report each broken law on a type built to
// break exactly that law: a checker that cannot fail proves nothing.
#include <converge/testing/laws.hpp>

#include "test_support.hpp"

#include <algorithm>
#include <cstdint>

namespace {

// A correct lattice: max over integers, with <= as its order.
struct max_register {
    std::uint32_t value = 0;
    void merge(const max_register& o) { value = std::max(value, o.value); }
    friend bool operator==(const max_register&, const max_register&) = default;
    friend bool operator<=(const max_register& a, const max_register& b) {
        return a.value <= b.value;
    }
};

// Sums: commutative and associative, but merging twice counts twice.
struct summing {
    std::uint32_t value = 0;
    void merge(const summing& o) { value += o.value; }
    friend bool operator==(const summing&, const summing&) = default;
};

// Last writer wins by arrival: associative and idempotent, but order matters.
struct take_other {
    std::uint32_t value = 0;
    void merge(const take_other& o) { value = o.value; }
    friend bool operator==(const take_other&, const take_other&) = default;
};

// Rounded average: commutative and idempotent, not associative.
struct averaging {
    std::uint32_t value = 0;
    void merge(const averaging& o) { value = (value + o.value) / 2; }
    friend bool operator==(const averaging&, const averaging&) = default;
};

// Min claims the numeric order: a lattice, but merge moves down that order.
struct min_with_max_order {
    std::uint32_t value = 0;
    void merge(const min_with_max_order& o) { value = std::min(value, o.value); }
    friend bool operator==(const min_with_max_order&, const min_with_max_order&) = default;
    friend bool operator<=(const min_with_max_order& a, const min_with_max_order& b) {
        return a.value <= b.value;
    }
};

}  // namespace

namespace rc {
template <class T>
requires std::is_same_v<T, max_register> || std::is_same_v<T, summing> ||
    std::is_same_v<T, take_other> || std::is_same_v<T, averaging> ||
    std::is_same_v<T, min_with_max_order>
struct Arbitrary<T> {
    static Gen<T> arbitrary() {
        return gen::map(gen::inRange<std::uint32_t>(0, 1000), [](std::uint32_t v) { return T{v}; });
    }
};
}  // namespace rc

using namespace converge::testing;

// For types built to fail: no shrinking, and no "to reproduce" line at exit.
static const check_options expect_failure{.shrink = false, .announce_failures = false};

TEST_CASE("a correct lattice passes every law") {
    const law_report report = check_lattice_laws<max_register>();
    INFO(report.summary());
    CHECK(report.passed());
}

TEST_CASE("a merge that is not idempotent is caught") {
    const law_report report = check_lattice_laws<summing>(expect_failure);
    INFO(report.summary());
    CHECK(report.violated(law_idempotent));
    CHECK_FALSE(report.violated(law_commutative));
}

TEST_CASE("a merge that is not commutative is caught") {
    const law_report report = check_lattice_laws<take_other>(expect_failure);
    INFO(report.summary());
    CHECK(report.violated(law_commutative));
    CHECK_FALSE(report.violated(law_idempotent));
    CHECK_FALSE(report.violated(law_associative));
}

TEST_CASE("a merge that is not associative is caught") {
    const law_report report = check_lattice_laws<averaging>(expect_failure);
    INFO(report.summary());
    CHECK(report.violated(law_associative));
    CHECK_FALSE(report.violated(law_commutative));
}

TEST_CASE("a merge that moves down the declared order is caught") {
    const law_report report = check_lattice_laws<min_with_max_order>(expect_failure);
    INFO(report.summary());
    CHECK(report.violated(law_inflationary));
    CHECK(report.violated(law_order_agrees));
    CHECK_FALSE(report.passed());
}
