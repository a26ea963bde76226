// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/dot.hpp>
#include <converge/core/throw.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace converge::inline v1::detail {

// A flat hash map from dots to small values (dot_map keeps a pointer to each dot's entry):
// open addressing with linear probing and backward-shift erase, so there are no tombstones
// and no node per dot. A lookup touches one slot array, usually one cache line, where a node
// map touches a bucket, the node before and the node itself. An empty slot holds a dot with
// counter 0, which is never a dot.
//
// The load stays at or under 3/4 of the slots; the table grows by doubling and never shrinks
// on its own (clear() or shrink() does).
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
          m_shift(std::exchange(other.m_shift, 64)) {
        other.m_slots.clear();
    }
    dot_index& operator=(dot_index&& other) noexcept {
        dot_index moved(std::move(other));
        m_slots.swap(moved.m_slots);
        std::swap(m_size, moved.m_size);
        std::swap(m_shift, moved.m_shift);
        return *this;
    }
    ~dot_index() = default;

    [[nodiscard]] std::size_t size() const noexcept { return m_size; }
    [[nodiscard]] bool empty() const noexcept { return m_size == 0; }

    // The value stored for d, or nullptr.
    [[nodiscard]] const Value* find(const dot_type& d) const {
        if (m_size == 0) return nullptr;
        for (std::size_t i = home(d);; i = next(i)) {
            const slot& s = m_slots[i];
            if (s.key.counter == 0) return nullptr;
            if (s.key == d) return &s.value;
        }
    }
    [[nodiscard]] Value* find(const dot_type& d) {
        return const_cast<Value*>(std::as_const(*this).find(d));
    }
    [[nodiscard]] bool contains(const dot_type& d) const { return find(d) != nullptr; }

    // Stores value under d unless d is stored already; returns whether it stored it. May
    // allocate (the table unchanged if that throws).
    bool try_emplace(const dot_type& d, Value value) {
        if (4 * (m_size + 1) > 3 * m_slots.size()) grow(m_size + 1);
        std::size_t i = home(d);
        for (; m_slots[i].key.counter != 0; i = next(i))
            if (m_slots[i].key == d) return false;
        m_slots[i].key = d;
        m_slots[i].value = std::move(value);
        ++m_size;
        return true;
    }

    // Removes d if it is stored with a value for which erasable(value) holds; returns whether
    // it removed it. Later slots of the probe run move back into the hole, so every remaining
    // dot stays reachable from its home slot.
    template <class Pred>
    bool erase_if(const dot_type& d, Pred&& erasable) {
        if (m_size == 0) return false;
        std::size_t hole = home(d);
        for (;; hole = next(hole)) {
            if (m_slots[hole].key.counter == 0) return false;
            if (m_slots[hole].key == d) break;
        }
        if (!erasable(std::as_const(m_slots[hole].value))) return false;
        for (std::size_t i = next(hole);; i = next(i)) {
            slot& s = m_slots[i];
            if (s.key.counter == 0) break;
            // s may fill the hole if its home is not cyclically within (hole, i].
            const std::size_t h = home(s.key);
            const bool stays = hole < i ? (hole < h && h <= i) : (hole < h || h <= i);
            if (stays) continue;
            m_slots[hole] = std::move(s);
            hole = i;
        }
        m_slots[hole] = slot{};
        --m_size;
        return true;
    }

    bool erase(const dot_type& d) {
        return erase_if(d, [](const Value&) { return true; });
    }

    // Calls visit(dot, value) for every stored dot, in no particular order.
    template <class F>
    void for_each(F&& visit) const {
        if (m_size == 0) return;
        for (const slot& s : m_slots)
            if (s.key.counter != 0) visit(s.key, s.value);
    }

    // Makes room for n dots without growing again.
    void reserve(std::size_t n) {
        if (4 * n > 3 * m_slots.size()) grow(n);
    }

    // Drops every dot, keeping the slots.
    void clear() noexcept {
        if (m_size == 0) return;
        for (slot& s : m_slots) s = slot{};
        m_size = 0;
    }

private:
    struct slot {
        dot_type key{};
        Value value{};
    };

    // The top bits of the dot's hash (already mixed by dot_hash) pick the home slot.
    [[nodiscard]] std::size_t home(const dot_type& d) const noexcept {
        return static_cast<std::size_t>(static_cast<std::uint64_t>(dot_hash<ReplicaId>{}(d)) >>
                                        m_shift);
    }
    [[nodiscard]] std::size_t next(std::size_t i) const noexcept {
        return (i + 1) & (m_slots.size() - 1);
    }

    // Rebuilds the table with room for n dots (a power of two of at least 8 slots, load under
    // 3/4), moving every slot across; the table is unchanged if the allocation throws.
    void grow(std::size_t n) {
        std::size_t capacity = 8;
        int shift = 61;  // 64 - log2(capacity)
        while (4 * n > 3 * capacity) {
            if (capacity > (std::numeric_limits<std::size_t>::max() / (4 * sizeof(slot))))
                throw_overflow("dot_index: too many dots");
            capacity *= 2;
            --shift;
        }
        std::vector<slot> old(capacity);
        old.swap(m_slots);
        m_shift = shift;
        for (slot& s : old) {
            if (s.key.counter == 0) continue;
            std::size_t i = home(s.key);
            while (m_slots[i].key.counter != 0) i = next(i);
            m_slots[i] = std::move(s);
        }
    }

    std::vector<slot> m_slots;
    std::size_t m_size = 0;
    int m_shift = 64;  // 64 - log2(slots)
};

}  // namespace converge::inline v1::detail
