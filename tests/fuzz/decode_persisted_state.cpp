// SPDX-License-Identifier: MIT
// libFuzzer harness: decode<sync::persisted_state> on arbitrary bytes, as a restart does with
// whatever the disk holds (see decode_harness.hpp), for every replicated type of the built-in list.
#include "builtin_types.hpp"
#include "decode_harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using converge::sync::persisted_state;
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    // Every replicated type of the built-in list, with numeric peers; two with other peer ids.
    converge_test::for_each_type(converge_test::replicated_cases{}, [&]<class Case>() {
        converge_fuzz::check_decoder<persisted_state<typename Case::type, std::uint64_t>>(bytes);
    });
    converge_fuzz::check_decoder<persisted_state<converge::or_set<std::string>, std::string>>(
        bytes);
    converge_fuzz::check_decoder<
        persisted_state<converge::lww_register<std::string>, converge_test::uuid>>(bytes);
    return 0;
}
