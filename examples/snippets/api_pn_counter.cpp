// SPDX-License-Identifier: MIT
// The example of docs/api/pn_counter.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/crdt/pn_counter.hpp>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/pn_counter.md example broken: %s\n", what);
        ++failures;
    }
}

void pn_counter_example() {
    // [pn_counter]
    using counter = converge::pn_counter<std::string>;
    counter a, b;
    a.increment("alice", 5);
    auto d = a.decrement("alice", 7);              // d holds only alice's decrement total, 7
    b.merge(d);                                    // b.value() == -7
    b.merge(a.delta_since(b.digest()));            // b.value() == -2, as a.value()
    const auto ups = b.increments().get("alice");  // 5

    auto rebuilt = counter::from_parts({{"alice", 5}}, {{"alice", 7}});  // *rebuilt == a
    auto bad = counter::from_parts({}, {{"bob", 0}});  // errc::invalid_parts: a zero entry
    // [/pn_counter]
    check(d.value() == -7 && b.value() == -2 && a.value() == -2 && a == b && ups == 5, "merge");
    check(rebuilt && *rebuilt == a, "from_parts");
    check(!bad && bad.error() == converge::errc::invalid_parts &&
              bad.message().find("decrements") != std::string::npos,
          "from_parts rejects");
    converge::pn_counter<int, std::uint8_t> small;
    small.decrement(1, 200);
    bool threw = false;
    try {
        (void)small.value();  // -200 does not fit std::int8_t
    } catch (const std::overflow_error&) {
        threw = true;
    }
    check(threw, "value overflow");
}

void add_example() {
    // [add]
    converge::pn_counter<> c;
    c.add(1, 5);                                         // increment(1, 5)
    c.add(1, -8);                                        // decrement(1, 8)
    c.add(2, std::numeric_limits<std::int64_t>::min());  // decrement(2, 2^63)
    // c.value() would be -2^63 - 3, which does not fit: value() throws std::overflow_error
    c.add(2, 4);
    // c.value() == -2^63 + 1
    // [/add]
    check(c.value() == std::numeric_limits<std::int64_t>::min() + 1, "add");
}

}  // namespace

int run_snippet_api_pn_counter() {
    pn_counter_example();
    add_example();
    return failures == 0 ? 0 : 1;
}
