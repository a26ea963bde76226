// SPDX-License-Identifier: MIT
#pragma once

// One update per CRDT type for the sync tests, driven by a number `op` so that scripts are
// plain data (easy to generate, shrink and print): which mutation and on what.

#include <converge/converge.hpp>
#include <converge/testing/network_simulator.hpp>

#include <cstddef>
#include <cstdint>

namespace sync_test {

using set_type = converge::or_set<std::uint64_t>;
using register_type = converge::lww_register<std::uint64_t>;

template <class T>
struct workload;

template <>
struct workload<converge::g_counter<>> {
    static constexpr const char* name = "g_counter";
    static converge::g_counter<> apply(converge::g_counter<>& s, std::size_t node, std::uint64_t op,
                                       std::uint64_t) {
        return s.increment(node, op % 3 + 1);
    }
};

template <>
struct workload<converge::pn_counter<>> {
    static constexpr const char* name = "pn_counter";
    static converge::pn_counter<> apply(converge::pn_counter<>& s, std::size_t node,
                                        std::uint64_t op, std::uint64_t) {
        return op % 2 == 0 ? s.increment(node, op % 5 + 1) : s.decrement(node, op % 5 + 1);
    }
};

template <>
struct workload<register_type> {
    static constexpr const char* name = "lww_register";
    // `index` numbers the updates of a run, so no (timestamp, writer) pair repeats.
    static register_type apply(register_type& s, std::size_t node, std::uint64_t op,
                               std::uint64_t index) {
        return s.assign(node, op, converge::hlc_timestamp(1'700'000'000'000 + index * 7 % 1000, 0));
    }
};

template <>
struct workload<set_type> {
    static constexpr const char* name = "or_set";
    // A few elements only, so removes, re-adds and concurrent add/remove are common.
    static set_type apply(set_type& s, std::size_t node, std::uint64_t op, std::uint64_t) {
        const std::uint64_t element = (op / 3) % 6;
        return op % 3 == 0 ? s.remove(element) : s.add(node, element);
    }
};

// Makes one update at `node` of a simulated network.
template <class T>
T update(converge::testing::network_simulator<T>& net, std::size_t node, std::uint64_t op,
         std::uint64_t index) {
    return net.update(node, [&](T& s) { return workload<T>::apply(s, node, op, index); });
}

}  // namespace sync_test
