// SPDX-License-Identifier: MIT
#pragma once

// Property checks of the join-semilattice laws that every CRDT's merge must obey. Call
// check_lattice_laws<T>() for your own types (including structs of several CRDTs) once
// rc::Arbitrary<T> can generate them. Needs RapidCheck; not part of <converge/converge.hpp>.

#include <converge/core/concepts.hpp>
#include <converge/core/detail/text.hpp>
#include <converge/testing/property.hpp>

#include <rapidcheck.h>

#include <string>
#include <utility>
#include <vector>

namespace converge::inline v1::testing {

// One law that did not hold, with RapidCheck's counterexample.
struct law_violation {
    std::string law;
    std::string report;
};

// The outcome of a law check: which laws failed, if any.
class law_report {
public:
    [[nodiscard]] bool passed() const noexcept { return m_violations.empty(); }
    [[nodiscard]] explicit operator bool() const noexcept { return passed(); }
    [[nodiscard]] const std::vector<law_violation>& violations() const noexcept {
        return m_violations;
    }

    // True when the named law is among the violations.
    [[nodiscard]] bool violated(const std::string& law) const {
        for (const auto& v : m_violations)
            if (v.law == law) return true;
        return false;
    }

    // A readable account: the laws checked and the counterexample of each one that failed.
    [[nodiscard]] std::string summary() const {
        std::string out =
            converge::detail::text(m_checked, " laws checked, ", m_violations.size(), " violated");
        for (const auto& v : m_violations)
            out += converge::detail::text("\n\n* ", v.law, '\n', v.report);
        return out;
    }

    void record(std::string law, property_outcome outcome) {
        ++m_checked;
        if (!outcome.passed) m_violations.push_back({std::move(law), std::move(outcome.report)});
    }

private:
    std::vector<law_violation> m_violations;
    int m_checked = 0;
};

// Names of the laws, as they appear in law_report.
inline constexpr const char* law_commutative = "merge is commutative";
inline constexpr const char* law_associative = "merge is associative";
inline constexpr const char* law_idempotent = "merge is idempotent";
inline constexpr const char* law_inflationary = "merge is inflationary";
inline constexpr const char* law_order_agrees = "operator<= agrees with merge";

// Checks, for values drawn from rc::Arbitrary<T>, that merge is commutative, associative,
// idempotent and inflationary (a <= a ⊔ b). When T defines `<=`, that operator is taken as the
// lattice order and must agree with merge (a <= b iff a ⊔ b == b); otherwise the order is the
// one merge induces.
//
//     REQUIRE(converge::testing::check_lattice_laws<my_doc>());
template <class T>
[[nodiscard]] law_report check_lattice_laws(const check_options& options = {}) {
    // If this fires, T lacks something converge needs: copy, ==, or `a.merge(b)`.
    static_assert(crdt<T>,
                  "converge::testing::check_lattice_laws<T>: T must model converge::crdt "
                  "(a regular type with a.merge(b))");

    law_report report;
    report.record(
        law_commutative,
        run_property(
            law_commutative, [](const T& a, const T& b) { RC_ASSERT(join(a, b) == join(b, a)); },
            options));
    report.record(law_associative, run_property(
                                       law_associative,
                                       [](const T& a, const T& b, const T& c) {
                                           RC_ASSERT(join(join(a, b), c) == join(a, join(b, c)));
                                       },
                                       options));
    report.record(law_idempotent,
                  run_property(
                      law_idempotent, [](const T& a) { RC_ASSERT(join(a, a) == a); }, options));
    report.record(law_inflationary, run_property(
                                        law_inflationary,
                                        [](const T& a, const T& b) {
                                            const T ab = join(a, b);
                                            if constexpr (requires { a <= b; }) {
                                                RC_ASSERT(static_cast<bool>(a <= ab));
                                                RC_ASSERT(static_cast<bool>(b <= ab));
                                            }
                                            // Joining either side in again adds nothing.
                                            RC_ASSERT(join(ab, a) == ab);
                                            RC_ASSERT(join(ab, b) == ab);
                                        },
                                        options));
    if constexpr (requires(const T& a, const T& b) { a <= b; }) {
        report.record(law_order_agrees,
                      run_property(
                          law_order_agrees,
                          [](const T& a, const T& b) {
                              RC_ASSERT(static_cast<bool>(a <= b) == (join(a, b) == b));
                          },
                          options));
    }
    return report;
}

}  // namespace converge::inline v1::testing
