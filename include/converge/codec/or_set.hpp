// SPDX-License-Identifier: MIT
#pragma once

// Wire codec of or_set (tag 8), and of its store, dot_set_map, wherever it is nested (an
// or_set as the value of an or_map). Layout (docs/wire-format.md):
//   or_set      := causal(dot_set_map<T>)
//   dot_set_map := count(m) { element count(d) { uint(replica_index) uint(counter) }*d }*m
// Elements are sorted by their encoded bytes, which needs no ordering on T and is the same
// on every machine; dots name their replica by its index in the context.

#include <converge/codec/causal_context.hpp>
#include <converge/codec/codec.hpp>
#include <converge/codec/detail/byte_order.hpp>
#include <converge/codec/dot_stores.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/dot.hpp>
#include <converge/crdt/dot_set_map.hpp>
#include <converge/crdt/or_set.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace converge::inline v1 {

namespace detail {

template <encodable T, encodable ReplicaId, class Hash, class Eq>
struct store_codec<dot_set_map<T, ReplicaId, Hash, Eq>> {
    using store_type = dot_set_map<T, ReplicaId, Hash, Eq>;
    using context_type = causal_context<ReplicaId>;
    using dot_type = dot<ReplicaId>;

    static void encode(byte_writer& w, const store_type& store, const context_type& context) {
        // Each element with its dots is encoded once, then the entries are copied out in the
        // byte order of their elements.
        const auto replicas = context.replicas();
        byte_ordered elements(store.size());
        for (const auto& e : store.entries()) {
            // A dot is at most two 10-byte varints; dots are sorted by (replica, counter).
            elements.add_bounded(e.element, 10 + 20 * e.dots.size(), [&](std::byte* at) {
                at = byte_writer::put_varint(at, e.dots.size());
                for (const dot_type& d : e.dots) {
                    at = byte_writer::put_varint(at, replica_index(replicas, d.replica));
                    at = byte_writer::put_varint(at, d.counter);
                }
                return at;
            });
        }
        elements.sort();
        w.varint(elements.size());
        elements.write(w);
    }

    static std::optional<store_type> decode(byte_reader& r, const context_type& context) {
        // An element takes at least 4 bytes: itself, a dot count, and one dot of two varints.
        const auto m = r.count("or_set elements", 4);
        if (!m) return std::nullopt;
        // The builder checks what the layout cannot: coverage by the context, and dots and
        // elements stored twice (each dot is looked up once, in the table that keeps it).
        dot_set_map_builder<store_type> built(context, *m);
        const auto replicas = context.replicas();
        std::vector<dot_type> dots;
        std::vector<std::size_t> dot_offsets;  // where each of `dots` was read
        std::span<const std::byte> previous;

        for (std::size_t i = 0; i < *m; ++i) {
            const std::size_t at = r.offset();
            auto element = codec<T>::decode(r);
            if (!element) return fail_if_silent(r, at, "or_set: element could not be decoded");
            const auto encoded = r.consumed_since(at);
            if (i > 0 && !bytes_less(previous, encoded)) {
                r.fail_at(at, errc::non_canonical,
                          text("or_set: element ", i, " is not in strictly ascending byte order"));
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
                              text("or_set: dot names replica index ", *index,
                                   " but the context has ", replicas.size()));
                    return std::nullopt;
                }
                // Replicas are sorted in the context, so this order is the order of dots.
                const auto idx = static_cast<std::size_t>(*index);
                if (j > 0 &&
                    (idx < last_index || (idx == last_index && *counter <= last_counter))) {
                    r.fail_at(dot_at, errc::non_canonical,
                              text("or_set: dots of element ", i,
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

private:
    // Reports what the builder refused in element i, read at `at`: at the offending dot when
    // the fault is a dot's, else at the element.
    static std::nullopt_t reject(byte_reader& r, const or_set_fault& fault, std::size_t i,
                                 std::size_t at, std::span<const dot_type> dots,
                                 std::span<const std::size_t> dot_offsets) {
        using kind = or_set_fault::kind;
        if (!fault) return std::nullopt;
        const bool at_dot = fault.what == kind::uncovered_dot || fault.what == kind::repeated_dot;
        r.fail_at(at_dot ? dot_offsets[fault.dot] : at, errc::invalid_value,
                  or_set_fault_text(fault, or_set_fault_source::wire, i, dots));
        return std::nullopt;
    }

    static std::nullopt_t no_dots(byte_reader& r, std::size_t at, std::size_t i) {
        return reject(r, or_set_fault{or_set_fault::kind::no_dots}, i, at, {}, {});
    }

    static std::nullopt_t fail_if_silent(byte_reader& r, std::size_t at, const char* why) {
        r.fail_at(at, errc::invalid_value, why);  // kept only if the element codec said nothing
        return std::nullopt;
    }
};

}  // namespace detail

template <encodable T, encodable ReplicaId, class Hash, class Eq>
struct codec<or_set<T, ReplicaId, Hash, Eq>>
    : detail::causal_type_codec<or_set<T, ReplicaId, Hash, Eq>, wire_tag::or_set> {
    static constexpr const char* type_name = "or_set";
    static std::optional<or_set<T, ReplicaId, Hash, Eq>> decode(byte_reader& r) {
        return codec::decode_named(r, type_name);
    }
};

}  // namespace converge::inline v1
