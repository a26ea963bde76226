// SPDX-License-Identifier: MIT
#pragma once

// Length-prefixed frames over a blocking TCP socket: 4 bytes of big-endian length, then the
// bytes. A peer announcing a frame over the limit is cut off before anything is allocated.

#include <asio.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace notes {

inline constexpr std::size_t max_frame_bytes = std::size_t{16} << 20;

inline void write_frame(asio::ip::tcp::socket& socket, const std::vector<std::byte>& payload) {
    if (payload.size() > max_frame_bytes) throw std::length_error("frame too large to send");
    const auto n = static_cast<std::uint32_t>(payload.size());
    const std::array<std::uint8_t, 4> header{
        static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16),
        static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
    asio::write(socket, asio::buffer(header));
    asio::write(socket, asio::buffer(payload.data(), payload.size()));
}

// The next frame, or nullopt when the peer closed the connection cleanly between frames.
// Throws on a broken connection or an oversized frame.
inline std::optional<std::vector<std::byte>> read_frame(asio::ip::tcp::socket& socket) {
    std::array<std::uint8_t, 4> header{};
    asio::error_code ec;
    asio::read(socket, asio::buffer(header), ec);
    if (ec == asio::error::eof) return std::nullopt;
    if (ec) throw asio::system_error(ec);
    const std::uint32_t n = std::uint32_t{header[0]} << 24 | std::uint32_t{header[1]} << 16 |
                            std::uint32_t{header[2]} << 8 | header[3];
    if (n > max_frame_bytes)
        throw std::length_error("peer announced a frame of " + std::to_string(n) +
                                " bytes, more than the limit of " +
                                std::to_string(max_frame_bytes));
    std::vector<std::byte> payload(n);
    asio::read(socket, asio::buffer(payload.data(), payload.size()));
    return payload;
}

}  // namespace notes
