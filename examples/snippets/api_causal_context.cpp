// SPDX-License-Identifier: MIT
// The example of docs/api/causal_context.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/core/causal_context.hpp>

#include <cstdio>
#include <stdexcept>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/causal_context.md example broken: %s\n", what);
        ++failures;
    }
}

void causal_context_example() {
    // [causal_context]
    using context = converge::causal_context<>;
    context ctx;
    ctx.insert({7, 1});
    ctx.insert({7, 3});                      // a hole at 2: replica 7 = prefix 1..1, cloud {[3, 3]}
    const bool seen = ctx.contains({7, 2});  // false
    const auto next = ctx.next_dot(7);       // {7, 4}: one past the highest counter; not inserted
    ctx.insert({7, 2});                      // hole filled: prefix 1..3, empty cloud
    ctx.insert_range(9, 5, 8);               // replica 9: cloud {[5, 8]}

    context other;
    other.insert_range(9, 1, 4);
    ctx.merge(other);                  // replica 9: prefix 1..8 (the cloud is absorbed)
    ctx.erase(converge::dot<>{9, 8});  // replica 9: prefix 1..7
    // ctx.dot_count() == 10, ctx.cloud_size() == 0

    std::vector<context::entry> parts(ctx.replicas().begin(), ctx.replicas().end());
    auto rebuilt = context::from_parts(parts);  // *rebuilt == ctx
    parts[0].cloud.push_back({4, 6});           // touches replica 7's prefix 1..3
    auto bad = context::from_parts(parts);      // errc::invalid_parts
    // [/causal_context]
    check(!seen && next == converge::dot<>{7, 4}, "contains and next_dot");
    check(ctx.dot_count() == 10 && ctx.cloud_size() == 0 && ctx.max_counter(9) == 7, "counts");
    check(rebuilt && *rebuilt == ctx, "from_parts");
    check(!bad && bad.error() == converge::errc::invalid_parts &&
              bad.message() ==
                  "causal_context: replica 7 (entry 0): interval [4, 6] touches or lies inside "
                  "the contiguous prefix 1..3",
          "from_parts rejects");
    bool threw = false;
    try {
        ctx.insert({7, 0});
    } catch (const std::invalid_argument&) {
        threw = true;
    }
    check(threw && *rebuilt == ctx, "counter 0 throws");
}

void set_algebra_example() {
    // [set_algebra]
    using context = converge::causal_context<>;
    context mine, theirs;
    mine.insert_range(7, 1, 6);
    mine.insert({9, 2});
    theirs.insert_range(7, 3, 4);
    theirs.insert({9, 2});

    const context lacking = mine.difference(theirs);   // replica 7: prefix 1..2, cloud {[5, 6]}
    const context shared = mine.intersection(theirs);  // replica 7: cloud {[3, 4]}; replica 9: {2}
    // lacking.dot_count() == 4, shared.dot_count() == 3; mine == join of the two
    // [/set_algebra]
    context both = lacking;
    both.merge(shared);
    check(lacking.dot_count() == 4 && shared.dot_count() == 3 && both == mine, "set algebra");
    check(lacking.replicas().size() == 1 && lacking.replicas()[0].contiguous == 2,
          "difference keeps the prefix");
}

}  // namespace

int run_snippet_api_causal_context() {
    causal_context_example();
    set_algebra_example();
    return failures == 0 ? 0 : 1;
}
