// SPDX-License-Identifier: MIT
// libFuzzer harness: sync::decode_message<T> on arbitrary bytes, as an endpoint's
// receive(from, bytes) does with whatever the network delivers. Decoding must never crash, a
// failure must point inside the input, and a message that decodes must re-encode to exactly
// the input (one kind's envelope and tag, canonical body). Each input is tried as it is and
// resealed (decode_harness.hpp), so the bodies behind the checksum are fuzzed too.
#include "builtin_types.hpp"
#include "decode_harness.hpp"

namespace {

template <class T>
void check_message(std::span<const std::byte> bytes) {
    using message = converge::sync::message<T>;
    const auto one = [](std::span<const std::byte> b) {
        converge_fuzz::check_round_trip(
            "sync message", b,
            [](std::span<const std::byte> in) { return converge::sync::decode_message<T>(in); },
            [](const message& m) { return converge::sync::encode_message(m); });
    };
    one(bytes);
    one(converge_fuzz::resealed(bytes));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    // Every parameterisation of every replicated type in the built-in list.
    converge_test::for_each_type(converge_test::replicated_cases{}, [&]<class Case>() {
        converge_test::for_each_type(typename Case::variants{},
                                     [&]<class T>() { check_message<T>(bytes); });
    });
    return 0;
}
