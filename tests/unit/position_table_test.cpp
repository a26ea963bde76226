// SPDX-License-Identifier: MIT
// detail::position_table, the flat index under or_set: examples, and a property test of a
// small map built on it (the way or_set uses it: dense entries, swap-remove) against
// std::unordered_map as the model.
#include <converge/crdt/detail/position_table.hpp>

#include "test_support.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

using converge::detail::position_table;

namespace {

// A map from keys to values: entries packed in a vector, found through a position_table.
// `hash_bits` narrows the hash so that keys collide and probe chains grow long; `relocate`
// false plants a bug (an erase that moves the last entry without telling the table).
class dense_map {
public:
    dense_map(int hash_bits, bool relocate) : m_bits(hash_bits), m_relocate(relocate) {}

    [[nodiscard]] std::optional<std::uint64_t> find(std::uint64_t key) const {
        const std::uint32_t p = locate(key);
        if (p == position_table::npos) return std::nullopt;
        return m_entries[p].second;
    }

    void insert_or_assign(std::uint64_t key, std::uint64_t value) {
        const std::uint32_t p = locate(key);
        if (p != position_table::npos) {
            m_entries[p].second = value;
            return;
        }
        if (m_table.needs_rehash()) {
            m_table.rehash(2 * m_entries.size() + 1);
            for (std::uint32_t i = 0; i < m_entries.size(); ++i)
                m_table.insert(hash(m_entries[i].first), i);
        }
        m_entries.emplace_back(key, value);
        m_table.insert(hash(key), static_cast<std::uint32_t>(m_entries.size() - 1));
    }

    bool erase(std::uint64_t key) {
        const std::uint32_t p = locate(key);
        if (p == position_table::npos) return false;
        RC_ASSERT(m_table.erase(hash(key), p));
        const auto last = static_cast<std::uint32_t>(m_entries.size() - 1);
        if (p != last) {
            if (m_relocate) RC_ASSERT(m_table.relocate(hash(m_entries[last].first), last, p));
            m_entries[p] = m_entries[last];
        }
        m_entries.pop_back();
        return true;
    }

    void clear() {
        m_entries.clear();
        m_table.clear();
    }

    [[nodiscard]] std::size_t size() const { return m_entries.size(); }
    [[nodiscard]] const position_table& table() const { return m_table; }

private:
    [[nodiscard]] std::size_t hash(std::uint64_t key) const {
        return static_cast<std::size_t>(key & ((std::uint64_t{1} << m_bits) - 1));
    }
    [[nodiscard]] std::uint32_t locate(std::uint64_t key) const {
        return m_table.find(hash(key), [&](std::uint32_t p) { return m_entries[p].first == key; });
    }

    int m_bits;
    bool m_relocate;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> m_entries;
    position_table m_table;
};

struct op {
    int kind;  // 0, 1: insert_or_assign; 2: erase; 3: find; 4: clear (rare)
    std::uint64_t key;
    std::uint64_t value;
};

// Runs random operations on a dense_map and on std::unordered_map and compares every answer.
void run_against_model(int hash_bits, bool relocate) {
    dense_map map(hash_bits, relocate);
    std::unordered_map<std::uint64_t, std::uint64_t> model;
    const auto count = *rc::gen::inRange(1, 600);
    // Keys from a small range, so that inserts, erases and finds hit the same keys.
    const auto key_range = *rc::gen::inRange<std::uint64_t>(1, 200);
    for (int i = 0; i < count; ++i) {
        const int kind = *rc::gen::resize(rc::kNominalSize, rc::gen::inRange(0, 200));
        const std::uint64_t key =
            *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<std::uint64_t>(0, key_range));
        if (kind < 80) {
            map.insert_or_assign(key, static_cast<std::uint64_t>(i));
            model[key] = static_cast<std::uint64_t>(i);
        } else if (kind < 150) {
            RC_ASSERT(map.erase(key) == (model.erase(key) == 1));
        } else if (kind < 199) {
            const auto found = map.find(key);
            const auto it = model.find(key);
            RC_ASSERT(found.has_value() == (it != model.end()));
            if (found) RC_ASSERT(*found == it->second);
        } else {
            map.clear();
            model.clear();
        }
        RC_ASSERT(map.size() == model.size());
        RC_ASSERT(map.table().size() == model.size());
    }
    for (const auto& [key, value] : model) RC_ASSERT(map.find(key) == std::optional(value));
}

}  // namespace

TEST_CASE("position_table: an empty table finds nothing and asks for a rehash") {
    position_table t;
    CHECK(t.capacity() == 0);
    CHECK(t.needs_rehash());
    CHECK(t.find(42, [](std::uint32_t) { return true; }) == position_table::npos);
    CHECK_FALSE(t.erase(42, 0));
    CHECK_FALSE(t.relocate(42, 0, 1));
}

TEST_CASE("position_table: insert, find, erase, relocate") {
    position_table t;
    t.rehash(3);
    CHECK(t.capacity() == 8);
    t.insert(7, 0);
    t.insert(7, 1);  // same hash: the second probes past the first
    t.insert(9, 2);
    CHECK(t.size() == 3);
    CHECK(t.find(7, [](std::uint32_t p) { return p == 1; }) == 1);
    CHECK(t.find(9, [](std::uint32_t p) { return p == 2; }) == 2);
    CHECK(t.find(9, [](std::uint32_t p) { return p == 5; }) == position_table::npos);

    CHECK(t.erase(7, 0));  // the chain to position 1 must survive the erase
    CHECK(t.find(7, [](std::uint32_t p) { return p == 1; }) == 1);
    CHECK(t.relocate(7, 1, 0));
    CHECK(t.find(7, [](std::uint32_t p) { return p == 0; }) == 0);
    CHECK(t.size() == 2);

    const position_table copy = t;
    t.clear();
    CHECK(t.size() == 0);
    CHECK(copy.size() == 2);
    CHECK(copy.find(9, [](std::uint32_t p) { return p == 2; }) == 2);
}

TEST_CASE("position_table: load stays at or under one half") {
    position_table t;
    std::uint32_t n = 0;
    for (; n < 1000; ++n) {
        if (t.needs_rehash()) {
            t.rehash(2 * n + 1);
            for (std::uint32_t i = 0; i < n; ++i) t.insert(i, i);
        }
        t.insert(n, n);
        CHECK(2 * t.size() <= t.capacity());
    }
    CHECK(t.memory_bytes() == t.capacity() * sizeof(std::uint32_t));
    position_table moved = std::move(t);
    CHECK(moved.size() == 1000);
    CHECK(t.capacity() == 0);  // NOLINT(bugprone-use-after-move): moved-from is empty
}

TEST_CASE("position_table: a map built on it behaves like std::unordered_map") {
    CONVERGE_CHECK_PROPERTY("well spread hashes", [] { run_against_model(32, true); });
    CONVERGE_CHECK_PROPERTY("heavy collisions (4 hash values)", [] { run_against_model(2, true); });
    CONVERGE_CHECK_PROPERTY("one hash value", [] { run_against_model(0, true); });
}

TEST_CASE("position_table: the model comparison catches an entry moved without relocate") {
    CONVERGE_CHECK_PROPERTY_FAILS("erase forgets relocate", [] { run_against_model(32, false); });
}
