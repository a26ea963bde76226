// SPDX-License-Identifier: MIT
// libFuzzer harness: decode<g_counter> on arbitrary bytes (see decode_harness.hpp).
#include "decode_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace converge_fuzz;
    return decode_all<converge::g_counter<>, converge::g_counter<std::string, std::uint32_t>,
                      converge::g_counter<uuid, std::uint8_t>>(data, size);
}
