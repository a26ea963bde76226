// SPDX-License-Identifier: MIT
// The example of docs/api/causal_kernel.md, compiled and run: a causal type of one's own,
// written on the kernel, nested in an or_map.
#include <converge/crdt/causal.hpp>
#include <converge/crdt/dot_set.hpp>
#include <converge/crdt/or_map.hpp>

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "docs/api/causal_kernel.md example broken: %s\n", what);
        ++failures;
    }
}

// [causal_kernel]
// "Who is here": each replica checks in (a dot of its own) and checks out (forgets its dots).
class presence {
public:
    using replica_type = std::uint64_t;
    using store_type = converge::dot_set<replica_type>;
    using state_type = converge::causal<store_type>;
    using digest_type = state_type::digest_type;

    presence() = default;
    explicit presence(state_type state) : m_state(std::move(state)) {}

    presence check_in(replica_type me) {
        const auto d = m_state.context().next_dot(me);
        presence delta;
        delta.m_state.store_for_update().insert(d);
        delta.m_state.context_for_update().insert(d);
        m_state.store_for_update().insert(d);
        m_state.context_for_update().insert(d);
        return delta;
    }
    presence check_out(replica_type me) {
        presence delta;  // a context of my dots, no store: a remove
        m_state.store().for_each_dot([&](const auto& d) {
            if (d.replica == me) delta.m_state.context_for_update().insert(d);
        });
        m_state.merge(delta.m_state);
        return delta;
    }
    bool here(replica_type r) const {
        for (const auto& d : m_state.store().dots())
            if (d.replica == r) return true;
        return false;
    }

    const state_type& state() const noexcept { return m_state; }
    state_type release() && noexcept { return std::move(m_state); }
    presence& merge(const presence& other) {
        m_state.merge(other.m_state);
        return *this;
    }
    friend bool operator==(const presence&, const presence&) = default;

private:
    state_type m_state;
};
static_assert(converge::causal_type<presence>);

converge::or_map<std::string, presence> rooms_example() {
    converge::or_map<std::string, presence> rooms;  // room -> who is in it
    rooms.update("kitchen", [](presence& p) { return p.check_in(7); });
    return rooms;
}
// [/causal_kernel]

void kernel_example() {
    auto rooms = rooms_example();
    check(rooms.contains("kitchen"), "check in");
    auto other = rooms;
    other.merge(rooms.update("kitchen", [](presence& p) { return p.check_out(7); }));
    check(!rooms.contains("kitchen") && other == rooms, "check out empties the room");
    presence p;
    p.check_in(1);
    presence q;
    q.merge(p);
    check(p.here(1) && !p.here(2) && q == p, "here");
}

}  // namespace

int run_snippet_api_causal_kernel() {
    kernel_example();
    return failures == 0 ? 0 : 1;
}
