// SPDX-License-Identifier: MIT
// Removes and writes with an observed context (a client acting on what it read earlier), and
// misuse detection before a merge (validate_merge).
#include <converge/clock/vector_clock.hpp>
#include <converge/crdt/causal_lww_register.hpp>
#include <converge/crdt/flags.hpp>
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/lww_register.hpp>
#include <converge/crdt/mv_register.hpp>
#include <converge/crdt/or_map.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/crdt/pn_counter.hpp>
#include <converge/crdt/validate_merge.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <string>
#include <vector>

using converge::causal_context;
using converge::dot;
using converge::errc;
using converge::join;
using converge::validate_merge;

namespace {
using text_set = converge::or_set<std::string>;
using text_register = converge::mv_register<std::string>;
using note = converge::or_map<std::string, text_register>;
}  // namespace

TEST_CASE("or_set: a remove with an observed context cancels only what the reader saw") {
    text_set server;
    server.add(1, "milk");
    const causal_context<> seen = server.observed("milk");  // a client reads
    CHECK(seen.contains(dot<>{1, 1}));
    CHECK(seen.dot_count() == 1);

    SECTION("an add the reader had not seen survives") {
        text_set elsewhere;
        server.merge(elsewhere.add(2, "milk"));  // a concurrent add of the same element
        const text_set delta = server.remove("milk", seen);
        CHECK(delta.empty());
        CHECK(delta.context().dot_count() == 1);
        CHECK(server.contains("milk"));
        CHECK(server.observed("milk") == elsewhere.context());
    }
    SECTION("the same as remove() when nothing happened since the read") {
        text_set other = server;
        CHECK(server.remove("milk", seen) == other.remove("milk"));
        CHECK(server == other);
    }
    SECTION("a replica that has not yet seen the observed add cancels it when it comes") {
        text_set late;  // has not received the add
        const text_set delta = late.remove("milk", seen);
        CHECK(delta.context().contains(dot<>{1, 1}));
        late.merge(server);
        CHECK_FALSE(late.contains("milk"));
        server.merge(delta);
        CHECK(server == late);
    }
    SECTION("a context naming other elements' dots cancels nothing of theirs") {
        server.add(1, "eggs");
        const text_set delta = server.remove("milk", server.context());
        CHECK_FALSE(server.contains("milk"));
        CHECK(server.contains("eggs"));
        CHECK(delta.context().dot_count() == 1);
    }
    SECTION("an empty context removes nothing") {
        const text_set before = server;
        CHECK(server.remove("milk", causal_context<>{}) == text_set{});
        CHECK(server == before);
    }
}

TEST_CASE("mv_register: a write with an observed context supersedes only what the reader saw") {
    text_register a;
    a.write(1, "draft");
    const causal_context<> seen = a.observed();

    text_register b = a;
    b.write(2, "theirs");  // written after the read, elsewhere
    a.merge(b);
    const text_register delta = a.write(1, "mine", seen);
    CHECK(a.values() == std::vector<std::string>{"mine", "theirs"});
    CHECK(a.conflicted());
    b.merge(delta);
    CHECK(b == a);

    SECTION("with observed() taken now, the same as write()") {
        text_register x = a;
        text_register y = a;
        CHECK(x.write(3, "final", x.observed()) == y.write(3, "final"));
        CHECK(x == y);
        CHECK(x.values() == std::vector<std::string>{"final"});
    }
}

TEST_CASE("or_map: a remove with an observed context keeps updates the reader had not seen") {
    note n;
    n.update("title", [](text_register& r) { return r.write(1, "Milk"); });
    const causal_context<> seen = n.observed("title");
    CHECK(seen.dot_count() == 1);
    CHECK(n.observed("body").empty());

    note other = n;
    const note edit =
        other.update("title", [](text_register& r) { return r.write(2, "Oat milk"); });
    n.merge(edit);
    const note delta = n.remove("title", seen);
    REQUIRE(n.contains("title"));
    CHECK(n.get("title")->values() == std::vector<std::string>{"Oat milk"});
    other.merge(delta);
    CHECK(other == n);

    SECTION("the same as remove() when nothing happened since the read") {
        note x = n;
        note y = n;
        CHECK(x.remove("title", x.observed("title")) == y.remove("title"));
        CHECK(x == y);
        CHECK_FALSE(x.contains("title"));
    }
}

TEST_CASE("validate_merge: states from correctly configured replicas pass") {
    text_set a;
    text_set b;
    b.merge(a.add(1, "milk"));
    b.add(2, "eggs");
    a.remove("milk");
    CHECK_FALSE(validate_merge(a, b).has_value());
    CHECK_FALSE(validate_merge(a, b, std::uint64_t{1}).has_value());
    CHECK_FALSE(validate_merge(b, a, std::uint64_t{2}).has_value());
    CHECK_FALSE(validate_merge(text_set{}, text_set{}).has_value());
}

TEST_CASE("validate_merge: one dot for two elements (two replicas sharing an id)") {
    text_set a;
    text_set b;
    a.add(7, "milk");
    b.add(7, "eggs");  // the same dot (7, 1)
    const text_set before = a;
    const auto problem = validate_merge(a, b);
    REQUIRE(problem.has_value());
    CHECK(problem->code() == errc::conflicting_states);
    CHECK(problem->message() ==
          "validate_merge: dot (7, 1) is stored with a different payload on each side (two "
          "replicas share an id, or one reused a counter)");
    CHECK(a == before);
    // What the check protects against: the merge drops both writes.
    CHECK(join(a, b).empty());
}

TEST_CASE("validate_merge: a replica restored from an older copy") {
    text_set live;
    live.add(1, "milk");
    const text_set backup = live;
    live.add(1, "eggs");  // (1, 2), then the replica crashes and is restored from backup
    text_set peer = live;
    CHECK_FALSE(validate_merge(backup, peer).has_value());  // nothing reused yet
    const auto problem = validate_merge(backup, peer, std::uint64_t{1});
    REQUIRE(problem.has_value());
    CHECK(problem->code() == errc::conflicting_states);
    CHECK(problem->message().find("replica 1's dot 2") != std::string::npos);
    CHECK_FALSE(validate_merge(live, peer, std::uint64_t{1}).has_value());
}

TEST_CASE("validate_merge: nested maps, registers and flags") {
    note a;
    note b;
    a.update("title", [](text_register& r) { return r.write(4, "Milk"); });
    b.update("title", [](text_register& r) { return r.write(4, "Eggs"); });
    CHECK(validate_merge(a, b).has_value());
    note c = a;
    CHECK_FALSE(validate_merge(a, c).has_value());

    converge::enable_wins_flag<> f;
    converge::enable_wins_flag<> g;
    g.merge(f.enable(1));
    CHECK_FALSE(validate_merge(f, g, std::uint64_t{1}).has_value());
    CHECK(validate_merge(converge::enable_wins_flag<>{}, g, std::uint64_t{1}).has_value());

    converge::causal_lww_register<std::string> x;
    converge::causal_lww_register<std::string> y;
    x.write(1, converge::hlc_timestamp(5, 0), "a");
    y.write(1, converge::hlc_timestamp(5, 0), "b");
    CHECK(validate_merge(x, y).has_value());
}

TEST_CASE("validate_merge: counters and clocks whose own entry went backwards") {
    converge::g_counter<> restored;
    converge::g_counter<> peer;
    restored.increment(1, 2);
    peer.merge(restored);
    peer.merge(peer.increment(1, 0 + 1));  // the replica's own later increment, seen by peer
    peer.merge(restored.increment(2, 1));
    CHECK_FALSE(validate_merge(restored, peer).has_value());
    const auto problem = validate_merge(restored, peer, std::uint64_t{1});
    REQUIRE(problem.has_value());
    CHECK(problem->message() ==
          "validate_merge: replica 1's own count is 2 here but 3 in the incoming state: it "
          "lost state (restored from an older copy?) or shares its id");
    CHECK_FALSE(validate_merge(restored, peer, std::uint64_t{2}).has_value());

    converge::pn_counter<> p;
    converge::pn_counter<> q;
    q.decrement(1);
    CHECK(validate_merge(p, q, std::uint64_t{1})->message().find("decrements") !=
          std::string::npos);
    CHECK_FALSE(validate_merge(q, p, std::uint64_t{1}).has_value());

    converge::vector_clock<> v;
    converge::vector_clock<> w;
    w.tick(1);
    CHECK(validate_merge(v, w, std::uint64_t{1}).has_value());
    CHECK_FALSE(validate_merge(v, w, std::uint64_t{2}).has_value());
}

TEST_CASE("validate_merge: last-writer-wins registers") {
    using reg = converge::lww_register<std::string>;
    const converge::hlc_timestamp t(1'700'000'000'000, 0);
    reg a;
    reg b;
    a.assign(3, "left", t);
    b.assign(3, "right", t);
    const auto problem = validate_merge(a, b);
    REQUIRE(problem.has_value());
    CHECK(problem->message() ==
          "validate_merge: replica 3 wrote two different values with one timestamp");
    b = a;
    CHECK_FALSE(validate_merge(a, b).has_value());
    b.assign(3, "later", converge::hlc_timestamp(1'700'000'000'001, 0));
    CHECK(validate_merge(a, b, std::uint64_t{3}).has_value());
    CHECK_FALSE(validate_merge(a, b, std::uint64_t{4}).has_value());
    CHECK_FALSE(validate_merge(b, a, std::uint64_t{3}).has_value());
    reg by_two;  // another writer at the same timestamp, with a smaller id
    by_two.assign(2, "other", converge::hlc_timestamp(1'700'000'000'001, 0));
    CHECK(validate_merge(by_two, b, std::uint64_t{3}).has_value());
}
