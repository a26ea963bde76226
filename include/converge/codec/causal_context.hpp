// SPDX-License-Identifier: MIT
#pragma once

// Wire codec of causal_context (tag 4), which is also the OR-set's digest.
// Layout (docs/wire-format.md):
//   context := count(n) { replica uint(prefix) count(k) { uint(gap) uint(span) }*k }*n
// with gap = first - previous_last - 2 (previous_last starts at the prefix) and
// span = last - first, so intervals are sorted, disjoint and non-adjacent by construction.

#include <converge/codec/codec.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/core/causal_context.hpp>
#include <converge/core/detail/text.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace converge::inline v1 {

template <encodable ReplicaId>
struct codec<causal_context<ReplicaId>> {
    using context_type = causal_context<ReplicaId>;
    using entry = typename context_type::entry;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::causal_context);
    static constexpr const char* type_name = "causal_context";

    static void encode(byte_writer& w, const context_type& context) {
        const auto replicas = context.replicas();
        w.varint(replicas.size());
        for (const entry& e : replicas) {
            codec<ReplicaId>::encode(w, e.replica);
            w.varint(e.contiguous);
            w.varint(e.cloud.size());
            std::uint64_t previous = e.contiguous;
            for (const counter_interval& iv : e.cloud) {
                w.varint(iv.first - previous - 2);
                w.varint(iv.last - iv.first);
                previous = iv.last;
            }
        }
    }

    static std::optional<context_type> decode(byte_reader& r) {
        if (!r.enter(type_name)) return std::nullopt;
        // An entry takes at least three bytes: replica, prefix, interval count.
        const auto n = r.count("causal_context replicas", 3);
        auto out = n ? decode_entries(r, *n) : std::nullopt;
        r.leave();
        return out;
    }

    // Reads `n` entries, a count the caller has read and bounded (a causal type's body reads
    // it itself, as it may be marked: codec/dot_stores.hpp).
    static std::optional<context_type> decode_entries(byte_reader& r, std::size_t n) {
        std::vector<entry> parts;
        parts.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t at = r.offset();
            auto replica = codec<ReplicaId>::decode(r);
            const auto prefix = r.varint("causal_context prefix");
            const auto k = r.count("causal_context intervals", 2);
            if (!replica || !prefix || !k) return std::nullopt;
            if (i > 0 && !(parts.back().replica < *replica)) {
                r.fail_at(at, errc::non_canonical,
                          detail::text("causal_context: replica entry ", i,
                                       " is not in strictly ascending replica order"));
                return std::nullopt;
            }
            if (*prefix == 0 && *k == 0) {
                r.fail_at(at, errc::non_canonical,
                          detail::text("causal_context: replica entry ", i,
                                       " has seen nothing and must be absent"));
                return std::nullopt;
            }
            entry e{std::move(*replica), *prefix, {}};
            e.cloud.reserve(*k);
            std::uint64_t previous = *prefix;
            for (std::size_t j = 0; j < *k; ++j) {
                const std::size_t iv_at = r.offset();
                const auto gap = r.varint("causal_context interval gap");
                const auto span = r.varint("causal_context interval span");
                if (!gap || !span) return std::nullopt;
                // first = previous + 2 + gap and last = first + span, without overflow.
                const std::uint64_t room = ~std::uint64_t{0} - previous;
                if (room < 2 || *gap > room - 2 || *span > room - 2 - *gap) {
                    r.fail_at(iv_at, errc::invalid_value,
                              "causal_context: interval counter exceeds 64 bits");
                    return std::nullopt;
                }
                const std::uint64_t first = previous + 2 + *gap;
                e.cloud.push_back({first, first + *span});
                previous = first + *span;
            }
            parts.push_back(std::move(e));
        }
        return detail::checked(r, context_type::from_parts(std::move(parts)));
    }
};

}  // namespace converge::inline v1
