// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/causal_context.hpp>
#include <converge/core/dot.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <span>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace converge::inline v1 {

// An add-wins observed-remove set without tombstones (Almeida et al., delta-state CRDTs).
// Each add is tagged with a fresh dot; the set stores every element with the dots of the adds
// still live, plus a causal context of every dot ever seen. A remove forgets the element's
// dots but keeps them in the context, so a merge can tell "removed here" (dot in my context,
// not in my store) from "not seen here yet" (dot not in my context). A remove only cancels
// the adds it has seen: a concurrent add wins.
//
//     or_set<std::string> a, b;
//     auto d1 = a.add(1, "milk");      // d1 is the delta: ship it to other replicas
//     b.merge(d1);                     // b now holds "milk"
//     auto d2 = b.remove("milk");
//     auto d3 = a.add(1, "milk");      // concurrent with the remove
//     a.merge(d2); b.merge(d3);        // both hold "milk": add wins
//
// Costs (n elements, expected hashing): add O(1 + dots of the element), remove O(dots of the
// element), contains O(1), merge of a delta O(size of the delta) — see merge().
template <class T, class ReplicaId = std::uint64_t, class Hash = std::hash<T>,
          class Eq = std::equal_to<T>>
class or_set {
    // If one of these fires, it names what the element or replica type lacks.
    static_assert(std::is_copy_constructible_v<T>,
                  "converge::or_set<T, ...>: T must be copy constructible");
    static_assert(std::is_invocable_r_v<std::size_t, const Hash&, const T&> &&
                      std::is_invocable_r_v<bool, const Eq&, const T&, const T&>,
                  "converge::or_set<T, ReplicaId, Hash, Eq>: Hash must hash a T and Eq must "
                  "compare two T (give them as template arguments for your own type)");
    static_assert(std::is_invocable_r_v<std::size_t, const std::hash<ReplicaId>&, const ReplicaId&>,
                  "converge::or_set<T, ReplicaId>: ReplicaId needs a std::hash specialization");

public:
    using value_type = T;
    using replica_type = ReplicaId;
    using dot_type = dot<ReplicaId>;
    using context_type = causal_context<ReplicaId>;
    using digest_type = context_type;

    // One element and the dots of its live adds (sorted), as from_parts() takes them.
    struct entry {
        T element;
        std::vector<dot_type> dots;
    };

    // One element and its live dots (sorted), as entries() shows them; valid until the set is
    // next modified.
    struct entry_ref {
        const T& element;
        std::span<const dot_type> dots;
    };

private:
    using store_map = std::unordered_map<T, std::vector<dot_type>, Hash, Eq>;
    using node = typename store_map::value_type;
    // Pointers to unordered_map nodes stay valid across rehashing, so the index can point
    // straight at an element's entry.
    using index_map = std::unordered_map<dot_type, node*, dot_hash<ReplicaId>>;

public:
    // Iterates over the elements (in no particular order).
    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        const_iterator() = default;
        [[nodiscard]] reference operator*() const { return m_it->first; }
        [[nodiscard]] pointer operator->() const { return &m_it->first; }
        const_iterator& operator++() {
            ++m_it;
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator old = *this;
            ++m_it;
            return old;
        }
        friend bool operator==(const const_iterator&, const const_iterator&) = default;

    private:
        friend class or_set;
        explicit const_iterator(typename store_map::const_iterator it) : m_it(it) {}
        typename store_map::const_iterator m_it{};
    };
    using iterator = const_iterator;

    // The read-only parts view returned by entries(): a range of entry_ref.
    class entries_view {
    public:
        class iterator {
        public:
            using iterator_category = std::input_iterator_tag;
            using value_type = entry_ref;
            using difference_type = std::ptrdiff_t;
            using reference = entry_ref;

            iterator() = default;
            [[nodiscard]] entry_ref operator*() const { return {m_it->first, m_it->second}; }
            iterator& operator++() {
                ++m_it;
                return *this;
            }
            iterator operator++(int) {
                iterator old = *this;
                ++m_it;
                return old;
            }
            friend bool operator==(const iterator&, const iterator&) = default;

        private:
            friend class entries_view;
            explicit iterator(typename store_map::const_iterator it) : m_it(it) {}
            typename store_map::const_iterator m_it{};
        };

        [[nodiscard]] iterator begin() const { return iterator(m_store->begin()); }
        [[nodiscard]] iterator end() const { return iterator(m_store->end()); }
        [[nodiscard]] std::size_t size() const noexcept { return m_store->size(); }

    private:
        friend class or_set;
        explicit entries_view(const store_map& store) : m_store(&store) {}
        const store_map* m_store;
    };

    or_set() = default;

    or_set(const or_set& other) : m_store(other.m_store), m_context(other.m_context) {
        rebuild_index();
    }

    // Moving keeps the nodes, so the index stays valid.
    or_set(or_set&&) = default;

    or_set& operator=(const or_set& other) {
        if (this != &other) {
            or_set copy(other);
            *this = std::move(copy);
        }
        return *this;
    }

    or_set& operator=(or_set&&) = default;

    ~or_set() = default;

    // Rebuilds a set from parts (e.g. decoded from the wire), checking its invariants: every
    // element listed once with at least one dot, no dot stored twice, and every stored dot
    // covered by the context. Dots within an entry may come in any order.
    [[nodiscard]] static result<or_set> from_parts(std::vector<entry> entries,
                                                   context_type context) {
        or_set out;
        out.m_context = std::move(context);
        out.m_store.reserve(entries.size());
        out.m_index.reserve(entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i) {
            entry& e = entries[i];
            const std::string where = "or_set: entry " + std::to_string(i);
            if (e.dots.empty()) return failure(errc::invalid_parts, where + " has no dots");
            auto [it, inserted] = out.m_store.try_emplace(std::move(e.element));
            if (!inserted)
                return failure(errc::invalid_parts, where + " repeats an earlier element");
            std::vector<dot_type>& dots = it->second;
            dots = std::move(e.dots);
            std::sort(dots.begin(), dots.end());
            for (const dot_type& d : dots) {
                if (!out.m_context.contains(d))
                    return failure(errc::invalid_parts, "or_set: dot " + detail::dot_text(d) +
                                                            " not covered by causal context");
                if (!out.m_index.emplace(d, &*it).second)
                    return failure(errc::invalid_parts,
                                   "or_set: dot " + detail::dot_text(d) + " stored twice");
            }
        }
        return out;
    }

    // The parts: each element with its live dots. Iteration order is unspecified; a codec that
    // needs canonical bytes can sort entries by their first dot (dots are unique).
    [[nodiscard]] entries_view entries() const noexcept { return entries_view(m_store); }

    // The causal context: every dot this state has seen.
    [[nodiscard]] const context_type& context() const noexcept { return m_context; }

    // Whether `element` is in the set. O(1) expected.
    [[nodiscard]] bool contains(const T& element) const {
        return m_store.find(element) != m_store.end();
    }

    // The number of elements.
    [[nodiscard]] std::size_t size() const noexcept { return m_store.size(); }

    // True when the set has no elements (it may still carry a context).
    [[nodiscard]] bool empty() const noexcept { return m_store.empty(); }

    // The elements, in no particular order.
    [[nodiscard]] const_iterator begin() const noexcept { return const_iterator(m_store.begin()); }
    [[nodiscard]] const_iterator end() const noexcept { return const_iterator(m_store.end()); }

    // Adds `element` as an event of `replica` and returns the delta: the element with its new
    // dot, and a context of that dot plus the element's older dots (which the add supersedes).
    // O(1 + older dots of the element) expected. Throws std::overflow_error (set unchanged)
    // if the replica has used every counter.
    or_set add(const ReplicaId& replica, T element) {
        const dot_type d = m_context.next_dot(replica);
        or_set delta;
        delta.m_context.insert(d);

        const auto it = m_store.try_emplace(std::move(element)).first;
        std::vector<dot_type>& dots = it->second;
        for (const dot_type& old : dots) {
            delta.m_context.insert(old);
            m_index.erase(old);
        }
        dots.assign(1, d);
        try {
            m_index.emplace(d, &*it);
            m_context.insert(d);
        } catch (...) {
            // Out of memory half-way: drop the element rather than keep a dot without context.
            erase_node(it);
            throw;
        }
        delta.store_dot(it->first, d);
        return delta;
    }

    // Removes `element` and returns the delta: no elements, a context of the element's dots.
    // Only the adds this state has seen are cancelled. O(dots of the element) expected; the
    // delta is empty when the element is absent.
    or_set remove(const T& element) {
        or_set delta;
        const auto it = m_store.find(element);
        if (it == m_store.end()) return delta;
        for (const dot_type& d : it->second) delta.m_context.insert(d);
        erase_node(it);
        return delta;
    }

    // Removes every element and returns the delta: a context of every stored dot. O(n).
    or_set clear() {
        or_set delta;
        for (const auto& kv : m_store)
            for (const dot_type& d : kv.second) delta.m_context.insert(d);
        m_store.clear();
        m_index.clear();
        return delta;
    }

    // Joins another state or delta into this one. A dot stays if both sides store it, or one
    // side stores it and the other's context has not seen it; contexts join.
    //
    // Cost: O(other's stored dots + min(dots in other's context, dots stored here)), plus the
    // context join. For a delta from a mutator that is O(size of the delta), independent of
    // the size of this set.
    or_set& merge(const or_set& other) {
        if (&other == this) return *this;

        // 1. Drop my dots that the other side has seen but no longer stores. Look them up from
        //    whichever side is smaller: the other's context, or my own index.
        std::vector<dot_type> dropped;
        if (other.m_context.dot_count() <= m_index.size()) {
            for (const auto& e : other.m_context.replicas()) {
                if (e.contiguous > 0) collect_seen(other, e.replica, 1, e.contiguous, dropped);
                for (const auto& iv : e.cloud)
                    collect_seen(other, e.replica, iv.first, iv.last, dropped);
            }
        } else {
            for (const auto& stored : m_index) {
                const dot_type& d = stored.first;
                if (other.m_context.contains(d) && !other.m_index.contains(d)) dropped.push_back(d);
            }
        }
        for (const dot_type& d : dropped) drop_dot(d);

        // 2. Take the other's dots that my context has not seen. A dot I have seen is either
        //    stored here already or was removed here, and stays so.
        for (const auto& [element, dots] : other.m_store)
            for (const dot_type& d : dots)
                if (!m_context.contains(d)) store_dot(element, d);

        m_context.merge(other.m_context);
        return *this;
    }

    // The digest a replica sends to ask for what it lacks: its causal context.
    [[nodiscard]] digest_type digest() const { return m_context; }

    // The delta that brings a replica whose digest is `seen` up to date: the stored dots it
    // has not seen, with their elements, and this context minus the stored dots it has seen.
    // Those must be left out: the asker may store them too, and a dot in a delta's context
    // but not in its store is a remove. O(n + size of the context).
    [[nodiscard]] or_set delta_since(const digest_type& seen) const {
        or_set delta;
        delta.m_context = m_context;
        std::vector<dot_type> known;
        for (const auto& [element, dots] : m_store) {
            for (const dot_type& d : dots) {
                if (seen.contains(d))
                    known.push_back(d);
                else
                    delta.store_dot(element, d);
            }
        }
        delta.m_context.erase(known);
        return delta;
    }

    // Same elements with the same dots, and the same context.
    friend bool operator==(const or_set& a, const or_set& b) {
        if (a.m_store.size() != b.m_store.size() || a.m_context != b.m_context) return false;
        for (const auto& [element, dots] : a.m_store) {
            const auto it = b.m_store.find(element);
            if (it == b.m_store.end() || it->second != dots) return false;
        }
        return true;
    }

private:
    void rebuild_index() {
        m_index.clear();
        m_index.reserve(m_store.size());
        for (node& n : m_store)
            for (const dot_type& d : n.second) m_index.emplace(d, &n);
    }

    // Adds dot d to element's dots (creating the entry), keeping them sorted.
    void store_dot(const T& element, const dot_type& d) {
        const auto it = m_store.try_emplace(element).first;
        std::vector<dot_type>& dots = it->second;
        dots.insert(std::lower_bound(dots.begin(), dots.end(), d), d);
        try {
            m_index.emplace(d, &*it);
        } catch (...) {
            dots.erase(std::lower_bound(dots.begin(), dots.end(), d));
            if (dots.empty()) m_store.erase(it);
            throw;
        }
    }

    // Removes one stored dot, and its element when that was its last dot.
    void drop_dot(const dot_type& d) {
        const auto at = m_index.find(d);
        if (at == m_index.end()) return;
        node* n = at->second;
        m_index.erase(at);
        std::vector<dot_type>& dots = n->second;
        dots.erase(std::lower_bound(dots.begin(), dots.end(), d));
        if (dots.empty()) m_store.erase(m_store.find(n->first));
    }

    void erase_node(typename store_map::iterator it) {
        for (const dot_type& d : it->second) m_index.erase(d);
        m_store.erase(it);
    }

    // Collects my dots of `replica` in [first, last] that `other` has seen but does not store.
    void collect_seen(const or_set& other, const ReplicaId& replica, std::uint64_t first,
                      std::uint64_t last, std::vector<dot_type>& out) const {
        dot_type d{replica, first};  // one copy of the replica id, however long the range
        for (;; ++d.counter) {
            if (m_index.contains(d) && !other.m_index.contains(d)) out.push_back(d);
            if (d.counter == last) break;
        }
    }

    store_map m_store;       // element -> dots of its live adds, sorted
    index_map m_index;       // every stored dot -> its element's node
    context_type m_context;  // every dot seen, stored or removed
};

}  // namespace converge::inline v1
