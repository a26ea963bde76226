// SPDX-License-Identifier: MIT
#pragma once

// The one out-of-line place from which converge throws. Broken preconditions and resource
// exhaustion (a counter that would overflow) throw; untrusted input never does, it returns a
// result<T> instead. Keeping the throws here keeps the hot paths small.

#include <converge/core/detail/text.hpp>
#include <converge/core/error.hpp>

#include <stdexcept>
#include <string>
#include <system_error>

namespace converge::inline v1::detail {

[[noreturn, gnu::cold, gnu::noinline]] inline void throw_overflow(const std::string& what) {
    throw std::overflow_error(text("converge: ", what));
}

[[noreturn, gnu::cold, gnu::noinline]] inline void throw_out_of_range(const std::string& what) {
    throw std::out_of_range(text("converge: ", what));
}

[[noreturn, gnu::cold, gnu::noinline]] inline void throw_invalid_argument(const std::string& what) {
    throw std::invalid_argument(text("converge: ", what));
}

// A run-time event the caller must not ignore (a broken physical clock), as a std::system_error
// whose code() is `code`, so it can be told apart without parsing the message.
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_error(errc code, const std::string& what) {
    throw std::system_error(make_error_code(code), text("converge: ", what));
}

}  // namespace converge::inline v1::detail
