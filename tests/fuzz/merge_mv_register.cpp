// SPDX-License-Identifier: MIT
// libFuzzer harness: scripts of writes, clears, merges and syncs on three mv_register replicas
// (converge/testing/fuzz_driver.hpp).
#include "merge_harness.hpp"

#include <cstdint>

namespace {

struct mv_register_ops {
    using state_type = converge::mv_register<std::uint64_t>;

    state_type mutate(state_type& s, std::size_t replica, converge::testing::fuzz_input& in) {
        const std::uint8_t kind = in.byte() % 6;
        if (kind == 0) return s.clear();
        return s.write(replica + 1, in.below(4));
    }
    void check(const state_type& s) { converge_fuzz::check_wire_roundtrip(s); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    converge::testing::fuzz_merge_properties<mv_register_ops>(data, size);
    return 0;
}
