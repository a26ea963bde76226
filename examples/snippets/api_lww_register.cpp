// SPDX-License-Identifier: MIT
// The example of docs/api/lww_register.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/crdt/lww_register.hpp>

#include <cstdio>
#include <optional>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/lww_register.md example broken: %s\n", what);
        ++failures;
    }
}

void lww_register_example() {
    // [lww_register]
    using converge::hlc_timestamp;
    using text_register = converge::lww_register<std::string>;  // writer: uint64, timestamp: HLC
    text_register a, b;                                         // empty: value() == std::nullopt
    auto d1 = a.assign(1, "draft", hlc_timestamp(1'700'000'000'000, 0));
    auto d2 = b.assign(2, "final", hlc_timestamp(1'700'000'000'005, 0));
    a.merge(d2);  // later wins: *a.value() == "final"
    b.merge(d1);  // older: b unchanged
    auto stale = a.assign(1, "late", hlc_timestamp(1'700'000'000'001, 0));
    // a is unchanged (its assignment is newer); stale is still that assignment

    auto key = a.digest();               // lww_key{1700000000005.0, 2}
    auto nothing = d1.delta_since(key);  // key is newer than d1's: the empty register
    auto bad = text_register::from_parts("x", hlc_timestamp{}, std::nullopt);
    // bad.error() == converge::errc::invalid_parts: a value needs its writer
    // [/lww_register]
    check(a == b && *a.value() == "final" && *a.writer() == 2 &&
              a.timestamp() == hlc_timestamp(1'700'000'000'005, 0),
          "merge");
    check(*stale.value() == "late" && *stale.writer() == 1, "stale delta");
    check(key && key->writer == 2 && nothing == text_register{}, "digest");
    check(a.delta_since(key) == a && b.delta_since(std::nullopt) == b, "ties resend");
    check(!bad && bad.error() == converge::errc::invalid_parts, "from_parts");
}

}  // namespace

int run_snippet_api_lww_register() {
    lww_register_example();
    return failures == 0 ? 0 : 1;
}
