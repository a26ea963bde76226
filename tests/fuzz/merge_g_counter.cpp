// SPDX-License-Identifier: MIT
// libFuzzer harness: scripts of increments, merges and syncs on three g_counter replicas
// (converge/testing/fuzz_driver.hpp).
#include "merge_harness.hpp"

namespace {

struct g_counter_ops {
    using state_type = converge::g_counter<>;

    // Replica ids 1..3; small increments so that no script can overflow a counter.
    state_type mutate(state_type& s, std::size_t replica, converge::testing::fuzz_input& in) {
        return s.increment(replica + 1, in.in_range(1, 1000));
    }
    void check(const state_type& s) { converge_fuzz::check_wire_roundtrip(s); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    converge::testing::fuzz_merge_properties<g_counter_ops>(data, size);
    return 0;
}
