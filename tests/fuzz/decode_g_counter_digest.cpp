// SPDX-License-Identifier: MIT
// libFuzzer harness: decode<g_counter digest> on arbitrary bytes (see decode_harness.hpp).
#include "decode_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace converge_fuzz;
    return decode_all<converge::g_counter<>::digest_type,
                      converge::g_counter<std::string>::digest_type>(data, size);
}
