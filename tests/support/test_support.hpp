// SPDX-License-Identifier: MIT
#pragma once

// One include for every test: Catch2 (v2 or v3) plus a bridge that runs a RapidCheck property
// inside a Catch2 test case and fails the test with RapidCheck's report.

#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif

#include <converge/testing/property.hpp>

#include <string>
#include <utility>

// Checks a RapidCheck property; on failure the test fails with the counterexample.
#define CONVERGE_CHECK_PROPERTY(description, ...)                        \
    do {                                                                 \
        const auto converge_outcome_ =                                   \
            ::converge::testing::run_property(description, __VA_ARGS__); \
        INFO(converge_outcome_.report);                                  \
        CHECK(converge_outcome_.passed);                                 \
    } while (false)

// Checks that a property FAILS: used against planted bugs, to show a property can catch them.
#define CONVERGE_CHECK_PROPERTY_FAILS(description, ...)                                       \
    do {                                                                                      \
        const auto converge_outcome_ = ::converge::testing::run_property(                     \
            description, __VA_ARGS__,                                                         \
            ::converge::testing::check_options{.shrink = false, .announce_failures = false}); \
        INFO(converge_outcome_.report);                                                       \
        CHECK_FALSE(converge_outcome_.passed);                                                \
    } while (false)
