// SPDX-License-Identifier: MIT
#pragma once

// What the tests share, precompiled once when CONVERGE_TEST_PCH is on (tests/CMakeLists.txt).
// Only a build-time saving: every test still includes what it uses, and the header-alone
// check (tests/headers) and the g++ builds of the docs snippets compile without it. It is
// included ahead of each test's own first line, so a test cannot configure Catch2 or
// RapidCheck by a #define before its includes: define such a macro here, for every test.

#include <converge/converge.hpp>
#include <converge/testing/arbitrary.hpp>
#include <converge/testing/codec_laws.hpp>
#include <converge/testing/laws.hpp>
#include <converge/testing/network_simulator.hpp>
#include <converge/testing/property.hpp>
#include <converge/testing/topology.hpp>

#include "test_support.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>
