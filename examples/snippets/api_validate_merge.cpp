// SPDX-License-Identifier: MIT
// The example of docs/api/validate_merge.md, compiled and run.
#include <converge/crdt/or_set.hpp>
#include <converge/crdt/validate_merge.hpp>

#include <cstdint>
#include <cstdio>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/validate_merge.md example broken: %s\n", what);
        ++failures;
    }
}

void validate_merge_example() {
    // [validate_merge]
    using list = converge::or_set<std::string>;
    list a, b;
    a.add(7, "milk");
    b.add(7, "eggs");  // misconfigured: b uses a's id, so (7, 1) means two things
    if (auto problem = converge::validate_merge(a, b)) {
        // problem->code() == converge::errc::conflicting_states; a is unchanged
        // problem->message(): "validate_merge: dot (7, 1) is stored with a different
        // payload on each side (two replicas share an id, or one reused a counter)"
    } else {
        a.merge(b);
    }

    list live;
    live.add(1, "milk");
    const list backup = live;  // an old copy
    live.add(1, "tea");        // (1, 2), then replica 1 is restored from the backup
    const auto stale = converge::validate_merge(backup, live, std::uint64_t{1});
    // stale: the incoming state holds replica 1's dot 2, unseen by replica 1 itself
    // [/validate_merge]
    check(!a.contains("eggs") && a.contains("milk"), "not merged");
    const auto problem = converge::validate_merge(a, b);
    check(problem && problem->code() == converge::errc::conflicting_states, "conflict");
    check(stale.has_value() && !converge::validate_merge(live, backup, std::uint64_t{1}),
          "restored replica");
}

}  // namespace

int run_snippet_api_validate_merge() {
    validate_merge_example();
    return failures == 0 ? 0 : 1;
}
