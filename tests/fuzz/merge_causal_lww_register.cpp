// SPDX-License-Identifier: MIT
// libFuzzer harness: scripts of writes, clears, merges and syncs on three causal_lww_register
// replicas (converge/testing/fuzz_driver.hpp). Few timestamps, so concurrent writes tie often.
#include "merge_harness.hpp"

#include <cstdint>

namespace {

struct causal_lww_register_ops {
    using state_type = converge::causal_lww_register<std::uint64_t>;

    state_type mutate(state_type& s, std::size_t replica, converge::testing::fuzz_input& in) {
        const std::uint8_t kind = in.byte() % 6;
        const converge::hlc_timestamp at(1'700'000'000'000 + in.below(3), 0);
        const std::uint64_t value = in.below(4);
        if (kind == 0) return s.clear();
        return s.write(replica + 1, at, value);
    }
    void check(const state_type& s) {
        converge_fuzz::check_wire_roundtrip(s);
        // The winner is one of the entries held, and none is larger.
        const auto* w = s.winner();
        converge::testing::fuzz_require((w == nullptr) == s.empty(), "a winner of nothing");
        for (const auto& e : s.entries())
            converge::testing::fuzz_require(
                !(w->value.timestamp < e.value.timestamp) &&
                    (e.value.timestamp < w->value.timestamp || !((w->dot) < (e.dot))),
                "an entry larger than the winner");
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    converge::testing::fuzz_merge_properties<causal_lww_register_ops>(data, size);
    return 0;
}
