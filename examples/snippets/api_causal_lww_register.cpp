// SPDX-License-Identifier: MIT
// The example of docs/api/causal_lww_register.md, compiled and run; see
// examples/snippets/crdts.cpp.
#include <converge/clock/hlc_timestamp.hpp>
#include <converge/crdt/causal_lww_register.hpp>
#include <converge/crdt/or_map.hpp>

#include <cstdio>
#include <optional>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/causal_lww_register.md example broken: %s\n", what);
        ++failures;
    }
}

void causal_lww_register_example() {
    // [causal_lww_register]
    using converge::hlc_timestamp;
    using profile = converge::or_map<std::string, converge::causal_lww_register<std::string>>;
    profile phone, laptop;  // replica ids: uint64
    const hlc_timestamp t(1'700'000'000'000, 0);
    auto d1 = phone.update("name", [&](auto& r) { return r.write(1, t, "Ann"); });
    auto d2 = laptop.update("name", [&](auto& r) { return r.write(2, t, "Anne"); });
    phone.merge(d2);
    laptop.merge(d1);
    // both hold both writes and read "Anne": equal timestamps, the larger replica id wins
    auto removed = phone.remove("name");  // takes away the two writes it has seen
    // [/causal_lww_register]
    check(phone.get("name") == std::nullopt, "removed");
    laptop.merge(removed);
    check(!laptop.contains("name"), "remove delivered");
    const auto held = profile(d1).merge(d2).get("name");
    check(held && held->value() == std::optional<std::string>("Anne") && held->conflicted(),
          "winner");
}

}  // namespace

int run_snippet_api_causal_lww_register() {
    causal_lww_register_example();
    return failures == 0 ? 0 : 1;
}
