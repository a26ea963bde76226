// SPDX-License-Identifier: MIT
// Every value type of the built-in list (support/builtin_types.hpp: clocks, contexts), with
// several replica-id types, passes the codec laws: it round-trips, is canonical, and its decoder
// rejects truncated and corrupted bytes.
#include "builtin_types.hpp"
#include "support/check_codec.hpp"

using converge_test::check_codec;

TEST_CASE("every value type of the built-in list passes the codec laws") {
    converge_test::for_each_type(converge_test::value_types{}, []<class T>() { check_codec<T>(); });
}
