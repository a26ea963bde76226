// SPDX-License-Identifier: MIT
// libFuzzer harness: sync::decode_message<T> on arbitrary bytes, as an endpoint's
// receive(from, bytes) does with whatever the network delivers. Decoding must never crash, a
// failure must point inside the input, and a message that decodes must re-encode to exactly
// the input (one kind's envelope and tag, canonical body), or, when it claims an older
// version still read, to bytes that decode back to the same message. Each input is tried as it is
// and resealed (decode_harness.hpp), so the bodies behind the checksum are fuzzed too.
#include "builtin_types.hpp"
#include "decode_harness.hpp"

#include <type_traits>
#include <variant>

namespace {

// Whether `bytes`, which decode to `m`, claim the current version of m's kind: a message of
// an older version still read (a version 2 delta_group) re-encodes to other bytes.
template <class T>
bool claims_current_version(std::span<const std::byte> bytes, const converge::sync::message<T>& m) {
    return std::visit(
        [&](const auto& kind) {
            return converge_fuzz::claims_current_version<std::decay_t<decltype(kind)>>(bytes);
        },
        m);
}

template <class T>
void check_message(std::span<const std::byte> bytes) {
    using message = converge::sync::message<T>;
    const auto one = [](std::span<const std::byte> b) {
        const auto decoded = converge::sync::decode_message<T>(b);
        converge_fuzz::check_round_trip(
            "sync message", b,
            [](std::span<const std::byte> in) { return converge::sync::decode_message<T>(in); },
            [](const message& m) { return converge::sync::encode_message(m); },
            !decoded || claims_current_version<T>(b, *decoded));
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
