// SPDX-License-Identifier: MIT
// libFuzzer harness: scripts of increments, decrements, resets, merges and syncs on three
// causal_counter replicas (converge/testing/fuzz_driver.hpp).
#include "merge_harness.hpp"

#include <cstdint>

namespace {

struct causal_counter_ops {
    using state_type = converge::causal_counter<>;

    state_type mutate(state_type& s, std::size_t replica, converge::testing::fuzz_input& in) {
        const std::uint8_t kind = in.byte() % 6;
        const std::uint64_t amount = in.below(10);
        if (kind == 0) return s.reset();
        return kind < 3 ? s.decrement(replica + 1, amount) : s.increment(replica + 1, amount);
    }
    void check(const state_type& s) { converge_fuzz::check_wire_roundtrip(s); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    converge::testing::fuzz_merge_properties<causal_counter_ops>(data, size);
    return 0;
}
