// SPDX-License-Identifier: MIT
#pragma once

// Property checks of a wire codec (docs/wire-format.md): it round-trips, it is canonical, and
// its decoder is hardened against truncated and corrupted bytes. Call
// check_codec_roundtrip<T>() for your own wire types once rc::Arbitrary<T> can generate them.
// Needs RapidCheck; not part of <converge/converge.hpp>.

#include <converge/codec/envelope.hpp>
#include <converge/core/concepts.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/testing/laws.hpp>
#include <converge/testing/property.hpp>

#include <rapidcheck.h>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace converge::inline v1::testing {

// Names of the codec laws, as they appear in law_report.
inline constexpr const char* law_codec_roundtrip = "decode(encode(x)) == x";
inline constexpr const char* law_codec_canonical = "equal values encode to equal bytes";
inline constexpr const char* law_codec_reencode = "encode(decode(bytes)) == bytes";
inline constexpr const char* law_codec_truncation = "every truncation is an error";
inline constexpr const char* law_codec_mutation = "corrupted bytes are an error or canonical";

namespace detail {

// Inputs up to this size get every single-byte corruption tried, larger ones a random sample.
inline constexpr std::size_t exhaustive_mutation_bytes = 96;

// A byte that varint and length decoding find interesting, or any byte.
[[nodiscard]] inline std::byte interesting_byte() {
    static constexpr std::uint8_t special[] = {0x00, 0x01, 0x02, 0x7F, 0x80, 0x81, 0xFF};
    const auto pick = *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::size_t>(0, 10));
    if (pick < sizeof special) return std::byte{special[pick]};
    return std::byte{*rc::gen::arbitrary<std::uint8_t>()};
}

// A uniform position in [0, n).
[[nodiscard]] inline std::size_t uniform_position(std::size_t n) {
    return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::size_t>(0, n));
}

// One random corruption of `bytes` (not empty): a bit flip, a byte inserted or deleted, or
// the last byte of a varint made to continue into a zero byte (an overlong form).
inline void corrupt(std::vector<std::byte>& bytes) {
    const auto kind = *rc::gen::resize(rc::kNominalSize, rc::gen::inRange(0, 4));
    if (bytes.empty()) {
        bytes.push_back(interesting_byte());
        return;
    }
    const std::size_t at = uniform_position(bytes.size());
    switch (kind) {
        case 0:
            bytes[at] ^= std::byte{static_cast<std::uint8_t>(1u << uniform_position(8))};
            break;
        case 1: {
            const std::size_t where = uniform_position(bytes.size() + 1);
            bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(where), interesting_byte());
            break;
        }
        case 2:
            bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(at));
            break;
        default:
            bytes[at] |= std::byte{0x80};
            bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at) + 1, std::byte{0});
            break;
    }
}

// The format version `bytes` say they are (after the magic); 0 if they say none.
[[nodiscard]] inline std::uint64_t stated_version(const std::vector<std::byte>& bytes) {
    byte_reader r(bytes);
    (void)r.byte("magic");
    (void)r.byte("magic");
    return r.varint("format version").value_or(0);
}

// Decodes `bytes`; fails the property unless decoding either returns an error that points
// inside the input, or a value that encodes to exactly `bytes`. Bytes of an older version
// that is still read (a flipped version byte can make them) are canonical in that version,
// not in this one: their value must encode to bytes that decode back to it.
template <class T>
void check_error_or_canonical(const std::vector<std::byte>& bytes, const char* how) {
    const result<T> r = decode<T>(bytes);
    if (!r) {
        RC_ASSERT(!r.message().empty());
        RC_ASSERT(r.byte_offset().value_or(0) <= bytes.size());
        return;
    }
    if (stated_version(bytes) < converge::detail::version_of<T>) {
        const result<T> again = decode<T>(encode(*r));
        if (!again || !(*again == *r))
            RC_FAIL(converge::detail::text("bytes corrupted by ", how,
                                           " decode, as an older version, to a value that "
                                           "does not survive its own encoding (",
                                           bytes.size(), " bytes)"));
        return;
    }
    if (encode(*r) != bytes)
        RC_FAIL(converge::detail::text("bytes corrupted by ", how,
                                       " decode to a value whose encoding differs from them (",
                                       bytes.size(), " bytes)"));
}

}  // namespace detail

namespace detail {

template <class T>
[[nodiscard]] law_report codec_laws(const check_options& options) {
    law_report report;
    report.record(law_codec_roundtrip,
                  run_property(
                      law_codec_roundtrip,
                      [](const T& x) {
                          const std::vector<std::byte> bytes = encode(x);
                          const result<T> back = decode<T>(bytes);
                          if (!back)
                              RC_FAIL(converge::detail::text("decode failed: ", back.message()));
                          RC_ASSERT(*back == x);
                      },
                      options));
    report.record(law_codec_canonical,
                  run_property(
                      law_codec_canonical,
                      [](const T& a, const T& b) {
                          const std::vector<std::byte> bytes_a = encode(a);
                          const std::vector<std::byte> bytes_b = encode(b);
                          RC_ASSERT((a == b) == (bytes_a == bytes_b));
                          const T copy = a;
                          RC_ASSERT(encode(copy) == bytes_a);
                          const result<T> rebuilt = decode<T>(bytes_a);
                          if (!rebuilt)
                              RC_FAIL(converge::detail::text("decode failed: ", rebuilt.message()));
                          if constexpr (crdt<T>) {
                              const T ab = join(a, b);
                              const T ba = join(b, a);
                              if (ab == ba) RC_ASSERT(encode(ab) == encode(ba));
                              // The same join, computed on a copy rebuilt from bytes.
                              const T rebuilt_b = join(*rebuilt, b);
                              if (rebuilt_b == ab) RC_ASSERT(encode(rebuilt_b) == encode(ab));
                          }
                      },
                      options));
    report.record(
        law_codec_reencode,
        run_property(
            law_codec_reencode,
            [](const T& x) {
                const std::vector<std::byte> bytes = encode(x);
                const result<T> back = decode<T>(bytes);
                if (!back) RC_FAIL(converge::detail::text("decode failed: ", back.message()));
                RC_ASSERT(encode(*back) == bytes);
                std::vector<std::byte> appended{std::byte{0xA5}, std::byte{0x5A}};
                encode(x, appended);
                RC_ASSERT(appended.size() == bytes.size() + 2);
                RC_ASSERT(std::vector<std::byte>(appended.begin() + 2, appended.end()) == bytes);
            },
            options));
    report.record(
        law_codec_truncation,
        run_property(
            law_codec_truncation,
            [](const T& x) {
                const std::vector<std::byte> bytes = encode(x);
                for (std::size_t n = 0; n < bytes.size(); ++n) {
                    const result<T> cut = decode<T>(std::span<const std::byte>(bytes.data(), n));
                    if (cut)
                        RC_FAIL(converge::detail::text("the first ", n, " of ", bytes.size(),
                                                       " bytes decode to a value"));
                    RC_ASSERT(cut.byte_offset().value_or(0) <= n);
                }
            },
            options));
    report.record(
        law_codec_mutation,
        run_property(
            law_codec_mutation,
            [](const T& x) {
                const std::vector<std::byte> bytes = encode(x);
                if (bytes.size() <= detail::exhaustive_mutation_bytes) {
                    for (std::size_t at = 0; at < bytes.size(); ++at) {
                        for (unsigned bit = 0; bit < 8; ++bit) {
                            std::vector<std::byte> flipped = bytes;
                            flipped[at] ^= std::byte{static_cast<std::uint8_t>(1u << bit)};
                            detail::check_error_or_canonical<T>(flipped, "a bit flip");
                        }
                        std::vector<std::byte> overlong = bytes;
                        overlong[at] |= std::byte{0x80};
                        overlong.insert(overlong.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                                        std::byte{0});
                        detail::check_error_or_canonical<T>(overlong, "an overlong varint");
                        std::vector<std::byte> shorter = bytes;
                        shorter.erase(shorter.begin() + static_cast<std::ptrdiff_t>(at));
                        detail::check_error_or_canonical<T>(shorter, "a deleted byte");
                    }
                }
                for (int round = 0; round < 8; ++round) {
                    std::vector<std::byte> mutated = bytes;
                    const int corruptions = *rc::gen::inRange(1, 4);
                    for (int i = 0; i < corruptions; ++i) detail::corrupt(mutated);
                    detail::check_error_or_canonical<T>(mutated, "random corruption");
                }
            },
            options));
    return report;
}

}  // namespace detail

// Checks, for values drawn from rc::Arbitrary<T>, that T's wire codec
//  - round-trips: decode(encode(x)) == x;
//  - is canonical: equal values encode to equal bytes, also when they were reached differently
//    (a copy, a value rebuilt through decode, and for CRDTs join(a, b) against join(b, a) and
//    a join computed on a decoded copy), and different values to different bytes;
//  - re-encodes: encode(decode(bytes)) == bytes for valid bytes, and the appending encode()
//    writes exactly those bytes after what the buffer held;
//  - rejects truncation: every proper prefix of an encoding is an error, never a value;
//  - survives corruption: bytes with bits flipped, bytes inserted or deleted, or varints made
//    overlong either give an error (pointing inside the input) or decode to a value whose
//    encoding is exactly those bytes. Any exception fails the check.
//
//     REQUIRE(converge::testing::check_codec_roundtrip<converge::or_set<std::string>>());
template <class T>
[[nodiscard]] law_report check_codec_roundtrip(const check_options& options = {}) {
    // If this fires, T has no codec<T> with a type_tag and a type_name: specialise
    // converge::codec<T> as include/converge/codec/codec.hpp describes.
    static_assert(wire_type<T>,
                  "converge::testing::check_codec_roundtrip<T>: T must be a converge::wire_type "
                  "(a converge::codec<T> specialisation with encode, decode, type_tag and "
                  "type_name)");
    // If this fires, T cannot be compared: the checks need `a == b`.
    static_assert(std::equality_comparable<T>,
                  "converge::testing::check_codec_roundtrip<T>: T must be equality comparable");

    if constexpr (wire_type<T> && std::equality_comparable<T>)
        return detail::codec_laws<T>(options);
    else
        return {};
}

}  // namespace converge::inline v1::testing
