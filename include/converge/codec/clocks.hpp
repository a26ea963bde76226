// SPDX-License-Identifier: MIT
#pragma once

// Wire codecs of the clocks (docs/wire-format.md): lamport_clock (tag 1), vector_clock
// (tag 2); hlc_timestamp (tag 3) lives in codec.hpp as it is also an element type.

#include <converge/clock/lamport_clock.hpp>
#include <converge/clock/vector_clock.hpp>
#include <converge/codec/codec.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/core/detail/text.hpp>

#include <optional>
#include <string>
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
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::vector_clock);
    static constexpr const char* type_name = "vector_clock";

    static void encode(byte_writer& w, const clock_type& clock) {
        w.varint(clock.size());
        for (const auto& e : clock) {
            codec<ReplicaId>::encode(w, e.replica);
            w.varint(e.counter);
        }
    }

    static std::optional<clock_type> decode(byte_reader& r) {
        // Each entry takes at least two bytes: a replica id and a counter.
        const auto n = r.count("vector_clock entries", 2);
        if (!n) return std::nullopt;
        std::vector<typename clock_type::entry> entries;
        entries.reserve(*n);
        for (std::size_t i = 0; i < *n; ++i) {
            const std::size_t at = r.offset();
            auto replica = codec<ReplicaId>::decode(r);
            const auto counter = r.unsigned_int<Counter>("vector_clock counter");
            if (!replica || !counter) return std::nullopt;
            if (*counter == 0) {
                r.fail_at(at, errc::non_canonical,
                          detail::text("vector_clock: entry ", i, " has a zero counter"));
                return std::nullopt;
            }
            if (i > 0 && !(entries.back().replica < *replica)) {
                r.fail_at(at, errc::non_canonical,
                          detail::text("vector_clock: entry ", i,
                                       " is not in strictly ascending replica order"));
                return std::nullopt;
            }
            entries.push_back({std::move(*replica), *counter});
        }
        return detail::checked(r, clock_type::from_entries(std::move(entries)));
    }
};

}  // namespace converge::inline v1
