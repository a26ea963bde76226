// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>

namespace converge::inline v1 {

// Bounds a decoder enforces on untrusted input, so that hostile bytes cannot make it spend
// unbounded memory or time. Exceeding one is errc::limit_exceeded. Independently of these,
// no count is trusted beyond what the remaining input could hold.
struct decode_limits {
    std::size_t max_bytes = std::size_t{64} << 20;   // the whole input
    std::size_t max_count = std::size_t{16} << 20;   // any one count prefix (entries, elements)
    std::size_t max_string = std::size_t{16} << 20;  // any one string or byte string
    std::size_t max_depth = 32;                      // values nested inside values
};

}  // namespace converge::inline v1
