// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/causal_context.hpp>
#include <converge/core/dot.hpp>
#include <converge/crdt/causal.hpp>
#include <converge/crdt/dot_store.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// A dot store mapping keys to dot stores (any dot_store, dot_map included, to any depth):
// the store of or_map. A key is present while its store holds a dot; the stores of all keys
// share the causal context they are paired with. A dot's payload is its key with the payload
// the key's store gives it, so the kernel's join (dot_store.hpp) is joined key by key.
//
// An index from each stored dot (at any depth) to its key lets a merge find the keys a small
// delta touches without walking the map: merging a delta costs O(size of the delta plus the
// stores of the keys it touches), whatever the size of the map.
template <class K, dot_store S, class Hash = std::hash<K>, class Eq = std::equal_to<K>>
class dot_map {
public:
    using key_type = K;
    using mapped_type = S;
    using replica_type = typename S::replica_type;
    using dot_type = dot<replica_type>;
    using context_type = causal_context<replica_type>;
    using entries_type = std::unordered_map<K, S, Hash, Eq>;
    using const_iterator = typename entries_type::const_iterator;

    dot_map() = default;

    // Builds a map from (key, store) pairs. Fails (errc::invalid_parts) on a repeated key, an
    // empty store, or a dot stored under two keys.
    [[nodiscard]] static result<dot_map> from_entries(std::vector<std::pair<K, S>> entries) {
        dot_map m;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (auto why = m.try_insert(std::move(entries[i].first), std::move(entries[i].second)))
                return failure(errc::invalid_parts, detail::text("dot_map: entry ", i, ' ', *why));
        }
        return m;
    }

    // Adds a key with its store, or says why it cannot (and adds nothing): the checks of
    // from_entries, one entry at a time, for decoders that report where an entry was read.
    [[nodiscard]] std::optional<std::string> try_insert(K key, S store) {
        if (store.empty()) return std::string("has an empty store");
        if (m_entries.contains(key)) return std::string("repeats an earlier key");
        bool shared = false;
        store.for_each_dot([&](const dot_type& d) { shared = shared || m_index.contains(d); });
        if (shared) return std::string("stores a dot an earlier entry stores");
        store.for_each_dot([&](const dot_type& d) { m_index.emplace(d, key); });
        m_entries.emplace(std::move(key), std::move(store));
        return std::nullopt;
    }

    // The store under `key`, or nullptr when the key is absent.
    [[nodiscard]] const S* find(const K& key) const {
        const auto it = m_entries.find(key);
        return it == m_entries.end() ? nullptr : &it->second;
    }
    [[nodiscard]] bool contains(const K& key) const { return m_entries.contains(key); }

    // The keys with their stores, in no particular order.
    [[nodiscard]] const_iterator begin() const noexcept { return m_entries.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return m_entries.end(); }
    [[nodiscard]] std::size_t size() const noexcept { return m_entries.size(); }

    [[nodiscard]] bool empty() const noexcept { return m_entries.empty(); }
    [[nodiscard]] std::size_t dot_count() const noexcept { return m_index.size(); }
    [[nodiscard]] bool stores(const dot_type& d) const { return m_index.contains(d); }

    // Whether `other` holds d under the same key with the same payload (both must hold d).
    [[nodiscard]] bool same_at(const dot_type& d, const dot_map& other) const {
        const auto a = m_index.find(d);
        const auto b = other.m_index.find(d);
        if (a == m_index.end() || b == other.m_index.end() || !Eq{}(a->second, b->second))
            return false;
        return m_entries.find(a->second)->second.same_at(d,
                                                         other.m_entries.find(b->second)->second);
    }

    // Every stored dot, at any depth, in no particular order.
    template <class F>
    void for_each_dot(F&& visit) const {
        for (const auto& kv : m_index) visit(kv.first);
    }

    // The kernel's join (dot_store.hpp), key by key. Visits the keys of `other` and the keys
    // here storing a dot that `theirs` has seen, found through the index when `theirs` is
    // small and by a walk over the index otherwise.
    void join(const dot_map& other, const context_type& mine, const context_type& theirs) {
        if (&other == this) return;
        // Key -> my dots under it that `theirs` has seen: the ones the join may drop.
        std::unordered_map<K, std::vector<dot_type>, Hash, Eq> touched;
        if (theirs.dot_count() <= m_index.size() / lookup_cost) {
            detail::for_each_context_dot(theirs, [&](const dot_type& d) {
                if (const auto it = m_index.find(d); it != m_index.end())
                    touched[it->second].push_back(d);
            });
        } else {
            for (const auto& [d, key] : m_index)
                if (theirs.contains(d)) touched[key].push_back(d);
        }
        for (const auto& kv : other.m_entries) touched.try_emplace(kv.first);
        const S nothing{};
        for (const auto& [key, maybe_gone] : touched) {
            const S* their_store = other.find(key);
            join_key(key, their_store ? *their_store : nothing, maybe_gone, mine, theirs);
        }
    }

    template <class Keep>
    [[nodiscard]] dot_map filtered(Keep&& keep) const {
        dot_map out;
        for (const auto& kv : m_entries) {
            const K& key = kv.first;
            S part = kv.second.filtered(keep);
            if (part.empty()) continue;
            part.for_each_dot([&](const dot_type& d) { out.m_index.emplace(d, key); });
            out.m_entries.emplace(key, std::move(part));
        }
        return out;
    }

    // --- For or_map's mutators ---

    // Removes `key` with its store, which it returns (empty if the key was absent), and
    // calls dropped(d) for each of its dots.
    template <class F>
    S erase(const K& key, F&& dropped) {
        const auto it = m_entries.find(key);
        if (it == m_entries.end()) return S{};
        S store = std::move(it->second);
        m_entries.erase(it);
        store.for_each_dot([&](const dot_type& d) {
            m_index.erase(d);
            dropped(d);
        });
        return store;
    }

    // Takes the store of `key` out for a nested mutation (empty if absent); its dots stay
    // indexed and its key stays in place, holding an empty store, until put_back(), which
    // must follow: the key's node is reused rather than freed and allocated again.
    [[nodiscard]] S take(const K& key) {
        const auto it = m_entries.find(key);
        if (it == m_entries.end()) return S{};
        return std::exchange(it->second, S{});
    }

    // Puts back the store taken out for `key` after a mutation whose delta is (added,
    // context): its new dots are the added store's, and the dots it dropped are in the
    // context. `before` is the number of dots the store had when taken. A delta that does
    // not describe the change (a mutation that lost a delta) is detected by the count and
    // repaired by rebuilding the index.
    void put_back(const K& key, S store, std::size_t before, const S& added,
                  const context_type& context) {
        std::size_t expected = before;
        const bool small = context.dot_count() <= before + added.dot_count() + small_context;
        if (small) {
            detail::for_each_context_dot(context, [&](const dot_type& d) {
                const auto it = m_index.find(d);
                if (it != m_index.end() && Eq{}(it->second, key) && !store.stores(d)) {
                    m_index.erase(it);
                    --expected;
                }
            });
            added.for_each_dot([&](const dot_type& d) {
                if (store.stores(d) && m_index.try_emplace(d, key).second) ++expected;
            });
        }
        const std::size_t after = store.dot_count();
        place(key, std::move(store));
        if (!small || expected != after) rebuild_index();
    }

    // Puts back a store taken out for `key` after a mutation that did not complete: the index
    // is rebuilt, O(dots of the map).
    void put_back(const K& key, S store) {
        place(key, std::move(store));
        rebuild_index();
    }

    friend bool operator==(const dot_map& a, const dot_map& b) {
        return a.m_entries == b.m_entries;
    }

private:
    // How much dearer a context-dot lookup in the index is than a step of the index walk.
    static constexpr std::size_t lookup_cost = 4;
    // A mutation's context may name this many dots beyond the store's own before put_back()
    // prefers a rebuild.
    static constexpr std::size_t small_context = 64;

    void join_key(const K& key, const S& their_store, const std::vector<dot_type>& maybe_gone,
                  const context_type& mine, const context_type& theirs) {
        auto it = m_entries.find(key);
        if (it == m_entries.end()) {
            S fresh;
            fresh.join(their_store, mine, theirs);
            if (fresh.empty()) return;
            fresh.for_each_dot([&](const dot_type& d) { m_index.emplace(d, key); });
            m_entries.emplace(key, std::move(fresh));
            return;
        }
        S& store = it->second;
        store.join(their_store, mine, theirs);
        for (const dot_type& d : maybe_gone)
            if (!store.stores(d)) m_index.erase(d);
        their_store.for_each_dot([&](const dot_type& d) {
            if (!mine.contains(d) && store.stores(d)) m_index.try_emplace(d, key);
        });
        if (store.empty()) m_entries.erase(it);
    }

    // Stores `store` under `key`, or removes the key when the store is empty.
    void place(const K& key, S store) {
        const auto it = m_entries.find(key);
        if (store.empty()) {
            if (it != m_entries.end()) m_entries.erase(it);
        } else if (it != m_entries.end()) {
            it->second = std::move(store);
        } else {
            m_entries.emplace(key, std::move(store));
        }
    }

    void rebuild_index() {
        m_index.clear();
        for (const auto& kv : m_entries)
            kv.second.for_each_dot([&](const dot_type& d) { m_index.emplace(d, kv.first); });
    }

    entries_type m_entries;
    std::unordered_map<dot_type, K, dot_hash<replica_type>> m_index;  // stored dot -> its key
};

}  // namespace converge::inline v1
