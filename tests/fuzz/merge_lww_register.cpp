// SPDX-License-Identifier: MIT
// libFuzzer harness: scripts of assignments, merges and syncs on three lww_register replicas
// (converge/testing/fuzz_driver.hpp).
#include "merge_harness.hpp"

#include <string>

namespace {

struct lww_register_ops {
    using state_type = converge::lww_register<std::string, std::uint64_t, std::uint64_t>;

    // Each write's timestamp is past everything its replica has seen, as a Lamport clock
    // gives, so no replica writes twice at one (timestamp, writer) key; writes of different
    // replicas often tie on the timestamp, which the writer id then breaks.
    state_type mutate(state_type& s, std::size_t replica, converge::testing::fuzz_input& in) {
        const std::uint64_t timestamp = s.timestamp() + in.in_range(1, 2);
        return s.assign(replica + 1, std::string(1, static_cast<char>('a' + in.below(4))),
                        timestamp);
    }
    void check(const state_type& s) { converge_fuzz::check_wire_roundtrip(s); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    converge::testing::fuzz_merge_properties<lww_register_ops>(data, size);
    return 0;
}
