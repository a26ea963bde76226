// SPDX-License-Identifier: MIT
// The examples of docs/api/causal_counter.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/crdt/causal_counter.hpp>
#include <converge/crdt/or_map.hpp>

#include <cstdio>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/causal_counter.md example broken: %s\n", what);
        ++failures;
    }
}

void causal_counter_example() {
    // [causal_counter]
    converge::causal_counter<> phone, laptop;  // replica ids: uint64
    laptop.merge(phone.increment(1, 5));
    laptop.merge(laptop.decrement(2, 2));  // value() == 3 on the laptop
    auto reset = laptop.reset();           // has seen 5 from 1 and -2 from 2
    auto more = phone.increment(1, 1);     // concurrently: replica 1's total is now 6
    phone.merge(reset);
    laptop.merge(more);
    // both read 6: replica 1's whole total survives the reset, replica 2's does not
    // [/causal_counter]
    check(phone == laptop && phone.value() == 6, "reset vs increment");
    check(more.entries().size() == 1 && more.entries()[0].value == 6, "delta holds the total");
}

void causal_counter_in_map_example() {
    // [causal_counter_in_map]
    using tally = converge::or_map<std::string, converge::causal_counter<>>;
    tally a, b;
    b.merge(a.update("likes", [](auto& c) { return c.increment(1, 3); }));
    b.merge(b.update("likes", [](auto& c) { return c.increment(2, 4); }));
    auto removed = b.remove("likes");                                        // saw 3 and 4
    auto liked = a.update("likes", [](auto& c) { return c.increment(1); });  // concurrently
    a.merge(removed);
    b.merge(liked);
    // both: "likes" present, a.get("likes")->value() == 4 (replica 1's total 3 + 1)
    // [/causal_counter_in_map]
    check(a == b && a.contains("likes") && a.get("likes")->value() == 4, "remove vs increment");
}

}  // namespace

int run_snippet_api_causal_counter() {
    causal_counter_example();
    causal_counter_in_map_example();
    return failures == 0 ? 0 : 1;
}
