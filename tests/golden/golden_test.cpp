// SPDX-License-Identifier: MIT
// Golden vectors: fixed values of every wire type and their exact bytes, kept in vectors.txt
// beside this file. Each value is rebuilt here; its encoding must match the checked-in bytes
// exactly, and decoding those bytes must give the value back. A change to any encoding fails.
// vectors_v1.txt and vectors_v2.txt keep the older bytes of the types a later version changed:
// what a decoder of today does with them is fixed too.
//
// To add a vector: add a case below, run with CONVERGE_GOLDEN_PRINT=1 to print every case's
// current bytes, and copy the new line into vectors.txt (after checking it against the spec).
#include <converge/converge.hpp>

#include "builtin_types.hpp"
#include "test_support.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using uuid = std::array<std::byte, 16>;

struct golden_case {
    std::function<std::vector<std::byte>()> encode;
    // Decodes bytes and compares with the value; returns an empty string or what went wrong.
    std::function<std::string(const std::vector<std::byte>&)> decode_back;
    // Decodes bytes and returns the error code, 0 when they decode.
    std::function<int(const std::vector<std::byte>&)> decode_error;
};

template <class T>
golden_case make_case(T value) {
    return {[value] { return converge::encode(value); },
            [value](const std::vector<std::byte>& bytes) -> std::string {
                const auto back = converge::decode<T>(bytes);
                if (!back) return "decode failed: " + std::string(back.message());
                if (!(*back == value)) return "decoded a different value";
                return {};
            },
            [](const std::vector<std::byte>& bytes) {
                const auto back = converge::decode<T>(bytes);
                return back ? 0 : back.error().value();
            }};
}

uuid make_uuid(std::uint8_t first) {
    uuid id{};
    for (std::size_t i = 0; i < id.size(); ++i)
        id[i] = std::byte{static_cast<std::uint8_t>(first + i * 0x11)};
    return id;
}

converge::hlc_timestamp noon() {
    return converge::hlc_timestamp(1'700'000'000'000, 2);
}

std::map<std::string, golden_case> golden_cases() {
    std::map<std::string, golden_case> cases;

    cases["lamport_clock.zero"] = make_case(converge::lamport_clock<>{});
    cases["lamport_clock.300"] = make_case(converge::lamport_clock<>(300));
    cases["lamport_clock.max"] = make_case(converge::lamport_clock<>(~std::uint64_t{0}));

    cases["vector_clock.empty"] = make_case(converge::vector_clock<>{});
    {
        converge::vector_clock<> vc;
        for (int i = 0; i < 3; ++i) (void)vc.tick(7);
        (void)vc.tick(1);
        cases["vector_clock.two_replicas"] = make_case(vc);
        converge::vector_clock<std::string> named;
        (void)named.tick("bob");
        (void)named.tick("bob");
        (void)named.tick("a");
        cases["vector_clock.string_ids"] = make_case(named);
    }

    cases["hlc_timestamp.zero"] = make_case(converge::hlc_timestamp{});
    cases["hlc_timestamp.example"] = make_case(noon());
    cases["hlc_timestamp.max"] =
        make_case(converge::hlc_timestamp(converge::hlc_timestamp::max_wall_ms, 0xFFFF));

    cases["causal_context.empty"] = make_case(converge::causal_context<>{});
    {
        converge::causal_context<> holes;  // replica 1: 1, 5, 9..12; replica 3: 2
        holes.insert({1, 1});
        holes.insert({1, 5});
        holes.insert_range(1, 9, 12);
        holes.insert({3, 2});
        cases["causal_context.holes"] = make_case(holes);
        converge::causal_context<std::string> named;
        named.insert_range("alice", 1, 3);
        named.insert({"bob", 2});
        cases["causal_context.string_ids"] = make_case(named);
        converge::causal_context<uuid> ids;
        ids.insert({make_uuid(0x00), 1});
        ids.insert({make_uuid(0x01), 4});
        cases["causal_context.uuid_ids"] = make_case(ids);
    }

    cases["g_counter.empty"] = make_case(converge::g_counter<>{});
    {
        converge::g_counter<> g;
        (void)g.increment(7, 3);
        (void)g.increment(2, 300);
        cases["g_counter.two_replicas"] = make_case(g);
        cases["g_counter_digest.two_replicas"] = make_case(g.digest());
        cases["g_counter_digest.empty"] = make_case(converge::g_counter<>{}.digest());
        converge::g_counter<std::string, std::uint32_t> named;
        (void)named.increment("phone", 1);
        (void)named.increment("laptop", 70000);
        cases["g_counter.string_ids"] = make_case(named);
        converge::g_counter<uuid> ids;
        (void)ids.increment(make_uuid(0x00), 5);
        cases["g_counter.uuid_ids"] = make_case(ids);
    }

    cases["pn_counter.empty"] = make_case(converge::pn_counter<>{});
    {
        converge::pn_counter<> pn;
        (void)pn.increment(1, 10);
        (void)pn.decrement(2, 3);
        (void)pn.decrement(1, 1);
        cases["pn_counter.example"] = make_case(pn);
        cases["pn_counter_digest.example"] = make_case(pn.digest());
        cases["pn_counter_digest.empty"] = make_case(converge::pn_counter<>{}.digest());
        converge::pn_counter<std::string> named;
        (void)named.decrement("carol", 2);
        cases["pn_counter.string_ids"] = make_case(named);
    }

    cases["lww_register.empty"] = make_case(converge::lww_register<std::string>{});
    {
        converge::lww_register<std::string> reg;
        (void)reg.assign(4, "draft", noon());
        cases["lww_register.string_value"] = make_case(reg);
        cases["lww_register_digest.example"] = make_case(reg.digest());
        cases["lww_register_digest.empty"] =
            make_case(converge::lww_register<std::string>{}.digest());
        converge::lww_register<std::int64_t, std::string, std::uint64_t> named;
        (void)named.assign("alice", -2, 9);
        cases["lww_register.string_writer"] = make_case(named);
        converge::lww_register<std::string, uuid> ids;
        (void)ids.assign(make_uuid(0x00), "", converge::hlc_timestamp(5, 0));
        cases["lww_register.uuid_writer"] = make_case(ids);
    }

    cases["or_set.empty"] = make_case(converge::or_set<std::uint64_t>{});
    {
        // Replicas 1 and 2 add "milk" concurrently, replica 1 then adds "eggs"; both merge.
        converge::or_set<std::string> one, two;
        const auto milk1 = one.add(1, "milk");
        const auto milk2 = two.add(2, "milk");
        (void)one.add(1, "eggs");
        one.merge(milk2);
        two.merge(milk1);
        cases["or_set.concurrent_double_add"] = make_case(one);

        converge::or_set<std::uint64_t> removed;
        (void)removed.add(1, 42);
        (void)removed.remove(42);
        cases["or_set.added_then_removed"] = make_case(removed);

        // A delta that re-adds 5: its context holds the old dot (3, 1) and the new (3, 4),
        // with a hole between them.
        converge::or_set<std::uint64_t> numbers;
        (void)numbers.add(3, 5);
        (void)numbers.add(3, 6);
        (void)numbers.add(3, 7);
        cases["or_set.readd_delta"] = make_case(numbers.add(3, 5));
        cases["or_set.context_digest"] = make_case(numbers.digest());
    }

    // The causal kernel's types (tags 18 to 23).
    {
        using text = converge::mv_register<std::string>;
        text a, b;
        b.merge(a.write(1, "draft"));
        const auto mine = a.write(1, "mine");
        const auto theirs = b.write(2, "theirs");
        a.merge(theirs);
        b.merge(mine);
        cases["mv_register.empty"] = make_case(text{});
        cases["mv_register.conflict"] = make_case(a);
        cases["mv_register.write_delta"] = make_case(mine);

        converge::enable_wins_flag<> on;
        (void)on.enable(4);
        cases["enable_wins_flag.enabled"] = make_case(on);
        (void)on.disable();
        cases["enable_wins_flag.disabled"] = make_case(on);

        converge::disable_wins_flag<> off;
        (void)off.enable(4);
        (void)off.disable(4);
        cases["disable_wins_flag.disabled"] = make_case(off);

        using note = converge::or_map<std::string, text>;
        using notebook = converge::or_map<std::string, note>;
        notebook book;
        (void)book.update("n1", [](note& n) {
            return n.update("title", [](text& t) { return t.write(1, "Milk"); });
        });
        const auto body = book.update("n1", [](note& n) {
            return n.update("body", [](text& t) { return t.write(1, "2 l"); });
        });
        (void)book.update("n2", [](note& n) {
            return n.update("title", [](text& t) { return t.write(2, "Eggs"); });
        });
        cases["or_map.notebook"] = make_case(book);
        cases["or_map.nested_field_delta"] = make_case(body);
        cases["or_map.removed_key"] = make_case(book.remove("n2"));

        // Replica 1 counts 5 then 2 more, replica 2 takes 3 away; the second increment's delta
        // replaces replica 1's first dot.
        converge::causal_counter<> count;
        (void)count.increment(1, 5);
        (void)count.decrement(2, 3);
        const auto more = count.increment(1, 2);
        cases["causal_counter.empty"] = make_case(converge::causal_counter<>{});
        cases["causal_counter.two_replicas"] = make_case(count);
        cases["causal_counter.increment_delta"] = make_case(more);
        cases["causal_counter.reset_delta"] = make_case(count.reset());
        converge::causal_counter<std::string> named;
        (void)named.add("carol", -7);
        cases["causal_counter.string_ids"] = make_case(named);

        // Concurrent writes at one timestamp: both are held, replica 2's is read.
        using stamped = converge::causal_lww_register<std::string>;
        stamped x, y;
        const auto dx = x.write(1, noon(), "mine");
        const auto dy = y.write(2, noon(), "theirs");
        x.merge(dy);
        cases["causal_lww_register.empty"] = make_case(stamped{});
        cases["causal_lww_register.concurrent"] = make_case(x);
        cases["causal_lww_register.write_delta"] = make_case(dx);
        converge::causal_lww_register<std::int64_t, uuid, std::uint64_t> ids;
        (void)ids.write(make_uuid(0x00), 9, -2);
        cases["causal_lww_register.uuid_writer"] = make_case(ids);
    }

    // Sync messages and the persisted endpoint (tags 12 to 17).
    {
        namespace cs = converge::sync;
        using counter = converge::g_counter<>;
        using set = converge::or_set<std::uint64_t>;
        counter g;
        (void)g.increment(7, 2);
        set s;
        (void)s.add(1, 42);
        cases["sync.ack"] = make_case(cs::ack{300});
        cases["sync.delta_group"] = make_case(cs::delta_group<counter>{3, 9, g});
        cases["sync.full_state"] = make_case(cs::full_state<set>{1, s});
        cases["sync.digest_request"] = make_case(cs::digest_request<set>{s.digest()});
        cases["sync.digest_reply"] = make_case(cs::digest_reply<counter>{4, g, {}});
        cases["sync.persisted_state"] =
            make_case(cs::persisted_state<counter, std::string>{"a", 2, g, {"b", "c"}});
        cases["sync.persisted_state_delta"] = make_case(
            cs::persisted_state<counter, std::string>{"a", 2, g, {"b", "c"}, cs::protocol::delta});
    }
    return cases;
}

std::string to_hex(const std::vector<std::byte>& bytes) {
    std::string out;
    char digits[3];
    for (std::byte b : bytes) {
        std::snprintf(digits, sizeof digits, "%02x", static_cast<unsigned>(b));
        out += digits;
    }
    return out;
}

std::vector<std::byte> from_hex(const std::string& hex) {
    std::vector<std::byte> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<std::byte>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    return out;
}

struct golden_line {
    std::string name;
    std::string hex;
    std::string expectation;  // vectors_v1.txt, vectors_v2.txt: "decodes" or "refused"
    int line = 0;
};

std::vector<golden_line> read_vectors(const char* path = CONVERGE_GOLDEN_VECTORS) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::vector<golden_line> out;
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        golden_line v;
        v.line = number;
        fields >> v.name >> v.hex >> v.expectation;
        out.push_back(v);
    }
    return out;
}

}  // namespace

TEST_CASE("every golden vector encodes and decodes exactly") {
    const auto cases = golden_cases();
    if (std::getenv("CONVERGE_GOLDEN_PRINT") != nullptr)
        for (const auto& [name, c] : cases)
            std::printf("%s %s\n", name.c_str(), to_hex(c.encode()).c_str());

    const auto vectors = read_vectors();
    std::set<std::string> seen;
    for (const golden_line& v : vectors) {
        INFO("vectors.txt line " << v.line << ": " << v.name);
        CHECK(seen.insert(v.name).second);  // each name once
        const auto it = cases.find(v.name);
        REQUIRE(it != cases.end());
        REQUIRE(v.hex.size() % 2 == 0);
        CHECK(to_hex(it->second.encode()) == v.hex);
        CHECK(it->second.decode_back(from_hex(v.hex)) == "");
    }
    for (const auto& [name, c] : cases) {
        INFO("case without a vector in vectors.txt: " << name);
        CHECK(seen.count(name) == 1);
    }
}

TEST_CASE("older versions' bytes of the types a later version changed decode or are refused") {
    const auto cases = golden_cases();
    const std::pair<const char*, int> files[] = {{CONVERGE_GOLDEN_VECTORS_V1, 1},
                                                 {CONVERGE_GOLDEN_VECTORS_V2, 2}};
    for (const auto& [path, version] : files) {
        const auto vectors = read_vectors(path);
        CHECK(!vectors.empty());
        for (const golden_line& v : vectors) {
            INFO(path << " line " << v.line << ": " << v.name);
            const auto it = cases.find(v.name);
            REQUIRE(it != cases.end());
            const auto bytes = from_hex(v.hex);
            REQUIRE(bytes.size() > 2);
            CHECK(static_cast<int>(bytes[2]) == version);  // the file's version, and only it
            CHECK(to_hex(it->second.encode()) != v.hex);
            if (v.expectation == "decodes") {
                CHECK(it->second.decode_back(bytes) == "");
            } else {
                REQUIRE(v.expectation == "refused");
                CHECK(it->second.decode_error(bytes) ==
                      static_cast<int>(converge::errc::unsupported_version));
            }
        }
    }
}

namespace {

// The type tag of an encoded value: the varint after the magic and the format version.
std::uint64_t tag_of(const std::vector<std::byte>& bytes) {
    converge::byte_reader r(bytes);
    (void)r.byte("magic");
    (void)r.byte("magic");
    (void)r.varint("version");
    const auto tag = r.varint("tag");
    REQUIRE(tag.has_value());
    return *tag;
}

// Every tag a listed type puts on the wire: the value types, each replicated variant and its
// digest, and the sync messages and persisted state of each replicated type.
std::set<std::uint64_t> tags_of_listed_types() {
    std::set<std::uint64_t> tags;
    converge_test::for_each_wire_type(
        [&]<class T>() { tags.insert(converge::codec<T>::type_tag); });
    converge_test::for_each_type(converge_test::replicated_cases{}, [&]<class Case>() {
        using T = typename Case::type;
        namespace cs = converge::sync;
        for (std::uint64_t tag :
             {converge::codec<cs::delta_group<T>>::type_tag, converge::codec<cs::ack>::type_tag,
              converge::codec<cs::full_state<T>>::type_tag,
              converge::codec<cs::digest_request<T>>::type_tag,
              converge::codec<cs::digest_reply<T>>::type_tag,
              converge::codec<cs::persisted_state<T>>::type_tag})
            tags.insert(tag);
    });
    return tags;
}

}  // namespace

TEST_CASE("every wire tag of the built-in list has a golden vector") {
    std::set<std::uint64_t> golden;
    for (const auto& [name, c] : golden_cases()) golden.insert(tag_of(c.encode()));
    for (std::uint64_t tag : tags_of_listed_types()) {
        INFO("type tag " << tag << " is used by a listed type but has no golden vector");
        CHECK(golden.count(tag) == 1);
    }
    for (std::uint64_t tag : golden) {
        INFO("type tag " << tag << " has a golden vector but no type in builtin_types.hpp");
        CHECK(tags_of_listed_types().count(tag) == 1);
    }
}
