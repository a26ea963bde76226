// SPDX-License-Identifier: MIT
// The example of docs/api/hlc_timestamp.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/clock/hlc_timestamp.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/hlc_timestamp.md example broken: %s\n", what);
        ++failures;
    }
}

void hlc_timestamp_example() {
    // [hlc_timestamp]
    using converge::hlc_timestamp;
    hlc_timestamp t(1'700'000'000'123, 7);                       // wall ms, logical
    const auto word = t.packed();                                // wall_ms() << 16 | logical()
    const auto back = hlc_timestamp::from_packed(word);          // back == t
    const bool later = hlc_timestamp(1'700'000'000'123, 8) > t;  // true: same ms, larger logical
    const std::string text = converge::to_string(t);             // "1700000000123.7"
    const auto when = t.wall_time();                             // sys_time<milliseconds>
    t.merge(hlc_timestamp(1'700'000'000'200, 0));  // the max: t is now 1700000000200.0
    // [/hlc_timestamp]
    check(back == hlc_timestamp(1'700'000'000'123, 7) && later && text == "1700000000123.7",
          "parts");
    check(when.time_since_epoch() == std::chrono::milliseconds(1'700'000'000'123), "wall_time");
    check(t.wall_ms() == 1'700'000'000'200 && t.logical() == 0, "merge");
    bool threw = false;
    try {
        const hlc_timestamp too_late(hlc_timestamp::max_wall_ms + 1, 0);
        check(too_late.packed() == 0, "unreachable");
    } catch (const std::out_of_range&) {
        threw = true;
    }
    check(threw, "48 bits");
}

}  // namespace

int run_snippet_api_hlc_timestamp() {
    hlc_timestamp_example();
    return failures == 0 ? 0 : 1;
}
