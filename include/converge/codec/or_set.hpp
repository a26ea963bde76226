// SPDX-License-Identifier: MIT
#pragma once

// Wire codec of or_set (tag 8). Layout (docs/wire-format.md):
//   or_set := context count(m) { element count(d) { uint(replica_index) uint(counter) }*d }*m
// Elements are sorted by their encoded bytes, which needs no ordering on T and is the same
// on every machine; dots name their replica by its index in the context.

#include <converge/codec/causal_context.hpp>
#include <converge/codec/codec.hpp>
#include <converge/codec/dot_stores.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/dot.hpp>
#include <converge/crdt/or_set.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace converge::inline v1 {

template <encodable T, encodable ReplicaId, class Hash, class Eq>
struct codec<or_set<T, ReplicaId, Hash, Eq>> {
    using set_type = or_set<T, ReplicaId, Hash, Eq>;
    using context_type = causal_context<ReplicaId>;
    using dot_type = dot<ReplicaId>;
    static constexpr std::uint64_t type_tag = to_underlying(wire_tag::or_set);
    static constexpr const char* type_name = "or_set";

    static void encode(byte_writer& w, const set_type& set) {
        const context_type& context = set.context();
        codec<context_type>::encode(w, context);

        // Encode every element once into a scratch buffer, then emit in byte order.
        struct piece {
            std::size_t offset;
            std::size_t size;
            std::span<const dot_type> dots;
        };
        std::vector<std::byte> scratch;
        std::vector<piece> pieces;
        pieces.reserve(set.size());
        byte_writer sw(scratch);
        for (const auto& e : set.entries()) {
            const std::size_t start = scratch.size();
            codec<T>::encode(sw, e.element);
            pieces.push_back({start, scratch.size() - start, e.dots});
        }
        const auto bytes_of = [&scratch](const piece& p) {
            return std::span<const std::byte>(scratch.data() + p.offset, p.size);
        };
        std::sort(pieces.begin(), pieces.end(), [&](const piece& a, const piece& b) {
            return detail::bytes_less(bytes_of(a), bytes_of(b));
        });

        const auto replicas = context.replicas();
        w.varint(pieces.size());
        for (const piece& p : pieces) {
            w.bytes(bytes_of(p));
            w.varint(p.dots.size());
            for (const dot_type& d : p.dots) {  // sorted by (replica, counter)
                w.varint(replica_index(replicas, d.replica));
                w.varint(d.counter);
            }
        }
    }

    static std::optional<set_type> decode(byte_reader& r) {
        if (!r.enter(type_name)) return std::nullopt;
        auto out = decode_body(r);
        r.leave();
        return out;
    }

private:
    template <class Replicas>
    static std::size_t replica_index(const Replicas& replicas, const ReplicaId& id) {
        const auto it = std::lower_bound(
            replicas.begin(), replicas.end(), id,
            [](const auto& entry, const ReplicaId& key) { return entry.replica < key; });
        return static_cast<std::size_t>(it - replicas.begin());
    }

    static std::optional<set_type> decode_body(byte_reader& r) {
        auto context = codec<context_type>::decode(r);
        if (!context) return std::nullopt;

        // An element takes at least 4 bytes: itself, a dot count, and one dot of two varints.
        const auto m = r.count("or_set elements", 4);
        if (!m) return std::nullopt;
        // The builder checks what the layout cannot: coverage by the context, and dots and
        // elements stored twice (each dot is looked up once, in the table that keeps it).
        detail::or_set_builder<set_type> built(std::move(*context), *m);
        const auto replicas = built.context().replicas();
        std::vector<dot_type> dots;
        std::vector<std::size_t> dot_offsets;  // where each of `dots` was read
        std::span<const std::byte> previous;

        for (std::size_t i = 0; i < *m; ++i) {
            const std::size_t at = r.offset();
            auto element = codec<T>::decode(r);
            if (!element) return fail_if_silent(r, at, "or_set: element could not be decoded");
            const auto encoded = r.consumed_since(at);
            if (i > 0 && !detail::bytes_less(previous, encoded)) {
                r.fail_at(at, errc::non_canonical,
                          detail::text("or_set: element ", i,
                                       " is not in strictly ascending byte order"));
                return std::nullopt;
            }
            previous = encoded;

            const auto d = r.count("or_set dots", 2);
            if (!d) return std::nullopt;
            if (*d == 0) return no_dots(r, at, i);
            dots.clear();
            dot_offsets.clear();
            std::size_t last_index = 0;
            std::uint64_t last_counter = 0;
            for (std::size_t j = 0; j < *d; ++j) {
                const std::size_t dot_at = r.offset();
                const auto index = r.varint("or_set dot replica index");
                const auto counter = r.varint("or_set dot counter");
                if (!index || !counter) return std::nullopt;
                if (*index >= replicas.size()) {
                    r.fail_at(dot_at, errc::invalid_value,
                              detail::text("or_set: dot names replica index ", *index,
                                           " but the context has ", replicas.size()));
                    return std::nullopt;
                }
                // Replicas are sorted in the context, so this order is the order of dots.
                const auto idx = static_cast<std::size_t>(*index);
                if (j > 0 &&
                    (idx < last_index || (idx == last_index && *counter <= last_counter))) {
                    r.fail_at(dot_at, errc::non_canonical,
                              detail::text("or_set: dots of element ", i,
                                           " are not in strictly ascending order"));
                    return std::nullopt;
                }
                last_index = idx;
                last_counter = *counter;
                dots.push_back(dot_type{replicas[idx].replica, *counter});
                dot_offsets.push_back(dot_at);
            }

            const auto fault = built.add(std::move(*element), std::span<dot_type>(dots));
            if (fault) return reject(r, fault, i, at, dots, dot_offsets);
        }
        return std::move(built).finish();
    }

    // Reports what the builder refused in element i, read at `at`: at the offending dot when
    // the fault is a dot's, else at the element.
    static std::nullopt_t reject(byte_reader& r, const detail::or_set_fault& fault, std::size_t i,
                                 std::size_t at, std::span<const dot_type> dots,
                                 std::span<const std::size_t> dot_offsets) {
        using kind = detail::or_set_fault::kind;
        if (!fault) return std::nullopt;
        const bool at_dot = fault.what == kind::uncovered_dot || fault.what == kind::repeated_dot;
        r.fail_at(at_dot ? dot_offsets[fault.dot] : at, errc::invalid_value,
                  detail::or_set_fault_text(fault, detail::or_set_fault_source::wire, i, dots));
        return std::nullopt;
    }

    static std::nullopt_t no_dots(byte_reader& r, std::size_t at, std::size_t i) {
        return reject(r, detail::or_set_fault{detail::or_set_fault::kind::no_dots}, i, at, {}, {});
    }

    static std::nullopt_t fail_if_silent(byte_reader& r, std::size_t at, const char* why) {
        r.fail_at(at, errc::invalid_value, why);  // kept only if the element codec said nothing
        return std::nullopt;
    }
};

}  // namespace converge::inline v1
