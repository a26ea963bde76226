// SPDX-License-Identifier: MIT
// The examples of docs/api/sync_messages.md, compiled and run; see examples/snippets/crdts.cpp.
#include <converge/codec/counters.hpp>
#include <converge/codec/envelope.hpp>
#include <converge/crdt/g_counter.hpp>
#include <converge/sync/message_codec.hpp>
#include <converge/sync/messages.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/sync_messages.md example broken: %s\n", what);
        ++failures;
    }
}

std::vector<std::byte> hex(std::initializer_list<int> values) {
    std::vector<std::byte> out;
    for (int v : values) out.push_back(static_cast<std::byte>(v));
    return out;
}

void messages_example() {
    // [messages]
    namespace cs = converge::sync;
    using counter = converge::g_counter<>;
    counter delta;
    delta.increment(7, 2);  // {7: 2}
    const cs::message<counter> group = cs::delta_group<counter>{3, 9, delta};
    const std::vector<std::byte> bytes = cs::encode_message(group);
    // 63 76 03 0C 03 06 00 01 07 02 85 CE 86 4F: "cv", version 3, tag 12, first 3,
    // upto - first 6, no ack, {7: 2}, then the CRC-32C of those 10 bytes
    auto back = cs::decode_message<counter>(bytes);  // *back == group
    // cs::kind_name(cs::kind_of(*back)) == "delta_group"

    std::vector<std::byte> scratch;  // reused between calls
    const std::size_t n = cs::encoded_size(cs::message<counter>{cs::ack{300}}, scratch);
    // n == 10: 63 76 02 0D AC 02 BC C5 9E D1

    std::vector<std::byte> bent = bytes;
    bent[4] ^= std::byte{0x01};  // first 3 becomes 2: one flipped bit
    auto corrupt = cs::decode_message<counter>(bent);
    // corrupt.error() == converge::errc::checksum_mismatch, corrupt.byte_offset() == 10

    auto wrong = cs::decode_message<counter>(converge::encode(delta));  // a g_counter: tag 5
    // wrong.error() == converge::errc::wrong_type, wrong.byte_offset() == 3
    // [/messages]
    check(bytes == hex({0x63, 0x76, 0x03, 0x0C, 0x03, 0x06, 0x00, 0x01, 0x07, 0x02, 0x85, 0xCE,
                        0x86, 0x4F}),
          "group bytes");
    check(back && *back == group, "round trip");
    check(back && cs::kind_of(*back) == cs::message_kind::delta_group &&
              cs::kind_name(cs::kind_of(*back)) == "delta_group",
          "kind");
    check(n == 10 && scratch == hex({0x63, 0x76, 0x02, 0x0D, 0xAC, 0x02, 0xBC, 0xC5, 0x9E, 0xD1}),
          "ack bytes");
    check(!corrupt && corrupt.error() == converge::errc::checksum_mismatch &&
              corrupt.byte_offset() == 10u,
          "corrupt");
    check(!wrong && wrong.error() == converge::errc::wrong_type && wrong.byte_offset() == 3u,
          "wrong type");
}

// [describe]
// One line per message, for a trace.
std::string describe(const converge::sync::message<converge::g_counter<>>& msg) {
    namespace cs = converge::sync;
    if (const auto* g = std::get_if<cs::delta_group<converge::g_counter<>>>(&msg))
        return "delta_group [" + std::to_string(g->first) + ", " + std::to_string(g->upto) + ")";
    if (const auto* a = std::get_if<cs::ack>(&msg)) return "ack " + std::to_string(a->upto);
    return std::string(cs::kind_name(cs::kind_of(msg)));  // "full_state", ...
}
// [/describe]

void describe_example() {
    namespace cs = converge::sync;
    using counter = converge::g_counter<>;
    check(describe(cs::delta_group<counter>{3, 9, {}}) == "delta_group [3, 9)", "group");
    check(describe(cs::ack{2}) == "ack 2", "ack");
    check(describe(cs::full_state<counter>{}) == "full_state", "full state");
    check(describe(cs::digest_reply<counter>{}) == "digest_reply", "digest reply");
    check(cs::kind_name(static_cast<cs::message_kind>(9)) == "unknown", "unknown kind");
}

}  // namespace

int run_snippet_api_sync_messages() {
    messages_example();
    describe_example();
    return failures == 0 ? 0 : 1;
}
