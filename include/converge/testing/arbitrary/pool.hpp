// SPDX-License-Identifier: MIT
#pragma once

// Small fixed pools of values for the generators in testing/arbitrary/: independently generated
// states must share replica ids (and timestamps) often, as the states of one system's replicas
// do, or merges rarely meet an interesting case. Needs RapidCheck; not part of
// <converge/converge.hpp>.

#include <converge/clock/hlc_timestamp.hpp>
#include <converge/core/detail/mix.hpp>

#include <rapidcheck.h>

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

namespace converge::inline v1::testing {

// Up to Count distinct values of T, sorted, the same in every call of a process: 1..Count for
// integers (readable counterexamples), a run of close timestamps for hlc_timestamp, otherwise
// values of rc::gen::arbitrary<T>() drawn with fixed seeds (fewer when T has fewer values).
template <class T, std::size_t Count>
[[nodiscard]] const std::vector<T>& small_pool() {
    static_assert(Count > 0, "converge::testing::small_pool: Count must be positive");
    static const std::vector<T> pool = [] {
        std::vector<T> values;
        if constexpr (std::integral<T> && !std::same_as<T, bool>) {
            for (std::size_t i = 1; i <= Count; ++i) values.push_back(static_cast<T>(i));
        } else if constexpr (std::same_as<T, hlc_timestamp>) {
            // Pairs share a wall time, so the logical part matters too.
            for (std::size_t i = 0; i < Count; ++i)
                values.emplace_back(1'700'000'000'000 + i / 2, static_cast<std::uint16_t>(i % 2));
        } else {
            const rc::Gen<T> gen = rc::gen::arbitrary<T>();
            for (std::uint64_t seed = 1; values.size() < Count && seed <= 16 * Count; ++seed) {
                T value = gen(rc::Random(seed * converge::detail::golden_gamma), 20).value();
                if (std::find(values.begin(), values.end(), value) == values.end())
                    values.push_back(std::move(value));
            }
        }
        std::sort(values.begin(), values.end());
        return values;
    }();
    return pool;
}

// A generator choosing among small_pool<T, Count>().
template <class T, std::size_t Count>
[[nodiscard]] rc::Gen<T> gen_small_pool() {
    return rc::gen::elementOf(small_pool<T, Count>());
}

// A value of T that depends only on `seed`: drawn from rc::gen::arbitrary<T>() with that seed.
// Lets generators make a value a function of something else (a register's write key).
template <class T>
[[nodiscard]] T value_for_seed(std::uint64_t seed) {
    return rc::gen::arbitrary<T>()(rc::Random(seed * converge::detail::mix64_multiplier_1 + 1), 20)
        .value();
}

}  // namespace converge::inline v1::testing
