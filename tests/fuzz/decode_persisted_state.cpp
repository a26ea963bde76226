// SPDX-License-Identifier: MIT
// libFuzzer harness: decode<sync::persisted_state> on arbitrary bytes, as a restart does with
// whatever the disk holds (see decode_harness.hpp).
#include "decode_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace converge_fuzz;
    using converge::sync::persisted_state;
    return decode_all<persisted_state<converge::or_set<std::uint64_t>, std::uint64_t>,
                      persisted_state<converge::or_set<std::string>, std::string>,
                      persisted_state<converge::g_counter<>, std::uint64_t>,
                      persisted_state<converge::lww_register<std::string>, uuid>>(data, size);
}
