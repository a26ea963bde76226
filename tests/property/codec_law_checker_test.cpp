// SPDX-License-Identifier: MIT
// The codec law checker must pass converge's codecs and report each broken law on a codec
// built to break exactly that law: a checker that cannot fail proves nothing.
#include <converge/codec/causal_context.hpp>
#include <converge/codec/envelope.hpp>
#include <converge/codec/or_set.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/testing/arbitrary/or_set.hpp>
#include <converge/testing/codec_laws.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace {

// An OR-set whose codec writes elements in hash-table order: it round-trips, but equal sets
// built in different orders get different bytes.
struct hash_order_set {
    converge::or_set<std::uint64_t> set;
    hash_order_set& merge(const hash_order_set& o) {
        set.merge(o.set);
        return *this;
    }
    friend bool operator==(const hash_order_set&, const hash_order_set&) = default;
};

// A number whose decoder accepts overlong varints: 0x85 0x00 reads as 5.
struct lenient_number {
    std::uint64_t value = 0;
    friend bool operator==(const lenient_number&, const lenient_number&) = default;
};

// Two numbers whose decoder treats a missing second one as 0: a truncated input decodes.
struct optional_tail {
    std::uint64_t first = 0;
    std::uint64_t second = 0;
    friend bool operator==(const optional_tail&, const optional_tail&) = default;
};

// A 32-bit number written as 16 bits: large values do not come back.
struct narrowing_number {
    std::uint32_t value = 0;
    friend bool operator==(const narrowing_number&, const narrowing_number&) = default;
};

}  // namespace

namespace converge {

template <>
struct codec<hash_order_set> {
    static constexpr std::uint64_t type_tag = 1001;
    static constexpr const char* type_name = "hash_order_set";
    using context_codec = codec<causal_context<std::uint64_t>>;

    static void encode(byte_writer& w, const hash_order_set& s) {
        context_codec::encode(w, s.set.context());
        w.varint(s.set.size());
        for (const auto& e : s.set.entries()) {  // unordered: the planted bug
            w.varint(e.element);
            w.varint(e.dots.size());
            for (const auto& d : e.dots) {
                w.varint(d.replica);
                w.varint(d.counter);
            }
        }
    }
    static std::optional<hash_order_set> decode(byte_reader& r) {
        auto context = context_codec::decode(r);
        const auto n = r.count("elements", 3);
        if (!context || !n) return std::nullopt;
        std::vector<or_set<std::uint64_t>::entry> entries;
        for (std::size_t i = 0; i < *n; ++i) {
            const auto element = r.varint("element");
            const auto d = r.count("dots", 2);
            if (!element || !d) return std::nullopt;
            std::vector<dot<std::uint64_t>> dots;
            for (std::size_t j = 0; j < *d; ++j) {
                const auto replica = r.varint("replica");
                const auto counter = r.varint("counter");
                if (!replica || !counter) return std::nullopt;
                dots.push_back({*replica, *counter});
            }
            entries.push_back({*element, std::move(dots)});
        }
        auto set = or_set<std::uint64_t>::from_parts(std::move(entries), std::move(*context));
        if (!set) {
            r.fail(errc::invalid_value, std::string(set.message()));
            return std::nullopt;
        }
        return hash_order_set{std::move(*set)};
    }
};

template <>
struct codec<lenient_number> {
    static constexpr std::uint64_t type_tag = 1002;
    static constexpr const char* type_name = "lenient_number";

    static void encode(byte_writer& w, const lenient_number& n) { w.varint(n.value); }
    static std::optional<lenient_number> decode(byte_reader& r) {
        std::uint64_t value = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            const auto b = r.byte("lenient varint");
            if (!b) return std::nullopt;
            value |= std::uint64_t{*b & 0x7Fu} << shift;
            if ((*b & 0x80) == 0) return lenient_number{value};  // no overlong check: the bug
        }
        r.fail(errc::invalid_value, "lenient varint too long");
        return std::nullopt;
    }
};

template <>
struct codec<optional_tail> {
    static constexpr std::uint64_t type_tag = 1003;
    static constexpr const char* type_name = "optional_tail";

    static void encode(byte_writer& w, const optional_tail& t) {
        w.varint(t.first);
        w.varint(t.second);
    }
    static std::optional<optional_tail> decode(byte_reader& r) {
        const auto first = r.varint("first");
        if (!first) return std::nullopt;
        if (r.remaining() == 0) return optional_tail{*first, 0};  // the bug
        const auto second = r.varint("second");
        if (!second) return std::nullopt;
        return optional_tail{*first, *second};
    }
};

template <>
struct codec<narrowing_number> {
    static constexpr std::uint64_t type_tag = 1004;
    static constexpr const char* type_name = "narrowing_number";

    static void encode(byte_writer& w, const narrowing_number& n) {
        w.varint(static_cast<std::uint16_t>(n.value));  // the bug
    }
    static std::optional<narrowing_number> decode(byte_reader& r) {
        const auto v = r.unsigned_int<std::uint16_t>("narrowing number");
        if (!v) return std::nullopt;
        return narrowing_number{*v};
    }
};

}  // namespace converge

namespace rc {

template <>
struct Arbitrary<hash_order_set> {
    static Gen<hash_order_set> arbitrary() {
        return gen::map(
            gen::arbitrary<converge::or_set<std::uint64_t>>(),
            [](converge::or_set<std::uint64_t> s) { return hash_order_set{std::move(s)}; });
    }
};

template <>
struct Arbitrary<lenient_number> {
    static Gen<lenient_number> arbitrary() {
        return gen::map(gen::arbitrary<std::uint64_t>(),
                        [](std::uint64_t v) { return lenient_number{v}; });
    }
};

template <>
struct Arbitrary<optional_tail> {
    static Gen<optional_tail> arbitrary() {
        return gen::map(gen::pair(gen::arbitrary<std::uint64_t>(), gen::arbitrary<std::uint64_t>()),
                        [](const std::pair<std::uint64_t, std::uint64_t>& p) {
                            return optional_tail{p.first, p.second};
                        });
    }
};

template <>
struct Arbitrary<narrowing_number> {
    static Gen<narrowing_number> arbitrary() {
        return gen::map(gen::arbitrary<std::uint32_t>(),
                        [](std::uint32_t v) { return narrowing_number{v}; });
    }
};

}  // namespace rc

using namespace converge::testing;

// For codecs built to fail: no shrinking, and no "to reproduce" line at exit.
static const check_options expect_failure{.shrink = false, .announce_failures = false};

TEST_CASE("a codec that writes a map in hash order is caught") {
    const law_report report = check_codec_roundtrip<hash_order_set>(expect_failure);
    INFO(report.summary());
    CHECK(report.violated(law_codec_canonical));
    CHECK_FALSE(report.violated(law_codec_roundtrip));
    CHECK_FALSE(report.violated(law_codec_truncation));
}

TEST_CASE("a decoder that accepts overlong varints is caught") {
    const law_report report = check_codec_roundtrip<lenient_number>(expect_failure);
    INFO(report.summary());
    CHECK(report.violated(law_codec_mutation));
    CHECK_FALSE(report.violated(law_codec_roundtrip));
    CHECK_FALSE(report.violated(law_codec_canonical));
    CHECK_FALSE(report.violated(law_codec_reencode));
    CHECK_FALSE(report.violated(law_codec_truncation));
}

TEST_CASE("a decoder that accepts a truncated input is caught") {
    const law_report report = check_codec_roundtrip<optional_tail>(expect_failure);
    INFO(report.summary());
    CHECK(report.violated(law_codec_truncation));
    CHECK_FALSE(report.violated(law_codec_roundtrip));
    CHECK_FALSE(report.violated(law_codec_canonical));
}

TEST_CASE("a codec that loses information is caught") {
    const law_report report = check_codec_roundtrip<narrowing_number>(expect_failure);
    INFO(report.summary());
    CHECK(report.violated(law_codec_roundtrip));
    CHECK_FALSE(report.violated(law_codec_truncation));
}

TEST_CASE("a correct codec passes every codec law") {
    const law_report report = check_codec_roundtrip<converge::or_set<std::uint64_t>>();
    INFO(report.summary());
    CHECK(report.passed());
}
