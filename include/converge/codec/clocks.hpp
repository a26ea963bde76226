// SPDX-License-Identifier: MIT
#pragma once

// Wire codecs of the clocks (docs/wire-format.md): lamport_clock (tag 1), vector_clock
// (tag 2); hlc_timestamp (tag 3) lives in codec.hpp as it is also an element type.

#include <converge/clock/lamport_clock.hpp>
#include <converge/clock/vector_clock.hpp>
#include <converge/codec/codec.hpp>
#include <converge/codec/detail/replica_counts.hpp>
#include <converge/codec/wire_tag.hpp>

#include <optional>
#include <utility>
#include <vector>

namespace converge::inline v1 {

template <class Counter>
struct codec<lamport_clock<Counter>> {
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::lamport_clock);
    static constexpr const char* type_name = "lamport_clock";

    static void encode(byte_writer& w, const lamport_clock<Counter>& clock) {
        w.varint(clock.now());
    }
    static std::optional<lamport_clock<Counter>> decode(byte_reader& r) {
        const auto t = r.unsigned_int<Counter>("lamport_clock time");
        if (!t) return std::nullopt;
        return lamport_clock<Counter>(*t);
    }
};

template <encodable ReplicaId, class Counter>
struct codec<vector_clock<ReplicaId, Counter>> {
    using clock_type = vector_clock<ReplicaId, Counter>;
    using entry = typename clock_type::entry;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::vector_clock);
    static constexpr const char* type_name = "vector_clock";

    static void encode(byte_writer& w, const clock_type& clock) {
        detail::encode_replica_counts<&entry::counter>(w, clock.entries());
    }

    static std::optional<clock_type> decode(byte_reader& r) {
        auto entries = detail::decode_replica_counts<entry, &entry::counter>(
            r, type_name, "vector_clock entries", "vector_clock counter");
        if (!entries) return std::nullopt;
        return detail::checked(r, clock_type::from_parts(std::move(*entries)));
    }
};

}  // namespace converge::inline v1
