// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/causal_context.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/dot.hpp>
#include <converge/core/throw.hpp>
#include <converge/crdt/detail/position_table.hpp>
#include <converge/crdt/dot_store.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace converge::inline v1 {

namespace detail {

template <class Store>
class dot_set_map_builder;

// Why dot_set_map_builder::add() refused an entry; false when it did not.
struct or_set_fault {
    enum class kind : unsigned char {
        none,
        no_dots,
        repeated_element,
        uncovered_dot,
        repeated_dot
    };
    kind what = kind::none;
    std::size_t dot = 0;      // uncovered_dot, repeated_dot: the dot's index in the sorted dots
    std::size_t earlier = 0;  // repeated_element, repeated_dot: the entry that already has it

    explicit operator bool() const noexcept { return what != kind::none; }
};

// Who met an or_set_fault: from_parts() counts "entries"; the decoder counts "elements" and
// also says which earlier element a repeat matches.
enum class or_set_fault_source : unsigned char { parts, wire };

// The message for `fault`, found in the index-th entry or element, whose dots are `dots`.
template <class ReplicaId>
[[nodiscard]] std::string or_set_fault_text(const or_set_fault& fault, or_set_fault_source source,
                                            std::size_t index,
                                            std::span<const dot<ReplicaId>> dots) {
    using kind = or_set_fault::kind;
    const bool wire = source == or_set_fault_source::wire;
    const std::string_view item = wire ? "element" : "entry";
    switch (fault.what) {
        case kind::no_dots:
            return text("or_set: ", item, ' ', index, " has no dots");
        case kind::repeated_element:
            if (wire) return text("or_set: element ", index, " equals element ", fault.earlier);
            return text("or_set: entry ", index, " repeats an earlier element");
        case kind::uncovered_dot:
            return text("or_set: dot ", dot_text(dots[fault.dot]),
                        " not covered by causal context");
        case kind::repeated_dot:
            if (wire)
                return text("or_set: dot ", dot_text(dots[fault.dot]),
                            " stored twice, by elements ", fault.earlier, " and ", index);
            return text("or_set: dot ", dot_text(dots[fault.dot]), " stored twice");
        case kind::none:
            break;
    }
    return {};
}

}  // namespace detail

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

// A dot store mapping elements to the dots of their live adds, stored flat: the store of
// or_set, and the kernel's dot_map<T, dot_set> (dot_store.hpp) without a node per element.
// The elements sit densely in one array; two open-addressing tables of 32-bit positions index
// it by element and by dot, and an element with several live dots (adds concurrent with each
// other, not yet superseded) keeps them in a side table. So a lookup by element or by dot is
// one probe, an element with one dot costs no allocation of its own, and a join finds what a
// small delta touches without walking the store.
//
// Up to linear_limit elements there are no tables: a scan is cheaper than building them, and
// a mutator's one-element delta then costs one allocation.
template <class T, class ReplicaId = std::uint64_t, class Hash = std::hash<T>,
          class Eq = std::equal_to<T>>
class dot_set_map {
    // If one of these fires, it names what the element or replica type lacks.
    static_assert(std::is_copy_constructible_v<T>,
                  "converge::or_set<T, ...>: T must be copy constructible");
    static_assert(std::is_invocable_r_v<std::size_t, const Hash&, const T&> &&
                      std::is_invocable_r_v<bool, const Eq&, const T&, const T&>,
                  "converge::or_set<T, ReplicaId, Hash, Eq>: Hash must hash a T and Eq must "
                  "compare two T (give them as template arguments for your own type)");
    static_assert(
        std::is_invocable_r_v<std::size_t, const replica_hash<ReplicaId>&, const ReplicaId&>,
        "converge::or_set<T, ReplicaId>: ReplicaId needs a std::hash specialization "
        "(16-byte std::array<std::byte, 16> ids are hashed by converge)");

public:
    using key_type = T;
    using value_type = T;
    using replica_type = ReplicaId;
    using dot_type = dot<ReplicaId>;
    using context_type = causal_context<ReplicaId>;

    // One element and the dots of its live adds (sorted), as or_set::from_parts() takes them.
    struct entry {
        T element;
        std::vector<dot_type> dots;
    };

    // One element and its live dots (sorted), as entries() shows them; valid until the store
    // is next modified.
    struct entry_ref {
        const T& element;
        std::span<const dot_type> dots;
    };

private:
    // One stored element with its dot. An element with several live dots keeps them in
    // m_multi, and `dot` holds the marker dot_type{} (counter 0 is never a dot).
    struct record {
        T element;
        dot_type dot;
    };
    using position = std::uint32_t;
    using table = detail::position_table;
    static constexpr position npos = table::npos;
    static constexpr std::size_t linear_limit = 8;

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
        [[nodiscard]] reference operator*() const { return m_it->element; }
        [[nodiscard]] pointer operator->() const { return &m_it->element; }
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
        friend class dot_set_map;
        explicit const_iterator(typename std::vector<record>::const_iterator it) : m_it(it) {}
        typename std::vector<record>::const_iterator m_it{};
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
            [[nodiscard]] entry_ref operator*() const {
                return {m_store->m_records[m_at].element, m_store->dots_at(m_at)};
            }
            iterator& operator++() {
                ++m_at;
                return *this;
            }
            iterator operator++(int) {
                iterator old = *this;
                ++m_at;
                return old;
            }
            friend bool operator==(const iterator&, const iterator&) = default;

        private:
            friend class entries_view;
            iterator(const dot_set_map* store, position at) : m_store(store), m_at(at) {}
            const dot_set_map* m_store = nullptr;
            position m_at = 0;
        };

        [[nodiscard]] iterator begin() const { return iterator(m_store, 0); }
        [[nodiscard]] iterator end() const { return iterator(m_store, m_store->end_position()); }
        [[nodiscard]] std::size_t size() const noexcept { return m_store->m_records.size(); }

    private:
        friend class dot_set_map;
        explicit entries_view(const dot_set_map& store) : m_store(&store) {}
        const dot_set_map* m_store;
    };

    dot_set_map() = default;

    // --- Reading ---

    // Each element with its live dots, in no particular order.
    [[nodiscard]] entries_view entries() const noexcept { return entries_view(*this); }
    [[nodiscard]] const_iterator begin() const noexcept {
        return const_iterator(m_records.begin());
    }
    [[nodiscard]] const_iterator end() const noexcept { return const_iterator(m_records.end()); }

    // The number of elements.
    [[nodiscard]] std::size_t size() const noexcept { return m_records.size(); }
    [[nodiscard]] bool empty() const noexcept { return m_records.empty(); }
    [[nodiscard]] bool contains(const T& element) const { return find_element(element) != npos; }

    // The live dots of `element`, sorted (none when it is absent).
    [[nodiscard]] std::span<const dot_type> dots_of(const T& element) const {
        const position p = find_element(element);
        if (p == npos) return {};
        return dots_at(p);
    }

    // --- The dot_store interface (dot_store.hpp) ---

    [[nodiscard]] std::size_t dot_count() const {
        if (indexed()) return m_by_dot.size();
        std::size_t n = m_records.size();
        for (const auto& kv : m_multi) n += kv.second.size() - 1;
        return n;
    }

    [[nodiscard]] bool stores(const dot_type& d) const { return find_dot(d) != npos; }

    // Whether `other` holds d under the same element (both must hold d).
    [[nodiscard]] bool same_at(const dot_type& d, const dot_set_map& other) const {
        const position p = find_dot(d);
        const position q = other.find_dot(d);
        return p != npos && q != npos && Eq{}(m_records[p].element, other.m_records[q].element);
    }

    // Every stored dot, element by element.
    template <class F>
    void for_each_dot(F&& visit) const {
        for (position p = 0; p < end_position(); ++p)
            for (const dot_type& d : dots_at(p)) visit(d);
    }

    // The kernel's join, element by element: a dot stays under an element if both sides store
    // it under that element, or one side does and the other's context has not seen it. So a
    // dot one side stores under one element and the other side under another stays on neither
    // (only non-unique dots do that: two replicas given one id, or a replica restored from a
    // stale snapshot reusing its counters).
    //
    // Cost: O(other's stored dots + min(dots in `theirs`, dots stored here)). For a delta
    // from a mutator that is O(size of the delta), independent of the size of this store.
    void join(const dot_set_map& other, const context_type& mine, const context_type& theirs) {
        if (&other == this) return;

        // 1. Drop my dots that the other side has seen but does not store under the same
        //    element (it removed them, or gave them to another element). Look them up from
        //    whichever side is smaller: the other's context, or my own dots. A walk over my
        //    records is sequential and a context lookup cheap, so it wins until the other's
        //    context is several times smaller.
        std::vector<dot_type> dropped;
        if (theirs.dot_count() * scan_cost <= dot_count()) {
            for (const auto& e : theirs.replicas()) {
                if (e.contiguous > 0) collect_seen(other, e.replica, 1, e.contiguous, dropped);
                for (const auto& iv : e.cloud)
                    collect_seen(other, e.replica, iv.first, iv.last, dropped);
            }
        } else {
            for (position p = 0; p < end_position(); ++p)
                for (const dot_type& d : dots_at(p))
                    if (theirs.contains(d) && !other.stores_under(d, m_records[p].element))
                        dropped.push_back(d);
        }
        for (const dot_type& d : dropped) drop_dot(d);

        // 2. Take the other's dots that my context has not seen. A dot I have seen is either
        //    stored here already or was removed here, and stays so.
        for (position p = 0; p < other.end_position(); ++p)
            for (const dot_type& d : other.dots_at(p))
                if (!mine.contains(d)) insert(other.m_records[p].element, d);
    }

    // The part of the store whose dots satisfy keep(d), each dot asked once.
    template <class Keep>
    [[nodiscard]] dot_set_map filtered(Keep&& keep) const {
        dot_set_map out;
        std::vector<dot_type> kept;
        for (position p = 0; p < end_position(); ++p) {
            const record& r = m_records[p];
            if (r.dot.counter != 0) {
                if (keep(r.dot)) {
                    out.reserve_for(1, 1);
                    out.append(r.element, r.dot);
                }
                continue;
            }
            kept.clear();
            for (const dot_type& d : dots_at(p))
                if (keep(d)) kept.push_back(d);
            if (kept.empty()) continue;
            if (kept.size() == 1) {
                out.reserve_for(1, 1);
                out.append(r.element, kept.front());
            } else {
                out.append_many(r.element, kept);
            }
        }
        return out;
    }

    // Whether the tables agree with the records: every element and every dot indexed at its
    // record's position, and nothing else. For tests of code that changes the store; O(dots).
    [[nodiscard]] bool tables_consistent() const {
        if (!indexed()) return m_records.size() <= linear_limit;
        if (m_by_element.size() != m_records.size()) return false;
        std::size_t dots = 0;
        for (position p = 0; p < end_position(); ++p) {
            if (find_element(m_records[p].element) != p) return false;
            for (const dot_type& d : dots_at(p)) {
                if (find_dot(d) != p) return false;
                ++dots;
            }
        }
        return dots == m_by_dot.size();
    }

    // Same elements with the same dots.
    friend bool operator==(const dot_set_map& a, const dot_set_map& b) {
        if (a.size() != b.size()) return false;
        for (position p = 0; p < a.end_position(); ++p) {
            const position q = b.find_element(a.m_records[p].element);
            if (q == npos) return false;
            const auto x = a.dots_at(p);
            const auto y = b.dots_at(q);
            if (!std::equal(x.begin(), x.end(), y.begin(), y.end())) return false;
        }
        return true;
    }

    // --- For the mutators of a type built on it (or_set's) ---

    // Adds dot d (not stored yet) to element's dots, creating the element if needed.
    void insert(const T& element, const dot_type& d) {
        const position p = find_element(element);
        if (p == npos) {
            reserve_for(1, 1);
            append(element, d);
            return;
        }
        add_dot_at(p, d);
    }

    // Makes d the one dot of `element`, calling superseded(old) first for each dot it had and
    // then commit(), once everything that may allocate is done: if either throws, the store is
    // unchanged. Returns the stored element.
    template <class Superseded, class Commit>
    const T& assign(T element, const dot_type& d, Superseded&& superseded, Commit&& commit) {
        const position p = find_element(element);
        if (p == npos) {
            reserve_for(1, 1);
            commit();
            append(std::move(element), d);
            return m_records.back().element;
        }
        for (const dot_type& old : dots_at(p)) superseded(old);
        reserve_for(0, 1);
        commit();
        // Nothing below allocates: the store cannot be left half-changed.
        record& r = m_records[p];
        unindex_dots(p);
        if (r.dot.counter == 0) m_multi.erase(p);
        r.dot = d;
        if (indexed()) m_by_dot.insert(hash_dot(d), p);
        return r.element;
    }

    // Removes `element` with its dots, calling dropped(d) for each first (if it throws, the
    // store is unchanged). False when the element is absent.
    template <class Dropped>
    bool erase(const T& element, Dropped&& dropped) {
        const position p = find_element(element);
        if (p == npos) return false;
        for (const dot_type& d : dots_at(p)) dropped(d);
        erase_record(p);
        return true;
    }

    void clear() noexcept {
        m_records.clear();
        m_multi.clear();
        m_by_element = table{};
        m_by_dot = table{};
    }

private:
    friend class detail::dot_set_map_builder<dot_set_map>;

    // How much dearer a dot lookup by hash is than one step of a walk over the records.
    static constexpr std::uint64_t scan_cost = 4;

    [[nodiscard]] static std::size_t hash_element(const T& element) {
        return static_cast<std::size_t>(Hash{}(element));
    }
    [[nodiscard]] static std::size_t hash_dot(const dot_type& d) {
        return dot_hash<ReplicaId>{}(d);
    }

    [[nodiscard]] position end_position() const noexcept {
        return static_cast<position>(m_records.size());
    }

    // Whether the hash tables exist; below linear_limit elements they may not.
    [[nodiscard]] bool indexed() const noexcept { return m_by_element.capacity() != 0; }

    // The live dots of the element at p, sorted.
    [[nodiscard]] std::span<const dot_type> dots_at(position p) const {
        const record& r = m_records[p];
        if (r.dot.counter != 0) return {&r.dot, 1};
        return m_multi.find(p)->second;
    }

    [[nodiscard]] position find_element(const T& element) const {
        return m_by_element.find_or_scan(
            m_records.size(), [&] { return hash_element(element); },
            [&](position p) { return Eq{}(m_records[p].element, element); });
    }

    [[nodiscard]] bool holds(position p, const dot_type& d) const {
        const record& r = m_records[p];
        if (r.dot.counter != 0) return r.dot == d;
        const std::vector<dot_type>& dots = m_multi.find(p)->second;
        return std::binary_search(dots.begin(), dots.end(), d);
    }

    // The position of the element storing d, or npos.
    [[nodiscard]] position find_dot(const dot_type& d) const {
        return m_by_dot.find_or_scan(
            m_records.size(), [&] { return hash_dot(d); }, [&](position p) { return holds(p, d); });
    }

    // Whether d is stored here, under `element`.
    [[nodiscard]] bool stores_under(const dot_type& d, const T& element) const {
        const position p = find_dot(d);
        return p != npos && Eq{}(m_records[p].element, element);
    }

    // Makes room for `new_records` more elements and `new_dots` more dots, so that appending
    // and indexing them allocates nothing. Builds the tables once the set outgrows
    // linear_limit; grows each table by doubling.
    void reserve_for(std::size_t new_records, std::size_t new_dots) {
        const std::size_t records = m_records.size() + new_records;
        if (records > std::size_t{table::max_position} + 1)
            detail::throw_overflow("or_set: more elements than 32-bit positions can index");
        if (m_records.capacity() < records)
            m_records.reserve(std::max(records, 2 * m_records.capacity()));
        if (!indexed()) {
            if (records <= linear_limit) return;
            const std::size_t dots = dot_count() + new_dots;  // counted while unindexed
            rebuild_element_index(records);
            rebuild_dot_index(dots);
            return;
        }
        if (m_by_element.needs_rehash(new_records))
            rebuild_element_index(std::max(records, 2 * m_records.size()));
        if (m_by_dot.needs_rehash(new_dots))
            rebuild_dot_index(std::max(m_by_dot.size() + new_dots, 2 * m_by_dot.size()));
    }

    void rebuild_element_index(std::size_t room) {
        m_by_element.rehash(room);
        for (position p = 0; p < end_position(); ++p)
            m_by_element.insert(hash_element(m_records[p].element), p);
    }

    void rebuild_dot_index(std::size_t room) {
        m_by_dot.rehash(room);
        for (position p = 0; p < end_position(); ++p)
            for (const dot_type& d : dots_at(p)) m_by_dot.insert(hash_dot(d), p);
    }

    // Appends an element with its dot (or dot_type{} when m_multi already holds its dots for
    // the new position) and indexes it. Room must be reserved.
    void append(T element, const dot_type& d) {
        m_records.push_back(record{std::move(element), d});
        if (!indexed()) return;
        const position p = end_position() - 1;
        m_by_element.insert(hash_element(m_records[p].element), p);
        for (const dot_type& x : dots_at(p)) m_by_dot.insert(hash_dot(x), p);
    }

    void unindex_dots(position p) {
        if (!indexed()) return;
        for (const dot_type& d : dots_at(p)) m_by_dot.erase(hash_dot(d), p);
    }

    // Adds dot d (not stored yet) to the dots of the element at p.
    void add_dot_at(position p, const dot_type& d) {
        reserve_for(0, 1);
        record& r = m_records[p];
        if (r.dot.counter != 0) {
            std::vector<dot_type> dots{r.dot, d};
            if (d < r.dot) std::swap(dots[0], dots[1]);
            m_multi.emplace(p, std::move(dots));
            r.dot = dot_type{};
        } else {
            std::vector<dot_type>& dots = m_multi.find(p)->second;
            dots.insert(std::lower_bound(dots.begin(), dots.end(), d), d);
        }
        if (indexed()) m_by_dot.insert(hash_dot(d), p);
    }

    // Appends an element not stored yet with several sorted dots.
    void append_many(const T& element, std::span<const dot_type> dots) {
        reserve_for(1, dots.size());
        const position p = end_position();
        m_multi.emplace(p, std::vector<dot_type>(dots.begin(), dots.end()));
        append(element, dot_type{});
    }

    // Removes one stored dot, and its element when that was its last dot.
    void drop_dot(const dot_type& d) {
        const position p = find_dot(d);
        if (p == npos) return;
        record& r = m_records[p];
        if (r.dot.counter != 0) {
            erase_record(p);
            return;
        }
        const auto it = m_multi.find(p);
        std::vector<dot_type>& dots = it->second;
        dots.erase(std::lower_bound(dots.begin(), dots.end(), d));
        if (indexed()) m_by_dot.erase(hash_dot(d), p);
        if (dots.size() == 1) {
            r.dot = dots.front();
            m_multi.erase(it);
        }
    }

    // Removes the element at p with its dots; the last record moves into its place.
    void erase_record(position p) {
        unindex_dots(p);
        if (indexed()) m_by_element.erase(hash_element(m_records[p].element), p);
        if (m_records[p].dot.counter == 0) m_multi.erase(p);
        const position last = end_position() - 1;
        if (p != last) {
            record& moved = m_records[last];
            if (indexed()) {
                m_by_element.relocate(hash_element(moved.element), last, p);
                for (const dot_type& d : dots_at(last)) m_by_dot.relocate(hash_dot(d), last, p);
            }
            if (moved.dot.counter == 0) {
                auto node = m_multi.extract(last);
                node.key() = p;
                m_multi.insert(std::move(node));
            }
            m_records[p] = std::move(moved);
        }
        m_records.pop_back();
    }

    // Collects my dots of `replica` in [first, last] (which `other` has seen) that `other`
    // does not store under the same element.
    void collect_seen(const dot_set_map& other, const ReplicaId& replica, std::uint64_t first,
                      std::uint64_t last, std::vector<dot_type>& out) const {
        dot_type d{replica, first};  // one copy of the replica id, however long the range
        for (;; ++d.counter) {
            const position p = find_dot(d);
            if (p != npos && !other.stores_under(d, m_records[p].element)) out.push_back(d);
            if (d.counter == last) break;
        }
    }

    std::vector<record> m_records;  // the elements, densely, in no particular order
    table m_by_element;             // hash of an element -> its position in m_records
    table m_by_dot;                 // hash of each stored dot -> its element's position
    std::unordered_map<position, std::vector<dot_type>> m_multi;  // position -> dots, if > 1
};

namespace detail {

// Builds a dot_set_map entry by entry and checks each entry as it arrives, with the checks
// of or_set::from_parts() (which is built on it), so that a decoder learns which entry, and
// which of its dots, breaks an invariant while it still knows where it read them. An entry
// that fails is not added; after that the builder is only good for destruction.
//
//     dot_set_map_builder<dot_set_map<int>> b(context, n);  // context outlives b
//     if (const auto fault = b.add(element, dots)) { /* report fault.what at fault.dot */ }
//     dot_set_map<int> store = std::move(b).finish();
template <class Store>
class dot_set_map_builder {
public:
    using value_type = typename Store::value_type;
    using dot_type = typename Store::dot_type;
    using context_type = typename Store::context_type;

    // Starts an empty store whose dots must be covered by `context`, with room for
    // `expected` entries.
    dot_set_map_builder(const context_type& context, std::size_t expected) : m_context(&context) {
        m_set.reserve_for(expected, expected);
    }

    // The context the store is checked against.
    [[nodiscard]] const context_type& context() const noexcept { return *m_context; }

    // The number of entries added: the index the next entry gets.
    [[nodiscard]] std::size_t size() const noexcept { return m_set.m_records.size(); }

    // Adds an element with its dots, or says why it cannot be added. `dots` is sorted first
    // if it is not already; fault.dot indexes the sorted dots. Copies the dots of an entry
    // with several.
    [[nodiscard]] or_set_fault add(value_type element, std::span<dot_type> dots) {
        const or_set_fault fault = check(element, dots);
        if (fault) return fault;
        if (dots.size() == 1)
            store_one(std::move(element), dots.front());
        else
            store_many(std::move(element), std::vector<dot_type>(dots.begin(), dots.end()));
        return fault;
    }

    // As above, taking the dots when the entry is added; left in place (sorted) when not.
    [[nodiscard]] or_set_fault add(value_type element, std::vector<dot_type>&& dots) {
        const or_set_fault fault = check(element, dots);
        if (fault) return fault;
        if (dots.size() == 1)
            store_one(std::move(element), dots.front());
        else
            store_many(std::move(element), std::move(dots));
        return fault;
    }

    // The store built from every entry added.
    [[nodiscard]] Store finish() && { return std::move(m_set); }

private:
    using kind = or_set_fault::kind;

    // Each dot is looked up once, in the table that will hold it: the first duplicate found
    // is reported against the entry that arrived second.
    [[nodiscard]] or_set_fault check(const value_type& element, std::span<dot_type> dots) const {
        if (dots.empty()) return {kind::no_dots};
        if (const auto p = m_set.find_element(element); p != Store::npos)
            return {kind::repeated_element, 0, p};
        if (!std::is_sorted(dots.begin(), dots.end())) std::sort(dots.begin(), dots.end());
        for (std::size_t k = 0; k < dots.size(); ++k) {
            const dot_type& d = dots[k];
            if (!m_context->contains(d)) return {kind::uncovered_dot, k};
            if (k > 0 && dots[k - 1] == d) return {kind::repeated_dot, k, size()};
            if (const auto p = m_set.find_dot(d); p != Store::npos)
                return {kind::repeated_dot, k, p};
        }
        return {};
    }

    void store_one(value_type element, const dot_type& d) {
        m_set.reserve_for(1, 1);
        m_set.append(std::move(element), d);
    }

    void store_many(value_type element, std::vector<dot_type> dots) {
        m_set.reserve_for(1, dots.size());
        const auto p = static_cast<typename Store::position>(size());
        m_set.m_multi.emplace(p, std::move(dots));
        m_set.append(std::move(element), dot_type{});
    }

    const context_type* m_context;
    Store m_set;
};

}  // namespace detail

}  // namespace converge::inline v1
