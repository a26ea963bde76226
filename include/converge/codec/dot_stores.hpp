// SPDX-License-Identifier: MIT
#pragma once

// Wire forms of the causal kernel's dot stores, inside a causal type's body (after its
// context; docs/wire-format.md). A dot names its replica by its index in that context.
//   dot         := uint(replica_index) uint(counter)
//   dot_set     := count(n) dot*n                        dots strictly ascending
//   dot_fun<T>  := count(n) { dot T }*n                  dots strictly ascending
//   dot_map<K,S>:= count(m) { K store_S }*m              keys strictly ascending by their bytes
// Every dot must be covered by the context; a dot_map's stores are never empty and no dot is
// stored under two keys.

#include <converge/codec/causal_context.hpp>
#include <converge/codec/codec.hpp>
#include <converge/codec/detail/byte_order.hpp>
#include <converge/codec/wire_tag.hpp>
#include <converge/core/causal_context.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/dot.hpp>
#include <converge/crdt/dot_fun.hpp>
#include <converge/crdt/dot_map.hpp>
#include <converge/crdt/dot_set.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace converge::inline v1::detail {

// The index of `id` among the context's replicas (sorted): where a dot on the wire names its
// replica. Branch-free, since the replicas of consecutive dots rarely follow a pattern.
template <class Replicas, class ReplicaId>
std::size_t replica_index(const Replicas& replicas, const ReplicaId& id) {
    const auto* base = replicas.data();
    std::size_t n = replicas.size();
    while (n > 1) {
        const std::size_t half = n / 2;
        base = base[half - 1].replica < id ? base + half : base;
        n -= half;
    }
    const auto index = static_cast<std::size_t>(base - replicas.data());
    return index + static_cast<std::size_t>(n == 1 && base->replica < id);
}

template <class ReplicaId>
void encode_dot(byte_writer& w, const causal_context<ReplicaId>& context, const dot<ReplicaId>& d) {
    w.varint(replica_index(context.replicas(), d.replica));
    w.varint(d.counter);
}

// Reads one dot, which must be covered by `context` and come after `previous` (if any).
template <class ReplicaId>
std::optional<dot<ReplicaId>> decode_dot(byte_reader& r, const causal_context<ReplicaId>& context,
                                         const std::optional<dot<ReplicaId>>& previous,
                                         const char* who) {
    const std::size_t at = r.offset();
    const auto index = r.varint("dot replica index");
    const auto counter = r.varint("dot counter");
    if (!index || !counter) return std::nullopt;
    const auto replicas = context.replicas();
    if (*index >= replicas.size()) {
        r.fail_at(at, errc::invalid_value,
                  text(who, ": dot names replica index ", *index, " but the context has ",
                       replicas.size()));
        return std::nullopt;
    }
    const dot<ReplicaId> d{replicas[static_cast<std::size_t>(*index)].replica, *counter};
    if (previous && !(*previous < d)) {
        r.fail_at(at, errc::non_canonical, text(who, ": dots are not in strictly ascending order"));
        return std::nullopt;
    }
    if (!context.contains(d)) {
        r.fail_at(at, errc::invalid_value,
                  text(who, ": dot ", dot_text(d), " not covered by the causal context"));
        return std::nullopt;
    }
    return d;
}

// The wire form of a dot store inside a causal type (see the top of this header).
template <class Store>
struct store_codec;

template <class ReplicaId>
struct store_codec<dot_set<ReplicaId>> {
    using store_type = dot_set<ReplicaId>;
    static void encode(byte_writer& w, const store_type& s, const causal_context<ReplicaId>& c) {
        w.varint(s.dot_count());
        for (const auto& d : s.dots()) encode_dot(w, c, d);
    }
    static std::optional<store_type> decode(byte_reader& r, const causal_context<ReplicaId>& c) {
        const auto n = r.count("dot_set dots", 2);
        if (!n) return std::nullopt;
        std::vector<dot<ReplicaId>> dots;
        dots.reserve(*n);
        std::optional<dot<ReplicaId>> previous;
        for (std::size_t i = 0; i < *n; ++i) {
            previous = decode_dot(r, c, previous, "dot_set");
            if (!previous) return std::nullopt;
            dots.push_back(*previous);
        }
        return std::move(*store_type::from_dots(std::move(dots)));  // sorted and distinct
    }
};

template <encodable T, class ReplicaId>
struct store_codec<dot_fun<T, ReplicaId>> {
    using store_type = dot_fun<T, ReplicaId>;
    static void encode(byte_writer& w, const store_type& s, const causal_context<ReplicaId>& c) {
        w.varint(s.dot_count());
        for (const auto& e : s.entries()) {
            encode_dot(w, c, e.dot);
            codec<T>::encode(w, e.value);
        }
    }
    static std::optional<store_type> decode(byte_reader& r, const causal_context<ReplicaId>& c) {
        const auto n = r.count("dot_fun entries", 3);
        if (!n) return std::nullopt;
        std::vector<typename store_type::entry> entries;
        entries.reserve(*n);
        std::optional<dot<ReplicaId>> previous;
        for (std::size_t i = 0; i < *n; ++i) {
            previous = decode_dot(r, c, previous, "dot_fun");
            if (!previous) return std::nullopt;
            const std::size_t at = r.offset();
            auto value = codec<T>::decode(r);
            if (!value) {
                r.fail_at(at, errc::invalid_value, "dot_fun: value could not be decoded");
                return std::nullopt;
            }
            entries.push_back({*previous, std::move(*value)});
        }
        return std::move(*store_type::from_entries(std::move(entries)));  // sorted and distinct
    }
};

template <encodable K, class S, class Hash, class Eq>
struct store_codec<dot_map<K, S, Hash, Eq>> {
    using store_type = dot_map<K, S, Hash, Eq>;
    using replica_type = typename store_type::replica_type;

    static void encode(byte_writer& w, const store_type& m, const causal_context<replica_type>& c) {
        // Keys in the order of their bytes: canonical without an ordering on K.
        byte_ordered keys(m.size());
        for (const auto& [key, store] : m) {
            const S& value = store;  // clang 14 cannot capture a structured binding
            keys.add(key, [&](byte_writer& kw) { store_codec<S>::encode(kw, value, c); });
        }
        keys.sort();
        w.varint(keys.size());
        keys.write(w);
    }

    static std::optional<store_type> decode(byte_reader& r, const causal_context<replica_type>& c) {
        if (!r.enter("dot_map")) return std::nullopt;
        auto out = decode_entries(r, c);
        r.leave();
        return out;
    }

private:
    static std::optional<store_type> decode_entries(byte_reader& r,
                                                    const causal_context<replica_type>& c) {
        const auto m = r.count("dot_map keys", 3);  // a key, a count, a dot at least
        if (!m) return std::nullopt;
        store_type out;
        std::span<const std::byte> previous;
        for (std::size_t i = 0; i < *m; ++i) {
            const std::size_t at = r.offset();
            auto key = codec<K>::decode(r);
            if (!key) {
                r.fail_at(at, errc::invalid_value, "dot_map: key could not be decoded");
                return std::nullopt;
            }
            const auto encoded = r.consumed_since(at);
            if (i > 0 && !bytes_less(previous, encoded)) {
                r.fail_at(at, errc::non_canonical,
                          text("dot_map: key ", i, " is not in strictly ascending byte order"));
                return std::nullopt;
            }
            previous = encoded;
            auto store = store_codec<S>::decode(r, c);
            if (!store) return std::nullopt;
            if (auto why = out.try_insert(std::move(*key), std::move(*store))) {
                r.fail_at(at, errc::invalid_value, text("dot_map: key ", i, ' ', *why));
                return std::nullopt;
            }
        }
        return out;
    }
};

// The body of a causal type: its context, then its store. Since format version 3:
//   causal := context store                       the context in full
//           | marked_count(n) replica*n store     a context of exactly the stored dots
// A context that holds exactly the stored dots and is not empty (an add, a join of adds: most
// deltas, and a set that never removed anything) is written as its replicas alone, sorted,
// and rebuilt from the dots on reading; it must be. Its count is marked (written one byte
// longer than its shortest varint, which no version 1 context can start with), so the form
// is read from the bytes themselves, whatever version a user's codec around it says.
template <class State>
[[nodiscard]] bool context_is_stored_dots(const State& state) {
    const auto& context = state.context();
    return !context.empty() && context.dot_count() == state.store().dot_count();
}

template <class State>
void encode_causal(byte_writer& w, const State& state) {
    using context_type = typename State::context_type;
    using replica_type = typename context_type::replica_type;
    const context_type& context = state.context();
    if (context_is_stored_dots(state)) {
        const auto replicas = context.replicas();
        w.marked_varint(replicas.size());
        for (const auto& e : replicas) codec<replica_type>::encode(w, e.replica);
    } else {
        codec<context_type>::encode(w, context);
    }
    store_codec<typename State::store_type>::encode(w, state.store(), context);
}

// The context of exactly `dots` (distinct: the store decoder checked), where `listed`
// names their replicas (sorted, as read). Linear when each replica's dots form one run, as
// they do in deltas; the dots of the other replicas are sorted, so the whole is O(d log d)
// for d dots. Fails, non-canonical, when a listed replica has no dot. Depends on the
// replica type only, so every causal type with one replica type shares it.
template <class ReplicaId>
[[nodiscard]] std::optional<causal_context<ReplicaId>> context_of_dots(
    byte_reader& r, std::size_t at, std::vector<dot<ReplicaId>>& dots,
    const std::vector<ReplicaId>& listed) {
    struct run {
        std::uint64_t low = ~std::uint64_t{0};
        std::uint64_t high = 0;
        std::uint64_t count = 0;
        [[nodiscard]] bool whole() const noexcept { return high - low == count - 1; }
    };
    const auto index_of = [&](const ReplicaId& replica) {
        // Every dot's replica is listed: the store decoder checked it against them.
        return static_cast<std::size_t>(std::lower_bound(listed.begin(), listed.end(), replica) -
                                        listed.begin());
    };
    std::vector<run> runs(listed.size());
    for (const dot<ReplicaId>& d : dots) {
        run& x = runs[index_of(d.replica)];
        x.low = std::min(x.low, d.counter);
        x.high = std::max(x.high, d.counter);
        ++x.count;
    }
    // Distinct dots: count == high - low + 1 means they are exactly low..high.
    bool scattered = false;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (runs[i].count == 0) {
            r.fail_at(at, errc::non_canonical,
                      text("causal context: replica ", i, " is listed but no stored dot names it"));
            return std::nullopt;
        }
        scattered = scattered || !runs[i].whole();
    }
    if (scattered) {
        // Keep the dots of the scattered replicas, in order.
        std::erase_if(dots,
                      [&](const dot<ReplicaId>& d) { return runs[index_of(d.replica)].whole(); });
        std::sort(dots.begin(), dots.end());
    }
    // Replica by replica in order, counters ascending: every insert appends.
    causal_context<ReplicaId> out;
    auto next = dots.begin();
    for (std::size_t i = 0; i < runs.size(); ++i) {
        if (runs[i].whole()) {
            out.insert_range(listed[i], runs[i].low, runs[i].high);
            continue;
        }
        for (; next != dots.end() && next->replica == listed[i]; ++next) out.insert(*next);
    }
    return out;
}

// Reads the n replicas of a context written as its replicas alone (strictly ascending), and
// a context that takes each as seen up to the largest counter, so that every dot naming one
// passes a store decoder's coverage check until the real context is rebuilt.
template <class ReplicaId>
[[nodiscard]] std::optional<std::pair<std::vector<ReplicaId>, causal_context<ReplicaId>>>
read_listed_replicas(byte_reader& r, std::size_t n) {
    std::pair<std::vector<ReplicaId>, causal_context<ReplicaId>> out;
    auto& [listed, covering] = out;
    listed.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t replica_at = r.offset();
        auto replica = codec<ReplicaId>::decode(r);
        if (!replica) return std::nullopt;
        if (i > 0 && !(listed.back() < *replica)) {
            r.fail_at(
                replica_at, errc::non_canonical,
                text("causal_context: replica ", i, " is not in strictly ascending replica order"));
            return std::nullopt;
        }
        covering.insert_range(*replica, 1, ~std::uint64_t{0});
        listed.push_back(std::move(*replica));
    }
    return out;
}

// Leaves a nested value entered with byte_reader::enter() on every way out of a scope.
class nested_scope {
public:
    explicit nested_scope(byte_reader& r) noexcept : m_reader(&r) {}
    nested_scope(const nested_scope&) = delete;
    nested_scope& operator=(const nested_scope&) = delete;
    ~nested_scope() { close(); }
    void close() noexcept {
        if (m_reader) m_reader->leave();
        m_reader = nullptr;
    }

private:
    byte_reader* m_reader;
};

template <class State>
std::optional<State> decode_causal(byte_reader& r) {
    using context_type = typename State::context_type;
    using replica_type = typename context_type::replica_type;
    using store_codec_type = store_codec<typename State::store_type>;
    const auto finish = [](auto&& store, context_type&& context) {
        // Every dot was checked against the context as it was read.
        State state;
        state.store_for_update() = std::move(store);
        state.context_for_update() = std::move(context);
        return state;
    };

    const std::size_t at = r.offset();
    if (!r.enter("causal_context")) return std::nullopt;
    nested_scope context_scope(r);
    // Either form takes at least three bytes a replica: a full entry its replica, prefix and
    // interval count; a listed replica its id and, in the store, a dot of two varints.
    const auto counted = r.marked_count("causal_context replicas", 3);
    if (!counted) return std::nullopt;
    const auto [n, compact] = *counted;
    if (!compact) {
        auto context = codec<context_type>::decode_entries(r, n);
        context_scope.close();
        if (!context) return std::nullopt;
        auto store = store_codec_type::decode(r, *context);
        if (!store) return std::nullopt;
        // Version 1 wrote every context in full; from version 3 this one has a shorter form.
        if (r.format_version() >= 3 && !context->empty() &&
            context->dot_count() == store->dot_count()) {
            r.fail_at(at, errc::non_canonical,
                      "causal context holds exactly the stored dots, which format version 3 "
                      "writes as its replicas alone");
            return std::nullopt;
        }
        return finish(std::move(*store), std::move(*context));
    }

    if (n == 0) {
        r.fail_at(at, errc::non_canonical,
                  "causal context: the empty context is written in full (count 0)");
        return std::nullopt;
    }
    auto listed = read_listed_replicas<replica_type>(r, n);
    if (!listed) return std::nullopt;
    context_scope.close();
    auto store = store_codec_type::decode(r, listed->second);
    if (!store) return std::nullopt;
    if (store->dot_count() < n) {
        r.fail_at(at, errc::non_canonical,
                  text("causal context: ", n, " replicas listed for ", store->dot_count(),
                       " stored dots; each must name one"));
        return std::nullopt;
    }
    std::vector<dot<replica_type>> dots;
    dots.reserve(store->dot_count());
    store->for_each_dot([&](const dot<replica_type>& d) { dots.push_back(d); });
    auto context = context_of_dots(r, at, dots, listed->first);
    if (!context) return std::nullopt;
    return finish(std::move(*store), std::move(*context));
}

// The codec of a causal type that is its causal state on the wire.
template <class V, wire_tag Tag>
struct causal_type_codec {
    static constexpr std::uint64_t type_tag = to_underlying(Tag);
    // 3 writes a context of exactly the stored dots as its replicas alone; 1 is still read.
    static constexpr std::uint64_t version = 3;

    static void encode(byte_writer& w, const V& v) { encode_causal(w, v.state()); }

    static std::optional<V> decode_named(byte_reader& r, const char* name) {
        if (!r.enter(name)) return std::nullopt;
        auto state = decode_causal<typename V::state_type>(r);
        r.leave();
        if (!state) return std::nullopt;
        return V(std::move(*state));
    }
};

}  // namespace converge::inline v1::detail
