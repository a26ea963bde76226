// SPDX-License-Identifier: MIT
// libFuzzer harness: scripts of adds, removes, clears, merges and syncs on three or_set
// replicas (converge/testing/fuzz_driver.hpp).
#include "merge_harness.hpp"

namespace {

struct or_set_ops {
    using state_type = converge::or_set<std::uint64_t>;

    // Few elements, so that adds and removes of one element meet often.
    state_type mutate(state_type& s, std::size_t replica, converge::testing::fuzz_input& in) {
        const std::uint8_t kind = in.byte() % 8;
        const std::uint64_t element = in.below(6);
        if (kind < 5) return s.add(replica + 1, element);
        if (kind < 7) return s.remove(element);
        return s.clear();
    }
    void check(const state_type& s) { converge_fuzz::check_wire_roundtrip(s); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    converge::testing::fuzz_merge_properties<or_set_ops>(data, size);
    return 0;
}
