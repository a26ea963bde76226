// SPDX-License-Identifier: MIT
// The code shown in docs/testing.md, compiled and run: each region between `// [name]` and
// `// [/name]` is copied verbatim into the page (tests/docs checks the copies).
#include <converge/codec/envelope.hpp>
#include <converge/testing/arbitrary.hpp>
#include <converge/testing/codec_laws.hpp>
#include <converge/testing/fuzz_driver.hpp>
#include <converge/testing/laws.hpp>

#include "test_support.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// [my_type]
// A grow-only "high score" register: merge keeps the larger score.
struct high_score {
    std::uint64_t score = 0;
    high_score& merge(const high_score& other) {
        score = std::max(score, other.score);
        return *this;
    }
    friend bool operator==(const high_score&, const high_score&) = default;
};
// [/my_type]

// [my_generator]
namespace rc {
template <>
struct Arbitrary<high_score> {
    static Gen<high_score> arbitrary() {
        return gen::map(gen::arbitrary<std::uint64_t>(),
                        [](std::uint64_t s) { return high_score{s}; });
    }
};
}  // namespace rc
// [/my_generator]

// [my_codec]
template <>
struct converge::codec<high_score> {
    static constexpr std::uint64_t type_tag = 1024;  // tags from 1024 up are yours
    static constexpr const char* type_name = "high_score";

    static void encode(converge::byte_writer& w, const high_score& h) { w.varint(h.score); }
    static std::optional<high_score> decode(converge::byte_reader& r) {
        const auto score = r.varint("high_score");
        if (!score) return std::nullopt;  // r holds the failure
        return high_score{*score};
    }
};
// [/my_codec]

// [fuzz_policy]
// Tells the fuzz driver how one replica (0, 1 or 2) changes its state: returns the delta.
struct high_score_ops {
    using state_type = high_score;
    state_type mutate(state_type& s, std::size_t /*replica*/, converge::testing::fuzz_input& in) {
        const high_score delta{in.in_range(0, 1000)};
        s.merge(delta);
        return delta;
    }
    // Optional: checked on every state the script reaches.
    void check(const state_type& s) {
        const auto back = converge::decode<high_score>(converge::encode(s));
        converge::testing::fuzz_require(back && *back == s, "high_score does not round-trip");
    }
};

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    converge::testing::fuzz_merge_properties<high_score_ops>(data, size);
    return 0;
}
// [/fuzz_policy]

TEST_CASE("docs: the laws of a user type") {
    // [check_laws]
    const converge::testing::law_report lattice =
        converge::testing::check_lattice_laws<high_score>();
    INFO(lattice.summary());
    CHECK(lattice.passed());

    const converge::testing::law_report wire =
        converge::testing::check_codec_roundtrip<high_score>();
    INFO(wire.summary());
    CHECK(wire.passed());
    // [/check_laws]
}

TEST_CASE("docs: converge's generators in a property of your own") {
    // [generators]
    using set = converge::or_set<std::string>;
    const converge::testing::property_outcome outcome = converge::testing::run_property(
        "merge is a join, whatever the replicas' ids", [](const set& mine, const set& theirs) {
            RC_ASSERT(converge::join(mine, theirs) == converge::join(theirs, mine));
        });
    INFO(outcome.report);
    CHECK(outcome.passed);

    // Catch-up by digest needs unique dots: states of a correctly configured system.
    const converge::testing::property_outcome synced =
        converge::testing::run_property("a delta sync brings the asker up to date", [] {
            const set mine = *converge::testing::gen_consistent_or_set<set>();
            const set theirs = *converge::testing::gen_consistent_or_set<set>();
            set caught_up = mine;
            caught_up.merge(theirs.delta_since(mine.digest()));
            RC_ASSERT(caught_up == converge::join(mine, theirs));
        });
    INFO(synced.report);
    CHECK(synced.passed);
    // [/generators]
}

TEST_CASE("docs: a fuzz input replayed as a unit test") {
    // [replay]
    const std::vector<std::uint8_t> input = {0x00, 0x01, 0x07, 0x04, 0x02, 0x00, 0x05, 0x00};
    LLVMFuzzerTestOneInput(input.data(), input.size());  // aborts if a property fails
    // [/replay]
}
