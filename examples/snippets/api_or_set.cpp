// SPDX-License-Identifier: MIT
// The example of docs/api/or_set.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/crdt/or_set.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/or_set.md example broken: %s\n", what);
        ++failures;
    }
}

void or_set_example() {
    // [or_set]
    using list = converge::or_set<std::string>;  // replica ids: std::uint64_t
    list a, b;
    auto d1 = a.add(1, "milk");          // store {milk -> (1, 1)}, context {(1, 1)}
    b.merge(d1);                         // b = {milk}
    auto d2 = b.remove("milk");          // empty store, context {(1, 1)}
    auto d3 = a.add(1, "milk");          // re-add, concurrent with the remove: dot (1, 2)
    a.merge(d2);                         // d2 cancels only (1, 1): a keeps milk by (1, 2)
    b.merge(d3);                         // add wins: b = {milk}
    a.add(1, "eggs");                    // dot (1, 3)
    a.clear();                           // a = {}, its context still holds (1, 1)..(1, 3)
    b.merge(a.delta_since(b.digest()));  // digest sync carries removes too: b == a

    converge::causal_context<> seen;
    seen.insert_range(1, 1, 2);
    auto tea = list::from_parts({{"tea", {{1, 2}}}}, seen);  // {tea}; the add (1, 1) was removed
    auto bad = list::from_parts({{"tea", {{1, 3}}}}, seen);  // (1, 3) not in the context
    // bad.error() == converge::errc::invalid_parts
    // [/or_set]
    check(a == b && b.empty() && a.context().dot_count() == 3, "merge");
    check(d2.empty() && d2.context().contains({1, 1}) && d3.contains("milk"), "deltas");
    check(tea && tea->contains("tea") && tea->size() == 1, "from_parts");
    check(!bad && bad.error() == converge::errc::invalid_parts &&
              bad.message() == "or_set: dot (1, 3) not covered by causal context",
          "from_parts rejects");
    std::vector<std::string> elements;
    for (const auto& e : tea->entries()) elements.push_back(e.element);
    check(elements == std::vector<std::string>{"tea"}, "entries");
}

void or_set_client_example() {
    // [or_set_client]
    using list = converge::or_set<std::string>;
    list server;
    server.add(1, "milk");
    auto seen = server.observed("milk");  // a client reads: milk, by the add (1, 1)
    list phone;
    server.merge(phone.add(2, "milk"));    // another client adds milk too: (2, 1)
    auto d = server.remove("milk", seen);  // the first client's remove cancels (1, 1) only
    // server still holds milk by (2, 1); d's context is {(1, 1)}

    auto op = server.prepare_add(1, "eggs");  // an operation, not applied yet
    server.merge(op);                         // now applied: what add(1, "eggs") does
    auto batch = server.add_all(1, std::vector<std::string>{"tea", "jam"});  // one delta
    phone.merge(d).merge(op).merge(batch);
    // [/or_set_client]
    check(server.contains("milk") && d.context().dot_count() == 1 && d.context().contains({1, 1}),
          "remove with an observed context");
    check(server.contains("eggs") && op.contains("eggs") && op.size() == 1, "prepare_add");
    check(batch.size() == 2 && server.size() == 4, "add_all");
    check(phone.contains("milk") && phone.observed("milk") == server.observed("milk"), "phone");
}

}  // namespace

int run_snippet_api_or_set() {
    or_set_example();
    or_set_client_example();
    return failures == 0 ? 0 : 1;
}
