// SPDX-License-Identifier: MIT
// libFuzzer harness: scripts of increments, decrements, merges and syncs on three pn_counter
// replicas (converge/testing/fuzz_driver.hpp).
#include "merge_harness.hpp"

namespace {

struct pn_counter_ops {
    using state_type = converge::pn_counter<>;

    state_type mutate(state_type& s, std::size_t replica, converge::testing::fuzz_input& in) {
        const auto n = in.in_range(1, 1000);
        return in.boolean() ? s.increment(replica + 1, n) : s.decrement(replica + 1, n);
    }
    void check(const state_type& s) { converge_fuzz::check_wire_roundtrip(s); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    converge::testing::fuzz_merge_properties<pn_counter_ops>(data, size);
    return 0;
}
