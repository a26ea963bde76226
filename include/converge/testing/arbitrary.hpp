// SPDX-License-Identifier: MIT
#pragma once

// rc::Arbitrary generators for every converge type, for use in your own property tests.
// Needs RapidCheck; not part of <converge/converge.hpp>.

#include <converge/testing/arbitrary/causal_context.hpp>
#include <converge/testing/arbitrary/causal_counter.hpp>
#include <converge/testing/arbitrary/causal_history.hpp>
#include <converge/testing/arbitrary/causal_lww_register.hpp>
#include <converge/testing/arbitrary/clocks.hpp>
#include <converge/testing/arbitrary/consistent.hpp>
#include <converge/testing/arbitrary/counters.hpp>
#include <converge/testing/arbitrary/digests.hpp>
#include <converge/testing/arbitrary/flags.hpp>
#include <converge/testing/arbitrary/lww_register.hpp>
#include <converge/testing/arbitrary/mv_register.hpp>
#include <converge/testing/arbitrary/or_map.hpp>
#include <converge/testing/arbitrary/or_set.hpp>
