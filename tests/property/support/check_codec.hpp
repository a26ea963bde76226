// SPDX-License-Identifier: MIT
#pragma once

// The codec-law check of one wire type, shared by the codec round-trip test programs.

#include <converge/converge.hpp>
#include <converge/testing/arbitrary.hpp>
#include <converge/testing/codec_laws.hpp>

#include "test_support.hpp"
#include "uuid.hpp"

namespace converge_test {

// Checks T's codec laws and fails the current test case with the report if one is violated.
template <class T>
void check_codec() {
    const converge::testing::law_report report = converge::testing::check_codec_roundtrip<T>();
    INFO(converge::codec<T>::type_name << ": " << report.summary());
    CHECK(report.passed());
}

}  // namespace converge_test
