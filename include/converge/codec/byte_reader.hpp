// SPDX-License-Identifier: MIT
#pragma once

#include <converge/codec/decode_limits.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>

namespace converge::inline v1 {

// Reads wire primitives from untrusted bytes, never past the end. The first failure sticks:
// every read after it returns std::nullopt, so a decoder can read a whole structure and
// check once. Failures carry the byte offset where the offending item starts.
class byte_reader {
public:
    explicit byte_reader(std::span<const std::byte> input, const decode_limits& limits = {})
        : m_input(input), m_limits(limits) {}

    [[nodiscard]] bool ok() const noexcept { return !m_failure.has_value(); }
    [[nodiscard]] std::size_t offset() const noexcept { return m_offset; }
    [[nodiscard]] std::size_t remaining() const noexcept { return m_input.size() - m_offset; }
    [[nodiscard]] const decode_limits& limits() const noexcept { return m_limits; }

    // The format version of the bytes being read, from the outermost envelope: a nested body
    // whose layout changed between versions is read as that version says. A reader that met
    // no envelope reads the newest layout of every body.
    [[nodiscard]] std::uint64_t format_version() const noexcept { return m_format_version; }
    void set_format_version(std::uint64_t version) noexcept { m_format_version = version; }

    // Records a failure found in the item that starts at `at`; only the first one is kept.
    // The message gets " at byte N" appended.
    void fail_at(std::size_t at, errc code, std::string message) {
        if (m_failure) return;
        m_failure.emplace(code, detail::text(message, " at byte ", at), at);
    }

    // Records a failure at the current offset.
    void fail(errc code, std::string message) { fail_at(m_offset, code, std::move(message)); }

    // Ends the input at offset `end` (at or after the current offset), so that what follows
    // it, a checksum, is not read as part of the value.
    void end_at(std::size_t end) noexcept {
        if (end >= m_offset && end <= m_input.size()) m_input = m_input.first(end);
    }

    // The recorded failure. Precondition: !ok().
    [[nodiscard]] const failure& error() const noexcept { return *m_failure; }

    // One raw byte.
    [[nodiscard]] std::optional<std::uint8_t> byte(const char* what) {
        if (!ok()) return std::nullopt;
        if (m_offset >= m_input.size()) return truncated(what);
        return static_cast<std::uint8_t>(m_input[m_offset++]);
    }

    // A canonical unsigned LEB128 varint of at most 10 bytes and 64 bits.
    [[nodiscard]] std::optional<std::uint64_t> varint(const char* what) {
        if (!ok()) return std::nullopt;
        const std::size_t start = m_offset;
        std::uint64_t value = 0;
        for (unsigned shift = 0;; shift += 7) {
            if (m_offset >= m_input.size()) return truncated(what);
            const auto b = static_cast<std::uint8_t>(m_input[m_offset++]);
            if (shift == 63 && b > 1) {
                fail_at(start, errc::invalid_value, detail::text(what, ": varint exceeds 64 bits"));
                return std::nullopt;
            }
            value |= std::uint64_t{b & 0x7Fu} << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift != 0) {
                    fail_at(start, errc::non_canonical, detail::text(what, ": overlong varint"));
                    return std::nullopt;
                }
                return value;
            }
        }
    }

    // An unsigned varint that must fit in T.
    template <class T>
    [[nodiscard]] std::optional<T> unsigned_int(const char* what) {
        const std::size_t start = m_offset;
        const auto v = varint(what);
        if (!v) return std::nullopt;
        if (*v > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
            fail_at(start, errc::invalid_value, detail::text(what, ": ", *v, " does not fit"));
            return std::nullopt;
        }
        return static_cast<T>(*v);
    }

    // A zigzag varint that must fit in the signed type T.
    template <class T>
    [[nodiscard]] std::optional<T> signed_int(const char* what) {
        const std::size_t start = m_offset;
        const auto v = varint(what);
        if (!v) return std::nullopt;
        const auto decoded = static_cast<std::int64_t>((*v >> 1) ^ (~(*v & 1) + 1));
        if (decoded < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
            decoded > static_cast<std::int64_t>(std::numeric_limits<T>::max())) {
            fail_at(start, errc::invalid_value, detail::text(what, ": ", decoded, " does not fit"));
            return std::nullopt;
        }
        return static_cast<T>(decoded);
    }

    // n raw bytes, viewed in place.
    [[nodiscard]] std::optional<std::span<const std::byte>> bytes(std::size_t n, const char* what) {
        if (!ok()) return std::nullopt;
        if (n > remaining()) return truncated(what);
        const auto view = m_input.subspan(m_offset, n);
        m_offset += n;
        return view;
    }

    // The bytes read since offset `start` (an offset this reader has passed), e.g. to compare
    // the encodings of consecutive elements.
    [[nodiscard]] std::span<const std::byte> consumed_since(std::size_t start) const noexcept {
        return m_input.subspan(start, m_offset - start);
    }

    // A count prefix of items that take at least `min_item_bytes` each: bounded by
    // limits().max_count and by what the remaining input could hold, so that a caller may
    // reserve that many items.
    [[nodiscard]] std::optional<std::size_t> count(const char* what,
                                                   std::size_t min_item_bytes = 1) {
        const std::size_t start = m_offset;
        const auto n = varint(what);
        if (!n) return std::nullopt;
        return bounded_count(*n, start, what, min_item_bytes);
    }

    // A count prefix that may be marked: written one byte longer than its shortest varint
    // (the last byte's high bit set, then 0x00), a form varint() refuses as overlong, so that
    // the mark needs no format version to be read. Returns the count, bounded as by count(),
    // and whether it was marked.
    [[nodiscard]] std::optional<std::pair<std::size_t, bool>> marked_count(
        const char* what, std::size_t min_item_bytes = 1) {
        if (!ok()) return std::nullopt;
        const std::size_t start = m_offset;
        std::uint64_t value = 0;
        bool marked = false;
        for (unsigned shift = 0;; shift += 7) {
            if (m_offset >= m_input.size()) return truncated(what);
            const auto b = static_cast<std::uint8_t>(m_input[m_offset++]);
            if (b == 0 && shift != 0) {
                // The mark: what came before it must be a shortest varint but for its last
                // high bit, so its last group is not zero unless it is the only one.
                const auto last = static_cast<std::uint8_t>(m_input[m_offset - 2]) & 0x7Fu;
                if (last == 0 && shift > 7) {
                    fail_at(start, errc::non_canonical,
                            detail::text(what, ": overlong marked count"));
                    return std::nullopt;
                }
                marked = true;
                break;
            }
            if (shift == 63 && b > 1) {
                fail_at(start, errc::invalid_value, detail::text(what, ": varint exceeds 64 bits"));
                return std::nullopt;
            }
            value |= std::uint64_t{b & 0x7Fu} << shift;
            if ((b & 0x80) == 0) break;
        }
        const auto n = bounded_count(value, start, what, min_item_bytes);
        if (!n) return std::nullopt;
        return std::pair<std::size_t, bool>{*n, marked};
    }

    // A length prefix of a string or byte string, bounded by limits().max_string and by the
    // remaining input.
    [[nodiscard]] std::optional<std::size_t> length(const char* what) {
        const std::size_t start = m_offset;
        const auto n = varint(what);
        if (!n) return std::nullopt;
        if (*n > m_limits.max_string) {
            fail_at(
                start, errc::limit_exceeded,
                detail::text(what, ": length ", *n, " exceeds max_string ", m_limits.max_string));
            return std::nullopt;
        }
        if (*n > remaining()) {
            fail_at(start, errc::truncated_input,
                    detail::text(what, ": length ", *n, " but only ", remaining(), " bytes left"));
            return std::nullopt;
        }
        return static_cast<std::size_t>(*n);
    }

    // Enters a nested value; fails past limits().max_depth. Pair with leave().
    [[nodiscard]] bool enter(const char* what) {
        if (!ok()) return false;
        if (++m_depth > m_limits.max_depth) {
            fail(errc::limit_exceeded,
                 detail::text(what, ": nesting deeper than max_depth ", m_limits.max_depth));
            return false;
        }
        return true;
    }
    void leave() noexcept { --m_depth; }

private:
    [[nodiscard]] std::optional<std::size_t> bounded_count(std::uint64_t n, std::size_t start,
                                                           const char* what,
                                                           std::size_t min_item_bytes) {
        if (n > m_limits.max_count) {
            fail_at(start, errc::limit_exceeded,
                    detail::text(what, ": count ", n, " exceeds max_count ", m_limits.max_count));
            return std::nullopt;
        }
        if (min_item_bytes > 0 && n > remaining() / min_item_bytes) {
            fail_at(start, errc::truncated_input,
                    detail::text(what, ": count ", n, " needs more than the ", remaining(),
                                 " bytes left"));
            return std::nullopt;
        }
        return static_cast<std::size_t>(n);
    }

    std::nullopt_t truncated(const char* what) {
        fail(errc::truncated_input, detail::text(what, ": input ends early"));
        return std::nullopt;
    }

    std::span<const std::byte> m_input;
    decode_limits m_limits;
    std::size_t m_offset = 0;
    std::size_t m_depth = 0;
    std::uint64_t m_format_version = std::numeric_limits<std::uint64_t>::max();
    std::optional<failure> m_failure;
};

}  // namespace converge::inline v1
