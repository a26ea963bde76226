// SPDX-License-Identifier: MIT
// The examples of docs/api/testing_laws.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/crdt/g_counter.hpp>
#include <converge/testing/arbitrary/counters.hpp>
#include <converge/testing/laws.hpp>
#include <converge/testing/property.hpp>

#include <rapidcheck.h>

#include <cstdio>

// [broken_type]
// Not a CRDT: merge adds, so merging the same state twice counts it twice.
struct sum_register {
    int value = 0;

    sum_register& merge(const sum_register& other) {
        value += other.value;
        return *this;
    }
    friend bool operator==(const sum_register&, const sum_register&) = default;
};

// The generator the law checker draws sum_register values from.
template <>
struct rc::Arbitrary<sum_register> {
    static Gen<sum_register> arbitrary() {
        return gen::build<sum_register>(gen::set(&sum_register::value, gen::inRange(0, 100)));
    }
};
// [/broken_type]

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/testing_laws.md example broken: %s\n", what);
        ++failures;
    }
}

void laws_example() {
    // [laws]
    namespace ct = converge::testing;
    ct::check_options options;
    options.max_success = 200;  // cases per law
    options.seed = 42;          // reproducible
    const ct::law_report good = ct::check_lattice_laws<converge::g_counter<>>(options);
    // good.passed(): all four laws held

    options.announce_failures = false;  // expected to fail: keep RapidCheck quiet
    const ct::law_report bad = ct::check_lattice_laws<sum_register>(options);
    // !bad; bad.violated(ct::law_idempotent); bad.summary() shows each counterexample

    const ct::property_outcome own = ct::run_property(
        "join commutes for counters",
        [](const converge::g_counter<>& a, const converge::g_counter<>& b) {
            RC_ASSERT(converge::join(a, b) == converge::join(b, a));
        },
        options);
    // own.passed; own.report is RapidCheck's account
    // [/laws]
    check(good.passed() && good.violations().empty(), "g_counter passes");
    check(!bad && bad.violated(ct::law_idempotent) && bad.violated(ct::law_inflationary) &&
              !bad.violated(ct::law_commutative) && !bad.violated(ct::law_associative),
          "sum_register fails the right laws");
    check(bad.summary().rfind("4 laws checked, 2 violated", 0) == 0, "summary");
    check(own.passed && !own.report.empty(), "run_property");
}

}  // namespace

int run_snippet_api_testing_laws() {
    laws_example();
    return failures == 0 ? 0 : 1;
}
