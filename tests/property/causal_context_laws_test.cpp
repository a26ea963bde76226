// SPDX-License-Identifier: MIT
// The causal context against a model (a std::set of dots): lattice laws, insert, erase,
// merge, difference, intersection, and canonical parts.
#include <converge/core/causal_context.hpp>
#include <converge/testing/arbitrary/causal_context.hpp>
#include <converge/testing/laws.hpp>

#include "test_support.hpp"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

using converge::causal_context;
using converge::dot;
using converge::testing::check_lattice_laws;
using converge::testing::law_report;

namespace {

template <class R>
std::set<dot<R>> model_of(const causal_context<R>& ctx) {
    std::set<dot<R>> out;
    for (const auto& e : ctx.replicas()) {
        for (std::uint64_t c = 1; c <= e.contiguous; ++c) out.insert({e.replica, c});
        for (const auto& iv : e.cloud)
            for (std::uint64_t c = iv.first; c <= iv.last; ++c) out.insert({e.replica, c});
    }
    return out;
}

// Agrees with the model on every dot near the ones it holds, and is canonical.
template <class R>
void check_matches(const causal_context<R>& ctx, const std::set<dot<R>>& model) {
    RC_ASSERT(model_of(ctx) == model);
    RC_ASSERT(ctx.dot_count() == model.size());
    for (const auto& e : ctx.replicas()) {
        for (std::uint64_t c = 0; c <= ctx.max_counter(e.replica) + 2; ++c)
            RC_ASSERT(ctx.contains({e.replica, c}) == (model.count({e.replica, c}) == 1));
        RC_ASSERT(ctx.next_dot(e.replica).counter == ctx.max_counter(e.replica) + 1);
    }
    const auto rebuilt =
        causal_context<R>::from_parts({ctx.replicas().begin(), ctx.replicas().end()});
    RC_ASSERT(rebuilt.has_value());
    RC_ASSERT(*rebuilt == ctx);
}

template <class R>
void check_context_properties(const std::string& name) {
    using ctx_t = causal_context<R>;
    const law_report report = check_lattice_laws<ctx_t>();
    INFO(name << ": " << report.summary());
    CHECK(report.passed());

    CONVERGE_CHECK_PROPERTY(name + ": merge is set union", [](const ctx_t& a, const ctx_t& b) {
        std::set<dot<R>> model = model_of(a);
        const auto mb = model_of(b);
        model.insert(mb.begin(), mb.end());
        ctx_t ab = a;
        ab.merge(b);
        check_matches(ab, model);
    });

    CONVERGE_CHECK_PROPERTY(name + ": difference is set difference",
                            [](const ctx_t& a, const ctx_t& b) {
                                const auto mb = model_of(b);
                                std::set<dot<R>> model;
                                for (const auto& d : model_of(a))
                                    if (mb.count(d) == 0) model.insert(d);
                                check_matches(a.difference(b), model);
                            });

    CONVERGE_CHECK_PROPERTY(name + ": intersection is set intersection",
                            [](const ctx_t& a, const ctx_t& b) {
                                const auto mb = model_of(b);
                                std::set<dot<R>> model;
                                for (const auto& d : model_of(a))
                                    if (mb.count(d) == 1) model.insert(d);
                                check_matches(a.intersection(b), model);
                            });

    CONVERGE_CHECK_PROPERTY(
        name + ": insert and erase match a set of dots", [](const ctx_t& start) {
            const auto& replicas = converge::testing::detail::causal_replica_pool<R>();
            ctx_t ctx = start;
            std::set<dot<R>> model = model_of(ctx);
            const int steps = *rc::gen::inRange(0, 20);
            for (int i = 0; i < steps; ++i) {
                const R& r = replicas[*rc::gen::inRange<std::size_t>(0, replicas.size())];
                const auto first = *rc::gen::inRange<std::uint64_t>(1, 30);
                const auto last = first + *rc::gen::inRange<std::uint64_t>(0, 4);
                switch (*rc::gen::inRange(0, 3)) {
                    case 0:
                        ctx.insert({r, first});
                        model.insert({r, first});
                        break;
                    case 1:
                        ctx.insert_range(r, first, last);
                        for (std::uint64_t c = first; c <= last; ++c) model.insert({r, c});
                        break;
                    default: {
                        std::vector<dot<R>> gone;
                        for (std::uint64_t c = first; c <= last; c += 2) gone.push_back({r, c});
                        gone.push_back({r, first});  // duplicates are fine
                        ctx.erase(gone);
                        for (const auto& d : gone) model.erase(d);
                    }
                }
                check_matches(ctx, model);
            }
        });
}

}  // namespace

TEST_CASE("causal_context<uint64> properties") {
    check_context_properties<std::uint64_t>("causal_context<uint64>");
}

TEST_CASE("causal_context<string> properties") {
    check_context_properties<std::string>("causal_context<string>");
}
