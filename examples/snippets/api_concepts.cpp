// SPDX-License-Identifier: MIT
// The examples of docs/api/concepts.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/clock/hlc_timestamp.hpp>
#include <converge/clock/lamport_clock.hpp>
#include <converge/clock/vector_clock.hpp>
#include <converge/core/causal_context.hpp>
#include <converge/core/concepts.hpp>
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/lww_register.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/crdt/pn_counter.hpp>

#include <algorithm>
#include <cstdio>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/concepts.md example broken: %s\n", what);
        ++failures;
    }
}

// [crdt_type]
// The smallest CRDT: a register whose merge keeps the larger value.
struct max_register {
    int value = 0;

    max_register& merge(const max_register& other) {
        value = std::max(value, other.value);
        return *this;
    }
    friend bool operator==(const max_register&, const max_register&) = default;
};

static_assert(converge::crdt<max_register>);
static_assert(!converge::delta_crdt<max_register>);  // no digest() and delta_since()
static_assert(converge::delta_crdt<converge::g_counter<>>);
// [/crdt_type]

// What docs/api/concepts.md says models which concept.
static_assert(converge::delta_crdt<converge::pn_counter<>>);
static_assert(converge::delta_crdt<converge::lww_register<std::string>>);
static_assert(converge::delta_crdt<converge::or_set<std::string>>);
static_assert(converge::crdt<converge::causal_context<>> &&
              !converge::delta_crdt<converge::causal_context<>>);
static_assert(converge::crdt<converge::vector_clock<>> &&
              !converge::delta_crdt<converge::vector_clock<>>);
static_assert(converge::crdt<converge::lamport_clock<>> && converge::crdt<converge::hlc_timestamp>);

void concepts_example() {
    // [concepts]
    const max_register a{3}, b{5};
    const auto c = converge::join(a, b);               // c.value == 5; a and b are unchanged
    const bool a_below = converge::lattice_leq(a, c);  // true: merging a into c changes nothing
    const bool c_below = converge::lattice_leq(c, a);  // false
    // [/concepts]
    check(c.value == 5 && a.value == 3 && b.value == 5 && a_below && !c_below, "join");
}

}  // namespace

int run_snippet_api_concepts() {
    concepts_example();
    return failures == 0 ? 0 : 1;
}
