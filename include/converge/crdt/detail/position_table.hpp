// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/detail/mix.hpp>
#include <converge/core/throw.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>

namespace converge::inline v1::detail {

// A flat open-addressing hash table (linear probing) of 32-bit positions into a dense array
// that its owner keeps. The table stores no keys: the owner passes a key's hash and a
// predicate telling whether the entry at a position has that key. This is what lets or_set
// index the same dense array of elements twice (by element and by dot) for 4 bytes a slot.
//
// The owner drives growth, because only it can re-hash what a position stands for: before
// insert() it asks needs_rehash(), and if so calls rehash(n) and inserts every position again.
// Erasing leaves a tombstone (an erased slot still continues probe chains); tombstones count
// towards the load until the next rehash. The load, live slots plus tombstones, stays at or
// under half the slots, so an unsuccessful lookup probes about 2.5 slots on average.
//
//     position_table t;
//     if (t.needs_rehash()) { t.rehash(v.size() + 1); for (...) t.insert(hash(v[i]), i); }
//     t.insert(hash(key), pos);
//     t.find(hash(key), [&](std::uint32_t p) { return v[p] == key; });
class position_table {
public:
    // The largest position the table can hold; the two values above it mark empty and erased
    // slots.
    static constexpr std::uint32_t max_position = std::numeric_limits<std::uint32_t>::max() - 2;
    // What find() returns when no position matches.
    static constexpr std::uint32_t npos = std::numeric_limits<std::uint32_t>::max();

    position_table() = default;

    position_table(const position_table& other)
        : m_slots(other.m_capacity != 0 ? std::make_unique<std::uint32_t[]>(other.m_capacity)
                                        : nullptr),
          m_capacity(other.m_capacity),
          m_shift(other.m_shift),
          m_size(other.m_size),
          m_used(other.m_used) {
        for (std::size_t i = 0; i < m_capacity; ++i) m_slots[i] = other.m_slots[i];
    }

    position_table(position_table&& other) noexcept { swap(other); }

    position_table& operator=(const position_table& other) {
        if (this != &other) {
            position_table copy(other);
            swap(copy);
        }
        return *this;
    }

    position_table& operator=(position_table&& other) noexcept {
        position_table moved(std::move(other));
        swap(moved);
        return *this;
    }

    ~position_table() = default;

    void swap(position_table& other) noexcept {
        std::swap(m_slots, other.m_slots);
        std::swap(m_capacity, other.m_capacity);
        std::swap(m_shift, other.m_shift);
        std::swap(m_size, other.m_size);
        std::swap(m_used, other.m_used);
    }

    // The number of positions stored.
    [[nodiscard]] std::size_t size() const noexcept { return m_size; }

    // The number of slots (0 until the first rehash, else a power of two >= 8).
    [[nodiscard]] std::size_t capacity() const noexcept { return m_capacity; }

    // Whether `extra` more insert() calls would pass the maximum load: the owner must rehash
    // first.
    [[nodiscard]] bool needs_rehash(std::size_t extra = 1) const noexcept {
        return 2 * (m_used + extra) > m_capacity;
    }

    // Drops every position and makes room for `n` without another rehash (the capacity may
    // shrink). Throws std::bad_alloc, table unchanged, when memory runs out.
    void rehash(std::size_t n) {
        std::size_t capacity = 8;
        int shift = 61;  // 64 - log2(capacity)
        while (capacity < 2 * n) {
            if (capacity > (std::numeric_limits<std::size_t>::max() >> 2))
                throw_overflow("position_table: too many positions");
            capacity *= 2;
            --shift;
        }
        auto slots = std::make_unique<std::uint32_t[]>(capacity);
        for (std::size_t i = 0; i < capacity; ++i) slots[i] = empty;
        m_slots = std::move(slots);
        m_capacity = capacity;
        m_shift = shift;
        m_size = 0;
        m_used = 0;
    }

    // Drops every position, keeping the slots.
    void clear() noexcept {
        for (std::size_t i = 0; i < m_capacity; ++i) m_slots[i] = empty;
        m_size = 0;
        m_used = 0;
    }

    // The first position on `hash`'s probe chain for which match(position) is true, or npos.
    template <class Match>
    [[nodiscard]] std::uint32_t find(std::size_t hash, Match&& match) const {
        if (m_capacity == 0) return npos;
        for (std::size_t i = home(hash);; i = next(i)) {
            const std::uint32_t p = m_slots[i];
            if (p == empty) return npos;
            if (p != erased && match(p)) return p;
        }
    }

    // find(hash(), match) once the table has slots; before that (an owner that keeps its first
    // few entries unindexed) the first of positions 0..count-1 that matches, found by a scan
    // that computes no hash.
    template <class HashOf, class Match>
    [[nodiscard]] std::uint32_t find_or_scan(std::size_t count, HashOf&& hash,
                                             Match&& match) const {
        if (m_capacity == 0) {
            for (std::uint32_t p = 0; p < count; ++p)
                if (match(p)) return p;
            return npos;
        }
        return find(hash(), match);
    }

    // Stores `position` under `hash`. Precondition: !needs_rehash() and position <=
    // max_position. Never allocates or throws.
    void insert(std::size_t hash, std::uint32_t position) noexcept {
        std::size_t i = home(hash);
        while (m_slots[i] != empty && m_slots[i] != erased) i = next(i);
        if (m_slots[i] == empty) ++m_used;
        m_slots[i] = position;
        ++m_size;
    }

    // Removes `position` from `hash`'s probe chain. Returns whether it was there.
    bool erase(std::size_t hash, std::uint32_t position) noexcept {
        std::uint32_t* slot = locate(hash, position);
        if (slot == nullptr) return false;
        // A slot followed by an empty one ends no chain that continues past it: free it.
        const auto i = static_cast<std::size_t>(slot - m_slots.get());
        if (m_slots[next(i)] == empty) {
            *slot = empty;
            --m_used;
        } else {
            *slot = erased;
        }
        --m_size;
        return true;
    }

    // Replaces `from` with `to` on `hash`'s probe chain, after the owner moved an entry.
    // Returns whether `from` was there.
    bool relocate(std::size_t hash, std::uint32_t from, std::uint32_t to) noexcept {
        std::uint32_t* slot = locate(hash, from);
        if (slot == nullptr) return false;
        *slot = to;
        return true;
    }

    // Heap bytes held by the slots.
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        return m_capacity * sizeof(std::uint32_t);
    }

private:
    static constexpr std::uint32_t empty = std::numeric_limits<std::uint32_t>::max();
    static constexpr std::uint32_t erased = empty - 1;

    // Fibonacci hashing: the top bits of hash × 2^64/φ, so identity hashes of integers (as
    // std::hash gives) still spread over the slots.
    [[nodiscard]] std::size_t home(std::size_t hash) const noexcept {
        return static_cast<std::size_t>((static_cast<std::uint64_t>(hash) * golden_gamma) >>
                                        m_shift);
    }

    [[nodiscard]] std::size_t next(std::size_t i) const noexcept {
        return (i + 1) & (m_capacity - 1);
    }

    [[nodiscard]] std::uint32_t* locate(std::size_t hash, std::uint32_t position) noexcept {
        if (m_capacity == 0) return nullptr;
        for (std::size_t i = home(hash);; i = next(i)) {
            if (m_slots[i] == empty) return nullptr;
            if (m_slots[i] == position) return &m_slots[i];
        }
    }

    std::unique_ptr<std::uint32_t[]> m_slots;
    std::size_t m_capacity = 0;
    int m_shift = 64;
    std::size_t m_size = 0;  // positions stored
    std::size_t m_used = 0;  // positions stored plus tombstones
};

}  // namespace converge::inline v1::detail
