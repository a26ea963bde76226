// SPDX-License-Identifier: MIT
// libFuzzer harness: decode<pn_counter> on arbitrary bytes (see decode_harness.hpp).
#include "decode_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace converge_fuzz;
    return decode_all<converge::pn_counter<>, converge::pn_counter<std::string, std::uint16_t>>(
        data, size);
}
