// SPDX-License-Identifier: MIT
#pragma once

// What the harnesses share, precompiled once when CONVERGE_TEST_PCH is on (CMakeLists.txt
// here). Only a build-time saving: every harness still includes what it uses.

#include <converge/converge.hpp>
#include <converge/core/detail/crc32c.hpp>
#include <converge/testing/fuzz_driver.hpp>
#include <converge/testing/seeded_rng.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <vector>
