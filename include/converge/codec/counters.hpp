// SPDX-License-Identifier: MIT
#pragma once

// Wire codecs of the counters and their digests (docs/wire-format.md): g_counter (tag 5),
// pn_counter (tag 6), g_counter digest (tag 9), pn_counter digest (tag 10).
// The entries' form is shared with vector_clock: see codec/detail/replica_counts.hpp.

#include <converge/codec/codec.hpp>
#include <converge/codec/detail/replica_counts.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/pn_counter.hpp>

#include <optional>
#include <utility>
#include <vector>

namespace converge::inline v1 {

namespace detail {

template <class ReplicaId, class Value>
void encode_counter_entries(byte_writer& w,
                            std::span<const counter_entry<ReplicaId, Value>> entries) {
    encode_replica_counts<&counter_entry<ReplicaId, Value>::value>(w, entries);
}

template <class ReplicaId, class Value>
std::optional<std::vector<counter_entry<ReplicaId, Value>>> decode_counter_entries(
    byte_reader& r, const char* who) {
    using entry = counter_entry<ReplicaId, Value>;
    return decode_replica_counts<entry, &entry::value>(r, who, who, "counter value");
}

}  // namespace detail

template <encodable ReplicaId, class Value>
struct codec<g_counter<ReplicaId, Value>> {
    using counter_type = g_counter<ReplicaId, Value>;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::g_counter);
    static constexpr const char* type_name = "g_counter";

    static void encode(byte_writer& w, const counter_type& c) {
        detail::encode_counter_entries(w, c.entries());
    }
    static std::optional<counter_type> decode(byte_reader& r) {
        auto entries = detail::decode_counter_entries<ReplicaId, Value>(r, type_name);
        if (!entries) return std::nullopt;
        return detail::checked(r, counter_type::from_parts(std::move(*entries)));
    }
};

template <encodable ReplicaId, class Value>
struct codec<pn_counter<ReplicaId, Value>> {
    using counter_type = pn_counter<ReplicaId, Value>;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::pn_counter);
    static constexpr const char* type_name = "pn_counter";

    static void encode(byte_writer& w, const counter_type& c) {
        detail::encode_counter_entries(w, c.increments().entries());
        detail::encode_counter_entries(w, c.decrements().entries());
    }
    static std::optional<counter_type> decode(byte_reader& r) {
        auto up = detail::decode_counter_entries<ReplicaId, Value>(r, "pn_counter increments");
        auto down = detail::decode_counter_entries<ReplicaId, Value>(r, "pn_counter decrements");
        if (!up || !down) return std::nullopt;
        return detail::checked(r, counter_type::from_parts(std::move(*up), std::move(*down)));
    }
};

// The digest of a g_counter: its entries.
template <encodable ReplicaId, class Value>
struct codec<std::vector<counter_entry<ReplicaId, Value>>> {
    using digest_type = std::vector<counter_entry<ReplicaId, Value>>;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::g_counter_digest);
    static constexpr const char* type_name = "g_counter digest";

    static void encode(byte_writer& w, const digest_type& d) {
        detail::encode_counter_entries(w, std::span<const counter_entry<ReplicaId, Value>>(d));
    }
    static std::optional<digest_type> decode(byte_reader& r) {
        return detail::decode_counter_entries<ReplicaId, Value>(r, type_name);
    }
};

// The digest of a pn_counter: the digests of both halves.
template <encodable ReplicaId, class Value>
struct codec<pn_counter_digest<ReplicaId, Value>> {
    using digest_type = pn_counter_digest<ReplicaId, Value>;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::pn_counter_digest);
    static constexpr const char* type_name = "pn_counter digest";

    static void encode(byte_writer& w, const digest_type& d) {
        using entry = counter_entry<ReplicaId, Value>;
        detail::encode_counter_entries(w, std::span<const entry>(d.increments));
        detail::encode_counter_entries(w, std::span<const entry>(d.decrements));
    }
    static std::optional<digest_type> decode(byte_reader& r) {
        auto up =
            detail::decode_counter_entries<ReplicaId, Value>(r, "pn_counter digest increments");
        auto down =
            detail::decode_counter_entries<ReplicaId, Value>(r, "pn_counter digest decrements");
        if (!up || !down) return std::nullopt;
        return digest_type{std::move(*up), std::move(*down)};
    }
};

}  // namespace converge::inline v1
