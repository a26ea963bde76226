// SPDX-License-Identifier: MIT
// The examples of docs/api/result.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/core/result.hpp>
#include <converge/crdt/g_counter.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <system_error>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/result.md example broken: %s\n", what);
        ++failures;
    }
}

// [result_return]
// A decimal count from untrusted text: a value, or why not and where.
converge::result<std::uint32_t> parse_count(std::string_view text) {
    if (text.empty()) return converge::failure(converge::errc::truncated_input, "empty count", 0);
    std::uint32_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9' || n > 100'000'000)
            return converge::failure(converge::errc::invalid_value, "bad count", i);
        n = n * 10 + static_cast<std::uint32_t>(text[i] - '0');
    }
    return n;  // a T converts to result<T>
}
// [/result_return]

void result_example() {
    // [result]
    using counter = converge::g_counter<>;
    auto good = counter::from_parts({{1, 5}, {2, 3}});  // result<g_counter<>> with a value
    const auto total = good->value();                   // 8: * and -> reach the value
    auto bad = counter::from_parts({{2, 3}, {1, 5}});   // out of order: a failure
    const std::error_code code = bad.error();           // converge::errc::invalid_parts
    const std::string_view why = bad.message();  // "g_counter::from_parts: entry 1 is out of ..."
    const auto fallback = bad.value_or(counter{});  // the empty counter
    std::string caught;
    try {
        (void)bad.value();                            // checked access: throws
    } catch (const converge::bad_result_access& e) {  // a std::system_error
        caught = e.code().category().name();          // "converge"
    }
    auto parsed = parse_count("12x");  // !parsed, errc::invalid_value, parsed.byte_offset() == 2
    // [/result]
    check(good && total == 8, "value");
    check(!bad && code == converge::errc::invalid_parts && !good.error(), "error code");
    check(why.rfind("g_counter::from_parts: entry 1 is out of ", 0) == 0, "message");
    check(fallback == counter{} && caught == "converge", "value_or and value");
    check(!parsed && parsed.error() == converge::errc::invalid_value && parsed.byte_offset() == 2u,
          "parse_count fails");
    check(parse_count("42").value() == 42 && !parse_count("").has_value(), "parse_count");
}

}  // namespace

int run_snippet_api_result() {
    result_example();
    return failures == 0 ? 0 : 1;
}
