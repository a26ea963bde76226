// SPDX-License-Identifier: MIT
// libFuzzer harness: sync::decode_message<T> on arbitrary bytes, as an endpoint's
// receive(from, bytes) does with whatever the network delivers. Decoding must never crash, a
// failure must point inside the input, and a message that decodes must re-encode to exactly
// the input (one kind's envelope and tag, canonical body).
#include "decode_harness.hpp"

#include <algorithm>

namespace {

template <class T>
void check_message(std::span<const std::byte> bytes) {
    const auto msg = converge::sync::decode_message<T>(bytes);
    if (!msg) {
        if (msg.message().empty())
            converge_fuzz::fail("sync message", "an error without a message");
        if (msg.byte_offset().value_or(0) > bytes.size())
            converge_fuzz::fail("sync message", "an error offset past the input");
        return;
    }
    const std::vector<std::byte> again = converge::sync::encode_message(*msg);
    if (again.size() != bytes.size() || !std::equal(again.begin(), again.end(), bytes.begin()))
        converge_fuzz::fail("sync message", "accepted bytes that are not canonical");
    const auto twice = converge::sync::decode_message<T>(again);
    if (!twice || !(*twice == *msg))
        converge_fuzz::fail("sync message", "the re-encoded message does not decode back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
    check_message<converge::or_set<std::uint64_t>>(bytes);
    check_message<converge::or_set<std::string, std::string>>(bytes);
    check_message<converge::g_counter<>>(bytes);
    check_message<converge::pn_counter<>>(bytes);
    check_message<converge::lww_register<std::string>>(bytes);
    return 0;
}
