// SPDX-License-Identifier: MIT
// libFuzzer harness: decode<lww_register digest> on arbitrary bytes (see decode_harness.hpp).
#include "decode_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace converge_fuzz;
    return decode_all<converge::lww_register<std::string>::digest_type,
                      converge::lww_register<std::string, std::string, std::uint64_t>::digest_type>(
        data, size);
}
