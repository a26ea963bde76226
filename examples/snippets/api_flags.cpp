// SPDX-License-Identifier: MIT
// The example of docs/api/flags.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/crdt/flags.hpp>

#include <cstdio>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/flags.md example broken: %s\n", what);
        ++failures;
    }
}

void flags_example() {
    // [flags]
    converge::enable_wins_flag<> a, b;  // both start disabled
    b.merge(a.enable(1));
    auto off = a.disable();  // concurrent with...
    auto on = b.enable(2);   // ...this enable, which wins
    a.merge(on);
    b.merge(off);  // a.value() == b.value() == true

    converge::disable_wins_flag<> x, y;
    y.merge(x.enable(1));
    auto x_off = x.disable(1);  // concurrent with...
    auto y_on = y.enable(2);    // ...this enable: the disable wins
    x.merge(y_on);
    y.merge(x_off);  // x.value() == y.value() == false
    // [/flags]
    check(a == b && a.value(), "enable wins");
    check(x == y && !x.value(), "disable wins");
}

}  // namespace

int run_snippet_api_flags() {
    flags_example();
    return failures == 0 ? 0 : 1;
}
