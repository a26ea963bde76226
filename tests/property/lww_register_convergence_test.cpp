// SPDX-License-Identifier: MIT
// lww_register converges under delayed, reordered, duplicated and dropped deltas and full
// states, to the value of the assignment with the largest (timestamp, writer).
#include <converge/clock/hlc_timestamp.hpp>
#include <converge/crdt/lww_register.hpp>
#include <converge/testing/arbitrary/lww_register.hpp>

#include "support/convergence.hpp"
#include "test_support.hpp"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace cv = converge_test::convergence;
using converge::hlc_timestamp;

namespace {

// One assignment. `physical_ms` is the acting replica's physical clock reading (generated, so
// clocks are skewed and go backwards); `timestamp` is filled in by the replica's clock.
template <class Timestamp>
struct assign_op {
    int value = 0;
    std::uint64_t physical_ms = 0;
    Timestamp timestamp{};
};

std::ostream& operator<<(std::ostream& os, const assign_op<hlc_timestamp>& op) {
    return os << "assign " << op.value << " (physical " << op.physical_ms << " ms, stamped "
              << to_string(op.timestamp) << ')';
}

std::ostream& operator<<(std::ostream& os, const assign_op<std::uint64_t>& op) {
    return os << "assign " << op.value << " (stamped " << op.timestamp << ')';
}

template <class Timestamp>
rc::Gen<assign_op<Timestamp>> gen_assign() {
    return rc::gen::build<assign_op<Timestamp>>(
        rc::gen::set(&assign_op<Timestamp>::value, rc::gen::inRange(0, 100)),
        rc::gen::set(&assign_op<Timestamp>::physical_ms, rc::gen::inRange<std::uint64_t>(0, 8)));
}

// The value of the assignment with the largest (timestamp, writer), or nothing.
template <class Timestamp, class Writer>
std::optional<int> last_writer_value(const std::vector<cv::applied_op<assign_op<Timestamp>>>& ops,
                                     Writer writer_of) {
    const cv::applied_op<assign_op<Timestamp>>* best = nullptr;
    for (const auto& a : ops) {
        if (best == nullptr || std::pair(best->op.timestamp, writer_of(best->replica)) <
                                   std::pair(a.op.timestamp, writer_of(a.replica)))
            best = &a;
    }
    return best ? std::optional<int>(best->op.value) : std::nullopt;
}

// Hybrid timestamps: the register's own timestamp is the largest the replica has seen, so it
// serves as the HLC's memory: stamp (physical, 0) if the physical clock is ahead of it,
// otherwise the next logical tick. Equal stamps on different replicas are common (same
// physical reading), and are decided by the writer id.
struct hlc_policy {
    using state_type = converge::lww_register<int>;
    using op_type = assign_op<hlc_timestamp>;

    static constexpr std::uint64_t epoch_ms = 1'700'000'000'000;

    static rc::Gen<op_type> gen_op() { return gen_assign<hlc_timestamp>(); }

    static std::uint64_t writer(std::size_t replica) { return replica + 1; }

    static state_type apply(state_type& s, std::size_t replica, op_type& op) {
        const hlc_timestamp last = s.timestamp();
        const std::uint64_t physical = epoch_ms + op.physical_ms;
        op.timestamp =
            physical > last.wall_ms()
                ? hlc_timestamp(physical, 0)
                : hlc_timestamp(last.wall_ms(), static_cast<std::uint16_t>(last.logical() + 1));
        return s.assign(writer(replica), op.value, op.timestamp);
    }

    static std::optional<int> observe(const state_type& s) { return s.value(); }

    static std::optional<int> expected(const std::vector<cv::applied_op<op_type>>& ops) {
        return last_writer_value(ops, writer);
    }
};

// Lamport timestamps and string writers: each assignment is stamped one past the largest
// timestamp the replica has seen, so concurrent writers often tie.
struct lamport_policy {
    using state_type = converge::lww_register<int, std::string, std::uint64_t>;
    using op_type = assign_op<std::uint64_t>;

    static rc::Gen<op_type> gen_op() { return gen_assign<std::uint64_t>(); }

    static std::string writer(std::size_t replica) { return "replica-" + std::to_string(replica); }

    static state_type apply(state_type& s, std::size_t replica, op_type& op) {
        op.timestamp = s.timestamp() + 1;
        return s.assign(writer(replica), op.value, op.timestamp);
    }

    static std::optional<int> observe(const state_type& s) { return s.value(); }

    static std::optional<int> expected(const std::vector<cv::applied_op<op_type>>& ops) {
        return last_writer_value(ops, writer);
    }
};

}  // namespace

TEST_CASE("lww_register converges to the largest (timestamp, writer)") {
    CONVERGE_CHECK_PROPERTY("lww_register, hybrid timestamps",
                            [] { cv::check_convergence<hlc_policy>(); });
    CONVERGE_CHECK_PROPERTY("lww_register, Lamport timestamps, string writers",
                            [] { cv::check_convergence<lamport_policy>(); });
}
