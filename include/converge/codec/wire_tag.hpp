// SPDX-License-Identifier: MIT
#pragma once

// The type tags of converge's own wire types (docs/wire-format.md), in one place, so that a
// new type takes the next free number from here and no two types can share one.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace converge::inline v1 {

// The tag that follows the envelope's version and names the family of the body. Values are
// part of the wire format: never renumber, only append.
enum class wire_tag : std::uint64_t {
    lamport_clock = 1,         // lamport_clock<C>
    vector_clock = 2,          // vector_clock<R, C>
    hlc_timestamp = 3,         // hlc_timestamp
    causal_context = 4,        // causal_context<R>, also the OR-set's digest
    g_counter = 5,             // g_counter<R, V>
    pn_counter = 6,            // pn_counter<R, V>
    lww_register = 7,          // lww_register<T, R, TS>
    or_set = 8,                // or_set<T, R>
    g_counter_digest = 9,      // a g_counter's entries
    pn_counter_digest = 10,    // both halves' entries
    lww_register_digest = 11,  // the winning (timestamp, writer), if any
    delta_group = 12,          // sync::delta_group<T>
    ack = 13,                  // sync::ack
    full_state = 14,           // sync::full_state<T>
    digest_request = 15,       // sync::digest_request<T>
    digest_reply = 16,         // sync::digest_reply<T>
    persisted_state = 17,      // sync::persisted_state<T, P>
    mv_register = 18,          // mv_register<T, R>
    enable_wins_flag = 19,     // enable_wins_flag<R>
    disable_wins_flag = 20,    // disable_wins_flag<R>
    or_map = 21,               // or_map<K, V>, V any causal type
    causal_counter = 22,       // causal_counter<R>
    causal_lww_register = 23,  // causal_lww_register<T, R, TS>
};

// The number a tag puts on the wire, as codec<T>::type_tag holds it.
[[nodiscard]] constexpr std::uint64_t to_underlying(wire_tag tag) noexcept {
    return static_cast<std::uint64_t>(tag);
}

// Tags below this are reserved for converge; users' own top-level wire types start here.
inline constexpr std::uint64_t first_user_tag = 1024;

// A built-in tag with the family name docs/wire-format.md gives it.
struct wire_tag_info {
    wire_tag tag;
    std::string_view name;
};

// Every built-in tag, in tag order.
inline constexpr std::array<wire_tag_info, 23> builtin_wire_tags = {{
    {wire_tag::lamport_clock, "lamport_clock"},
    {wire_tag::vector_clock, "vector_clock"},
    {wire_tag::hlc_timestamp, "hlc_timestamp"},
    {wire_tag::causal_context, "causal_context"},
    {wire_tag::g_counter, "g_counter"},
    {wire_tag::pn_counter, "pn_counter"},
    {wire_tag::lww_register, "lww_register"},
    {wire_tag::or_set, "or_set"},
    {wire_tag::g_counter_digest, "g_counter digest"},
    {wire_tag::pn_counter_digest, "pn_counter digest"},
    {wire_tag::lww_register_digest, "lww_register digest"},
    {wire_tag::delta_group, "sync::delta_group"},
    {wire_tag::ack, "sync::ack"},
    {wire_tag::full_state, "sync::full_state"},
    {wire_tag::digest_request, "sync::digest_request"},
    {wire_tag::digest_reply, "sync::digest_reply"},
    {wire_tag::persisted_state, "sync::persisted_state"},
    {wire_tag::mv_register, "mv_register"},
    {wire_tag::enable_wins_flag, "enable_wins_flag"},
    {wire_tag::disable_wins_flag, "disable_wins_flag"},
    {wire_tag::or_map, "or_map"},
    {wire_tag::causal_counter, "causal_counter"},
    {wire_tag::causal_lww_register, "causal_lww_register"},
}};

namespace detail {

// True when no tag or name appears twice and every tag lies in converge's reserved range.
template <std::size_t N>
[[nodiscard]] constexpr bool wire_tags_distinct(const std::array<wire_tag_info, N>& tags) {
    for (std::size_t i = 0; i < N; ++i) {
        if (to_underlying(tags[i].tag) == 0 || to_underlying(tags[i].tag) >= first_user_tag)
            return false;
        for (std::size_t j = i + 1; j < N; ++j)
            if (tags[i].tag == tags[j].tag || tags[i].name == tags[j].name) return false;
    }
    return true;
}

}  // namespace detail

// If this fires: two built-in types share a tag or a name, or a tag left the range 1..1023.
static_assert(detail::wire_tags_distinct(builtin_wire_tags),
              "converge::builtin_wire_tags: every built-in wire tag must be unique and below "
              "first_user_tag");

}  // namespace converge::inline v1
