// SPDX-License-Identifier: MIT
#pragma once

// The one out-of-line place from which converge throws. Broken preconditions and resource
// exhaustion (a counter that would overflow) throw; untrusted input never does, it returns a
// result<T> instead. Keeping the throws here keeps the hot paths small.

#include <converge/core/detail/text.hpp>

#include <stdexcept>
#include <string>

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

}  // namespace converge::inline v1::detail
