// SPDX-License-Identifier: MIT
#pragma once

// The messages two anti-entropy endpoints exchange (docs/sync.md). They are plain values: a
// transport moves them as they are, or as bytes through sync/message_codec.hpp.

#include <converge/core/concepts.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

namespace converge::inline v1::sync {

// The concept lives with the others in core/concepts.hpp; this keeps sync::syncable valid.
using converge::syncable;

// The join of the sender's log entries with sequence numbers in [first, upto), minus what
// back-propagation left out. The receiver acknowledges upto (at once with an ack, or later
// on a group of its own: options::piggyback_acks). A group built from a digest (the end of a
// handshake) covers the whole history: first is 0.
template <delta_crdt T>
struct delta_group {
    std::uint64_t first = 0;
    std::uint64_t upto = 0;
    T delta{};
    // An ack riding on the group: the sender holds every entry of the receiver's log below
    // this (0 says nothing).
    std::uint64_t ack = 0;
    // The group continues one still in flight: first is past what the receiver last
    // acknowledged, so the receiver may count [first, upto) as held only if it holds every
    // entry below first. False: first is where the receiver's acknowledgements stand.
    bool continues = false;

    friend bool operator==(const delta_group&, const delta_group&) = default;
};

// "I hold everything of your log below upto." Also sent alone, as a cheap pull probe.
struct ack {
    std::uint64_t upto = 0;

    friend bool operator==(const ack&, const ack&) = default;
};

// The sender's whole state; it holds every log entry below upto. Answered with ack{upto},
// except between state-based endpoints.
template <delta_crdt T>
struct full_state {
    std::uint64_t upto = 0;
    T state{};

    friend bool operator==(const full_state&, const full_state&) = default;
};

// "This is what I have seen": asks for what the sender lacks and for the receiver's digest.
template <delta_crdt T>
struct digest_request {
    typename T::digest_type digest{};

    friend bool operator==(const digest_request&, const digest_request&) = default;
};

// The answer to a digest_request: what the asker lacked (holding every log entry of the
// replier below upto) and the replier's digest, so the asker can send what the replier lacks.
template <delta_crdt T>
struct digest_reply {
    std::uint64_t upto = 0;
    T delta{};
    typename T::digest_type digest{};

    friend bool operator==(const digest_reply&, const digest_reply&) = default;
};

// Any message; the alternatives' order is message_kind's.
template <delta_crdt T>
using message =
    std::variant<delta_group<T>, ack, full_state<T>, digest_request<T>, digest_reply<T>>;

// The kind of a message, in the order of the variant's alternatives.
enum class message_kind : std::uint8_t {
    delta_group,
    ack,
    full_state,
    digest_request,
    digest_reply
};

namespace detail {

// The smallest delta_crdt there is: it names message<T> for no particular T, so that what is
// derived from the variant's alternatives cannot depend on one.
struct kind_probe {
    struct digest_type {
        friend bool operator==(const digest_type&, const digest_type&) = default;
    };
    kind_probe& merge(const kind_probe&) { return *this; }
    [[nodiscard]] digest_type digest() const { return {}; }
    [[nodiscard]] kind_probe delta_since(const digest_type&) const { return {}; }
    friend bool operator==(const kind_probe&, const kind_probe&) = default;
};

}  // namespace detail

// The number of message kinds: the variant's alternatives.
inline constexpr std::size_t message_kind_count = std::variant_size_v<message<detail::kind_probe>>;

// If this fires: a kind was added to the variant or to message_kind but not to both.
static_assert(static_cast<std::size_t>(message_kind::digest_reply) + 1 == message_kind_count,
              "converge::sync::message_kind must list the alternatives of message<T>, in order");

// The kind of `m`.
template <delta_crdt T>
[[nodiscard]] constexpr message_kind kind_of(const message<T>& m) noexcept {
    return static_cast<message_kind>(m.index());
}

// A short name for logs and tables: "delta_group", "ack", ...
[[nodiscard]] constexpr std::string_view kind_name(message_kind kind) noexcept {
    constexpr auto names = std::to_array<std::string_view>(
        {"delta_group", "ack", "full_state", "digest_request", "digest_reply"});
    // If this fires: a message kind has no name, or a name no kind.
    static_assert(names.size() == message_kind_count,
                  "converge::sync::kind_name needs one name per message kind");
    const auto i = static_cast<std::size_t>(kind);
    return i < names.size() ? names[i] : std::string_view("unknown");
}

// A message and the peer it is for: what tick(), sync_with() and receive() hand back.
template <delta_crdt T, class PeerId>
struct outgoing {
    PeerId to{};
    message<T> msg;

    friend bool operator==(const outgoing&, const outgoing&) = default;
};

}  // namespace converge::inline v1::sync
