// SPDX-License-Identifier: MIT
// The translation unit the tests' precompiled header (test_pch.hpp) is built with.
