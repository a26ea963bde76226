// SPDX-License-Identifier: MIT
// A user's own CRDT built from two of ours, written as a user would: its own merge and ==,
// and an rc::Arbitrary assembled from the exported generators. The law checker must pass it.
#include <converge/crdt/g_counter.hpp>
#include <converge/crdt/lww_register.hpp>
#include <converge/testing/arbitrary/counters.hpp>
#include <converge/testing/arbitrary/lww_register.hpp>
#include <converge/testing/laws.hpp>

#include "test_support.hpp"

#include <string>

namespace {

// A page: how often it was viewed and its current title.
struct page {
    converge::g_counter<> views;
    converge::lww_register<std::string> title;

    void merge(const page& other) {
        views.merge(other.views);
        title.merge(other.title);
    }

    friend bool operator==(const page&, const page&) = default;
};

}  // namespace

template <>
struct rc::Arbitrary<page> {
    static Gen<page> arbitrary() {
        return gen::build<page>(gen::set(&page::views), gen::set(&page::title));
    }
};

TEST_CASE("a struct of two CRDTs is a CRDT") {
    static_assert(converge::crdt<page>);
    const converge::testing::law_report report = converge::testing::check_lattice_laws<page>();
    INFO(report.summary());
    REQUIRE(report.passed());
}
