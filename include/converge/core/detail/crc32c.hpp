// SPDX-License-Identifier: MIT
#pragma once

// CRC-32C (Castagnoli: reflected polynomial 0x82F63B78, initial value and final xor all ones),
// the checksum of sync messages and persisted endpoints (docs/wire-format.md). It detects
// every error of up to three flipped bits in inputs of up to 256 MiB and every burst of up to
// 32 bits. Computed eight bytes at a time from constexpr tables ("slicing by 8").

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace converge::inline v1::detail {

inline constexpr std::uint32_t crc32c_polynomial = 0x82F63B78U;

// tables[k][b]: the CRC of byte b followed by k zero bytes.
inline constexpr std::array<std::array<std::uint32_t, 256>, 8> crc32c_tables = [] {
    std::array<std::array<std::uint32_t, 256>, 8> t{};
    for (std::uint32_t b = 0; b < 256; ++b) {
        std::uint32_t crc = b;
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1U) ? crc32c_polynomial : 0U);
        t[0][b] = crc;
    }
    for (std::size_t k = 1; k < 8; ++k)
        for (std::size_t b = 0; b < 256; ++b)
            t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xFFU];
    return t;
}();

// The CRC-32C of `data`. crc32c(b, crc32c(a)) is the CRC of a followed by b.
[[nodiscard]] constexpr std::uint32_t crc32c(std::span<const std::byte> data,
                                             std::uint32_t previous = 0) noexcept {
    const auto& t = crc32c_tables;
    std::uint32_t crc = ~previous;
    std::size_t i = 0;
    const auto at = [&](std::size_t k) { return static_cast<std::uint32_t>(data[i + k]); };
    for (; i + 8 <= data.size(); i += 8) {
        const std::uint32_t lo = crc ^ (at(0) | at(1) << 8 | at(2) << 16 | at(3) << 24);
        crc = t[7][lo & 0xFFU] ^ t[6][(lo >> 8) & 0xFFU] ^ t[5][(lo >> 16) & 0xFFU] ^
              t[4][lo >> 24] ^ t[3][at(4)] ^ t[2][at(5)] ^ t[1][at(6)] ^ t[0][at(7)];
    }
    for (; i < data.size(); ++i) crc = (crc >> 8) ^ t[0][(crc ^ at(0)) & 0xFFU];
    return ~crc;
}

// Appends the CRC-32C of out[from..] to `out`, least significant byte first: the trailer of
// a checksummed message.
inline void append_crc32c(std::vector<std::byte>& out, std::size_t from = 0) {
    const std::uint32_t crc = crc32c(std::span<const std::byte>(out).subspan(from));
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<std::byte>((crc >> (8 * k)) & 0xFFU));
}

}  // namespace converge::inline v1::detail
