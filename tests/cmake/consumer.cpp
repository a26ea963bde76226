// SPDX-License-Identifier: MIT
// A user's program: the umbrella header and one clock.
#include <converge/converge.hpp>

#include <cstdio>

int main() {
    converge::lamport_clock<> clock;
    const auto first = clock.tick();
    const auto second = clock.tick();
    std::printf("converge %d.%d.%d: %llu < %llu\n", CONVERGE_VERSION_MAJOR, CONVERGE_VERSION_MINOR,
                CONVERGE_VERSION_PATCH, static_cast<unsigned long long>(first),
                static_cast<unsigned long long>(second));
    return first < second ? 0 : 1;
}
