// SPDX-License-Identifier: MIT
// Lattice, delta and digest laws for lww_register, and one property that feeds conflicting
// writes (same timestamp and writer, different values) on purpose: merge must stay a
// semilattice even under that misuse.
#include <converge/crdt/lww_register.hpp>
#include <converge/testing/arbitrary/lww_register.hpp>
#include <converge/testing/laws.hpp>

#include "support/delta_laws.hpp"
#include "test_support.hpp"

#include <cstdint>
#include <string>

using converge::hlc_timestamp;
using converge::lww_register;
using converge_test::check_delta_group;
using converge_test::check_delta_laws;
using converge_test::check_digest_law;
namespace ct = converge::testing;

namespace {

template <class T, class R, class Ts>
void lww_laws() {
    using reg = lww_register<T, R, Ts>;
    const ct::law_report report = ct::check_lattice_laws<reg>();
    INFO(report.summary());
    REQUIRE(report.passed());

    const auto writers = [] { return ct::gen_small_pool<R, ct::lww_writer_pool_size>(); };
    const auto times = [] { return ct::gen_small_pool<Ts, ct::lww_timestamp_pool_size>(); };

    CONVERGE_CHECK_PROPERTY("lww_register: assign obeys the delta laws", [&] {
        const auto old = *rc::gen::arbitrary<reg>();
        const R w = *writers();
        const Ts t = *times();
        const T v = *rc::gen::arbitrary<T>();
        check_delta_laws(old, [&](reg& r) { return r.assign(w, v, t); });
    });
    CONVERGE_CHECK_PROPERTY("lww_register: deltas of consecutive assignments group", [&] {
        const auto old = *rc::gen::arbitrary<reg>();
        const R w1 = *writers();
        const R w2 = *writers();
        const Ts t1 = *times();
        const Ts t2 = *times();
        const T v1 = *rc::gen::arbitrary<T>();
        const T v2 = *rc::gen::arbitrary<T>();
        check_delta_group(
            old, [&](reg& r) { return r.assign(w1, v1, t1); },
            [&](reg& r) { return r.assign(w2, v2, t2); });
    });
    CONVERGE_CHECK_PROPERTY("lww_register: digest law",
                            [](const reg& a, const reg& b) { check_digest_law(a, b); });
}

}  // namespace

TEST_CASE("lww_register laws: int values, hlc timestamps") {
    lww_laws<int, std::uint64_t, hlc_timestamp>();
}
TEST_CASE("lww_register laws: string values and writers") {
    lww_laws<std::string, std::string, hlc_timestamp>();
}
TEST_CASE("lww_register laws: integer timestamps") {
    lww_laws<std::string, std::uint32_t, std::uint64_t>();
}

TEST_CASE("lww_register: conflicting writes at one key still form a semilattice") {
    using reg = lww_register<std::string, std::uint64_t, std::uint64_t>;
    // Keys from a tiny pool and independent values: ties with different values are common.
    const auto conflicting = [] {
        return rc::gen::exec([] {
            reg r;
            if (*rc::gen::inRange(0, 8) == 0) return r;
            r.assign(*rc::gen::inRange<std::uint64_t>(1, 3), *rc::gen::arbitrary<std::string>(),
                     *rc::gen::inRange<std::uint64_t>(1, 3));
            return r;
        });
    };
    CONVERGE_CHECK_PROPERTY("merge of conflicting writes is commutative, associative, idempotent",
                            [&] {
                                const reg a = *conflicting();
                                const reg b = *conflicting();
                                const reg c = *conflicting();
                                RC_ASSERT(converge::join(a, b) == converge::join(b, a));
                                RC_ASSERT(converge::join(converge::join(a, b), c) ==
                                          converge::join(a, converge::join(b, c)));
                                RC_ASSERT(converge::join(a, a) == a);
                                check_digest_law(a, b);
                            });
}
