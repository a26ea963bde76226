// SPDX-License-Identifier: MIT
// libFuzzer harness: decode<lamport_clock> on arbitrary bytes (see decode_harness.hpp).
#include "decode_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace converge_fuzz;
    return decode_all<converge::lamport_clock<>, converge::lamport_clock<std::uint8_t>>(data, size);
}
