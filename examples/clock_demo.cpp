// SPDX-License-Identifier: MIT
// Three clocks, three jobs: Lamport orders events, vector clocks tell concurrent edits apart,
// and hybrid clocks give timestamps close to wall time that still respect causality, while
// refusing a peer whose clock runs too far ahead.
#include <converge/converge.hpp>

#include <chrono>
#include <cstdio>
#include <string>

namespace {

const char* describe(std::partial_ordering order) {
    if (order == std::partial_ordering::less) return "happened before";
    if (order == std::partial_ordering::greater) return "happened after";
    if (order == std::partial_ordering::equivalent) return "is the same as";
    return "is concurrent with";
}

// A physical clock we can set by hand, to show skew without waiting for it.
struct manual_clock {
    std::int64_t* ms;
    std::chrono::milliseconds operator()() const { return std::chrono::milliseconds(*ms); }
};

}  // namespace

int main() {
    std::puts("== Lamport clocks: a total order consistent with causality");
    converge::lamport_clock<> alice_l, bob_l;
    const auto sent = alice_l.tick();                   // alice sends a message stamped 1
    bob_l.tick();                                       // bob does something locally: 1
    const auto received = bob_l.receive(sent).value();  // bob receives: max(1, 1) + 1 = 2
    std::printf("alice sent at %llu, bob received at %llu\n\n",
                static_cast<unsigned long long>(sent), static_cast<unsigned long long>(received));

    std::puts("== Vector clocks: which edits were concurrent?");
    converge::vector_clock<std::string> alice, bob;
    alice.tick("alice");  // alice edits offline
    bob.tick("bob");      // so does bob
    std::printf("alice's edit %s bob's edit\n", describe(alice <=> bob));
    bob.merge(alice).tick("bob");  // bob syncs, then edits again
    std::printf("alice's edit %s bob's second edit\n\n", describe(alice <=> bob));

    std::puts("== Hybrid logical clocks: wall time that respects causality");
    std::int64_t alice_wall = 1'700'000'000'000, bob_wall = alice_wall - 40;  // bob runs 40 ms late
    converge::hybrid_clock<manual_clock> alice_h(manual_clock{&alice_wall});
    converge::hybrid_clock<manual_clock> bob_h(manual_clock{&bob_wall});
    const auto message = alice_h.now();
    const auto reply = bob_h.receive(message).value();
    std::printf("alice stamps %s; bob, 40 ms behind, still stamps its receipt later: %s\n",
                converge::to_string(message).c_str(), converge::to_string(reply).c_str());

    const converge::hlc_timestamp from_the_future(static_cast<std::uint64_t>(bob_wall) + 60'000, 0);
    const auto rejected = bob_h.receive(from_the_future);
    std::printf("a peer one minute ahead is refused: %.*s\n",
                static_cast<int>(rejected.message().size()), rejected.message().data());
    std::printf("bob's clock is untouched: %s\n", converge::to_string(bob_h.last()).c_str());
    return rejected.has_value() ? 1 : 0;
}
