// SPDX-License-Identifier: MIT
// libFuzzer harness: decode<hlc_timestamp> on arbitrary bytes (see decode_harness.hpp).
#include "decode_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace converge_fuzz;
    return decode_all<converge::hlc_timestamp>(data, size);
}
