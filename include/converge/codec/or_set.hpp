// SPDX-License-Identifier: MIT
#pragma once

// Wire codec of or_set (tag 8). Layout (docs/wire-format.md):
//   or_set := context count(m) { element count(d) { uint(replica_index) uint(counter) }*d }*m
// Elements are sorted by their encoded bytes, which needs no ordering on T and is the same
// on every machine; dots name their replica by its index in the context.

#include <converge/codec/causal_context.hpp>
#include <converge/codec/codec.hpp>
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

namespace detail {

// Unsigned lexicographic order of byte strings, a shorter prefix first.
inline bool bytes_less(std::span<const std::byte> a, std::span<const std::byte> b) noexcept {
    const std::size_t n = std::min(a.size(), b.size());
    const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
    return c < 0 || (c == 0 && a.size() < b.size());
}

}  // namespace detail

template <encodable T, encodable ReplicaId, class Hash, class Eq>
struct codec<or_set<T, ReplicaId, Hash, Eq>> {
    using set_type = or_set<T, ReplicaId, Hash, Eq>;
    using context_type = causal_context<ReplicaId>;
    using dot_type = dot<ReplicaId>;
    static constexpr std::uint64_t type_tag = 8;
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
        const auto replicas = context->replicas();

        // An element takes at least 4 bytes: itself, a dot count, and one dot of two varints.
        const auto m = r.count("or_set elements", 4);
        if (!m) return std::nullopt;
        std::vector<typename set_type::entry> entries;
        entries.reserve(*m);
        // Every dot with where it was read, to find a dot stored twice after one sort.
        struct located_dot {
            std::size_t index;
            std::uint64_t counter;
            std::size_t at;
        };
        std::vector<located_dot> all_dots;
        all_dots.reserve(*m);
        std::span<const std::byte> previous;

        for (std::size_t i = 0; i < *m; ++i) {
            const std::size_t at = r.offset();
            auto element = codec<T>::decode(r);
            if (!element) return fail_if_silent(r, at, "or_set: element could not be decoded");
            const auto encoded = r.consumed_since(at);
            if (i > 0 && !detail::bytes_less(previous, encoded)) {
                r.fail_at(at, errc::non_canonical,
                          "or_set: element " + std::to_string(i) +
                              " is not in strictly ascending byte order");
                return std::nullopt;
            }
            previous = encoded;

            const auto d = r.count("or_set dots", 2);
            if (!d) return std::nullopt;
            if (*d == 0) {
                r.fail_at(at, errc::invalid_value,
                          "or_set: element " + std::to_string(i) + " has no dots");
                return std::nullopt;
            }
            std::vector<dot_type> dots;
            dots.reserve(*d);
            std::size_t last_index = 0;
            std::uint64_t last_counter = 0;
            for (std::size_t j = 0; j < *d; ++j) {
                const std::size_t dot_at = r.offset();
                const auto index = r.varint("or_set dot replica index");
                const auto counter = r.varint("or_set dot counter");
                if (!index || !counter) return std::nullopt;
                if (*index >= replicas.size()) {
                    r.fail_at(dot_at, errc::invalid_value,
                              "or_set: dot names replica index " + std::to_string(*index) +
                                  " but the context has " + std::to_string(replicas.size()));
                    return std::nullopt;
                }
                const auto idx = static_cast<std::size_t>(*index);
                if (j > 0 &&
                    (idx < last_index || (idx == last_index && *counter <= last_counter))) {
                    r.fail_at(dot_at, errc::non_canonical,
                              "or_set: dots of element " + std::to_string(i) +
                                  " are not in strictly ascending order");
                    return std::nullopt;
                }
                last_index = idx;
                last_counter = *counter;
                dot_type dt{replicas[idx].replica, *counter};
                if (*counter == 0 || !context->contains(dt)) {
                    r.fail_at(
                        dot_at, errc::invalid_value,
                        "or_set: dot " + detail::dot_text(dt) + " not covered by causal context");
                    return std::nullopt;
                }
                all_dots.push_back({idx, *counter, dot_at});
                dots.push_back(std::move(dt));
            }
            entries.push_back({std::move(*element), std::move(dots)});
        }

        std::sort(all_dots.begin(), all_dots.end(), [](const located_dot& a, const located_dot& b) {
            return a.index != b.index       ? a.index < b.index
                   : a.counter != b.counter ? a.counter < b.counter
                                            : a.at < b.at;
        });
        for (std::size_t k = 1; k < all_dots.size(); ++k) {
            const located_dot& a = all_dots[k - 1];
            const located_dot& b = all_dots[k];
            if (a.index == b.index && a.counter == b.counter) {
                r.fail_at(b.at, errc::invalid_value,
                          "or_set: dot " +
                              detail::dot_text(dot_type{replicas[b.index].replica, b.counter}) +
                              " stored twice");
                return std::nullopt;
            }
        }

        auto set = set_type::from_parts(std::move(entries), std::move(*context));
        if (!set) {  // every invariant was checked above; guard anyway
            r.fail(errc::invalid_value, std::string(set.message()));
            return std::nullopt;
        }
        return std::move(*set);
    }

    static std::nullopt_t fail_if_silent(byte_reader& r, std::size_t at, const char* why) {
        r.fail_at(at, errc::invalid_value, why);  // kept only if the element codec said nothing
        return std::nullopt;
    }
};

}  // namespace converge::inline v1
