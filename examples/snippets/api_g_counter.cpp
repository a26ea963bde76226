// SPDX-License-Identifier: MIT
// The example of docs/api/g_counter.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/crdt/g_counter.hpp>

#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/g_counter.md example broken: %s\n", what);
        ++failures;
    }
}

void g_counter_example() {
    // [g_counter]
    converge::g_counter<> a, b;
    auto delta = a.increment(1, 5);  // delta == {1: 5}, the entry's new count
    a.increment(1, 2);               // a == {1: 7}
    b.increment(2);                  // b == {2: 1}
    b.merge(delta);                  // b == {1: 5, 2: 1}

    auto missing = a.delta_since(b.digest());  // {1: 7}: only what b lacks
    b.merge(missing);                          // b == {1: 7, 2: 1}, b.value() == 8

    converge::g_counter<std::string, std::uint8_t> small;
    small.increment("x", 250);
    // small.increment("x", 10) throws std::overflow_error and leaves small unchanged

    auto bad = converge::g_counter<>::from_parts({{2, 1}, {1, 7}});  // errc::invalid_parts
    // [/g_counter]
    check(delta.value() == 5 && delta.entries().size() == 1 && a.get(1) == 7, "increment");
    check(missing.value() == 7 && missing.get(2) == 0 && b.value() == 8 && b.get(1) == 7,
          "delta_since");
    bool threw = false;
    try {
        small.increment("x", 10);
    } catch (const std::overflow_error&) {
        threw = true;
    }
    check(threw && small.get("x") == 250, "overflow");
    check(!bad && bad.error() == converge::errc::invalid_parts, "from_parts");
}

}  // namespace

int run_snippet_api_g_counter() {
    g_counter_example();
    return failures == 0 ? 0 : 1;
}
