// SPDX-License-Identifier: MIT
// The example of docs/api/mv_register.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/crdt/mv_register.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/mv_register.md example broken: %s\n", what);
        ++failures;
    }
}

void mv_register_example() {
    // [mv_register]
    converge::mv_register<std::string> phone, laptop;  // replica ids: uint64
    laptop.merge(phone.write(1, "Buy milk"));
    auto d1 = phone.write(1, "Buy oat milk");  // offline, concurrently...
    auto d2 = laptop.write(2, "Buy milk and eggs");
    phone.merge(d2);
    laptop.merge(d1);
    // both: conflicted(), values() == {"Buy oat milk", "Buy milk and eggs"} (in dot order)
    auto resolved = phone.write(1, "Buy oat milk and eggs");  // supersedes both
    laptop.merge(resolved);                                   // one value again
    // [/mv_register]
    check(phone == laptop && laptop.values() == std::vector<std::string>{"Buy oat milk and eggs"},
          "resolved");
    check(!laptop.conflicted() && d1.values().size() == 1 && d2.values().size() == 1, "deltas");
}

void mv_register_client_example() {
    // [mv_register_client]
    converge::mv_register<std::string> title;
    title.write(1, "Draft");
    auto seen = title.observed();                // a client reads "Draft"
    converge::mv_register<std::string> other;    // elsewhere, not seen by the reader:
    title.merge(other.write(2, "Final draft"));  // concurrent with "Draft"
    auto d = title.write(1, "My title", seen);   // supersedes only "Draft"
    // title.values() == {"My title", "Final draft"}: a conflict the client can show
    auto op = title.prepare_write(1, "Agreed");  // not applied yet
    title.merge(op);                             // now applied: one value again
    // [/mv_register_client]
    check(d.values() == std::vector<std::string>{"My title"} && d.context().dot_count() == 2,
          "write with an observed context");
    check(title.values() == std::vector<std::string>{"Agreed"} && op.values().size() == 1,
          "prepare_write");
}

}  // namespace

int run_snippet_api_mv_register() {
    mv_register_example();
    mv_register_client_example();
    return failures == 0 ? 0 : 1;
}
