// SPDX-License-Identifier: MIT
// libFuzzer harness: decode<vector_clock> on arbitrary bytes (see decode_harness.hpp).
#include "decode_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace converge_fuzz;
    return decode_all<converge::vector_clock<>, converge::vector_clock<std::string>,
                      converge::vector_clock<uuid, std::uint32_t>>(data, size);
}
