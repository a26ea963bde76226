// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/detail/mix.hpp>
#include <converge/core/detail/text.hpp>

#include <array>
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>

namespace converge::inline v1 {

// One event of one replica: the counter-th event that `replica` generated. Counters start at
// 1, so a dot names an add (or any other event) uniquely across every replica. Ordered by
// (replica, counter).
template <class ReplicaId = std::uint64_t>
struct dot {
    ReplicaId replica{};
    std::uint64_t counter = 0;

    friend bool operator==(const dot&, const dot&) = default;
    friend auto operator<=>(const dot&, const dot&) = default;
};

// Hashes a replica id: std::hash where the type has one.
template <class ReplicaId>
struct replica_hash {
    [[nodiscard]] std::size_t operator()(const ReplicaId& id) const
        noexcept(noexcept(std::hash<ReplicaId>{}(id))) requires requires {
        std::hash<ReplicaId>{}(id);
    }
    { return std::hash<ReplicaId>{}(id); }
};

// A fixed-size byte array (a 16-byte UUID) has no std::hash; hash its bytes (FNV-1a).
template <std::size_t N>
struct replica_hash<std::array<std::byte, N>> {
    [[nodiscard]] std::size_t operator()(const std::array<std::byte, N>& id) const noexcept {
        std::uint64_t h = 0xcbf29ce484222325ULL;
        for (std::byte b : id) h = (h ^ static_cast<std::uint8_t>(b)) * 0x100000001b3ULL;
        return static_cast<std::size_t>(h);
    }
};

// Hashes a dot for unordered containers: the replica's hash mixed with the counter.
template <class ReplicaId = std::uint64_t>
struct dot_hash {
    [[nodiscard]] std::size_t operator()(const dot<ReplicaId>& d) const
        noexcept(noexcept(replica_hash<ReplicaId>{}(d.replica))) {
        // splitmix64's finaliser: std::hash of an integer is often the identity, and dots of
        // one replica differ only in their low bits.
        std::uint64_t x = static_cast<std::uint64_t>(replica_hash<ReplicaId>{}(d.replica));
        x ^= d.counter + detail::golden_gamma + (x << 6) + (x >> 2);
        return static_cast<std::size_t>(detail::mix64(x));
    }
};

namespace detail {

// A replica id as text for error messages: numbers and strings as themselves, anything else
// as a placeholder (messages also say where in the parts the problem is).
template <class ReplicaId>
[[nodiscard]] std::string replica_text(const ReplicaId& replica) {
    if constexpr (std::is_arithmetic_v<ReplicaId>)
        return std::to_string(replica);
    else if constexpr (std::is_convertible_v<const ReplicaId&, std::string_view>)
        return text('"', std::string_view(replica), '"');
    else
        return "<replica>";
}

// "(replica, counter)", as error messages print a dot.
template <class ReplicaId>
[[nodiscard]] std::string dot_text(const dot<ReplicaId>& d) {
    return text('(', replica_text(d.replica), ", ", d.counter, ')');
}

}  // namespace detail

}  // namespace converge::inline v1

// Lets dots key std::unordered_map and std::unordered_set without naming a hasher.
template <class ReplicaId>
struct std::hash<converge::dot<ReplicaId>> : converge::dot_hash<ReplicaId> {};
