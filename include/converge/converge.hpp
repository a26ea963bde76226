// SPDX-License-Identifier: MIT
#pragma once

// Every public header of converge except testing/, which needs RapidCheck.

#include <converge/version.hpp>

#include <converge/core/concepts.hpp>
#include <converge/core/error.hpp>
#include <converge/core/result.hpp>

#include <converge/clock/lamport_clock.hpp>
