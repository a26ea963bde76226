// SPDX-License-Identifier: MIT
// g_counter and pn_counter converge under delayed, reordered, duplicated and dropped deltas
// and full states, to the sum of the increments minus the sum of the decrements.
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/pn_counter.hpp>
#include <converge/testing/arbitrary/counters.hpp>

#include "support/convergence.hpp"
#include "test_support.hpp"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace cv = converge_test::convergence;

namespace {

template <class R>
R replica_id(std::size_t index) {
    if constexpr (std::is_same_v<R, std::string>)
        return "replica-" + std::to_string(index);
    else
        return static_cast<R>(index + 1);
}

// One increment (up) or decrement (down) by `amount` at the acting replica.
struct count_op {
    bool up = true;
    std::uint32_t amount = 0;
};

std::ostream& operator<<(std::ostream& os, const count_op& op) {
    return os << (op.up ? '+' : '-') << op.amount;
}

rc::Gen<count_op> gen_count_op(bool allow_down) {
    return rc::gen::build<count_op>(
        rc::gen::set(&count_op::up, allow_down ? rc::gen::arbitrary<bool>() : rc::gen::just(true)),
        rc::gen::set(&count_op::amount, rc::gen::inRange<std::uint32_t>(0, 1000)));
}

template <class R>
struct g_counter_policy {
    using state_type = converge::g_counter<R>;
    using op_type = count_op;

    static rc::Gen<op_type> gen_op() { return gen_count_op(false); }

    static state_type apply(state_type& s, std::size_t replica, op_type& op) {
        return s.increment(replica_id<R>(replica), op.amount);
    }

    static std::uint64_t observe(const state_type& s) { return s.value(); }

    // The sequential specification: the sum of all increments.
    static std::uint64_t expected(const std::vector<cv::applied_op<op_type>>& ops) {
        std::uint64_t sum = 0;
        for (const auto& a : ops) sum += a.op.amount;
        return sum;
    }
};

template <class R>
struct pn_counter_policy {
    using state_type = converge::pn_counter<R>;
    using op_type = count_op;

    static rc::Gen<op_type> gen_op() { return gen_count_op(true); }

    static state_type apply(state_type& s, std::size_t replica, op_type& op) {
        return op.up ? s.increment(replica_id<R>(replica), op.amount)
                     : s.decrement(replica_id<R>(replica), op.amount);
    }

    static std::int64_t observe(const state_type& s) { return s.value(); }

    // The sequential specification: increments minus decrements.
    static std::int64_t expected(const std::vector<cv::applied_op<op_type>>& ops) {
        std::int64_t sum = 0;
        for (const auto& a : ops) sum += a.op.up ? a.op.amount : -std::int64_t{a.op.amount};
        return sum;
    }
};

}  // namespace

TEST_CASE("g_counter converges to the sum of increments") {
    CONVERGE_CHECK_PROPERTY("g_counter<uint64> converges",
                            [] { cv::check_convergence<g_counter_policy<std::uint64_t>>(); });
    CONVERGE_CHECK_PROPERTY("g_counter<string> converges",
                            [] { cv::check_convergence<g_counter_policy<std::string>>(); });
}

TEST_CASE("pn_counter converges to increments minus decrements") {
    CONVERGE_CHECK_PROPERTY("pn_counter<uint64> converges",
                            [] { cv::check_convergence<pn_counter_policy<std::uint64_t>>(); });
    CONVERGE_CHECK_PROPERTY("pn_counter<string> converges",
                            [] { cv::check_convergence<pn_counter_policy<std::string>>(); });
}
