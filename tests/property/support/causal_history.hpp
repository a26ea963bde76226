// SPDX-License-Identifier: MIT
#pragma once

// Random distributed histories for clock properties: processes perform local, send and receive
// events; messages are delivered in any order, possibly more than once, possibly never. The
// happened-before relation is computed here from the history alone (no clock involved), so it
// is an independent reference against which every clock is judged.

#include <rapidcheck.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace converge_test {

enum class event_kind : std::uint8_t { local, send, receive };

// One generated step; interpreted against the history built so far.
struct step {
    std::uint8_t kind = 0;         // 0..2 as event_kind; a receive with nothing in flight is local
    std::uint8_t process = 0;      // taken modulo the number of processes
    std::uint16_t pick = 0;        // which sent message a receive takes, modulo the number sent
    std::uint16_t advance_ms = 0;  // how far true time moves before this step (HLC tests)
};

struct event {
    int process = 0;
    event_kind kind = event_kind::local;
    int message = -1;  // for a receive: the index of the send event whose message it takes
    std::int64_t true_time_ms = 0;
};

// A history and its happened-before relation: before(e, f) is true iff e -> f.
class causal_history {
public:
    causal_history(int processes, const std::vector<step>& steps) : m_processes(processes) {
        std::vector<int> sends;
        std::vector<int> last_of(static_cast<std::size_t>(processes), -1);
        std::int64_t true_time = 0;
        for (const step& s : steps) {
            true_time += s.advance_ms;
            event e;
            e.process = s.process % processes;
            e.kind = static_cast<event_kind>(s.kind % 3);
            e.true_time_ms = true_time;
            if (e.kind == event_kind::receive) {
                if (sends.empty()) {
                    e.kind = event_kind::local;
                } else {
                    e.message = sends[s.pick % sends.size()];
                }
            }
            const int index = static_cast<int>(m_events.size());
            if (e.kind == event_kind::send) sends.push_back(index);

            // Predecessors: the previous event of the same process, the send being received,
            // and everything before either of them.
            std::vector<bool> preds(m_events.size() + 1, false);
            auto absorb = [&](int p) {
                if (p < 0) return;
                preds[static_cast<std::size_t>(p)] = true;
                const auto& earlier = m_before[static_cast<std::size_t>(p)];
                for (std::size_t i = 0; i < earlier.size(); ++i)
                    if (earlier[i]) preds[i] = true;
            };
            absorb(last_of[static_cast<std::size_t>(e.process)]);
            absorb(e.message);
            last_of[static_cast<std::size_t>(e.process)] = index;
            m_events.push_back(e);
            m_before.push_back(std::move(preds));
        }
    }

    [[nodiscard]] int processes() const noexcept { return m_processes; }
    [[nodiscard]] const std::vector<event>& events() const noexcept { return m_events; }
    [[nodiscard]] std::size_t size() const noexcept { return m_events.size(); }

    // e -> f (strictly).
    [[nodiscard]] bool before(std::size_t e, std::size_t f) const {
        const auto& preds = m_before[f];
        return e < preds.size() && preds[e];
    }

    [[nodiscard]] bool concurrent(std::size_t e, std::size_t f) const {
        return e != f && !before(e, f) && !before(f, e);
    }

private:
    int m_processes;
    std::vector<event> m_events;
    std::vector<std::vector<bool>> m_before;
};

// Replays a history through a clock adapter with three operations:
//   stamp local(int process);  stamp send(int process);  stamp receive(int process, const stamp&);
// A send's stamp is its message. Returns one stamp per event.
template <class Adapter>
auto replay(const causal_history& history, Adapter& adapter) {
    using stamp = decltype(adapter.local(0));
    std::vector<stamp> stamps;
    stamps.reserve(history.size());
    for (const event& e : history.events()) {
        adapter.set_true_time(e.process, e.true_time_ms);
        switch (e.kind) {
            case event_kind::local:
                stamps.push_back(adapter.local(e.process));
                break;
            case event_kind::send:
                stamps.push_back(adapter.send(e.process));
                break;
            case event_kind::receive:
                stamps.push_back(
                    adapter.receive(e.process, stamps[static_cast<std::size_t>(e.message)]));
                break;
        }
    }
    return stamps;
}

// Uniform in [low, high): RapidCheck's inRange narrows towards `low` at small sizes, which
// would make the first cases all process 0 and all local events.
template <class T>
rc::Gen<T> uniform(T low, T high) {
    return rc::gen::resize(rc::kNominalSize, rc::gen::inRange<T>(low, high));
}

// Generators: 2..8 processes and up to ~120 steps.
inline rc::Gen<step> gen_step(std::uint16_t max_advance_ms) {
    return rc::gen::apply(
        [](std::uint8_t kind, std::uint8_t process, std::uint16_t pick, std::uint16_t advance) {
            return step{kind, process, pick, advance};
        },
        uniform<std::uint8_t>(0, 3), uniform<std::uint8_t>(0, 8),
        rc::gen::arbitrary<std::uint16_t>(),
        uniform<std::uint16_t>(0, static_cast<std::uint16_t>(max_advance_ms + 1)));
}

inline causal_history generate_history(std::uint16_t max_advance_ms = 3) {
    const int processes = *uniform(2, 9);
    const auto steps =
        *rc::gen::resize(120, rc::gen::container<std::vector<step>>(gen_step(max_advance_ms)));
    return causal_history(processes, steps);
}

}  // namespace converge_test
