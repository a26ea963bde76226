// SPDX-License-Identifier: MIT
// Every replicated type of the built-in list (support/builtin_types.hpp) and its digest, with
// several element and replica-id types, pass the codec laws: each round-trips, is canonical, and
// its decoder rejects truncated and corrupted bytes. Built as several executables, each taking
// its share of the cases (tests/property/CMakeLists.txt).
#include "builtin_types.hpp"
#include "support/check_codec.hpp"

using converge_test::check_codec;

TEST_CASE("every replicated type of the built-in list and its digest pass the codec laws") {
    converge_test::for_each_replicated_wire_type<true>([]<class T>() { check_codec<T>(); });
}
