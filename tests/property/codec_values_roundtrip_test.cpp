// SPDX-License-Identifier: MIT
// Every value type of the built-in list (support/builtin_types.hpp: clocks, contexts), with
// several replica-id types, passes the codec laws: it round-trips, is canonical, and its decoder
// rejects truncated and corrupted bytes.
#include <converge/converge.hpp>
#include <converge/testing/arbitrary.hpp>
#include <converge/testing/codec_laws.hpp>

#include "builtin_types.hpp"
#include "support/uuid.hpp"
#include "test_support.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using converge::testing::check_codec_roundtrip;
using converge::testing::law_report;

namespace {

template <class T>
void check_codec() {
    const law_report report = check_codec_roundtrip<T>();
    INFO(converge::codec<T>::type_name << ": " << report.summary());
    CHECK(report.passed());
}

}  // namespace

TEST_CASE("every value type of the built-in list passes the codec laws") {
    converge_test::for_each_type(converge_test::value_types{}, []<class T>() { check_codec<T>(); });
}
