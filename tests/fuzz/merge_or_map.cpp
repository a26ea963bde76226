// SPDX-License-Identifier: MIT
// libFuzzer harness: scripts of nested updates and removes, merges and syncs on three replicas
// of a map of maps of multi-value registers (converge/testing/fuzz_driver.hpp).
#include "merge_harness.hpp"

#include <cstdint>

namespace {

struct or_map_ops {
    using note = converge::or_map<std::uint64_t, converge::mv_register<std::uint64_t>>;
    using state_type = converge::or_map<std::uint64_t, note>;

    // Few keys at each depth, so that updates and removes of one key meet often.
    state_type mutate(state_type& s, std::size_t replica, converge::testing::fuzz_input& in) {
        const std::uint8_t kind = in.byte() % 8;
        const std::uint64_t key = in.below(4);
        const std::uint64_t field = in.below(3);
        const std::uint64_t value = in.below(5);
        if (kind < 2) return s.remove(key);
        return s.update(key, [&](note& n) {
            if (kind < 3) return n.remove(field);
            return n.update(
                field, [&](auto& r) { return kind < 4 ? r.clear() : r.write(replica + 1, value); });
        });
    }
    void check(const state_type& s) { converge_fuzz::check_wire_roundtrip(s); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    converge::testing::fuzz_merge_properties<or_map_ops>(data, size);
    return 0;
}
