// SPDX-License-Identifier: MIT
// The example of docs/api/lamport_clock.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/clock/lamport_clock.hpp>

#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/lamport_clock.md example broken: %s\n", what);
        ++failures;
    }
}

void lamport_clock_example() {
    // [lamport_clock]
    converge::lamport_clock<> a, b;  // both at time 0
    const auto sent = a.tick();      // a local or send event: sent == 1
    b.tick();
    b.tick();                  // b.now() == 2
    auto r = b.receive(sent);  // max(2, 1) + 1: *r == 3
    a.merge(b);                // max, not an event: a.now() == 3

    converge::lamport_clock<std::uint8_t> small(255);
    auto rejected = small.receive(7);  // no room left: errc::clock_overflow
    // small.now() is still 255, and small.tick() throws std::overflow_error
    // [/lamport_clock]
    check(sent == 1 && r && *r == 3 && a.now() == 3 && a == b, "receive and merge");
    check(!rejected && rejected.error() == converge::errc::clock_overflow && small.now() == 255,
          "receive rejects");
    bool threw = false;
    try {
        small.tick();
    } catch (const std::overflow_error&) {
        threw = true;
    }
    check(threw && small.now() == 255, "tick throws and leaves the clock unchanged");
}

}  // namespace

int run_snippet_api_lamport_clock() {
    lamport_clock_example();
    return failures == 0 ? 0 : 1;
}
