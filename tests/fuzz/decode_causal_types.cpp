// SPDX-License-Identifier: MIT
// libFuzzer harness: decode of the causal kernel's types (mv_register, the flags,
// causal_counter, causal_lww_register, or_map nested two deep) on arbitrary bytes (see
// decode_harness.hpp).
#include "decode_harness.hpp"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace converge_fuzz;
    using text = converge::mv_register<std::string>;
    using note = converge::or_map<std::string, text>;
    using stamped = converge::causal_lww_register<std::string>;
    return decode_all<text, converge::mv_register<std::uint64_t>, converge::enable_wins_flag<>,
                      converge::disable_wins_flag<>, note, converge::or_map<std::string, note>,
                      converge::or_map<std::uint64_t, converge::enable_wins_flag<>>,
                      converge::causal_counter<>, converge::causal_counter<std::string>, stamped,
                      converge::causal_lww_register<std::int64_t, uuid, std::uint64_t>,
                      converge::or_map<std::string, converge::causal_counter<>>,
                      converge::or_map<std::string, stamped>>(data, size);
}
