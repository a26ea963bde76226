// SPDX-License-Identifier: MIT
#include <converge/converge.hpp>
#include <cstdio>
int main() {
    converge::lamport_clock<> a;
    std::printf("%llu\n", static_cast<unsigned long long>(a.tick()));
}
