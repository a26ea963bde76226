// SPDX-License-Identifier: MIT
// Every wire type, with several element and replica-id types, passes the codec laws: it
// round-trips, is canonical, and its decoder rejects truncated and corrupted bytes.
#include <converge/converge.hpp>
#include <converge/testing/arbitrary.hpp>
#include <converge/testing/codec_laws.hpp>

#include "support/uuid.hpp"
#include "test_support.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using converge::testing::check_codec_roundtrip;
using converge::testing::law_report;
using converge_test::uuid;

namespace {

template <class T>
void check_codec() {
    const law_report report = check_codec_roundtrip<T>();
    INFO(report.summary());
    CHECK(report.passed());
}

}  // namespace

TEST_CASE("clocks pass the codec laws") {
    check_codec<converge::lamport_clock<>>();
    check_codec<converge::lamport_clock<std::uint32_t>>();
    check_codec<converge::hlc_timestamp>();
    check_codec<converge::vector_clock<>>();
    check_codec<converge::vector_clock<std::string>>();
    check_codec<converge::vector_clock<uuid, std::uint32_t>>();
}

TEST_CASE("causal contexts pass the codec laws") {
    check_codec<converge::causal_context<>>();
    check_codec<converge::causal_context<std::string>>();
    check_codec<converge::causal_context<uuid>>();
}

TEST_CASE("counters and their digests pass the codec laws") {
    check_codec<converge::g_counter<>>();
    check_codec<converge::g_counter<std::string>>();
    check_codec<converge::g_counter<uuid, std::uint32_t>>();
    check_codec<converge::pn_counter<>>();
    check_codec<converge::pn_counter<std::string, std::uint16_t>>();
    check_codec<converge::g_counter<>::digest_type>();
    check_codec<converge::g_counter<uuid>::digest_type>();
    check_codec<converge::pn_counter<>::digest_type>();
    check_codec<converge::pn_counter<std::string>::digest_type>();
}

TEST_CASE("registers and their digests pass the codec laws") {
    check_codec<converge::lww_register<std::string>>();
    check_codec<converge::lww_register<std::int64_t, std::string>>();
    check_codec<converge::lww_register<std::string, uuid, std::uint64_t>>();
    check_codec<converge::lww_register<std::string>::digest_type>();
    check_codec<converge::lww_register<std::string, uuid, std::uint64_t>::digest_type>();
}

TEST_CASE("OR-sets pass the codec laws") {
    check_codec<converge::or_set<std::uint64_t>>();
    check_codec<converge::or_set<std::string, std::string>>();
    check_codec<converge::or_set<std::int32_t, std::uint32_t>>();
}
