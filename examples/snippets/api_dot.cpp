// SPDX-License-Identifier: MIT
// The example of docs/api/dot.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/core/dot.hpp>

#include <cstdio>
#include <string>
#include <unordered_set>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/dot.md example broken: %s\n", what);
        ++failures;
    }
}

void dot_example() {
    // [dot]
    using converge::dot;
    const dot<> a{1, 1}, b{1, 2}, c{2, 1};     // {replica, counter}
    const bool ordered = a < b && b < c;       // true: by replica, then by counter
    std::unordered_set<dot<>> seen{a, b};      // std::hash<dot<R>> is provided
    const bool has_c = seen.contains(c);       // false
    const dot<std::string> named{"alice", 3};  // any replica id type with std::hash
    const auto h = converge::dot_hash<std::string>{}(named);
    // [/dot]
    check(ordered && !has_c && seen.size() == 2, "dot");
    check(h == std::hash<dot<std::string>>{}(named), "hash");
}

}  // namespace

int run_snippet_api_dot() {
    dot_example();
    return failures == 0 ? 0 : 1;
}
