// SPDX-License-Identifier: MIT
// libFuzzer harness: decode<lww_register> on arbitrary bytes (see decode_harness.hpp).
#include "decode_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace converge_fuzz;
    return decode_all<converge::lww_register<std::string>,
                      converge::lww_register<std::int64_t, std::string, std::uint64_t>,
                      converge::lww_register<std::vector<std::byte>, uuid>>(data, size);
}
