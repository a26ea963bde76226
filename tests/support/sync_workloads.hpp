// SPDX-License-Identifier: MIT
#pragma once

// The sync tests' updates: each replicated case of builtin_types.hpp, driven by a number `op` so
// that scripts are plain data (easy to generate, shrink and print).

#include "builtin_types.hpp"

#include <converge/testing/network_simulator.hpp>

#include <cstddef>
#include <cstdint>

namespace sync_test {

using set_type = converge_test::or_set_case::type;
using register_type = converge_test::lww_register_case::type;

// Makes one update at `node` of a simulated network, as Case's workload says.
template <class Case>
typename Case::type update(converge::testing::network_simulator<typename Case::type>& net,
                           std::size_t node, std::uint64_t op, std::uint64_t index) {
    using T = typename Case::type;
    return net.update(node, [&](T& s) { return Case::update(s, node, op, index); });
}

}  // namespace sync_test
