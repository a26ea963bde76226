// SPDX-License-Identifier: MIT
// The tag table of docs/wire-format.md and converge::builtin_wire_tags must say the same: every
// documented row is a built-in tag with that family name, and every built-in tag is documented.
#include <converge/converge.hpp>

#include "test_support.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace {

// The cells of one "| a | b | c |" table row, trimmed.
std::vector<std::string> cells_of(const std::string& line) {
    std::vector<std::string> cells;
    std::size_t start = 1;  // past the leading '|'
    while (start < line.size()) {
        const std::size_t end = line.find('|', start);
        if (end == std::string::npos) break;
        std::string cell = line.substr(start, end - start);
        const auto first = cell.find_first_not_of(' ');
        const auto last = cell.find_last_not_of(' ');
        cells.push_back(first == std::string::npos ? std::string{}
                                                   : cell.substr(first, last - first + 1));
        start = end + 1;
    }
    return cells;
}

// The family name in a type cell: backticks and template arguments dropped, so
// "`g_counter<R, V>`" is "g_counter" and "`g_counter` digest" is "g_counter digest".
std::string family_of(const std::string& cell) {
    std::string out;
    int depth = 0;
    for (const char c : cell) {
        if (c == '<') ++depth;
        if (depth == 0 && c != '`') out += c;
        if (c == '>') --depth;
    }
    return out;
}

// tag -> family name, from the table whose header row is "| tag | type | body |".
std::map<std::uint64_t, std::string> documented_tags() {
    std::ifstream in(CONVERGE_WIRE_FORMAT_DOC);
    REQUIRE(in.good());
    std::map<std::uint64_t, std::string> out;
    bool in_table = false;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("| tag | type | body |", 0) == 0) {
            REQUIRE_FALSE(in_table);  // one such table
            in_table = true;
            std::getline(in, line);  // the "| --- |" separator
            continue;
        }
        if (!in_table) continue;
        if (line.empty() || line.front() != '|') break;
        const auto cells = cells_of(line);
        REQUIRE(cells.size() == 3);
        REQUIRE_FALSE(cells[0].empty());
        REQUIRE(std::all_of(cells[0].begin(), cells[0].end(),
                            [](unsigned char c) { return std::isdigit(c) != 0; }));
        const auto tag = static_cast<std::uint64_t>(std::stoull(cells[0]));
        INFO("documented tag " << tag);
        REQUIRE(out.emplace(tag, family_of(cells[1])).second);  // no tag documented twice
    }
    REQUIRE(in_table);
    return out;
}

}  // namespace

TEST_CASE("docs/wire-format.md's tag table matches converge::builtin_wire_tags") {
    const auto documented = documented_tags();
    for (const auto& info : converge::builtin_wire_tags) {
        const std::uint64_t tag = converge::to_underlying(info.tag);
        INFO("built-in tag " << tag << " (" << info.name << ")");
        const auto it = documented.find(tag);
        REQUIRE(it != documented.end());
        CHECK(it->second == info.name);
    }
    for (const auto& row : documented) {
        // A named copy: clang 14 cannot capture structured bindings in a lambda.
        const auto tag = row.first;
        const auto& name = row.second;
        INFO("documented tag " << tag << " (" << name << ")");
        CHECK(std::any_of(converge::builtin_wire_tags.begin(), converge::builtin_wire_tags.end(),
                          [&](const converge::wire_tag_info& info) {
                              return converge::to_underlying(info.tag) == tag && info.name == name;
                          }));
    }
}

TEST_CASE("built-in tags are below first_user_tag and in order") {
    std::uint64_t previous = 0;
    for (const auto& info : converge::builtin_wire_tags) {
        CHECK(converge::to_underlying(info.tag) > previous);
        CHECK(converge::to_underlying(info.tag) < converge::first_user_tag);
        previous = converge::to_underlying(info.tag);
    }
}

// Each built-in codec puts its enumerator on the wire.
template <class T>
constexpr std::uint64_t tag_of = converge::codec<T>::type_tag;
using converge::to_underlying;
using converge::wire_tag;
static_assert(tag_of<converge::lamport_clock<>> == to_underlying(wire_tag::lamport_clock));
static_assert(tag_of<converge::vector_clock<>> == to_underlying(wire_tag::vector_clock));
static_assert(tag_of<converge::hlc_timestamp> == to_underlying(wire_tag::hlc_timestamp));
static_assert(tag_of<converge::causal_context<>> == to_underlying(wire_tag::causal_context));
static_assert(tag_of<converge::g_counter<>> == to_underlying(wire_tag::g_counter));
static_assert(tag_of<converge::pn_counter<>> == to_underlying(wire_tag::pn_counter));
static_assert(tag_of<converge::lww_register<std::string>> == to_underlying(wire_tag::lww_register));
static_assert(tag_of<converge::or_set<std::string>> == to_underlying(wire_tag::or_set));
static_assert(tag_of<converge::sync::ack> == to_underlying(wire_tag::ack));
static_assert(tag_of<converge::sync::delta_group<converge::g_counter<>>> ==
              to_underlying(wire_tag::delta_group));
static_assert(std::is_same_v<decltype(converge::codec<converge::g_counter<>>::type_tag),
                             const std::uint64_t>);
