// SPDX-License-Identifier: MIT
#pragma once

// The single source of truth for the version: CMake parses these three lines.
#define CONVERGE_VERSION_MAJOR 0
#define CONVERGE_VERSION_MINOR 1
#define CONVERGE_VERSION_PATCH 0

namespace converge::inline v1 {

// The library version as a comparable value, e.g. `version >= 10'000` for 0.1.0.
inline constexpr int version =
    CONVERGE_VERSION_MAJOR * 1'000'000 + CONVERGE_VERSION_MINOR * 1'000 + CONVERGE_VERSION_PATCH;

}  // namespace converge::inline v1
