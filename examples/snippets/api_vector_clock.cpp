// SPDX-License-Identifier: MIT
// The example of docs/api/vector_clock.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/clock/vector_clock.hpp>

#include <compare>
#include <converge/core/dot.hpp>
#include <cstdio>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/vector_clock.md example broken: %s\n", what);
        ++failures;
    }
}

void vector_clock_example() {
    // [vector_clock]
    using clock = converge::vector_clock<std::string>;
    clock alice, bob;
    alice.tick("alice");                                 // {alice: 1}
    bob.tick("bob");                                     // {bob: 1}
    const bool concurrent = alice.concurrent_with(bob);  // true: neither saw the other
    alice.merge(bob).tick("alice");                      // {alice: 2, bob: 1}
    const bool before = bob.happened_before(alice);      // true
    const auto order = bob <=> alice;                    // std::partial_ordering::less

    std::vector<clock::entry> parts(alice.begin(), alice.end());  // sorted by replica
    auto rebuilt = clock::from_parts(parts);                      // *rebuilt == alice
    auto bad = clock::from_parts({{"bob", 1}, {"alice", 2}});
    // bad.error() == converge::errc::invalid_parts: replicas must be strictly ascending
    // [/vector_clock]
    check(concurrent && before && order == std::partial_ordering::less, "order");
    check(alice.get("alice") == 2 && alice.get("bob") == 1 && alice.get("carol") == 0 &&
              alice.size() == 2,
          "entries");
    check(rebuilt && *rebuilt == alice, "from_parts");
    check(!bad && bad.error() == converge::errc::invalid_parts, "from_parts rejects");
}

void dots_example() {
    // [dots]
    using clock = converge::vector_clock<std::string>;
    clock c;
    const converge::dot<std::string> d = c.tick_dot("alice");  // {"alice", 1}
    c.apply({"bob", 4});  // seen bob's 4th event: bob's counter is now at least 4
    c.apply({"bob", 2});  // already covered: no change
    // c.contains(d) && c.get("bob") == 4

    // Entries from elsewhere, in any order, with repeats and zeros:
    const clock n = clock::from_parts_normalized({{"carol", 2}, {"bob", 0}, {"carol", 5}});
    // n == {carol: 5}: sorted, a repeated replica joined by max, zero entries dropped
    // [/dots]
    check(d == converge::dot<std::string>{"alice", 1} && c.contains(d) && c.get("bob") == 4 &&
              c.size() == 2,
          "dots");
    check(n.size() == 1 && n.get("carol") == 5, "from_parts_normalized");
}

}  // namespace

int run_snippet_api_vector_clock() {
    vector_clock_example();
    dots_example();
    return failures == 0 ? 0 : 1;
}
