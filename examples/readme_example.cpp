// SPDX-License-Identifier: MIT
// The example shown in README.md, kept here so CI compiles and runs it.
#include <converge/converge.hpp>
#include <cstdio>

int main() {
    converge::vector_clock<std::string> phone, laptop;
    phone.tick("phone");    // an edit on the phone, offline
    laptop.tick("laptop");  // an edit on the laptop, offline
    if (phone.concurrent_with(laptop)) std::puts("concurrent edits: keep both");

    converge::hybrid_clock<> clock;  // wall time + logical counter, never goes backwards
    const converge::hlc_timestamp sent = clock.now();
    if (auto r = clock.receive(sent); !r) std::printf("rejected: %s\n", r.message().data());
    std::printf("stamped %s\n", converge::to_string(sent).c_str());
}
