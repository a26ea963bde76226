// SPDX-License-Identifier: MIT
#pragma once

// A replica id whose copies throw on demand, to test what merge promises when a copy fails.

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>

namespace converge_test {

struct copy_failure : std::runtime_error {
    copy_failure() : std::runtime_error("throwing_replica: planned copy failure") {}
};

// Copies (construction and assignment) count down a shared budget and throw when it runs
// out; moves never throw, like std::string's.
class throwing_replica {
public:
    // Copies left before one throws; negative: never throw.
    static inline std::int64_t copies_left = -1;

    throwing_replica(std::uint64_t id = 0) noexcept : m_id(id) {}  // NOLINT: implicit on purpose
    throwing_replica(const throwing_replica& other) : m_id(other.m_id) { spend(); }
    throwing_replica(throwing_replica&& other) noexcept = default;
    throwing_replica& operator=(const throwing_replica& other) {
        spend();
        m_id = other.m_id;
        return *this;
    }
    throwing_replica& operator=(throwing_replica&& other) noexcept = default;
    ~throwing_replica() = default;

    [[nodiscard]] std::uint64_t id() const noexcept { return m_id; }

    friend bool operator==(const throwing_replica&, const throwing_replica&) = default;
    friend auto operator<=>(const throwing_replica&, const throwing_replica&) = default;

private:
    static void spend() {
        if (copies_left == 0) throw copy_failure();
        if (copies_left > 0) --copies_left;
    }

    std::uint64_t m_id;
};

// Turns planned failures off for the rest of a scope, so checks can copy freely.
struct no_copy_failures {
    std::int64_t saved = throwing_replica::copies_left;
    no_copy_failures() noexcept { throwing_replica::copies_left = -1; }
    no_copy_failures(const no_copy_failures&) = delete;
    no_copy_failures& operator=(const no_copy_failures&) = delete;
    ~no_copy_failures() { throwing_replica::copies_left = saved; }
};

}  // namespace converge_test

template <>
struct std::hash<converge_test::throwing_replica> {
    std::size_t operator()(const converge_test::throwing_replica& r) const noexcept {
        return std::hash<std::uint64_t>{}(r.id());
    }
};
