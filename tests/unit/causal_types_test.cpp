// SPDX-License-Identifier: MIT
// The types built on the causal kernel: what each one means under concurrency, the map's
// remove and nesting rules, and states whose dots mean two things.
#include <converge/codec/envelope.hpp>
#include <converge/codec/or_map.hpp>
#include <converge/codec/or_set.hpp>
#include <converge/core/concepts.hpp>
#include <converge/crdt/flags.hpp>
#include <converge/crdt/mv_register.hpp>
#include <converge/crdt/or_map.hpp>
#include <converge/crdt/or_set.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

using converge::causal_context;
using converge::delta_crdt;
using converge::disable_wins_flag;
using converge::dot;
using converge::dot_fun;
using converge::enable_wins_flag;
using converge::errc;
using converge::join;
using converge::mv_register;
using converge::or_map;
using converge::or_set;

namespace {
using text_register = mv_register<std::string>;
using note = or_map<std::string, text_register>;
using notebook = or_map<std::string, note>;

static_assert(delta_crdt<text_register> && delta_crdt<enable_wins_flag<>> &&
              delta_crdt<disable_wins_flag<>> && delta_crdt<note> && delta_crdt<notebook>);
static_assert(converge::causal_type<note> && converge::causal_type<text_register>);
static_assert(converge::causal_type<or_set<std::string>>);

using tag_set = or_set<std::string>;
using tagged = or_map<std::string, tag_set>;  // note id -> its tags

tagged add_tag(tagged& m, std::uint64_t replica, const std::string& id, const std::string& tag) {
    return m.update(id, [&](tag_set& s) { return s.add(replica, tag); });
}

// A note's field written through the notebook.
notebook set_field(notebook& book, std::uint64_t replica, const std::string& id,
                   const std::string& field, const std::string& value) {
    return book.update(id, [&](note& n) {
        return n.update(field, [&](text_register& r) { return r.write(replica, value); });
    });
}

std::vector<std::string> field(const notebook& book, const std::string& id,
                               const std::string& name) {
    const auto n = book.get(id);
    if (!n) return {};
    const auto r = n->get(name);
    return r ? r->values() : std::vector<std::string>{};
}
}  // namespace

TEST_CASE("mv_register keeps concurrent writes until a later write resolves them") {
    text_register a, b;
    b.merge(a.write(1, "draft"));
    const auto da = a.write(1, "mine");
    const auto db = b.write(2, "theirs");
    a.merge(db);
    b.merge(da);
    CHECK(a == b);
    CHECK(a.conflicted());
    CHECK(a.values() == std::vector<std::string>{"mine", "theirs"});  // in dot order
    b.merge(a.write(1, "both"));
    CHECK(b.values() == std::vector<std::string>{"both"});
    CHECK_FALSE(b.conflicted());
}

TEST_CASE("mv_register: a clear does not cancel a write it has not seen") {
    text_register a, b;
    b.merge(a.write(1, "x"));
    const auto cleared = a.clear();
    const auto written = b.write(2, "y");
    a.merge(written);
    b.merge(cleared);
    CHECK(a == b);
    CHECK(a.values() == std::vector<std::string>{"y"});
}

TEST_CASE("flags: concurrent enable and disable") {
    SECTION("enable wins") {
        enable_wins_flag<> a, b;
        CHECK_FALSE(a.value());
        b.merge(a.enable(1));
        const auto off = a.disable();
        const auto on = b.enable(2);
        a.merge(on);
        b.merge(off);
        CHECK(a == b);
        CHECK(a.value());
        CHECK(b.disable().state().store().empty());
        CHECK_FALSE(b.value());
    }
    SECTION("disable wins") {
        disable_wins_flag<> a, b;
        CHECK_FALSE(a.value());
        b.merge(a.enable(1));
        CHECK(b.value());
        const auto off = a.disable(1);
        const auto on = b.enable(2);
        a.merge(on);
        b.merge(off);
        CHECK(a == b);
        CHECK_FALSE(a.value());
        b.merge(a.enable(1));
        CHECK(b.value());
    }
}

TEST_CASE("or_map: an update concurrent with a remove survives, with only its own effect") {
    notebook a, b;
    b.merge(set_field(a, 1, "n1", "title", "Milk"));
    const auto removed = a.remove("n1");
    const auto edited = set_field(b, 2, "n1", "body", "2 litres");
    a.merge(edited);
    b.merge(removed);
    CHECK(a == b);
    REQUIRE(a.contains("n1"));
    CHECK(field(a, "n1", "title").empty());  // the remove took what it had observed
    CHECK(field(a, "n1", "body") == std::vector<std::string>{"2 litres"});
}

TEST_CASE("or_map: the remove-versus-update race gives the same state by delta and by state") {
    notebook base;
    set_field(base, 1, "n1", "title", "Milk");
    notebook a = base;
    notebook b = base;
    const auto da = a.remove("n1");
    const auto db = set_field(b, 2, "n1", "title", "Oat milk");
    CHECK(join(join(base, da), db) == join(a, b));
    CHECK(join(join(base, db), da) == join(a, b));
    CHECK(join(a, db) == join(b, da));
}

TEST_CASE("or_map: removing a nested map's last key removes it from its parent") {
    notebook book;
    set_field(book, 1, "n1", "title", "Milk");
    const auto delta = book.update("n1", [](note& n) { return n.remove("title"); });
    CHECK_FALSE(book.contains("n1"));
    CHECK(book.empty());
    CHECK(delta.empty());
    CHECK(delta.context().dot_count() == 1);
}

TEST_CASE("or_map: one field changed in a large map of maps is a one-key delta") {
    notebook book;
    for (int i = 0; i < 10'000; ++i) set_field(book, 1, std::to_string(i), "title", "t");
    const auto delta = set_field(book, 1, "5000", "title", "changed");
    CHECK(delta.size() == 1);
    REQUIRE(delta.get("5000"));
    CHECK(delta.get("5000")->size() == 1);
    CHECK(delta.context().dot_count() == 2);  // the new write and the one it supersedes
    // Short keys: the envelope, one outer and one inner key, one value and two dots.
    const auto bytes = converge::encode(delta);
    INFO("encoded nested delta: " << bytes.size() << " bytes");
    CHECK(bytes.size() <= 64);
    notebook other;
    other.merge(book);
    CHECK(field(other, "5000", "title") == std::vector<std::string>{"changed"});
}

TEST_CASE("or_map of or_set: an add concurrent with the key's remove survives, alone") {
    tagged a, b;
    add_tag(a, 1, "n1", "home");
    b.merge(add_tag(a, 1, "n1", "urgent"));
    const auto removed = a.remove("n1");
    const auto added = add_tag(b, 2, "n1", "shop");
    a.merge(added);
    b.merge(removed);
    CHECK(a == b);
    REQUIRE(a.get("n1"));
    const auto tags = *a.get("n1");
    CHECK(tags.size() == 1);
    CHECK(tags.contains("shop"));
}

TEST_CASE("or_map of or_set: a nested add or remove is a delta of that element only") {
    tagged m;
    for (int i = 0; i < 1'000; ++i) add_tag(m, 1, std::to_string(i), "t");
    const auto added = add_tag(m, 1, "500", "more");
    CHECK(added.size() == 1);
    CHECK(added.get("500")->size() == 1);
    CHECK(added.context().dot_count() == 1);
    const auto removed = m.update("500", [](tag_set& s) { return s.remove("t"); });
    CHECK(removed.empty());
    CHECK(removed.context().dot_count() == 1);
    CHECK(m.get("500")->size() == 1);
    // Removing a set's last element removes its key.
    m.update("500", [](tag_set& s) { return s.remove("more"); });
    CHECK_FALSE(m.contains("500"));

    tagged other;
    other.merge(m);
    CHECK(other == m);
    const auto bytes = converge::encode(m);
    const auto back = converge::decode<tagged>(bytes);
    REQUIRE(back);
    CHECK(*back == m);
    CHECK(converge::encode(added).size() <= 64);
}

TEST_CASE("or_map: an update whose function throws leaves a consistent map") {
    note n;
    n.update("a", [](text_register& r) { return r.write(1, "x"); });
    CHECK_THROWS_AS(n.update("a",
                             [](text_register& r) -> text_register {
                                 r.write(1, "y");
                                 throw std::runtime_error("interrupted");
                             }),
                    std::runtime_error);
    CHECK(n.get("a")->values() == std::vector<std::string>{"y"});
    note copy;
    copy.merge(n);
    CHECK(copy == n);
    copy.merge(n.remove("a"));
    CHECK(copy.empty());
}

TEST_CASE("kernel: a dot that means two things is dropped on both sides") {
    causal_context<> ctx;
    ctx.insert({1, 1});
    const auto x =
        text_register::from_parts(*dot_fun<std::string>::from_entries({{dot<>{1, 1}, "x"}}), ctx);
    const auto y =
        text_register::from_parts(*dot_fun<std::string>::from_entries({{dot<>{1, 1}, "y"}}), ctx);
    REQUIRE(x.has_value());
    REQUIRE(y.has_value());
    CHECK(join(*x, *y) == join(*y, *x));
    CHECK(join(*x, *y).empty());
    // What x lacks of the join is the removal of the dot it stores.
    CHECK(join(*x, join(*x, *y).inflation_over(*x)) == join(*x, *y));
    CHECK(join(*x, (*y).inflation_over(*x)) == join(*x, *y));

    note a, b;
    a.update("k1", [](text_register& r) { return r.write(1, "v"); });
    b.update("k2", [](text_register& r) { return r.write(1, "v"); });  // the same dot (1, 1)
    CHECK(join(a, b) == join(b, a));
    CHECK(join(a, b).empty());
}

TEST_CASE("kernel: from_parts refuses a stored dot the context does not cover") {
    const auto r = text_register::from_parts(
        *dot_fun<std::string>::from_entries({{dot<>{1, 2}, "x"}}), causal_context<>{});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::invalid_parts);
    CHECK(std::string(r.message()).find("(1, 2)") != std::string::npos);

    const auto twice = dot_fun<std::string>::from_entries({{dot<>{1, 1}, "x"}, {dot<>{1, 1}, "y"}});
    CHECK_FALSE(twice.has_value());
    using store = note::store_type;
    const auto shared =
        store::from_entries({{"a", *dot_fun<std::string>::from_entries({{dot<>{1, 1}, "x"}})},
                             {"b", *dot_fun<std::string>::from_entries({{dot<>{1, 1}, "x"}})}});
    CHECK_FALSE(shared.has_value());
}
