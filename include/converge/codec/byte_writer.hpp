// SPDX-License-Identifier: MIT
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace converge::inline v1 {

// Appends wire primitives (docs/wire-format.md) to a caller's buffer.
class byte_writer {
public:
    explicit byte_writer(std::vector<std::byte>& out) noexcept : m_out(&out) {}

    // One raw byte.
    void byte(std::uint8_t b) { m_out->push_back(static_cast<std::byte>(b)); }

    // An unsigned LEB128 varint: 7 bits a byte, least significant group first.
    void varint(std::uint64_t value) {
        // Grown by the exact size, then written into: vector::insert of a range here draws a
        // false -Warray-bounds from g++ 12 at -O3, and a push_back a byte is twice as slow.
        const std::size_t old_size = m_out->size();
        m_out->resize(old_size + varint_size(value));
        put_varint(m_out->data() + old_size, value);
    }

    // A marked count: varint(value) one byte longer than its shortest form, the last byte's
    // high bit set and then 0x00 (byte_reader::marked_count reads it; varint() refuses it).
    void marked_varint(std::uint64_t value) {
        varint(value);
        m_out->back() |= std::byte{0x80};
        m_out->push_back(std::byte{0});
    }

    // The bytes varint(value) writes: 1 to 10.
    [[nodiscard]] static constexpr std::size_t varint_size(std::uint64_t value) noexcept {
        const auto bits = static_cast<std::size_t>(std::bit_width(value | 1));
        return (bits + 6) / 7;
    }

    // Writes value as a varint at `at`, which has room for varint_size(value) bytes; returns
    // the end of what it wrote.
    static std::byte* put_varint(std::byte* at, std::uint64_t value) noexcept {
        while (value >= 0x80) {
            *at++ = static_cast<std::byte>((value & 0x7F) | 0x80);
            value >>= 7;
        }
        *at++ = static_cast<std::byte>(value);
        return at;
    }

    // A signed value, zigzag-mapped so that small magnitudes stay short: -1 -> 1, 1 -> 2.
    void zigzag(std::int64_t value) { varint(zigzag_map(value)); }

    // The unsigned value zigzag(value) writes as a varint.
    [[nodiscard]] static constexpr std::uint64_t zigzag_map(std::int64_t value) noexcept {
        return (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
    }

    // Raw bytes, no length prefix.
    void bytes(std::span<const std::byte> data) {
        m_out->insert(m_out->end(), data.begin(), data.end());
    }

    // The number of bytes in the buffer so far (including what was there before).
    [[nodiscard]] std::size_t size() const noexcept { return m_out->size(); }

    // The buffer being written, e.g. to sort encoded pieces in place.
    [[nodiscard]] std::vector<std::byte>& buffer() noexcept { return *m_out; }

private:
    std::vector<std::byte>* m_out;
};

}  // namespace converge::inline v1
