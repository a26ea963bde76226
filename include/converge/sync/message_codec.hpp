// SPDX-License-Identifier: MIT
#pragma once

// Wire codecs of the sync messages (docs/wire-format.md, tags 12 to 16), and encode/decode of
// a whole message<T> whichever its kind:
//   delta_group    := uint(first) uint(upto - first) uint(2 * ack + continues) T
//                     (version 2 had no ack: it reads as 0, continues as false)
//   ack            := uint(upto)
//   full_state     := uint(upto) T
//   digest_request := digest
//   digest_reply   := uint(upto) T digest
// T and its digest are encoded by their own codecs, without an envelope of their own. Every
// message is format version 2 or later (3 when it carries a causal type): the envelope, the
// body, then a CRC-32C of all that. Version 1 messages, which had no checksum, are refused.

#include <converge/codec/codec.hpp>
#include <converge/codec/envelope.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/core/concepts.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/result.hpp>
#include <converge/core/throw.hpp>
#include <converge/sync/messages.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace converge::inline v1 {

namespace detail {

// The versions of every sync message's encoding (see detail::version_of in envelope.hpp):
// 2 added the checksum, and a message says a newer version when the value it carries does
// (a causal type's body changed in 3).
template <class... Nested>
struct sync_message_versions {
    static constexpr std::uint64_t version = version_with<Nested...>(2);
    static constexpr std::uint64_t oldest_version = 2;  // 1 had no checksum: refused
    static constexpr std::uint64_t checksum_since = 2;
};

// Decodes a nested value with a depth check.
template <class V>
std::optional<V> decode_nested(byte_reader& r, const char* what) {
    if (!r.enter(what)) return std::nullopt;
    auto v = codec<V>::decode(r);
    r.leave();
    return v;
}

}  // namespace detail

template <sync::syncable T>
struct codec<sync::delta_group<T>> : detail::sync_message_versions<T> {
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::delta_group);
    static constexpr const char* type_name = "delta_group";
    // 3 added the piggybacked ack.
    static constexpr std::uint64_t version = detail::version_with<T>(3);

    // Throws std::invalid_argument for a reversed range (first after upto), or an ack of 2^63
    // or more, which no endpoint sends and no decoder would accept.
    static void encode(byte_writer& w, const sync::delta_group<T>& m) {
        if (m.first > m.upto)
            converge::detail::throw_invalid_argument(
                "delta_group: first after upto cannot be encoded");
        if (m.ack >> 63 != 0)
            converge::detail::throw_invalid_argument(
                "delta_group: an ack of 2^63 or more cannot be encoded");
        w.varint(m.first);
        w.varint(m.upto - m.first);
        w.varint(m.ack << 1 | std::uint64_t{m.continues});
        codec<T>::encode(w, m.delta);
    }
    static std::optional<sync::delta_group<T>> decode(byte_reader& r) {
        const std::size_t at = r.offset();
        const auto first = r.varint("delta_group first");
        const auto count = r.varint("delta_group count");
        if (!first || !count) return std::nullopt;
        if (*count > ~std::uint64_t{0} - *first) {
            r.fail_at(at, errc::invalid_value, "delta_group: sequence range exceeds 64 bits");
            return std::nullopt;
        }
        std::uint64_t ack = 0;
        if (r.format_version() >= 3) {
            const auto packed = r.varint("delta_group ack");
            if (!packed) return std::nullopt;
            ack = *packed;
        }
        auto delta = detail::decode_nested<T>(r, type_name);
        if (!delta) return std::nullopt;
        return sync::delta_group<T>{*first, *first + *count, std::move(*delta), ack >> 1,
                                    (ack & 1) != 0};
    }
};

template <>
struct codec<sync::ack> : detail::sync_message_versions<> {
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::ack);
    static constexpr const char* type_name = "ack";

    static void encode(byte_writer& w, const sync::ack& m) { w.varint(m.upto); }
    static std::optional<sync::ack> decode(byte_reader& r) {
        const auto upto = r.varint("ack upto");
        if (!upto) return std::nullopt;
        return sync::ack{*upto};
    }
};

template <sync::syncable T>
struct codec<sync::full_state<T>> : detail::sync_message_versions<T> {
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::full_state);
    static constexpr const char* type_name = "full_state";

    static void encode(byte_writer& w, const sync::full_state<T>& m) {
        w.varint(m.upto);
        codec<T>::encode(w, m.state);
    }
    static std::optional<sync::full_state<T>> decode(byte_reader& r) {
        const auto upto = r.varint("full_state upto");
        if (!upto) return std::nullopt;
        auto state = detail::decode_nested<T>(r, type_name);
        if (!state) return std::nullopt;
        return sync::full_state<T>{*upto, std::move(*state)};
    }
};

template <sync::syncable T>
struct codec<sync::digest_request<T>> : detail::sync_message_versions<typename T::digest_type> {
    using digest_type = typename T::digest_type;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::digest_request);
    static constexpr const char* type_name = "digest_request";

    static void encode(byte_writer& w, const sync::digest_request<T>& m) {
        codec<digest_type>::encode(w, m.digest);
    }
    static std::optional<sync::digest_request<T>> decode(byte_reader& r) {
        auto digest = detail::decode_nested<digest_type>(r, type_name);
        if (!digest) return std::nullopt;
        return sync::digest_request<T>{std::move(*digest)};
    }
};

template <sync::syncable T>
struct codec<sync::digest_reply<T>> : detail::sync_message_versions<T, typename T::digest_type> {
    using digest_type = typename T::digest_type;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::digest_reply);
    static constexpr const char* type_name = "digest_reply";

    static void encode(byte_writer& w, const sync::digest_reply<T>& m) {
        w.varint(m.upto);
        codec<T>::encode(w, m.delta);
        codec<digest_type>::encode(w, m.digest);
    }
    static std::optional<sync::digest_reply<T>> decode(byte_reader& r) {
        const auto upto = r.varint("digest_reply upto");
        if (!upto) return std::nullopt;
        auto delta = detail::decode_nested<T>(r, type_name);
        if (!delta) return std::nullopt;
        auto digest = detail::decode_nested<digest_type>(r, type_name);
        if (!digest) return std::nullopt;
        return sync::digest_reply<T>{*upto, std::move(*delta), std::move(*digest)};
    }
};

namespace sync {

namespace detail {

// The type tags of a message variant's alternatives: consecutive, in the variant's order, so
// that one range names them all (in error messages).
template <class Variant>
struct message_tags;

template <class First, class... Rest>
struct message_tags<std::variant<First, Rest...>> {
    static constexpr std::uint64_t first = codec<First>::type_tag;
    static constexpr std::uint64_t last = first + sizeof...(Rest);

private:
    static constexpr bool consecutive() {
        std::uint64_t next = first;
        return ((codec<Rest>::type_tag == ++next) && ...);
    }
    // If this fires: the codecs of the message kinds must take the tags first, first + 1, ...
    // in the order of the variant's alternatives.
    static_assert(consecutive(), "converge::sync: message kinds need consecutive type tags");
};

}  // namespace detail

// Appends the encoding of `m` (its own kind's envelope and tag) to `out`.
template <syncable T>
void encode_message(const message<T>& m, std::vector<std::byte>& out) {
    std::visit([&out](const auto& alternative) { converge::encode(alternative, out); }, m);
}

// The encoding of `m`: what a transport sends.
template <syncable T>
[[nodiscard]] std::vector<std::byte> encode_message(const message<T>& m) {
    std::vector<std::byte> out;
    encode_message(m, out);
    return out;
}

// Decodes a message of any kind from untrusted bytes, never throwing on bad input: the type
// tag picks the kind, then that kind's decoder checks everything else.
template <syncable T>
[[nodiscard]] result<message<T>> decode_message(std::span<const std::byte> bytes,
                                                const decode_limits& limits = {}) {
    const auto as = [&](auto tag_of) -> result<message<T>> {
        using alternative = typename decltype(tag_of)::type;
        auto decoded = converge::decode<alternative>(bytes, limits);
        if (!decoded) return decoded.error_info();
        return message<T>(std::move(*decoded));
    };
    // Read the envelope only far enough to find the tag; decode<> checks it all again, the
    // version and the checksum included. A bad magic or a truncation is worded by the first
    // alternative's decoder.
    byte_reader r(bytes, limits);
    const auto m0 = r.byte("magic");
    const auto m1 = r.byte("magic");
    (void)r.varint("format version");
    const std::size_t tag_at = r.offset();
    const auto tag = r.varint("type tag");
    if (!r.ok() || *m0 != converge::detail::wire_magic[0] || *m1 != converge::detail::wire_magic[1])
        return as(std::type_identity<std::variant_alternative_t<0, message<T>>>{});
    // The alternative whose codec has this tag, tried in the variant's order.
    std::optional<result<message<T>>> decoded;
    const auto pick = [&]<std::size_t... I>(std::index_sequence<I...>) {
        const auto try_kind = [&](auto kind) {
            using alternative = typename decltype(kind)::type;
            if (codec<alternative>::type_tag != *tag) return false;
            decoded.emplace(as(kind));
            return true;
        };
        (void)(try_kind(std::type_identity<std::variant_alternative_t<I, message<T>>>{}) || ...);
    };
    pick(std::make_index_sequence<std::variant_size_v<message<T>>>{});
    if (decoded) return std::move(*decoded);
    using tags = detail::message_tags<message<T>>;
    return failure(
        errc::wrong_type,
        converge::detail::text("sync message: type tag ", *tag, " is not a sync message (",
                               tags::first, " to ", tags::last, ") at byte ", tag_at),
        tag_at);
}

// The encoded size of `m`, using `scratch` as working space.
template <syncable T>
[[nodiscard]] std::size_t encoded_size(const message<T>& m, std::vector<std::byte>& scratch) {
    scratch.clear();
    encode_message(m, scratch);
    return scratch.size();
}

}  // namespace sync

}  // namespace converge::inline v1
