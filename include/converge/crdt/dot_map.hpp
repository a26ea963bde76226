// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/causal_context.hpp>
#include <converge/core/detail/small_vector.hpp>
#include <converge/core/dot.hpp>
#include <converge/crdt/causal.hpp>
#include <converge/crdt/detail/dot_index.hpp>
#include <converge/crdt/detail/position_table.hpp>
#include <converge/crdt/dot_store.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// A dot store mapping keys to dot stores (any dot_store, dot_map included, to any depth):
// the store of or_map. A key is present while its store holds a dot; the stores of all keys
// share the causal context they are paired with. A dot's payload is its key with the payload
// the key's store gives it, so the kernel's join (dot_store.hpp) is joined key by key.
//
// The entries sit densely in one array. A table of 32-bit positions indexes them by key, and
// a flat index maps each stored dot (at any depth) to its entry's position, so that a merge
// finds the keys a small delta touches without walking the map: merging a delta costs O(size
// of the delta plus the stores of the keys it touches), whatever the size of the map. Up to
// linear_limit keys there are no tables (a scan is cheaper), and one key sits in place: a
// one-key delta costs no allocation besides its value's.
template <class K, dot_store S, class Hash = std::hash<K>, class Eq = std::equal_to<K>>
class dot_map {
public:
    using key_type = K;
    using mapped_type = S;
    using replica_type = typename S::replica_type;
    using dot_type = dot<replica_type>;
    using context_type = causal_context<replica_type>;
    // A key with its store, as the map holds it.
    using entry = std::pair<K, S>;
    using const_iterator = const entry*;
    // Where an entry sits, for or_map's slot(), store_at() and restored().
    using position = std::uint32_t;

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
        if (find_key(key) != npos) return std::string("repeats an earlier key");
        bool shared = false;
        store.for_each_dot([&](const dot_type& d) { shared = shared || stores(d); });
        if (shared) return std::string("stores a dot an earlier entry stores");
        append(std::move(key), std::move(store));
        return std::nullopt;
    }

    // The store under `key`, or nullptr when the key is absent.
    [[nodiscard]] const S* find(const K& key) const {
        const position p = find_key(key);
        return p == npos ? nullptr : &m_entries[p].second;
    }
    [[nodiscard]] bool contains(const K& key) const { return find_key(key) != npos; }

    // The keys with their stores, in no particular order.
    [[nodiscard]] const_iterator begin() const noexcept { return m_entries.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return m_entries.end(); }
    [[nodiscard]] std::size_t size() const noexcept { return m_entries.size(); }

    [[nodiscard]] bool empty() const noexcept { return m_entries.empty(); }
    [[nodiscard]] std::size_t dot_count() const {
        return indexed() ? m_index.size() : counted_dots();
    }
    [[nodiscard]] bool stores(const dot_type& d) const { return find_dot(d) != npos; }

    // Whether `other` holds d under the same key with the same payload (both must hold d).
    [[nodiscard]] bool same_at(const dot_type& d, const dot_map& other) const {
        const position a = find_dot(d);
        const position b = other.find_dot(d);
        if (a == npos || b == npos) return false;
        const entry& x = m_entries[a];
        const entry& y = other.m_entries[b];
        return Eq{}(x.first, y.first) && x.second.same_at(d, y.second);
    }

    // Every stored dot, at any depth, in no particular order.
    template <class F>
    void for_each_dot(F&& visit) const {
        for (const entry& e : m_entries) e.second.for_each_dot(visit);
    }

    // The kernel's join (dot_store.hpp), key by key. Visits the keys of `other` and the keys
    // here storing a dot that `theirs` has seen, found through the index when `theirs` is
    // small and by a walk over the entries otherwise.
    void join(const dot_map& other, const context_type& mine, const context_type& theirs) {
        if (&other == this) return;
        // My entries with their dots that `theirs` has seen (the dots the join may drop),
        // sorted by position. Entries emptied by the join are erased at the end, so that
        // positions stay put meanwhile.
        std::vector<std::pair<position, dot_type>> seen;
        if (indexed() && theirs.dot_count() <= m_index.size() / lookup_cost) {
            detail::for_each_context_dot(theirs, [&](const dot_type& d) {
                if (const position* p = m_index.find(d)) seen.emplace_back(*p, d);
            });
            std::sort(seen.begin(), seen.end(),
                      [](const auto& x, const auto& y) { return x.first < y.first; });
        } else {
            for (position p = 0; p < end_position(); ++p)
                m_entries[p].second.for_each_dot([&](const dot_type& d) {
                    if (theirs.contains(d)) seen.emplace_back(p, d);
                });
        }
        std::vector<dot_type> maybe_gone;
        std::vector<position> emptied;
        // Moves the dots of p's group into maybe_gone, marking them visited (counter 0).
        const auto group_of = [&](position p) {
            maybe_gone.clear();
            auto it = std::lower_bound(seen.begin(), seen.end(), p,
                                       [](const auto& x, position q) { return x.first < q; });
            for (; it != seen.end() && it->first == p; ++it)
                maybe_gone.push_back(std::exchange(it->second, dot_type{}));
        };

        // The other's keys, each with its group here.
        for (const entry& theirs_entry : other.m_entries) {
            const position p = find_key(theirs_entry.first);
            if (p == npos) {
                join_new_key(theirs_entry.first, theirs_entry.second, mine, theirs);
                continue;
            }
            group_of(p);
            if (join_key(p, theirs_entry.second, maybe_gone, mine, theirs)) emptied.push_back(p);
        }
        // My keys that the other lacks but whose dots it has seen.
        const S nothing{};
        for (std::size_t i = 0; i < seen.size(); ++i) {
            if (seen[i].second.counter == 0) continue;
            const position p = seen[i].first;
            group_of(p);
            if (join_key(p, nothing, maybe_gone, mine, theirs)) emptied.push_back(p);
        }
        // Highest position first: erasing moves the last entry, which is then already done.
        std::sort(emptied.begin(), emptied.end(), std::greater<>{});
        for (const position p : emptied) erase_entry(p);
    }

    template <class Keep>
    [[nodiscard]] dot_map filtered(Keep&& keep) const {
        dot_map out;
        for (const entry& e : m_entries) {
            S part = e.second.filtered(keep);
            if (!part.empty()) out.append(e.first, std::move(part));
        }
        return out;
    }

    // --- For or_map's mutators ---

    // Removes `key` with its store, which it returns (empty if the key was absent), and
    // calls dropped(d) for each of its dots first (if it throws, the map is unchanged).
    template <class F>
    S erase(const K& key, F&& dropped) {
        const position p = find_key(key);
        if (p == npos) return S{};
        m_entries[p].second.for_each_dot(dropped);
        unindex_dots(p);
        S store = std::move(m_entries[p].second);
        erase_entry(p);
        return store;
    }

    // Adds `key` (absent) with its store (not empty) without the checks of try_insert: for
    // the one key of a nested mutation's delta, built in an empty map.
    void insert_new(const K& key, S&& store) { append(key, std::move(store)); }

    // The position of `key`, added with an empty store if absent, for a nested mutation of
    // its store (store_at(p)); restored(p, ...) must follow. The key's dots stay indexed
    // meanwhile, so restored() needs no second lookup.
    [[nodiscard]] position slot(const K& key) {
        position p = find_key(key);
        if (p == npos) {
            reserve_for(1);
            p = end_position();
            m_entries.emplace_back(key, S{});
            if (indexed()) m_by_key.insert(hash_key(key), p);
        }
        return p;
    }

    // The store at a position slot() gave, to change in place (or move out and back).
    [[nodiscard]] S& store_at(position p) noexcept { return m_entries[p].second; }

    // Makes room in the index for `n` more dots, so that restored() does not allocate.
    void reserve_dots(std::size_t n) {
        if (indexed()) m_index.reserve(m_index.size() + n);
    }

    // Brings the tables up to date after the store at p changed by a mutation whose delta is
    // (added, context): its new dots are the added store's, and the dots it dropped are in
    // the context. `before` is the number of dots the store had. A delta that does not
    // describe the change (a mutation that lost a delta) is detected by the count and
    // repaired by rebuilding the index. An emptied store takes its key away.
    void restored(position p, std::size_t before, const S& added, const context_type& context) {
        if (!indexed()) {
            drop_if_empty(p);
            return;
        }
        const S& store = m_entries[p].second;
        std::size_t expected = before;
        const bool small = context.dot_count() <= before + added.dot_count() + small_context;
        if (small) {
            detail::for_each_context_dot(context, [&](const dot_type& d) {
                if (!store.stores(d) && m_index.erase_if(d, [&](position at) { return at == p; }))
                    --expected;
            });
            added.for_each_dot([&](const dot_type& d) {
                if (store.stores(d) && m_index.try_emplace(d, p)) ++expected;
            });
        }
        const bool repair = !small || expected != store.dot_count();
        drop_if_empty(p);
        if (repair) rebuild_index();
    }

    // The same after a mutation that did not complete: the index is rebuilt, O(dots of the
    // map).
    void restored(position p) {
        drop_if_empty(p);
        if (indexed()) rebuild_index();
    }

    // Whether the tables agree with the entries: every key and every stored dot (at any
    // depth, nested stores asked too) indexed at its entry's position, and nothing else. For
    // tests of code that changes the map; O(dots).
    [[nodiscard]] bool tables_consistent() const {
        for (const entry& e : m_entries) {
            if constexpr (requires { e.second.tables_consistent(); })
                if (!e.second.tables_consistent()) return false;
        }
        if (!indexed()) return m_entries.size() <= linear_limit && m_index.empty();
        if (m_by_key.size() != m_entries.size()) return false;
        std::size_t dots = 0;
        for (position p = 0; p < end_position(); ++p) {
            if (find_key(m_entries[p].first) != p) return false;
            bool placed = true;
            m_entries[p].second.for_each_dot([&](const dot_type& d) {
                const position* at = m_index.find(d);
                placed = placed && at != nullptr && *at == p;
                ++dots;
            });
            if (!placed) return false;
        }
        return dots == m_index.size();
    }

    // Same keys with equal stores, in whatever order.
    friend bool operator==(const dot_map& a, const dot_map& b) {
        if (a.size() != b.size()) return false;
        for (const entry& e : a.m_entries) {
            const S* other = b.find(e.first);
            if (other == nullptr || !(*other == e.second)) return false;
        }
        return true;
    }

private:
    using table = detail::position_table;
    static constexpr position npos = table::npos;
    // Up to this many keys the map keeps no tables.
    static constexpr std::size_t linear_limit = 8;
    // How much dearer a context-dot lookup in the index is than a step of the entries' walk.
    static constexpr std::size_t lookup_cost = 4;
    // A mutation's context may name this many dots beyond the store's own before put_back()
    // prefers a rebuild.
    static constexpr std::size_t small_context = 64;

    [[nodiscard]] static std::size_t hash_key(const K& key) {
        return static_cast<std::size_t>(Hash{}(key));
    }
    [[nodiscard]] position end_position() const noexcept {
        return static_cast<position>(m_entries.size());
    }
    [[nodiscard]] bool indexed() const noexcept { return m_by_key.capacity() != 0; }

    [[nodiscard]] position find_key(const K& key) const {
        return m_by_key.find_or_scan(
            m_entries.size(), [&] { return hash_key(key); },
            [&](position p) { return Eq{}(m_entries[p].first, key); });
    }

    [[nodiscard]] position find_dot(const dot_type& d) const {
        if (!indexed()) {
            for (position p = 0; p < end_position(); ++p)
                if (m_entries[p].second.stores(d)) return p;
            return npos;
        }
        const position* p = m_index.find(d);
        return p == nullptr ? npos : *p;
    }

    // Makes room for `n` more entries, so that appending and indexing their keys allocates
    // nothing; builds the tables once the map outgrows linear_limit.
    void reserve_for(std::size_t n) {
        const std::size_t entries = m_entries.size() + n;
        if (entries > std::size_t{table::max_position} + 1)
            detail::throw_overflow("dot_map: more keys than 32-bit positions can index");
        if (m_entries.capacity() < entries)
            m_entries.reserve(std::max(entries, 2 * m_entries.capacity()));
        if (!indexed()) {
            if (entries <= linear_limit) return;
            rebuild_key_table(entries);
            rebuild_index();
            return;
        }
        if (m_by_key.needs_rehash(n)) rebuild_key_table(std::max(entries, 2 * m_entries.size()));
    }

    void rebuild_key_table(std::size_t room) {
        m_by_key.rehash(room);
        for (position p = 0; p < end_position(); ++p)
            m_by_key.insert(hash_key(m_entries[p].first), p);
    }

    // The dots of every entry, counted store by store (the index may be stale or absent).
    [[nodiscard]] std::size_t counted_dots() const {
        std::size_t n = 0;
        for (const entry& e : m_entries) n += e.second.dot_count();
        return n;
    }

    // The index grows as it fills: reserving for every dot would size it for one dot a page.
    void rebuild_index() {
        m_index.clear();
        for (position p = 0; p < end_position(); ++p) index_dots(p);
    }

    // Indexes the dots of the entry at p (may allocate).
    void index_dots(position p) {
        m_entries[p].second.for_each_dot([&](const dot_type& d) { m_index.try_emplace(d, p); });
    }

    // Appends a key (absent) with its non-empty store and indexes both.
    template <class Key>
    void append(Key&& key, S&& store) {
        reserve_for(1);
        if (indexed()) m_index.reserve(m_index.size() + store.dot_count());
        const position p = end_position();
        m_entries.emplace_back(std::forward<Key>(key), std::move(store));
        if (!indexed()) return;
        m_by_key.insert(hash_key(m_entries[p].first), p);
        index_dots(p);
    }

    void unindex_dots(position p) {
        if (!indexed()) return;
        m_entries[p].second.for_each_dot([&](const dot_type& d) { m_index.erase(d); });
    }

    // Joins the other's store for a key absent here.
    void join_new_key(const K& key, const S& their_store, const context_type& mine,
                      const context_type& theirs) {
        S fresh;
        fresh.join(their_store, mine, theirs);
        if (!fresh.empty()) append(key, std::move(fresh));
    }

    // Joins the other's store into the entry at p; true when that left the entry empty (the
    // caller erases it).
    bool join_key(position p, const S& their_store, const std::vector<dot_type>& maybe_gone,
                  const context_type& mine, const context_type& theirs) {
        S& store = m_entries[p].second;
        store.join(their_store, mine, theirs);
        if (indexed()) {
            for (const dot_type& d : maybe_gone)
                if (!store.stores(d)) m_index.erase(d);
            m_index.reserve(m_index.size() + their_store.dot_count());
            their_store.for_each_dot([&](const dot_type& d) {
                if (!mine.contains(d) && store.stores(d)) m_index.try_emplace(d, p);
            });
        }
        return store.empty();
    }

    // Removes the entry at p if its store is empty (its dots must be out of the index).
    void drop_if_empty(position p) {
        if (m_entries[p].second.empty()) erase_entry(p);
    }

    // Removes the entry at p, whose dots are out of the index; the last entry moves into its
    // place.
    void erase_entry(position p) {
        const position last = end_position() - 1;
        if (indexed()) {
            m_by_key.erase(hash_key(m_entries[p].first), p);
            if (p != last) {
                m_by_key.relocate(hash_key(m_entries[last].first), last, p);
                m_entries[last].second.for_each_dot([&](const dot_type& d) {
                    if (position* at = m_index.find(d)) *at = p;
                });
            }
        }
        if (p != last) m_entries[p] = std::move(m_entries[last]);
        m_entries.pop_back();
    }

    // The keys with their stores, densely; a one-key delta's without the heap.
    detail::small_vector<entry, 1> m_entries;
    table m_by_key;                                     // hash of a key -> its position
    detail::dot_index<replica_type, position> m_index;  // stored dot (any depth) -> position
};

}  // namespace converge::inline v1
