// SPDX-License-Identifier: MIT
// The code blocks of docs/crdts.md: each region between `// [name]` markers is copied
// verbatim into the page (tests/docs checks it), and the checks after it keep the comments
// in the page honest.
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/lww_register.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/crdt/pn_counter.hpp>

#include <cstdio>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/crdts.md example broken: %s\n", what);
        ++failures;
    }
}

void g_counter_example() {
    // [g_counter]
    converge::g_counter<> a, b;      // replica ids: std::uint64_t, counts: std::uint64_t
    auto delta = a.increment(1, 5);  // delta == {1: 5}
    b.increment(2);                  // b == {2: 1}
    b.merge(delta);                  // b == {1: 5, 2: 1}, b.value() == 6
    a.merge(b);                      // a == b
    // [/g_counter]
    check(delta.value() == 5 && b.value() == 6 && a == b, "g_counter");
}

void pn_counter_example() {
    // [pn_counter]
    converge::pn_counter<std::string> a, b;
    a.increment("alice", 5);
    b.merge(a.decrement("alice", 2));  // b holds only the decrement: b.value() == -2
    b.merge(a);                        // b.value() == 3
    // [/pn_counter]
    check(b.value() == 3, "pn_counter");
}

void lww_register_example() {
    // [lww_register]
    using converge::hlc_timestamp;
    converge::lww_register<std::string> a, b;  // writer ids: std::uint64_t, timestamps: HLC
    auto delta = a.assign(1, "draft", hlc_timestamp(1'700'000'000'000, 0));
    b.assign(2, "final", hlc_timestamp(1'700'000'000'005, 0));
    b.merge(delta);  // older: b keeps "final"
    a.merge(b);      // *a.value() == "final", a.writer() == 2
    // [/lww_register]
    check(*a.value() == "final" && *a.writer() == 2 && a == b, "lww_register");
}

void or_set_example() {
    // [or_set]
    converge::or_set<std::string> a, b;  // replica ids: std::uint64_t
    auto d1 = a.add(1, "milk");          // d1 is the delta; ship it
    b.merge(d1);                         // b = {milk}
    auto d2 = b.remove("milk");          // b = {}
    auto d3 = a.add(1, "milk");          // concurrent with the remove
    a.merge(d2);                         // a still holds milk: d3's add was not seen by d2
    b.merge(d3);                         // b = {milk}: add wins
    // a == b; deltas may arrive in any order, any number of times

    auto missing = a.delta_since(b.digest());  // digest sync: what b lacks, removes included
    b.merge(missing);                          // b == join(a, b)
    // [/or_set]
    check(a == b && b.contains("milk"), "or_set");
}

}  // namespace

int run_snippet_crdts() {
    g_counter_example();
    pn_counter_example();
    lww_register_example();
    or_set_example();
    return failures == 0 ? 0 : 1;
}
