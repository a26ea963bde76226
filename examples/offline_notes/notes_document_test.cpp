// SPDX-License-Identifier: MIT
// The notes document: its three maps together are a CRDT (lattice laws, exact redundancy
// removal and digest sync), its bytes round-trip through the endpoint's persisted form and
// damaged bytes are refused; and each edit does what the app promises, with a delta holding
// only the field it changed.
#include "notes_store.hpp"

#include <converge/testing/arbitrary/flags.hpp>
#include <converge/testing/arbitrary/mv_register.hpp>
#include <converge/testing/arbitrary/or_map.hpp>
#include <converge/testing/laws.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

using converge::join;
using converge::lattice_leq;
using notes::document;

namespace rc {

template <>
struct Arbitrary<document> {
    static Gen<document> arbitrary() {
        return gen::build<document>(gen::set(&document::texts), gen::set(&document::tags),
                                    gen::set(&document::done));
    }
};

}  // namespace rc

namespace {

// Documents whose dots each name one event, as real replicas' do: what digest sync assumes.
document consistent_document() {
    using converge::testing::consistent;
    return {
        (*rc::gen::arbitrary<consistent<decltype(document::texts)>>()).value,
        (*rc::gen::arbitrary<consistent<decltype(document::tags)>>()).value,
        (*rc::gen::arbitrary<consistent<decltype(document::done)>>()).value,
    };
}

std::vector<std::byte> persisted(const document& d) {
    return converge::encode(notes::endpoint(7, {}, d).persist());
}

constexpr std::uint64_t alice = 1, bob = 2;

// Bob's copy of a document after Alice wrote a note and shared it.
struct two_replicas {
    document a, b;
    notes::note_id id;
    two_replicas() {
        id = notes::next_note_id(a, alice);
        b.merge(notes::write_text(a, alice, id, "title", "Plan the trip"));
    }
    void sync() {
        const document a_before = a;
        a.merge(b);
        b.merge(a_before);
    }
};

}  // namespace

TEST_CASE("notes document: lattice laws", "[notes]") {
    const auto report = converge::testing::check_lattice_laws<document>();
    INFO(report.summary());
    CHECK(report.passed());
}

TEST_CASE("notes document: redundancy removal and digest sync are exact", "[notes]") {
    CONVERGE_CHECK_PROPERTY("inflation", [](const document& local, const document& remote) {
        const document part = remote.inflation_over(local);
        RC_ASSERT(join(local, part) == join(local, remote));
        RC_ASSERT(lattice_leq(part, remote));
        RC_ASSERT(local.inflation_over(local) == document{});
    });
    CONVERGE_CHECK_PROPERTY("digest", [] {
        const document a = consistent_document();
        const document b = consistent_document();
        document synced = b;
        synced.merge(a.delta_since(b.digest()));
        RC_ASSERT(synced == join(a, b));
    });
}

TEST_CASE("notes document: persisted bytes round-trip, damaged ones are refused", "[notes]") {
    CONVERGE_CHECK_PROPERTY("round-trip", [](const document& d) {
        const auto bytes = persisted(d);
        const auto restored = notes::endpoint::restore(bytes);
        RC_ASSERT(restored.has_value());
        RC_ASSERT(restored->state() == d);
        RC_ASSERT(persisted(restored->state()) == bytes);
    });
    CONVERGE_CHECK_PROPERTY("truncation", [](const document& d) {
        const auto bytes = persisted(d);
        const auto n = *rc::gen::inRange<std::size_t>(0, bytes.size());
        RC_ASSERT(!notes::endpoint::restore(std::span(bytes).first(n)).has_value());
    });
}

TEST_CASE("notes document: concurrent title edits conflict until the next edit", "[notes]") {
    two_replicas r;
    (void)notes::write_text(r.a, alice, r.id, "title", "Trip to Lisbon");
    (void)notes::write_text(r.b, bob, r.id, "title", "Trip to Rome");
    r.sync();
    CHECK(r.a == r.b);
    CHECK(notes::read_note(r.a, r.id).title ==
          std::vector<std::string>{"Trip to Lisbon", "Trip to Rome"});

    const document resolved = notes::write_text(r.b, bob, r.id, "title", "Lisbon, then Rome");
    r.a.merge(resolved);
    CHECK(r.a == r.b);
    CHECK(notes::read_note(r.a, r.id).title == std::vector<std::string>{"Lisbon, then Rome"});
    // Deltas all the way down: one note, one field, its new dot and the two it superseded.
    CHECK(resolved.texts.size() == 1);
    CHECK(resolved.texts.get(r.id)->size() == 1);
    CHECK(resolved.texts.context().dot_count() == 3);
    CHECK(resolved.tags.empty());
    CHECK(resolved.done.empty());
    CHECK(resolved.tags.context().dot_count() == 0);
    CHECK(resolved.done.context().dot_count() == 0);
}

TEST_CASE("notes document: a tag or a completion survives a concurrent removal", "[notes]") {
    two_replicas r;
    r.b.merge(notes::tag(r.a, alice, r.id, "travel"));
    r.b.merge(notes::set_done(r.a, alice, r.id, true));
    (void)notes::untag(r.a, r.id, "travel");
    (void)notes::set_done(r.a, alice, r.id, false);
    (void)notes::tag(r.b, bob, r.id, "travel");
    (void)notes::set_done(r.b, bob, r.id, true);
    r.sync();
    const auto note = notes::read_note(r.a, r.id);
    CHECK(note.tags == std::vector<std::string>{"travel"});
    CHECK(note.done);
    CHECK(r.a == r.b);
}

TEST_CASE("notes document: a note removed while edited comes back with the edit", "[notes]") {
    two_replicas r;
    r.b.merge(notes::tag(r.a, alice, r.id, "travel"));
    (void)notes::remove_note(r.a, r.id);
    CHECK_FALSE(notes::has_note(r.a, r.id));
    (void)notes::write_text(r.b, bob, r.id, "title", "Trip to Porto");
    r.sync();
    CHECK(r.a == r.b);
    const auto note = notes::read_note(r.a, r.id);
    CHECK(note.title == std::vector<std::string>{"Trip to Porto"});
    CHECK(note.tags.empty());  // the remove took what Alice had seen
}

TEST_CASE("notes document: note ids are the replica and a counter, never reused", "[notes]") {
    document d;
    const auto first = notes::next_note_id(d, alice);
    CHECK(first == notes::hex_id(alice) + "-1");
    (void)notes::write_text(d, alice, first, "title", "one");
    const auto second = notes::next_note_id(d, alice);
    CHECK(second == notes::hex_id(alice) + "-2");
    (void)notes::write_text(d, alice, second, "title", "two");
    (void)notes::remove_note(d, second);
    CHECK(notes::note_ids(d) == std::vector<notes::note_id>{first});
    CHECK(notes::next_note_id(d, alice) == notes::hex_id(alice) + "-3");
    CHECK(notes::next_note_id(d, bob) == notes::hex_id(bob) + "-1");
}
