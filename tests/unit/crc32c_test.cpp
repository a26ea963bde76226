// SPDX-License-Identifier: MIT
// CRC-32C, the checksum of sync messages and persisted endpoints: the published check values,
// and the eight-bytes-at-a-time loop against a plain bit-at-a-time one on every length and
// split, so the tables and the tail are both right.
#include "test_support.hpp"

#include <converge/core/detail/crc32c.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

using converge::detail::crc32c;

namespace {

std::vector<std::byte> bytes_of(std::string_view s) {
    std::vector<std::byte> out;
    for (char c : s) out.push_back(static_cast<std::byte>(c));
    return out;
}

// The definition, one bit at a time.
std::uint32_t slow_crc32c(std::span<const std::byte> data) {
    std::uint32_t crc = 0xFFFFFFFFU;
    for (std::byte b : data) {
        crc ^= static_cast<std::uint32_t>(b);
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1U) ? 0x82F63B78U : 0U);
    }
    return ~crc;
}

constexpr std::array<std::byte, 9> check_input = {std::byte{'1'}, std::byte{'2'}, std::byte{'3'},
                                                  std::byte{'4'}, std::byte{'5'}, std::byte{'6'},
                                                  std::byte{'7'}, std::byte{'8'}, std::byte{'9'}};

}  // namespace

TEST_CASE("crc32c gives the published check values", "[codec]") {
    STATIC_REQUIRE(crc32c(check_input) == 0xE3069283U);  // usable in constant expressions
    CHECK(crc32c(bytes_of("123456789")) == 0xE3069283U);
    CHECK(crc32c({}) == 0U);
    // RFC 3720 (iSCSI), appendix B.4: 32 bytes of zeros, of ones, ascending, descending.
    std::vector<std::byte> zeros(32, std::byte{0}), ones(32, std::byte{0xFF}), up(32), down(32);
    for (std::size_t i = 0; i < 32; ++i) {
        up[i] = static_cast<std::byte>(i);
        down[i] = static_cast<std::byte>(31 - i);
    }
    CHECK(crc32c(zeros) == 0x8A9136AAU);
    CHECK(crc32c(ones) == 0x62A8AB43U);
    CHECK(crc32c(up) == 0x46DD794EU);
    CHECK(crc32c(down) == 0x113FDB5CU);
}

TEST_CASE("crc32c matches the bit-at-a-time definition at every length and split", "[codec]") {
    std::vector<std::byte> data(70);
    std::uint32_t x = 12345;
    for (std::byte& b : data) {
        x = x * 1103515245U + 12345U;
        b = static_cast<std::byte>(x >> 24);
    }
    const std::span<const std::byte> all(data);
    for (std::size_t n = 0; n <= data.size(); ++n) {
        INFO("length " << n);
        CHECK(crc32c(all.first(n)) == slow_crc32c(all.first(n)));
        for (std::size_t cut = 0; cut <= n; cut += 3)
            CHECK(crc32c(all.subspan(cut, n - cut), crc32c(all.first(cut))) ==
                  crc32c(all.first(n)));
    }
}
