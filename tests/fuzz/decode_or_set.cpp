// SPDX-License-Identifier: MIT
// libFuzzer harness: decode<or_set> on arbitrary bytes (see decode_harness.hpp).
#include "decode_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace converge_fuzz;
    return decode_all<converge::or_set<std::uint64_t>, converge::or_set<std::string, std::string>,
                      converge::or_set<std::int32_t, std::uint32_t>>(data, size);
}
