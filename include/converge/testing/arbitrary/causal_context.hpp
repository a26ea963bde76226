// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary for causal_context<ReplicaId>, for any ReplicaId RapidCheck can generate.
// Needs RapidCheck; not part of <converge/converge.hpp>.

#include <converge/core/causal_context.hpp>
#include <converge/core/detail/mix.hpp>
#include <converge/core/dot.hpp>

#include <rapidcheck.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace converge::inline v1::testing::detail {

// A few distinct replica ids, the same in every call of a process: drawn from
// rc::gen::arbitrary<ReplicaId>() with fixed seeds, so that independently generated states
// share replicas (and therefore overlap) as real replicas' states do.
template <class ReplicaId>
[[nodiscard]] const std::vector<ReplicaId>& causal_replica_pool() {
    static const std::vector<ReplicaId> pool = [] {
        std::vector<ReplicaId> ids;
        const rc::Gen<ReplicaId> gen = rc::gen::arbitrary<ReplicaId>();
        for (std::uint64_t seed = 1; ids.size() < 3 && seed < 64; ++seed) {
            ReplicaId id = gen(rc::Random(seed * converge::detail::golden_gamma), 20).value();
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    }();
    return pool;
}

// A uniform pick from [low, high), unlike rc::gen::inRange, which favours small values at
// small sizes (that would make the first replica and the first kind of step dominate). Call
// only inside rc::gen::exec or a property.
template <class Integer>
[[nodiscard]] Integer causal_uniform(Integer low, Integer high) {
    return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<Integer>(low, high));
}

}  // namespace converge::inline v1::testing::detail

namespace rc {

// Contexts over a small fixed pool of replicas (see causal_replica_pool) with counters up to
// about 24: single dots and short ranges, so clouds with holes and contiguous prefixes both
// occur, and independently generated contexts overlap.
template <class ReplicaId>
struct Arbitrary<converge::causal_context<ReplicaId>> {
    static Gen<converge::causal_context<ReplicaId>> arbitrary() {
        return gen::exec([] {
            namespace cd = converge::testing::detail;
            const auto& pool = cd::causal_replica_pool<ReplicaId>();
            converge::causal_context<ReplicaId> ctx;
            const int inserts = *gen::inRange(0, 12);
            for (int i = 0; i < inserts; ++i) {
                const ReplicaId& r = pool[cd::causal_uniform<std::size_t>(0, pool.size())];
                const auto first = cd::causal_uniform<std::uint64_t>(1, 20);
                const auto length = cd::causal_uniform<std::uint64_t>(0, 5);
                ctx.insert_range(r, first, first + length);
            }
            return ctx;
        });
    }
};

}  // namespace rc
