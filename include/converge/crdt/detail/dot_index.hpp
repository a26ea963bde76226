// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/dot.hpp>
#include <converge/core/throw.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace converge::inline v1::detail {

// A flat hash map from dots to small values (dot_map keeps each dot's entry position). It is
// keyed by page: the dots of one replica whose counters share all but their low three bits
// (counters 8k .. 8k+7) sit in one slot, with a bit mask of which are present. A replica
// issues its counters in order, so the dots a write adds, and usually the ones it
// supersedes, fall in a page touched a moment before: one cache miss serves eight dots
// where a table of single dots misses on each. At the fullest load (3/4), dense counters
// cost about 9 bytes a dot (a single-dot table: 32), the worst case, one dot per page, about
// 75; just after the table doubles, twice that.
//
// Pages use open addressing with linear probing and backward-shift erase, so there are no
// tombstones; an empty slot has an empty mask. The load stays at or under 3/4 of the slots;
// the table grows by doubling and never shrinks on its own (clear() keeps the slots).
template <class ReplicaId, class Value>
class dot_index {
public:
    using dot_type = dot<ReplicaId>;

    dot_index() = default;
    dot_index(const dot_index&) = default;
    dot_index& operator=(const dot_index&) = default;
    // A moved-from index is empty.
    dot_index(dot_index&& other) noexcept
        : m_slots(std::move(other.m_slots)),
          m_size(std::exchange(other.m_size, 0)),
          m_pages(std::exchange(other.m_pages, 0)),
          m_shift(std::exchange(other.m_shift, 64)) {
        other.m_slots.clear();
    }
    dot_index& operator=(dot_index&& other) noexcept {
        dot_index moved(std::move(other));
        m_slots.swap(moved.m_slots);
        std::swap(m_size, moved.m_size);
        std::swap(m_pages, moved.m_pages);
        std::swap(m_shift, moved.m_shift);
        return *this;
    }
    ~dot_index() = default;

    // The number of dots stored.
    [[nodiscard]] std::size_t size() const noexcept { return m_size; }
    [[nodiscard]] bool empty() const noexcept { return m_size == 0; }

    // The value stored for d, or nullptr.
    [[nodiscard]] const Value* find(const dot_type& d) const {
        if (m_size == 0) return nullptr;
        const page& p = m_slots[locate(d)];
        const unsigned lane = lane_of(d.counter);
        return p.has(lane) ? &p.values[lane] : nullptr;
    }
    [[nodiscard]] Value* find(const dot_type& d) {
        return const_cast<Value*>(std::as_const(*this).find(d));
    }
    [[nodiscard]] bool contains(const dot_type& d) const { return find(d) != nullptr; }

    // Stores value under d unless d is stored already; returns whether it stored it. May
    // allocate (the table unchanged if that throws).
    bool try_emplace(const dot_type& d, Value value) {
        if (m_slots.empty()) grow(1);
        std::size_t i = locate(d);
        const unsigned lane = lane_of(d.counter);
        if (m_slots[i].mask == 0) {
            if (4 * (m_pages + 1) > 3 * m_slots.size()) {
                grow(m_pages + 1);
                i = locate(d);
            }
            m_slots[i].replica = d.replica;
            m_slots[i].number = page_number(d.counter);
            ++m_pages;
        } else if (m_slots[i].has(lane)) {
            return false;
        }
        m_slots[i].mask = static_cast<std::uint8_t>(m_slots[i].mask | (1U << lane));
        m_slots[i].values[lane] = std::move(value);
        ++m_size;
        return true;
    }

    // Removes d if it is stored with a value for which erasable(value) holds; returns whether
    // it removed it. A page left empty is removed, the later slots of its probe run moving
    // back into the hole, so every remaining page stays reachable from its home slot.
    template <class Pred>
    bool erase_if(const dot_type& d, Pred&& erasable) {
        if (m_size == 0) return false;
        std::size_t hole = locate(d);
        page& p = m_slots[hole];
        const unsigned lane = lane_of(d.counter);
        if (!p.has(lane) || !erasable(std::as_const(p.values[lane]))) return false;
        p.mask = static_cast<std::uint8_t>(p.mask & ~(1U << lane));
        p.values[lane] = Value{};
        --m_size;
        if (p.mask != 0) return true;
        for (std::size_t i = next(hole);; i = next(i)) {
            page& s = m_slots[i];
            if (s.mask == 0) break;
            // s may fill the hole if its home is not cyclically within (hole, i].
            const std::size_t h = home(s.replica, s.number);
            const bool stays = hole < i ? (hole < h && h <= i) : (hole < h || h <= i);
            if (stays) continue;
            m_slots[hole] = std::move(s);
            hole = i;
        }
        m_slots[hole] = page{};
        --m_pages;
        return true;
    }

    bool erase(const dot_type& d) {
        return erase_if(d, [](const Value&) { return true; });
    }

    // Calls visit(dot, value) for every stored dot, in no particular order.
    template <class F>
    void for_each(F&& visit) const {
        if (m_size == 0) return;
        for (const page& p : m_slots)
            for (unsigned lane = 0; lane < lanes; ++lane)
                if (p.has(lane))
                    visit(dot_type{p.replica, p.number * lanes + lane}, p.values[lane]);
    }

    // Makes room for n dots in all without growing again (as many new pages as new dots, the
    // most they can need).
    void reserve(std::size_t n) {
        const std::size_t pages = m_pages + (n > m_size ? n - m_size : 0);
        if (4 * pages > 3 * m_slots.size()) grow(pages);
    }

    // Drops every dot, keeping the slots.
    void clear() noexcept {
        if (m_pages == 0) return;
        for (page& p : m_slots) p = page{};
        m_size = 0;
        m_pages = 0;
    }

private:
    static constexpr unsigned lanes = 8;  // dots per page

    struct page {
        ReplicaId replica{};
        std::uint64_t number = 0;  // counters number * lanes + lane
        std::uint8_t mask = 0;     // bit `lane` set: that dot is stored
        std::array<Value, lanes> values{};

        [[nodiscard]] bool has(unsigned lane) const noexcept { return ((mask >> lane) & 1U) != 0; }
    };

    [[nodiscard]] static std::uint64_t page_number(std::uint64_t counter) noexcept {
        return counter / lanes;
    }
    [[nodiscard]] static unsigned lane_of(std::uint64_t counter) noexcept {
        return static_cast<unsigned>(counter % lanes);
    }

    // The top bits of the page's hash (mixed by dot_hash) pick its home slot.
    [[nodiscard]] std::size_t home(const ReplicaId& replica, std::uint64_t number) const noexcept {
        const dot_type key{replica, number};
        return static_cast<std::size_t>(static_cast<std::uint64_t>(dot_hash<ReplicaId>{}(key)) >>
                                        m_shift);
    }
    [[nodiscard]] std::size_t next(std::size_t i) const noexcept {
        return (i + 1) & (m_slots.size() - 1);
    }

    // The slot of d's page, or the empty slot where it would go; the table must have slots.
    [[nodiscard]] std::size_t locate(const dot_type& d) const {
        const std::uint64_t number = page_number(d.counter);
        std::size_t i = home(d.replica, number);
        for (;; i = next(i)) {
            const page& p = m_slots[i];
            if (p.mask == 0 || (p.number == number && p.replica == d.replica)) return i;
        }
    }

    // Rebuilds the table with room for n pages (a power of two of at least 8 slots, load
    // under 3/4), moving every page across; the table is unchanged if the allocation throws.
    void grow(std::size_t n) {
        std::size_t capacity = 8;
        int shift = 61;  // 64 - log2(capacity)
        while (4 * n > 3 * capacity) {
            if (capacity > (std::numeric_limits<std::size_t>::max() / (4 * sizeof(page))))
                throw_overflow("dot_index: too many dots");
            capacity *= 2;
            --shift;
        }
        if (capacity <= m_slots.size()) return;
        std::vector<page> old(capacity);
        old.swap(m_slots);
        m_shift = shift;
        for (page& p : old) {
            if (p.mask == 0) continue;
            std::size_t i = home(p.replica, p.number);
            while (m_slots[i].mask != 0) i = next(i);
            m_slots[i] = std::move(p);
        }
    }

    std::vector<page> m_slots;
    std::size_t m_size = 0;   // dots
    std::size_t m_pages = 0;  // slots in use
    int m_shift = 64;         // 64 - log2(slots)
};

}  // namespace converge::inline v1::detail
