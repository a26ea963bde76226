// SPDX-License-Identifier: MIT
#pragma once

// The one list of converge's built-in types that every per-type test walks: the codec laws,
// the golden vectors' coverage, redundancy removal, sync convergence under the simulator, and
// the fuzz drivers of sync messages and persisted endpoints. A built-in replicated type gets a
// case below (its name, the parameterisations the wire tests use, one update for the sync
// tests) and a place in `replicated_cases`; a value with a codec that is not replicated goes
// into `value_types`. The golden test fails when a wire tag is served by no type listed here.
//
// Needs no RapidCheck, so the libFuzzer harnesses can include it too.

#include <converge/converge.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace converge_test {

template <class... Ts>
struct type_list {};

// Calls fn.template operator()<T>() for every T of the list, in order.
template <class... Ts, class F>
void for_each_type(type_list<Ts...>, F&& fn) {
    (fn.template operator()<Ts>(), ...);
}

// A test too heavy for one executable is built several times from one source
// (converge_add_tests_here's SHARDS), each time with CONVERGE_TEST_SHARD and
// CONVERGE_TEST_SHARDS defined, so that its shards compile and run in parallel. This calls fn
// for the Ts of the list that fall to this shard (every SHARDS-th, from SHARD on); for all of
// them in an executable that is not split.
template <class... Ts, class F>
void for_each_type_of_shard(type_list<Ts...>, F&& fn) {
#ifdef CONVERGE_TEST_SHARDS
    constexpr std::size_t shard = CONVERGE_TEST_SHARD, shards = CONVERGE_TEST_SHARDS;
#else
    constexpr std::size_t shard = 0, shards = 1;
#endif
    static_assert(shard < shards, "converge tests: CONVERGE_TEST_SHARD out of range");
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (
            [&] {
                if constexpr (I % shards == shard) fn.template operator()<Ts>();
            }(),
            ...);
    }
    (std::index_sequence_for<Ts...>{});
}

using uuid = std::array<std::byte, 16>;

struct g_counter_case {
    static constexpr const char* name = "g_counter";
    using type = converge::g_counter<>;
    using variants =
        type_list<type, converge::g_counter<std::string>, converge::g_counter<uuid, std::uint32_t>>;
    static type update(type& s, std::size_t node, std::uint64_t op, std::uint64_t) {
        return s.increment(node, op % 3 + 1);
    }
};

struct pn_counter_case {
    static constexpr const char* name = "pn_counter";
    using type = converge::pn_counter<>;
    using variants = type_list<type, converge::pn_counter<std::string, std::uint16_t>>;
    static type update(type& s, std::size_t node, std::uint64_t op, std::uint64_t) {
        return op % 2 == 0 ? s.increment(node, op % 5 + 1) : s.decrement(node, op % 5 + 1);
    }
};

struct lww_register_case {
    static constexpr const char* name = "lww_register";
    using type = converge::lww_register<std::uint64_t>;
    using variants = type_list<type, converge::lww_register<std::string>,
                               converge::lww_register<std::int64_t, std::string>,
                               converge::lww_register<std::string, uuid, std::uint64_t>>;
    // `index` numbers the updates of a run, so no (timestamp, writer) pair repeats.
    static type update(type& s, std::size_t node, std::uint64_t op, std::uint64_t index) {
        return s.assign(node, op, converge::hlc_timestamp(1'700'000'000'000 + index * 7 % 1000, 0));
    }
};

struct or_set_case {
    static constexpr const char* name = "or_set";
    using type = converge::or_set<std::uint64_t>;
    using variants = type_list<type, converge::or_set<std::string, std::string>,
                               converge::or_set<std::int32_t, std::uint32_t>>;
    // A few elements only, so removes, re-adds and concurrent add/remove are common.
    static type update(type& s, std::size_t node, std::uint64_t op, std::uint64_t) {
        const std::uint64_t element = (op / 3) % 6;
        return op % 3 == 0 ? s.remove(element) : s.add(node, element);
    }
};

struct mv_register_case {
    static constexpr const char* name = "mv_register";
    using type = converge::mv_register<std::uint64_t>;
    using variants = type_list<type, converge::mv_register<std::string, std::string>>;
    static type update(type& s, std::size_t node, std::uint64_t op, std::uint64_t) {
        return op % 5 == 0 ? s.clear() : s.write(node, op % 7);
    }
};

struct flags_case {
    static constexpr const char* name = "enable_wins_flag";
    using type = converge::enable_wins_flag<>;
    using variants = type_list<type, converge::enable_wins_flag<std::string>,
                               converge::disable_wins_flag<>, converge::disable_wins_flag<uuid>>;
    static type update(type& s, std::size_t node, std::uint64_t op, std::uint64_t) {
        return op % 2 == 0 ? s.enable(node) : s.disable();
    }
};

// A notebook: note -> field -> text, so updates and removes race at two depths.
struct or_map_case {
    static constexpr const char* name = "or_map";
    using note = converge::or_map<std::uint64_t, converge::mv_register<std::uint64_t>>;
    using type = converge::or_map<std::uint64_t, note>;
    using variants =
        type_list<type, converge::or_map<std::string, converge::or_set<std::string, std::string>>,
                  converge::or_map<std::string, converge::disable_wins_flag<>>>;
    static type update(type& s, std::size_t node, std::uint64_t op, std::uint64_t) {
        const std::uint64_t key = (op / 4) % 4;
        const std::uint64_t field = (op / 16) % 3;
        if (op % 4 == 0) return s.remove(key);
        return s.update(key, [&](note& n) {
            if (op % 4 == 1) return n.remove(field);
            return n.update(field, [&](auto& r) { return r.write(node, op % 5); });
        });
    }
};

struct causal_counter_case {
    static constexpr const char* name = "causal_counter";
    using type = converge::causal_counter<>;
    using variants =
        type_list<type, converge::causal_counter<std::string>, converge::causal_counter<uuid>>;
    static type update(type& s, std::size_t node, std::uint64_t op, std::uint64_t) {
        if (op % 7 == 0) return s.reset();
        return op % 3 == 0 ? s.decrement(node, op % 5 + 1) : s.increment(node, op % 5 + 1);
    }
};

struct causal_lww_register_case {
    static constexpr const char* name = "causal_lww_register";
    using type = converge::causal_lww_register<std::uint64_t>;
    using variants = type_list<type, converge::causal_lww_register<std::string, std::string>,
                               converge::causal_lww_register<std::int64_t, uuid, std::uint64_t>>;
    // Few timestamps, so concurrent writes often tie on the timestamp.
    static type update(type& s, std::size_t node, std::uint64_t op, std::uint64_t) {
        if (op % 6 == 0) return s.clear();
        return s.write(node, converge::hlc_timestamp(1'700'000'000'000 + op % 3, 0), op % 7);
    }
};

// Every replicated (delta CRDT) type: the sync tests run each case's `type`, the wire tests
// each of its `variants` and their digests.
using replicated_cases =
    type_list<g_counter_case, pn_counter_case, lww_register_case, or_set_case, mv_register_case,
              flags_case, or_map_case, causal_counter_case, causal_lww_register_case>;

// The values with a codec that are not replicated types.
using value_types =
    type_list<converge::lamport_clock<>, converge::lamport_clock<std::uint32_t>,
              converge::hlc_timestamp, converge::vector_clock<>,
              converge::vector_clock<std::string>, converge::vector_clock<uuid, std::uint32_t>,
              converge::causal_context<>, converge::causal_context<std::string>,
              converge::causal_context<uuid>>;

// Calls fn.template operator()<T>() for every replicated variant and its digest; with
// this_shard_only, only for the cases of this shard (see for_each_type_of_shard).
template <bool this_shard_only = false, class F>
void for_each_replicated_wire_type(F&& fn) {
    const auto each_case = [](auto&& visit) {
        if constexpr (this_shard_only)
            for_each_type_of_shard(replicated_cases{}, visit);
        else
            for_each_type(replicated_cases{}, visit);
    };
    each_case([&]<class Case>() {
        for_each_type(typename Case::variants{}, [&]<class T>() {
            fn.template operator()<T>();
            fn.template operator()<typename T::digest_type>();
        });
    });
}

// Calls fn.template operator()<T>() for every wire type the lists name: the value types, then
// each replicated variant and its digest.
template <class F>
void for_each_wire_type(F&& fn) {
    for_each_type(value_types{}, fn);
    for_each_replicated_wire_type(fn);
}

}  // namespace converge_test
