// SPDX-License-Identifier: MIT
// The OR-set's metadata bound. With causal delivery of deltas, every replica's context is one
// contiguous prefix per replica that added (an empty dot cloud) and the store holds only live
// elements, each with one dot unless it was added concurrently. Checked after every step of
// 10,000 random adds, removes and clears on four replicas, and against the add-wins
// specification at the end. With arbitrary delivery order, clouds appear and then vanish once
// every delta has arrived.
#include <converge/crdt/or_set.hpp>

#include "test_support.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <vector>

using converge::dot;
using converge::or_set;

// A check inside hot loops: Catch2 only records it when it fails.
#define METADATA_EXPECT(...)                                 \
    do {                                                     \
        if (!(__VA_ARGS__)) FAIL("violated: " #__VA_ARGS__); \
    } while (false)

namespace {

using set_t = or_set<std::uint64_t>;
using vclock = std::vector<std::uint64_t>;  // a vector clock over the replicas, by index

constexpr std::size_t replica_count = 4;
constexpr std::uint64_t element_pool = 40;

// Whether the event with clock a happened before the event with clock b.
bool happened_before(const vclock& a, const vclock& b) {
    bool less = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] > b[i]) return false;
        less = less || a[i] < b[i];
    }
    return less;
}

struct message {
    std::size_t sender;
    vclock clock;  // the sender's clock at the send
    set_t delta;
};

// An operation as the specification sees it.
struct event {
    enum kind_t { add, remove, clear } kind;
    std::uint64_t element;
    vclock clock;
    dot<> added;  // for adds
};

struct replica {
    set_t state;
    vclock clock = vclock(replica_count, 0);
    std::vector<message> inbox;
};

class simulation {
public:
    explicit simulation(std::uint64_t seed, bool causal) : m_rng(seed), m_causal(causal) {}

    // One random add, remove or clear at a random replica, broadcast to the others.
    void operate() {
        const std::size_t i = pick(replica_count);
        replica& r = m_replicas[i];
        const std::uint64_t roll = pick(100);
        event e{event::add, pick(element_pool), {}, {}};
        set_t delta;
        if (roll == 0) {
            e.kind = event::clear;
            delta = r.state.clear();
        } else if (roll < 40 && !r.state.empty()) {
            auto it = r.state.begin();
            std::advance(it, static_cast<std::ptrdiff_t>(pick(r.state.size())));
            e = {event::remove, *it, {}, {}};
            delta = r.state.remove(e.element);
        } else {
            e.added = r.state.context().next_dot(i);
            delta = r.state.add(i, e.element);
            m_added.emplace(e.added, m_events.size());
        }
        ++r.clock[i];
        e.clock = r.clock;
        const std::uint64_t before = m_own_adds[i].empty() ? 0 : m_own_adds[i].back();
        m_own_adds[i].push_back(before + (e.kind == event::add ? 1 : 0));
        m_events.push_back(e);
        for (std::size_t j = 0; j < replica_count; ++j)
            if (j != i) m_replicas[j].inbox.push_back({i, r.clock, delta});
    }

    // Delivers one message to a random replica: causally deliverable ones only when causal.
    // Returns false when that replica had nothing to deliver.
    bool deliver() {
        replica& r = m_replicas[pick(replica_count)];
        std::vector<std::size_t> ready;
        for (std::size_t k = 0; k < r.inbox.size(); ++k)
            if (!m_causal || deliverable(r, r.inbox[k])) ready.push_back(k);
        if (ready.empty()) return false;
        const std::size_t k = ready[pick(ready.size())];
        message m = std::move(r.inbox[k]);
        r.inbox.erase(r.inbox.begin() + static_cast<std::ptrdiff_t>(k));
        r.state.merge(m.delta);
        for (std::size_t s = 0; s < replica_count; ++s)
            r.clock[s] = std::max(r.clock[s], m.clock[s]);
        return true;
    }

    // Delivers everything still in flight.
    void drain() {
        while (in_flight() > 0) (void)deliver();
    }

    [[nodiscard]] std::size_t in_flight() const {
        std::size_t n = 0;
        for (const replica& r : m_replicas) n += r.inbox.size();
        return n;
    }

    // The bound under causal delivery: empty clouds, one entry per replica that added, whose
    // prefix counts exactly the adds of that replica delivered here; only live elements,
    // each with one dot unless concurrently added; every dot names the element it added.
    void check_bound() const {
        for (std::size_t j = 0; j < replica_count; ++j) {
            const replica& r = m_replicas[j];
            const auto& ctx = r.state.context();
            METADATA_EXPECT(ctx.cloud_size() == 0);
            std::size_t adders = 0;
            for (std::size_t s = 0; s < replica_count; ++s) {
                const std::uint64_t adds = adds_by(s, r.clock[s]);
                adders += adds > 0 ? 1 : 0;
                METADATA_EXPECT(ctx.max_counter(s) == adds);
            }
            METADATA_EXPECT(ctx.replicas().size() == adders);
            check_store(r.state);
        }
    }

    void check_store(const set_t& state) const {
        for (const auto entry : state.entries()) {
            METADATA_EXPECT(!entry.dots.empty());
            for (const auto& d : entry.dots)
                METADATA_EXPECT(m_events.at(m_added.at(d)).element == entry.element);
            for (std::size_t a = 0; a < entry.dots.size(); ++a)
                for (std::size_t b = a + 1; b < entry.dots.size(); ++b) {
                    const vclock& ca = add_clock(entry.dots[a]);
                    const vclock& cb = add_clock(entry.dots[b]);
                    METADATA_EXPECT(!happened_before(ca, cb));
                    METADATA_EXPECT(!happened_before(cb, ca));
                }
        }
    }

    // After everything is delivered: all replicas equal, every context exactly the adds made,
    // and the elements are those of the add-wins specification: a dot survives iff no add,
    // remove or clear of its element causally follows its add.
    void check_converged() const {
        const set_t& first = m_replicas[0].state;
        for (const replica& r : m_replicas) METADATA_EXPECT(r.state == first);
        METADATA_EXPECT(first.context().cloud_size() == 0);
        METADATA_EXPECT(first.context().dot_count() == m_added.size());

        std::map<std::uint64_t, std::vector<const event*>> by_element;
        std::vector<const event*> clears;
        for (const event& e : m_events) {
            if (e.kind == event::clear)
                clears.push_back(&e);
            else
                by_element[e.element].push_back(&e);
        }
        std::set<dot<>> expected;
        for (const event& a : m_events) {
            if (a.kind != event::add) continue;
            bool superseded = false;
            for (const event* later : by_element[a.element])
                superseded = superseded || happened_before(a.clock, later->clock);
            for (const event* c : clears)
                superseded = superseded || happened_before(a.clock, c->clock);
            if (!superseded) expected.insert(a.added);
        }
        std::set<dot<>> stored;
        for (const auto entry : first.entries())
            stored.insert(entry.dots.begin(), entry.dots.end());
        METADATA_EXPECT(stored == expected);
        check_store(first);
    }

    [[nodiscard]] std::size_t max_cloud() const {
        std::size_t n = 0;
        for (const replica& r : m_replicas) n = std::max(n, r.state.context().cloud_size());
        return n;
    }

    [[nodiscard]] std::size_t stored_dots() const {
        std::size_t n = 0;
        for (const auto entry : m_replicas[0].state.entries()) n += entry.dots.size();
        return n;
    }

private:
    std::uint64_t pick(std::uint64_t n) {
        return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(m_rng);
    }

    bool deliverable(const replica& r, const message& m) const {
        for (std::size_t s = 0; s < replica_count; ++s) {
            if (s == m.sender ? m.clock[s] != r.clock[s] + 1 : m.clock[s] > r.clock[s])
                return false;
        }
        return true;
    }

    // The number of adds among the first `events` events of replica s.
    [[nodiscard]] std::uint64_t adds_by(std::size_t s, std::uint64_t events) const {
        return events == 0 ? 0 : m_own_adds[s].at(events - 1);
    }

    [[nodiscard]] const vclock& add_clock(const dot<>& d) const {
        return m_events.at(m_added.at(d)).clock;
    }

    std::mt19937_64 m_rng;
    bool m_causal;
    replica m_replicas[replica_count];
    std::vector<event> m_events;
    std::map<dot<>, std::size_t> m_added;  // dot -> index of its add in m_events
    std::vector<std::uint64_t>
        m_own_adds[replica_count];  // per replica: adds among its first k+1 events
};

}  // namespace

TEST_CASE("in-order delivery: one context entry per replica, empty cloud, only live elements") {
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
        INFO("seed " << seed);
        simulation sim(seed, true);
        std::mt19937_64 rng(seed * 7919);
        int operations = 0;
        while (operations < 10'000) {
            if (std::uniform_int_distribution<int>(0, 99)(rng) < 15) {
                sim.operate();
                ++operations;
            } else {
                (void)sim.deliver();
            }
            sim.check_bound();
        }
        sim.drain();
        sim.check_bound();
        sim.check_converged();
        // Live elements only: at most one per element of the pool, plus concurrent re-adds.
        CHECK(sim.stored_dots() <= element_pool * replica_count);
    }
}

TEST_CASE("out-of-order delivery: the cloud holds intervals until the gaps fill") {
    for (const std::uint64_t seed : {4u, 5u}) {
        INFO("seed " << seed);
        simulation sim(seed, false);
        std::mt19937_64 rng(seed * 7919);
        std::size_t largest_cloud = 0;
        for (int operations = 0; operations < 2'000;) {
            if (std::uniform_int_distribution<int>(0, 99)(rng) < 15) {
                sim.operate();
                ++operations;
            } else {
                (void)sim.deliver();
            }
            largest_cloud = std::max(largest_cloud, sim.max_cloud());
        }
        CHECK(largest_cloud > 0);
        sim.drain();
        sim.check_converged();
        CHECK(sim.max_cloud() == 0);
    }
}
