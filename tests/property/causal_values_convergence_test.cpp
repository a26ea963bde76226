// SPDX-License-Identifier: MIT
// causal_counter and causal_lww_register converge under delayed, reordered, duplicated and
// dropped deltas and full states, alone and nested in an or_map, to what a reference model
// computes from the operations and what each had seen. Each property also runs with a planted
// bug (a delta that forgets the dot it replaces, a reversed tie-break) and must fail there.
#include <converge/crdt/causal_counter.hpp>
#include <converge/crdt/causal_lww_register.hpp>
#include <converge/crdt/or_map.hpp>

#include "support/convergence.hpp"
#include "test_support.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace cv = converge_test::convergence;

namespace {

enum class planted_bug { none, delta_forgets_old_dot, reversed_tie_break };

// The reference model's one rule, for the causal types whose operations supersede what they
// have seen: the dot of operation `target` is still stored after `by` (a remove or a
// superseding update) ran if `by` had seen `target` and no earlier remover that `by` had seen
// already took it away. `removes(op)` says whether an operation removes what it has seen.
template <class Op, class Removes>
class removal_model {
public:
    removal_model(const std::vector<cv::applied_op<Op>>& ops, Removes removes)
        : m_ops(ops), m_removes(removes) {}

    // Whether operation `by` removed the dot of operation `target` (its delta names it).
    bool removed_by(std::size_t target, std::size_t by) {
        const auto key = std::make_pair(target, by);
        if (const auto it = m_memo.find(key); it != m_memo.end()) return it->second;
        bool out = false;
        if (target != by && m_removes(m_ops[by]) && m_ops[by].seen.count(target) == 1) {
            out = true;
            for (std::size_t earlier : m_ops[by].seen)
                if (removed_by(target, earlier)) out = false;
        }
        m_memo[key] = out;
        return out;
    }

    // Whether some operation in `seen` removed `target`.
    bool removed_within(std::size_t target, const std::set<std::size_t>& seen) {
        for (std::size_t by : seen)
            if (removed_by(target, by)) return true;
        return false;
    }

    // Whether any operation removed `target`.
    bool removed(std::size_t target) {
        for (std::size_t by = 0; by < m_ops.size(); ++by)
            if (removed_by(target, by)) return true;
        return false;
    }

private:
    const std::vector<cv::applied_op<Op>>& m_ops;
    Removes m_removes;
    std::map<std::pair<std::size_t, std::size_t>, bool> m_memo;
};

std::uint64_t replica_id(std::size_t index) {
    return index + 1;
}

// --- causal_counter -------------------------------------------------------------------------

// An update by a small signed amount, or a reset (alone) or key remove (nested).
struct count_op {
    bool reset = false;
    std::int32_t amount = 0;
};

std::ostream& operator<<(std::ostream& os, const count_op& op) {
    if (op.reset) return os << "reset";
    return os << (op.amount >= 0 ? "+" : "") << op.amount;
}

rc::Gen<count_op> gen_count_op() {
    return rc::gen::build<count_op>(
        rc::gen::set(&count_op::reset, rc::gen::weightedElement<bool>({{1, true}, {3, false}})),
        rc::gen::set(&count_op::amount, rc::gen::inRange<std::int32_t>(-20, 21)));
}

using counter = converge::causal_counter<>;
using tally = converge::or_map<std::string, counter>;

// The model: a replica's update adds to its total as it was at its replica, which is 0 once a
// reset it had seen removed its previous update's dot; the value sums, over replicas, the total
// of each one's last update unless some reset removed it.
std::int64_t expected_count(const std::vector<cv::applied_op<count_op>>& ops) {
    removal_model model(ops, [](const cv::applied_op<count_op>& a) { return a.op.reset; });
    std::map<std::size_t, std::size_t> last;  // replica -> its latest update's id
    std::vector<std::int64_t> total(ops.size(), 0);
    for (const auto& a : ops) {
        if (a.op.reset) continue;
        std::int64_t base = 0;
        if (const auto it = last.find(a.replica); it != last.end())
            if (!model.removed_within(it->second, a.seen)) base = total[it->second];
        total[a.id] = base + a.op.amount;
        last[a.replica] = a.id;
    }
    std::int64_t sum = 0;
    for (const auto& [replica, id] : last)
        if (!model.removed(id)) sum += total[id];
    return sum;
}

// The delta without the dots it replaces: an update that forgets to name its old dot.
counter forget_replaced(const counter& delta) {
    auto context = converge::causal_context<>();
    for (const auto& e : delta.entries()) context.insert(e.dot);
    return std::move(counter::from_parts(delta.state().store(), context).value());
}

template <planted_bug Bug>
counter update_counter(counter& c, std::size_t replica, const count_op& op) {
    if (op.reset) return c.reset();
    counter delta = c.add(replica_id(replica), op.amount);
    if constexpr (Bug == planted_bug::delta_forgets_old_dot) delta = forget_replaced(delta);
    return delta;
}

template <planted_bug Bug = planted_bug::none>
struct counter_policy {
    using state_type = counter;
    using op_type = count_op;
    static rc::Gen<op_type> gen_op() { return gen_count_op(); }
    static state_type apply(state_type& s, std::size_t replica, op_type& op) {
        return update_counter<Bug>(s, replica, op);
    }
    static std::int64_t observe(const state_type& s) { return s.value(); }
    static std::int64_t expected(const std::vector<cv::applied_op<op_type>>& ops) {
        return expected_count(ops);
    }
};

// The same under one key of an or_map, a reset being a remove of the key.
template <planted_bug Bug = planted_bug::none>
struct tally_policy {
    using state_type = tally;
    using op_type = count_op;
    static rc::Gen<op_type> gen_op() { return gen_count_op(); }
    static state_type apply(state_type& s, std::size_t replica, op_type& op) {
        if (op.reset) return s.remove("likes");
        return s.update("likes", [&](counter& c) { return update_counter<Bug>(c, replica, op); });
    }
    static std::int64_t observe(const state_type& s) {
        const auto c = s.get("likes");
        return c ? c->value() : 0;
    }
    static std::int64_t expected(const std::vector<cv::applied_op<op_type>>& ops) {
        return expected_count(ops);
    }
};

// --- causal_lww_register --------------------------------------------------------------------

// A write at one of three timestamps (so concurrent writes often tie), or a clear (alone) or
// key remove (nested). apply records the write's dot; the value written names it.
struct write_op {
    bool clear = false;
    std::uint64_t timestamp = 0;
    std::uint64_t counter = 0;  // filled in by apply
};

std::ostream& operator<<(std::ostream& os, const write_op& op) {
    if (op.clear) return os << "clear";
    return os << "write@" << op.timestamp << " as dot " << op.counter;
}

rc::Gen<write_op> gen_write_op() {
    return rc::gen::build<write_op>(
        rc::gen::set(&write_op::clear, rc::gen::weightedElement<bool>({{1, true}, {3, false}})),
        rc::gen::set(&write_op::timestamp, rc::gen::inRange<std::uint64_t>(0, 3)));
}

using stamped = converge::causal_lww_register<std::uint64_t, std::uint64_t, std::uint64_t>;
using profile = converge::or_map<std::string, stamped>;

std::uint64_t value_of(std::size_t replica, std::uint64_t counter) {
    return replica_id(replica) * 1000 + counter;
}

// The model: a write survives unless an operation that had seen it (a later write, a clear)
// removed it; of the survivors, the largest (timestamp, replica, counter) is read.
std::optional<std::uint64_t> expected_write(const std::vector<cv::applied_op<write_op>>& ops) {
    removal_model model(ops, [](const cv::applied_op<write_op>&) { return true; });
    const cv::applied_op<write_op>* best = nullptr;
    const auto key = [](const cv::applied_op<write_op>& a) {
        return std::make_tuple(a.op.timestamp, replica_id(a.replica), a.op.counter);
    };
    for (const auto& a : ops) {
        if (a.op.clear || model.removed(a.id)) continue;
        if (best == nullptr || key(*best) < key(a)) best = &a;
    }
    if (best == nullptr) return std::nullopt;
    return value_of(best->replica, best->op.counter);
}

template <planted_bug Bug>
std::optional<std::uint64_t> read_register(const stamped& r) {
    if constexpr (Bug == planted_bug::reversed_tie_break) {
        // The winner with ties between equal timestamps going to the smaller dot.
        const stamped::entry* best = nullptr;
        for (const auto& e : r.entries())
            if (best == nullptr || e.value.timestamp > best->value.timestamp) best = &e;
        if (best == nullptr) return std::nullopt;
        return best->value.value;
    } else {
        return r.value();
    }
}

stamped write_register(stamped& r, std::size_t replica, write_op& op) {
    if (op.clear) return r.clear();
    op.counter = r.context().next_dot(replica_id(replica)).counter;
    return r.write(replica_id(replica), op.timestamp, value_of(replica, op.counter));
}

template <planted_bug Bug = planted_bug::none>
struct register_policy {
    using state_type = stamped;
    using op_type = write_op;
    static rc::Gen<op_type> gen_op() { return gen_write_op(); }
    static state_type apply(state_type& s, std::size_t replica, op_type& op) {
        return write_register(s, replica, op);
    }
    static std::optional<std::uint64_t> observe(const state_type& s) {
        return read_register<Bug>(s);
    }
    static std::optional<std::uint64_t> expected(const std::vector<cv::applied_op<op_type>>& ops) {
        return expected_write(ops);
    }
};

template <planted_bug Bug = planted_bug::none>
struct profile_policy {
    using state_type = profile;
    using op_type = write_op;
    static rc::Gen<op_type> gen_op() { return gen_write_op(); }
    static state_type apply(state_type& s, std::size_t replica, op_type& op) {
        if (op.clear) return s.remove("name");
        return s.update("name", [&](stamped& r) { return write_register(r, replica, op); });
    }
    static std::optional<std::uint64_t> observe(const state_type& s) {
        const auto r = s.get("name");
        return r ? read_register<Bug>(*r) : std::nullopt;
    }
    static std::optional<std::uint64_t> expected(const std::vector<cv::applied_op<op_type>>& ops) {
        return expected_write(ops);
    }
};

}  // namespace

TEST_CASE("causal_counter converges to the model, alone and under an or_map key") {
    CONVERGE_CHECK_PROPERTY("causal_counter", [] { cv::check_convergence<counter_policy<>>(); });
    CONVERGE_CHECK_PROPERTY("causal_counter in an or_map",
                            [] { cv::check_convergence<tally_policy<>>(); });
}

TEST_CASE("causal_counter convergence catches a delta that forgets the dot it replaces") {
    CONVERGE_CHECK_PROPERTY_FAILS("planted bug: delta forgets the old dot", [] {
        cv::check_convergence<counter_policy<planted_bug::delta_forgets_old_dot>>();
    });
    CONVERGE_CHECK_PROPERTY_FAILS("planted bug: nested delta forgets the old dot", [] {
        cv::check_convergence<tally_policy<planted_bug::delta_forgets_old_dot>>();
    });
}

TEST_CASE("causal_lww_register converges to the model, alone and under an or_map key") {
    CONVERGE_CHECK_PROPERTY("causal_lww_register",
                            [] { cv::check_convergence<register_policy<>>(); });
    CONVERGE_CHECK_PROPERTY("causal_lww_register in an or_map",
                            [] { cv::check_convergence<profile_policy<>>(); });
}

TEST_CASE("causal_lww_register convergence catches a reversed tie-break") {
    CONVERGE_CHECK_PROPERTY_FAILS("planted bug: reversed tie-break", [] {
        cv::check_convergence<register_policy<planted_bug::reversed_tie_break>>();
    });
    CONVERGE_CHECK_PROPERTY_FAILS("planted bug: nested reversed tie-break", [] {
        cv::check_convergence<profile_policy<planted_bug::reversed_tie_break>>();
    });
}
