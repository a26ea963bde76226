// SPDX-License-Identifier: MIT
#pragma once

// Shared by the merge-property harnesses: a check that every state the script reaches also
// survives the wire (decode(encode(s)) == s).

#include <converge/converge.hpp>
#include <converge/testing/fuzz_driver.hpp>

namespace converge_fuzz {

template <class T>
void check_wire_roundtrip(const T& state) {
    const auto back = converge::decode<T>(converge::encode(state));
    converge::testing::fuzz_require(back.has_value() && *back == state,
                                    "a reached state does not survive encode and decode");
}

}  // namespace converge_fuzz
