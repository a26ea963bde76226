// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/throw.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace converge::inline v1::detail {

// A vector that keeps up to N elements in place and moves them to the heap past that: the
// contexts of the deltas that mutators return (one replica, an interval or two) and a
// one-key map delta then cost no allocation. Elements whose move may throw always live on the heap
// (as if N were 0), so moving a small_vector never throws, as with std::vector. Iterators are
// pointers; growing invalidates them, as std::vector's growth does, and so does moving the vector
// while its elements are in place. Holds at most 2^32 - 1 elements.
template <class T, std::size_t N>
class small_vector {
    static constexpr std::size_t in_place = std::is_nothrow_move_constructible_v<T> ? N : 0;
    static_assert(in_place <= 0xffff, "converge::detail::small_vector: N is meant to be small");

public:
    using value_type = T;
    using size_type = std::size_t;
    using difference_type = std::ptrdiff_t;
    using reference = T&;
    using const_reference = const T&;
    using pointer = T*;
    using const_pointer = const T*;
    using iterator = T*;
    using const_iterator = const T*;

    small_vector() noexcept = default;

    // The filling constructors delegate to the default one, so that if an element's copy
    // throws the destructor frees what was built.
    small_vector(std::initializer_list<T> items) : small_vector() {
        append(items.begin(), items.end());
    }

    template <std::input_iterator It, std::sentinel_for<It> S>
    small_vector(It first, S last) : small_vector() {
        append(first, last);
    }

    small_vector(const small_vector& other) : small_vector() { append(other.begin(), other.end()); }

    small_vector(small_vector&& other) noexcept { take(other); }

    ~small_vector() { release(); }

    // Reuses this vector's storage when it is large enough, as std::vector does.
    small_vector& operator=(const small_vector& other) {
        if (this == &other) return *this;
        if (other.size() > capacity()) {
            small_vector copy(other);
            release();
            take(copy);
            return *this;
        }
        const std::size_t common = std::min(size(), other.size());
        std::copy(other.begin(), other.begin() + common, begin());
        if (other.size() > size()) {
            for (std::size_t i = common; i < other.size(); ++i) {
                std::construct_at(data() + i, other[i]);
                ++m_size;
            }
        } else {
            shrink_to(other.size());
        }
        return *this;
    }

    // `other` may live inside one of this vector's elements: it is taken before they go.
    small_vector& operator=(small_vector&& other) noexcept {
        if (this == &other) return *this;
        small_vector taken(std::move(other));
        release();
        take(taken);
        return *this;
    }

    [[nodiscard]] T* data() noexcept { return m_heap != nullptr ? m_heap : local(); }
    [[nodiscard]] const T* data() const noexcept { return m_heap != nullptr ? m_heap : local(); }
    [[nodiscard]] iterator begin() noexcept { return data(); }
    [[nodiscard]] iterator end() noexcept { return data() + m_size; }
    [[nodiscard]] const_iterator begin() const noexcept { return data(); }
    [[nodiscard]] const_iterator end() const noexcept { return data() + m_size; }
    [[nodiscard]] std::size_t size() const noexcept { return m_size; }
    [[nodiscard]] bool empty() const noexcept { return m_size == 0; }
    [[nodiscard]] std::size_t capacity() const noexcept {
        return m_heap != nullptr ? m_capacity : in_place;
    }

    [[nodiscard]] T& operator[](std::size_t i) noexcept { return data()[i]; }
    [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data()[i]; }
    [[nodiscard]] T& front() noexcept { return data()[0]; }
    [[nodiscard]] const T& front() const noexcept { return data()[0]; }
    [[nodiscard]] T& back() noexcept { return data()[m_size - 1]; }
    [[nodiscard]] const T& back() const noexcept { return data()[m_size - 1]; }

    void reserve(std::size_t n) {
        if (n <= capacity()) return;
        T* fresh = allocate(n);
        try {
            move_to(fresh, n);
        } catch (...) {
            std::allocator<T>{}.deallocate(fresh, n);
            throw;
        }
    }

    void clear() noexcept { shrink_to(0); }

    void pop_back() noexcept { shrink_to(m_size - 1); }

    void push_back(const T& value) { emplace_back(value); }
    void push_back(T&& value) { emplace_back(std::move(value)); }

    // Strong guarantee, as std::vector's: if constructing the element throws, nothing changed
    // (when growing copies elements whose move may throw, an rvalue argument may have been
    // moved from).
    template <class... Args>
    T& emplace_back(Args&&... args) {
        if (m_size < capacity()) {
            T* at = std::construct_at(data() + m_size, std::forward<Args>(args)...);
            ++m_size;
            return *at;
        }
        // The new element first, built in the new storage: args may name an element here.
        const std::size_t n = grown(m_size + 1);
        T* fresh = allocate(n);
        try {
            std::construct_at(fresh + m_size, std::forward<Args>(args)...);
        } catch (...) {
            std::allocator<T>{}.deallocate(fresh, n);
            throw;
        }
        try {
            move_to(fresh, n);
        } catch (...) {
            std::destroy_at(fresh + m_size);
            std::allocator<T>{}.deallocate(fresh, n);
            throw;
        }
        ++m_size;
        return back();
    }

    // Inserts before pos and returns the new element's position.
    iterator insert(const_iterator pos, T value) {
        const std::size_t at = static_cast<std::size_t>(pos - begin());
        if (m_size == capacity()) reserve(grown(m_size + 1));
        if (at == m_size) {
            emplace_back(std::move(value));
            return begin() + at;
        }
        std::construct_at(end(), std::move(back()));
        ++m_size;
        std::move_backward(begin() + at, end() - 2, end() - 1);
        begin()[at] = std::move(value);
        return begin() + at;
    }

    // Removes [first, last) and returns the position after the removed elements.
    iterator erase(const_iterator first, const_iterator last) {
        T* from = begin() + (first - begin());
        T* to = begin() + (last - begin());
        if (from == to) return from;
        T* rest = std::move(to, end(), from);
        shrink_to(static_cast<std::size_t>(rest - begin()));
        return from;
    }
    iterator erase(const_iterator pos) { return erase(pos, pos + 1); }

    template <std::input_iterator It, std::sentinel_for<It> S>
    void assign(It first, S last) {
        clear();
        append(first, last);
    }

    friend bool operator==(const small_vector& a, const small_vector& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end());
    }

private:
    struct no_storage {};
    struct storage {
        alignas(T) std::byte bytes[sizeof(T) * (in_place == 0 ? 1 : in_place)];
    };

    [[nodiscard]] T* local() noexcept {
        if constexpr (in_place == 0)
            return nullptr;
        else
            return reinterpret_cast<T*>(m_local.bytes);
    }
    [[nodiscard]] const T* local() const noexcept {
        if constexpr (in_place == 0)
            return nullptr;
        else
            return reinterpret_cast<const T*>(m_local.bytes);
    }

    // Doubling, up to the most a small_vector holds (allocate() refuses more).
    [[nodiscard]] std::size_t grown(std::size_t needed) const {
        constexpr std::size_t most = std::numeric_limits<std::uint32_t>::max();
        return std::max(needed, std::min(2 * capacity(), most));
    }

    [[nodiscard]] static T* allocate(std::size_t n) {
        if (n > std::numeric_limits<std::uint32_t>::max())
            throw_overflow("small_vector: more than 2^32 - 1 elements");
        return std::allocator<T>{}.allocate(n);
    }

    template <class It, class S>
    void append(It first, S last) {
        if constexpr (std::forward_iterator<It>)
            reserve(m_size + static_cast<std::size_t>(std::ranges::distance(first, last)));
        for (; first != last; ++first) emplace_back(*first);
    }

    // Moves the elements into `fresh` (room for n) and frees the old heap storage. Elements
    // whose move may throw are copied instead: if a copy throws, nothing here changed and
    // fresh is the caller's to free.
    void move_to(T* fresh, std::size_t n) {
        if constexpr (std::is_nothrow_move_constructible_v<T>)
            std::uninitialized_move(begin(), end(), fresh);
        else
            std::uninitialized_copy(begin(), end(), fresh);
        std::destroy(begin(), end());
        if (m_heap != nullptr) std::allocator<T>{}.deallocate(m_heap, m_capacity);
        m_heap = fresh;
        m_capacity = static_cast<std::uint32_t>(n);
    }

    void shrink_to(std::size_t n) noexcept {
        std::destroy(begin() + n, end());
        m_size = static_cast<std::uint32_t>(n);
    }

    // Frees everything: empty, in place.
    void release() noexcept {
        std::destroy(begin(), end());
        if (m_heap != nullptr) std::allocator<T>{}.deallocate(m_heap, m_capacity);
        m_heap = nullptr;
        m_size = 0;
        m_capacity = 0;
    }

    // Takes other's elements into this empty vector; other is left empty.
    void take(small_vector& other) noexcept {
        if (other.m_heap != nullptr) {
            m_heap = std::exchange(other.m_heap, nullptr);
            m_capacity = std::exchange(other.m_capacity, 0);
            m_size = std::exchange(other.m_size, 0);
            return;
        }
        if constexpr (in_place > 0) {
            if constexpr (std::is_trivially_copyable_v<T>) {
                std::memcpy(m_local.bytes, other.m_local.bytes, sizeof(m_local.bytes));
            } else {
                std::uninitialized_move(other.begin(), other.end(), local());
                std::destroy(other.begin(), other.end());
            }
            m_size = std::exchange(other.m_size, 0);
        }
    }

    T* m_heap = nullptr;  // the elements when they do not fit in place
    std::uint32_t m_size = 0;
    std::uint32_t m_capacity = 0;  // of m_heap
    [[no_unique_address]] std::conditional_t<in_place == 0, no_storage, storage> m_local;
};

}  // namespace converge::inline v1::detail
