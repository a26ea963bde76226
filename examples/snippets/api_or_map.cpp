// SPDX-License-Identifier: MIT
// The example of docs/api/or_map.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/crdt/flags.hpp>
#include <converge/crdt/mv_register.hpp>
#include <converge/crdt/or_map.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/or_map.md example broken: %s\n", what);
        ++failures;
    }
}

void or_map_example() {
    // [or_map]
    using text = converge::mv_register<std::string>;
    using note = converge::or_map<std::string, text>;      // field -> text
    using notebook = converge::or_map<std::string, note>;  // note id -> note
    notebook phone, laptop;

    // One field of one note: the delta holds just that note's field.
    auto d1 = phone.update("n1", [](note& n) {
        return n.update("title", [](text& t) { return t.write(1, "Groceries"); });
    });
    laptop.merge(d1);

    auto removed = phone.remove("n1");  // concurrent with an edit on the laptop:
    auto edited = laptop.update("n1", [](note& n) {
        return n.update("body", [](text& t) { return t.write(2, "milk, eggs"); });
    });
    phone.merge(edited);
    laptop.merge(removed);
    // both hold "n1" with just its body: the remove took the title it had seen
    // [/or_map]
    const auto n1 = phone.get("n1");
    check(phone == laptop && n1 && !n1->contains("title") && n1->contains("body"), "race");
    check(d1.size() == 1 && d1.context().dot_count() == 1, "delta");
}

void or_map_client_example() {
    // [or_map_client]
    using text = converge::mv_register<std::string>;
    using note = converge::or_map<std::string, text>;
    note server;
    server.update("title", [](text& t) { return t.write(1, "Milk"); });
    auto seen = server.observed("title");  // a web client reads the title
    note laptop = server;
    server.merge(laptop.update("title", [](text& t) { return t.write(2, "Oat milk"); }));
    auto removed = server.remove("title", seen);  // the client's stale remove
    // "title" stays, holding "Oat milk": the client had not seen that write
    auto op = server.prepare_update("body", [](text& t) { return t.write(1, "2 litres"); });
    server.merge(op);  // applied here before replica 1's next operation
    laptop.merge(removed).merge(op);
    // [/or_map_client]
    const auto title = server.get("title");
    check(title && title->values() == std::vector<std::string>{"Oat milk"}, "observed remove");
    check(server.contains("body") && server == laptop && op.size() == 1, "prepare_update");
}

}  // namespace

int run_snippet_api_or_map() {
    or_map_example();
    or_map_client_example();
    return failures == 0 ? 0 : 1;
}
