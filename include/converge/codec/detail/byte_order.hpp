// SPDX-License-Identifier: MIT
#pragma once

// Canonical order of encoded pieces. Set elements and map keys go on the wire sorted by their
// encoded bytes: that needs no ordering on the type and gives the same bytes on every machine.
// byte_ordered encodes each entry once, sorts by the key's bytes and copies the entries out.

#include <converge/codec/byte_writer.hpp>
#include <converge/codec/codec.hpp>

#include <algorithm>
#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

namespace converge::inline v1::detail {

// Unsigned lexicographic order of byte strings, a shorter prefix first.
inline bool bytes_less(std::span<const std::byte> a, std::span<const std::byte> b) noexcept {
    const std::size_t n = std::min(a.size(), b.size());
    const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
    return c < 0 || (c == 0 && a.size() < b.size());
}

// The eight bytes of v, as laid out in memory, read as a big-endian number.
inline std::uint64_t big_endian(std::uint64_t v) noexcept {
    if constexpr (std::endian::native == std::endian::little) {
#if defined(__GNUC__) || defined(__clang__)
        v = __builtin_bswap64(v);
#else
        std::uint64_t r = 0;
        for (int i = 0; i < 8; ++i) r = (r << 8) | ((v >> (8 * i)) & 0xFF);
        v = r;
#endif
    }
    return v;
}

// The first eight bytes as a big-endian number, zero-padded. A smaller prefix means a smaller
// string in bytes_less order; equal prefixes say nothing, the whole strings must be compared.
inline std::uint64_t byte_prefix(std::span<const std::byte> bytes) noexcept {
    std::uint64_t v = 0;
    const std::size_t n = std::min<std::size_t>(bytes.size(), 8);
    if (n == 0) return 0;
    std::memcpy(&v, bytes.data(), n);
    return big_endian(v);
}

// byte_prefix of the n bytes at `at`, where 8 bytes can be read: one load, and no stall of a
// wide load on narrow stores just made.
inline std::uint64_t byte_prefix_of_readable(const std::byte* at, std::size_t n) noexcept {
    std::uint64_t v = 0;
    std::memcpy(&v, at, 8);
    const std::uint64_t keep = n >= 8   ? ~std::uint64_t{0}
                               : n == 0 ? 0
                                        : ~std::uint64_t{0} << (64 - 8 * n);
    return big_endian(v) & keep;
}

// Sorts [first, last): insertion sort for the short runs a bucket pass leaves, else std::sort.
template <class Item, class Less>
void sort_run(Item* first, Item* last, Less less) {
    if (last - first > 16) {
        std::sort(first, last, less);
        return;
    }
    for (Item* i = first + (first != last); i < last; ++i) {
        Item moving = *i;
        Item* j = i;
        for (; j > first && less(moving, *(j - 1)); --j) *j = *(j - 1);
        *j = moving;
    }
}

// Sorts items that carry a byte_prefix in `.prefix`: stable counting passes, DigitBits at a
// time, order them by the prefix's top DigitBits * Passes bits, then each run that shares
// those bits is sorted by `less`, which must agree with the prefix. Two 11-bit digits measured
// fastest on 10^5 varint-keyed entries (8x2 leaves runs too long to finish cheaply, 8x3 and
// 12x2 pay in passes or in counters and written lines falling out of L1).
template <int DigitBits = 11, int Passes = 2, class Item, class Less>
void bucket_sort_by_prefix(std::vector<Item>& items, Less less) {
    if (items.size() < 2) return;
    if (items.size() > std::numeric_limits<std::uint32_t>::max()) {
        std::sort(items.begin(), items.end(), less);  // past what the counters can hold
        return;
    }
    constexpr int sorted_bits = DigitBits * Passes;
    constexpr std::size_t digits = std::size_t{1} << DigitBits;
    constexpr std::uint64_t mask = digits - 1;
    const auto digit = [](const Item& it, int pass) {
        return static_cast<std::size_t>((it.prefix >> (64 - sorted_bits + pass * DigitBits)) &
                                        mask);
    };
    // All the passes' counts in one scan, then turned into where each digit's run starts.
    std::vector<std::uint32_t> start(digits * Passes, 0);
    for (const Item& it : items) {
        for (int p = 0; p < Passes; ++p) ++start[p * digits + digit(it, p)];
    }
    for (int p = 0; p < Passes; ++p) {
        std::uint32_t sum = 0;
        for (std::size_t d = 0; d < digits; ++d) sum += std::exchange(start[p * digits + d], sum);
    }
    std::vector<Item> other(items.size());
    for (int p = 0; p < Passes; ++p) {
        std::uint32_t* const at = start.data() + p * digits;
        for (const Item& it : items) other[at[digit(it, p)]++] = it;
        items.swap(other);
    }
    Item* const data = items.data();
    const std::size_t n = items.size();
    for (std::size_t begin = 0; begin < n;) {
        const std::uint64_t top = data[begin].prefix >> (64 - sorted_bits);
        std::size_t end = begin + 1;
        while (end < n && (data[end].prefix >> (64 - sorted_bits)) == top) ++end;
        if (end - begin > 1) sort_run(data + begin, data + end, less);
        begin = end;
    }
}

// Keys whose encoding has a small bound are written straight into place, without a
// byte_writer growing the buffer field by field. Each writes what the built-in codec<T> does
// (the wire format fixes how integers are encoded; codec is not a customisation point for them).
template <class T>
struct bounded_encoding {};

template <class T>
requires std::unsigned_integral<T> &&(!std::same_as<T, bool>)struct bounded_encoding<T> {
    static constexpr std::size_t most = 10;
    static std::byte* put(std::byte* at, T value) noexcept {
        return byte_writer::put_varint(at, value);
    }
};

template <class T>
requires std::signed_integral<T>
struct bounded_encoding<T> {
    static constexpr std::size_t most = 10;
    static std::byte* put(std::byte* at, T value) noexcept {
        return byte_writer::put_varint(at, byte_writer::zigzag_map(value));
    }
};

template <class T>
concept has_bounded_encoding = requires(std::byte* at, const T& value) {
    { bounded_encoding<T>::most } -> std::convertible_to<std::size_t>;
    { bounded_encoding<T>::put(at, value) } -> std::same_as<std::byte*>;
};

// Entries of a set or map, each a key and what follows it, encoded into one scratch buffer and
// emitted in the byte order of their keys. Keys must be distinct.
class byte_ordered {
public:
    explicit byte_ordered(std::size_t expected) { m_entries.reserve(expected); }

    // Encodes `key`, then lets write_rest(byte_writer&) append the rest of its entry.
    template <class K, class WriteRest>
    void add(const K& key, WriteRest&& write_rest) {
        const std::size_t start = m_used + key_header;
        m_scratch.resize(start);  // a byte_writer appends at the vector's end
        byte_writer sw(m_scratch);
        codec<K>::encode(sw, key);
        const std::size_t key_end = m_scratch.size();
        write_rest(sw);
        m_used = m_scratch.size();
        record(start, key_end);
    }

    // Encodes `key`, then lets fill(std::byte* at) write the rest of its entry, at most
    // `rest_most` bytes, and return the end of what it wrote.
    template <class K, class Fill>
    void add_bounded(const K& key, std::size_t rest_most, Fill&& fill) {
        if constexpr (has_bounded_encoding<K>) {
            const std::size_t start = m_used + key_header;
            std::byte* const begin = room(key_header + bounded_encoding<K>::most + rest_most);
            std::byte* at = bounded_encoding<K>::put(begin + key_header, key);
            const std::size_t key_end = m_used + static_cast<std::size_t>(at - begin);
            at = fill(at);
            m_used += static_cast<std::size_t>(at - begin);
            record(start, key_end);
        } else {
            add(key, [&](byte_writer& w) {
                std::vector<std::byte>& buffer = w.buffer();
                const std::size_t at = buffer.size();
                buffer.resize(at + rest_most);
                buffer.resize(static_cast<std::size_t>(fill(buffer.data() + at) - buffer.data()));
            });
        }
    }

    // Puts the entries in the byte order of their keys.
    void sort() {
        // Prefixes are read here rather than as entries are added: a wide load of bytes just
        // stored one at a time stalls, and this pass reads the scratch buffer in order.
        (void)room(8);  // byte_prefix_of_readable may read past the last entry
        for (entry& e : m_entries) {
            e.prefix = byte_prefix_of_readable(m_scratch.data() + e.offset, key_size_of(e));
        }
        const auto less = [this](const entry& a, const entry& b) {
            if (a.prefix != b.prefix) return a.prefix < b.prefix;
            return bytes_less(key_bytes(a), key_bytes(b));
        };
        if (m_entries.size() < bucket_threshold) {
            std::sort(m_entries.begin(), m_entries.end(), less);
        } else {
            bucket_sort_by_prefix(m_entries, less);
        }
    }

    [[nodiscard]] std::size_t size() const noexcept { return m_entries.size(); }

    // The encoded key of the i-th entry (in sorted order once sort() ran).
    [[nodiscard]] std::span<const std::byte> key(std::size_t i) const noexcept {
        return key_bytes(m_entries[i]);
    }

    // Appends every entry, in the current order.
    void write(byte_writer& w) {
        // Entries lie back to back in scratch, each after its key-size header.
        const std::size_t total = m_used - key_header * m_entries.size();
        std::vector<std::byte>& out = w.buffer();
        const std::size_t base = out.size();
        // Slack after both buffers lets a short entry move as one fixed 16-byte copy.
        out.resize(base + total + short_entry);
        (void)room(short_entry);
        std::byte* to = out.data() + base;
        const std::byte* from = m_scratch.data();
        const std::size_t n = m_entries.size();
        for (std::size_t i = 0; i < n; ++i) {
            const entry& e = m_entries[i];
#if defined(__GNUC__) || defined(__clang__)
            // Sorted entries are read from all over the scratch buffer: ask for one ahead.
            if (i + prefetch_distance < n) {
                __builtin_prefetch(from + m_entries[i + prefetch_distance].offset);
            }
#endif
            if (e.size <= short_entry) {
                std::memcpy(to, from + e.offset, short_entry);
            } else {
                std::memcpy(to, from + e.offset, e.size);
            }
            to += e.size;
        }
        out.resize(base + total);
    }

private:
    // 16 bytes, so that sorting moves little; the key's size sits in front of it in m_scratch.
    struct entry {
        std::uint64_t prefix;  // byte_prefix of the key, once sort() ran
        std::uint32_t offset;  // where the entry starts in m_scratch
        std::uint32_t size;    // key and rest
    };

    static constexpr std::size_t bucket_threshold = 4096;  // below it std::sort is as fast
    static constexpr std::size_t short_entry = 16;
    static constexpr std::size_t prefetch_distance = 16;
    static constexpr std::size_t key_header = sizeof(std::uint32_t);
    static constexpr std::size_t room_chunk = 4096;

    // At least n writable bytes at m_used. The size runs ahead by as much as is used (up to
    // a chunk), so that entries written in place seldom call resize, a small encoding
    // zero-fills little and a large one at most a chunk a call (the vector's capacity still
    // grows geometrically).
    std::byte* room(std::size_t n) {
        if (m_scratch.size() < m_used + n) {
            m_scratch.resize(m_used + n + std::clamp(m_used, std::size_t{64}, room_chunk));
        }
        return m_scratch.data() + m_used;
    }

    // Records the entry whose key starts at `start` (after its header) and ends at key_end;
    // the entry ends at m_used.
    void record(std::size_t start, std::size_t key_end) {
        constexpr std::size_t limit = std::numeric_limits<std::uint32_t>::max();
        if (m_used > limit) throw std::length_error("converge: a set or map encoding over 4 GiB");
        const auto key_size = static_cast<std::uint32_t>(key_end - start);
        std::memcpy(m_scratch.data() + start - key_header, &key_size, key_header);
        m_entries.push_back(
            {0, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(m_used - start)});
    }

    [[nodiscard]] std::uint32_t key_size_of(const entry& e) const noexcept {
        std::uint32_t key_size = 0;
        std::memcpy(&key_size, m_scratch.data() + e.offset - key_header, key_header);
        return key_size;
    }

    [[nodiscard]] std::span<const std::byte> key_bytes(const entry& e) const noexcept {
        return {m_scratch.data() + e.offset, key_size_of(e)};
    }

    std::vector<std::byte> m_scratch;  // entries in [0, m_used), spare room after
    std::size_t m_used = 0;
    std::vector<entry> m_entries;
};

}  // namespace converge::inline v1::detail
