// SPDX-License-Identifier: MIT
#pragma once

// Runs a RapidCheck property and hands back the outcome as a value, so a caller can report it
// through any test framework, or assert that a property fails on a deliberately broken type.
// Needs RapidCheck; not part of <converge/converge.hpp>.

#include <rapidcheck.h>

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

namespace converge::inline v1::testing {

namespace detail {
class silent_listener final : public rc::detail::TestListener {
public:
    void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
    void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
    void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};
}  // namespace detail

// How hard to look. Zero or empty means: RapidCheck's configuration (the RC_PARAMS
// environment variable), whose defaults are 100 cases of size up to 100 and a random seed.
struct check_options {
    int max_success = 0;
    int max_size = 0;
    std::optional<std::uint64_t> seed = std::nullopt;
    bool shrink = true;  // false: report the first counterexample as found (faster)
    // false: keep a failure out of RapidCheck's "to reproduce, run with RC_PARAMS=..." list that
    // it prints at exit; for properties that are expected to fail (planted bugs).
    bool announce_failures = true;
};

// What a property run found: passed, and RapidCheck's report (counterexample when it failed).
struct property_outcome {
    bool passed = false;
    std::string report;
};

// Checks `testable` (a callable whose arguments RapidCheck generates; it uses RC_ASSERT).
template <class Testable>
[[nodiscard]] property_outcome run_property(const std::string& description, Testable&& testable,
                                            const check_options& options = {}) {
    rc::detail::TestParams params = rc::detail::configuration().testParams;
    if (options.max_success > 0) params.maxSuccess = options.max_success;
    if (options.max_size > 0) params.maxSize = options.max_size;
    if (options.seed) params.seed = *options.seed;
    params.disableShrinking = !options.shrink;

    rc::detail::TestMetadata metadata;
    metadata.id = description;
    metadata.description = description;
    detail::silent_listener silent;
    const rc::detail::TestResult result =
        options.announce_failures
            ? rc::detail::checkTestable(std::forward<Testable>(testable), metadata, params)
            : rc::detail::checkTestable(std::forward<Testable>(testable), metadata, params, silent);

    std::ostringstream report;
    report << description << ": ";
    rc::detail::printResultMessage(result, report);
    return {result.template is<rc::detail::SuccessResult>(), report.str()};
}

}  // namespace converge::inline v1::testing
