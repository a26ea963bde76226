// SPDX-License-Identifier: MIT
// Operations made for or from another replica: removes and writes with an observed context,
// prepared operations, batches, and validate_merge, over the causal types that offer them.
#include <converge/crdt/mv_register.hpp>
#include <converge/crdt/or_map.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/crdt/validate_merge.hpp>
#include <converge/testing/arbitrary/mv_register.hpp>
#include <converge/testing/arbitrary/or_map.hpp>
#include <converge/testing/arbitrary/or_set.hpp>
#include <converge/testing/laws.hpp>

#include "test_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

using converge::join;
using converge::lattice_leq;
using converge::testing::consistent;

namespace {

using note = converge::or_map<std::string, converge::mv_register<std::string>>;

using observed_types =
    std::tuple<converge::or_set<std::uint64_t>, converge::or_set<std::string, std::string>,
               converge::mv_register<std::uint64_t>,
               converge::mv_register<std::string, std::string>, note,
               converge::or_map<std::string, note>>;

// One target per type: an element or key that `s` holds (when it holds any), and the
// operations on it with and without an observed context.
template <class T>
struct target {
    static constexpr bool keyed = !requires(const T& s) { s.observed(); };

    // A key or element of s, chosen by RapidCheck; a fresh one when s is empty.
    static auto pick(const T& s) {
        if constexpr (!keyed) {
            return 0;
        } else {
            using key = std::remove_cvref_t<decltype(*key_of(*s.begin()))>;
            std::vector<key> held;
            for (const auto& e : s) held.push_back(*key_of(e));
            if (held.empty()) return *rc::gen::arbitrary<key>();
            return held[*rc::gen::inRange<std::size_t>(0, held.size())];
        }
    }
    template <class E>
    static const auto* key_of(const E& e) {
        if constexpr (requires { e.first; })
            return &e.first;
        else
            return &e;
    }

    template <class K>
    static auto observed(const T& s, const K& k) {
        if constexpr (keyed)
            return s.observed(k);
        else
            return s.observed();
    }
    // The remove (or, for a register, a write by replica pool[0]) with and without context.
    template <class K>
    static T act(T& s, const K& k, const typename T::context_type& seen) {
        if constexpr (keyed)
            return s.remove(k, seen);
        else
            return s.write(pool()[0], typename T::value_type{}, seen);
    }
    template <class K>
    static T act_on_all(T& s, const K& k) {
        if constexpr (keyed)
            return s.remove(k);
        else
            return s.write(pool()[0], typename T::value_type{});
    }
    // The operation prepared without applying it, and the same operation applied.
    template <class K>
    static T prepare(const T& s, const K& k) {
        if constexpr (!keyed)
            return s.prepare_write(pool()[0], typename T::value_type{});
        else if constexpr (requires { s.prepare_add(pool()[0], k); })
            return s.prepare_add(pool()[0], k);
        else
            return s.prepare_update(k, [](auto& v) { return nested_write(v); });
    }
    template <class K>
    static T apply(T& s, const K& k) {
        if constexpr (!keyed)
            return s.write(pool()[0], typename T::value_type{});
        else if constexpr (requires { s.add(pool()[0], k); })
            return s.add(pool()[0], k);
        else
            return s.update(k, [](auto& v) { return nested_write(v); });
    }
    // A write at the bottom of a nest of maps.
    template <class V>
    static V nested_write(V& v) {
        if constexpr (requires { v.write(pool()[0], typename V::value_type{}); })
            return v.write(pool()[0], typename V::value_type{});
        else
            return v.update(typename V::key_type{}, [](auto& w) { return nested_write(w); });
    }

    static const auto& pool() {
        return converge::testing::detail::causal_replica_pool<typename T::replica_type>();
    }
};

}  // namespace

TEMPLATE_LIST_TEST_CASE("observed context: with what is observed now, the plain operation",
                        "[observed]", observed_types) {
    using t = target<TestType>;
    CONVERGE_CHECK_PROPERTY("now", [](const TestType& s) {
        const auto k = t::pick(s);
        TestType x = s;
        TestType y = s;
        RC_ASSERT(t::act(x, k, t::observed(s, k)) == t::act_on_all(y, k));
        RC_ASSERT(x == y);
        // A context naming every dot seen cancels no more than the target's.
        TestType z = s;
        TestType w = s;
        RC_ASSERT(t::act(z, k, s.context()) == t::act_on_all(w, k));
        RC_ASSERT(z == w);
    });
}

TEMPLATE_LIST_TEST_CASE("observed context: the delta is part of the plain operation's",
                        "[observed]", observed_types) {
    using t = target<TestType>;
    CONVERGE_CHECK_PROPERTY("at most the plain operation",
                            [](const TestType& s, const TestType& other) {
                                const auto k = t::pick(s);
                                // Any context this replica has seen, e.g. from a stale read.
                                const auto seen = other.context().intersection(s.context());
                                TestType x = s;
                                TestType y = s;
                                const TestType dx = t::act(x, k, seen);
                                const TestType dy = t::act_on_all(y, k);
                                RC_ASSERT(lattice_leq(dx, dy));
                                RC_ASSERT(lattice_leq(x, y));
                                RC_ASSERT(join(s, dx) == x);
                            });
}

// What a reader saw at one replica, removed at another: applied before or after the states
// meet, the result is the same, so an observed add that has not arrived yet is cancelled
// when it comes and an update the reader never saw survives.
TEMPLATE_LIST_TEST_CASE("observed context: observed at one replica, applied at any", "[observed]",
                        observed_types) {
    using t = target<TestType>;
    CONVERGE_CHECK_PROPERTY("anywhere", [](const consistent<TestType>& a,
                                           const consistent<TestType>& b) {
        const auto k = t::pick(a.value);
        const auto seen = t::observed(a.value, k);
        if constexpr (t::keyed) {
            TestType early = b.value;
            const TestType delta = t::act(early, k, seen);
            TestType late = join(a.value, b.value);
            (void)t::act(late, k, seen);
            RC_ASSERT(join(early, a.value) == late);
            RC_ASSERT(join(join(a.value, b.value), delta) == late);
            // Nothing the reader saw is left; everything else of the target is.
            late.state().store().for_each_dot([&](const auto& d) { RC_ASSERT(!seen.contains(d)); });
        } else {
            TestType early = b.value;
            (void)t::act(early, k, seen);
            const TestType joined = join(early, a.value);
            // The observed values are superseded everywhere; the ones the reader did not
            // see remain beside the new one.
            joined.state().store().for_each_dot(
                [&](const auto& d) { RC_ASSERT(!seen.contains(d)); });
            join(a.value, b.value).state().store().for_each_dot([&](const auto& d) {
                if (!seen.contains(d)) RC_ASSERT(joined.state().store().stores(d));
            });
        }
    });
}

// validate_merge reports a pair exactly when the join would drop a dot both sides store.
TEMPLATE_LIST_TEST_CASE("validate_merge: reports exactly the pairs whose join drops a shared dot",
                        "[observed]", observed_types) {
    CONVERGE_CHECK_PROPERTY("conflicts", [](const TestType& a, const TestType& b) {
        const TestType joined = join(a, b);
        bool dropped = false;
        b.state().store().for_each_dot([&](const auto& d) {
            if (a.state().store().stores(d) && !joined.state().store().stores(d)) dropped = true;
        });
        const auto problem = converge::validate_merge(a, b);
        RC_ASSERT(problem.has_value() == dropped);
        RC_ASSERT(!converge::validate_merge(a, a).has_value());
    });
    CONVERGE_CHECK_PROPERTY("consistent states pass",
                            [](const consistent<TestType>& a, const consistent<TestType>& b) {
                                RC_ASSERT(!converge::validate_merge(a.value, b.value).has_value());
                            });
}

TEMPLATE_LIST_TEST_CASE("prepared operations: the mutator's delta, without the mutation",
                        "[prepared]", observed_types) {
    using t = target<TestType>;
    CONVERGE_CHECK_PROPERTY("prepare then merge", [](const TestType& s) {
        const auto k = t::pick(s);
        const TestType prepared = t::prepare(s, k);
        TestType applied = s;
        RC_ASSERT(t::apply(applied, k) == prepared);
        RC_ASSERT(join(s, prepared) == applied);
        if constexpr (t::keyed) {
            TestType removed = s;
            RC_ASSERT(s.prepare_remove(k) == removed.remove(k));
        }
    });
}

TEST_CASE("batches: add_all and remove_all return the join of their parts' deltas", "[prepared]") {
    using set = converge::or_set<std::uint64_t>;
    CONVERGE_CHECK_PROPERTY("batch", [](const set& s, const std::vector<std::uint64_t>& xs) {
        set one_by_one = s;
        set parts;
        for (const std::uint64_t x : xs) parts.merge(one_by_one.add(1, x));
        set batched = s;
        RC_ASSERT(batched.add_all(1, xs) == parts);
        RC_ASSERT(batched == one_by_one);
        RC_ASSERT(join(s, parts) == batched);

        set removed_parts;
        for (const std::uint64_t x : xs) removed_parts.merge(one_by_one.remove(x));
        const set before_removes = batched;
        RC_ASSERT(batched.remove_all(xs) == removed_parts);
        RC_ASSERT(batched == one_by_one);
        RC_ASSERT(join(before_removes, removed_parts) == batched);
    });
}
