// SPDX-License-Identifier: MIT
#pragma once

#include <converge/clock/hlc_timestamp.hpp>
#include <converge/core/concepts.hpp>
#include <converge/core/result.hpp>

#include <concepts>
#include <cstdint>
#include <optional>
#include <utility>

namespace converge::inline v1 {

// The position of an assignment in a register's order: timestamp first, then writer. A
// register's digest is its key (or nothing, for the empty register).
template <class ReplicaId, class Timestamp>
struct lww_key {
    Timestamp timestamp;
    ReplicaId writer;

    friend bool operator==(const lww_key&, const lww_key&) = default;
};

// A last-writer-wins register: holds the value of the assignment with the largest
// (timestamp, writer) pair. The empty register (no assignment yet) is the bottom.
//
// Merge must be commutative for every pair of states, including two assignments with the same
// timestamp and writer but different values, which only misuse produces (a replica reusing a
// timestamp). Such ties go to the larger value, so T must be totally ordered.
//
//     converge::lww_register<std::string> a, b;
//     auto delta = a.assign(1, "draft", converge::hlc_timestamp(1'700'000'000'000, 0));
//     b.merge(delta);                   // *b.value() == "draft"
template <class T, class ReplicaId = std::uint64_t, class Timestamp = hlc_timestamp>
class lww_register {
    // If this fires: two assignments at the same (timestamp, writer) are ordered by value, the
    // only way merge stays commutative when a replica reuses a timestamp.
    static_assert(std::totally_ordered<T> && std::copyable<T>,
                  "converge::lww_register<T, ReplicaId, Timestamp>: T must be copyable and "
                  "totally ordered (<, ==) so that conflicting writes with equal timestamps "
                  "and writers resolve the same way on every replica");
    static_assert(std::totally_ordered<ReplicaId> && std::copyable<ReplicaId>,
                  "converge::lww_register<T, ReplicaId, Timestamp>: ReplicaId must be copyable "
                  "and totally ordered (<, ==): it breaks ties between equal timestamps");
    static_assert(std::totally_ordered<Timestamp> && std::semiregular<Timestamp>,
                  "converge::lww_register<T, ReplicaId, Timestamp>: Timestamp must be totally "
                  "ordered (<, ==), copyable and default-constructible");

public:
    using value_type = T;
    using replica_type = ReplicaId;
    using timestamp_type = Timestamp;

    using key_type = lww_key<ReplicaId, Timestamp>;

    // The key of the value a replica holds, or nullopt if it holds none. Values are not part
    // of the digest, so a tie makes delta_since() send the value (see there).
    using digest_type = std::optional<key_type>;

    // The empty register: the bottom of the lattice.
    lww_register() = default;

    // Records an assignment of `value` by `writer` at `timestamp` and returns the delta: a
    // register holding just that assignment. The register keeps the larger of its current
    // assignment and the new one, so an assignment older than what it holds changes nothing.
    // A replica must not assign two different values with the same timestamp.
    lww_register assign(const ReplicaId& writer, T value, Timestamp timestamp) {
        lww_register delta;
        delta.m_value.emplace(std::move(value));
        delta.m_timestamp = std::move(timestamp);
        delta.m_writer.emplace(writer);
        merge(delta);
        return delta;
    }

    // The current value; empty before any assignment.
    [[nodiscard]] const std::optional<T>& value() const noexcept { return m_value; }

    // The current value's timestamp; Timestamp{} when the register is empty.
    [[nodiscard]] const Timestamp& timestamp() const noexcept { return m_timestamp; }

    // The replica that wrote the current value; empty when the register is empty.
    [[nodiscard]] const std::optional<ReplicaId>& writer() const noexcept { return m_writer; }

    // Joins `other` into this register: the larger (timestamp, writer, value) wins.
    lww_register& merge(const lww_register& other) {
        if (precedes(*this, other)) *this = other;
        return *this;
    }

    // Rebuilds a register from its parts (as value(), timestamp() and writer() show them).
    // Rejects (errc::invalid_parts) a value without a writer or a writer without a value, and
    // an empty register with a timestamp other than Timestamp{}.
    [[nodiscard]] static result<lww_register> from_parts(std::optional<T> value,
                                                         Timestamp timestamp,
                                                         std::optional<ReplicaId> writer) {
        if (value.has_value() && !writer.has_value())
            return failure(errc::invalid_parts,
                           "lww_register::from_parts: a value needs the replica that wrote it");
        if (!value.has_value() && writer.has_value())
            return failure(errc::invalid_parts,
                           "lww_register::from_parts: a writer is given but no value");
        if (!value.has_value() && !(timestamp == Timestamp{}))
            return failure(errc::invalid_parts,
                           "lww_register::from_parts: an empty register must carry the "
                           "default timestamp");
        lww_register r;
        r.m_value = std::move(value);
        r.m_timestamp = std::move(timestamp);
        r.m_writer = std::move(writer);
        return r;
    }

    // The key of the current value, or nullopt if the register is empty.
    [[nodiscard]] digest_type digest() const {
        if (!m_writer) return std::nullopt;
        return key_type{m_timestamp, *m_writer};
    }

    // What a replica whose digest is `seen` lacks: nothing (the empty register) when its key
    // is strictly larger than ours or we hold nothing, otherwise this register. An equal key
    // re-sends the value: the digest carries no value, and only the asker can apply the
    // value tie-break to a conflicting write, so ties resolve the same everywhere.
    [[nodiscard]] lww_register delta_since(const digest_type& seen) const {
        if (!m_writer) return {};
        if (seen && key_less(m_timestamp, *m_writer, seen->timestamp, seen->writer)) return {};
        return *this;
    }

    // The part of *this that inflates `local`: *this if it wins over local, else empty. O(1).
    [[nodiscard]] lww_register inflation_over(const lww_register& local) const {
        return precedes(local, *this) ? *this : lww_register{};
    }

    friend bool operator==(const lww_register&, const lww_register&) = default;

private:
    [[nodiscard]] static bool key_less(const Timestamp& ta, const ReplicaId& wa,
                                       const Timestamp& tb, const ReplicaId& wb) {
        if (ta < tb) return true;
        if (tb < ta) return false;
        return wa < wb;
    }

    // True when `b` must replace `a`: a total order on states with the empty register first.
    [[nodiscard]] static bool precedes(const lww_register& a, const lww_register& b) {
        if (!b.m_writer) return false;
        if (!a.m_writer) return true;
        if (key_less(a.m_timestamp, *a.m_writer, b.m_timestamp, *b.m_writer)) return true;
        if (key_less(b.m_timestamp, *b.m_writer, a.m_timestamp, *a.m_writer)) return false;
        return *a.m_value < *b.m_value;
    }

    std::optional<T> m_value;
    Timestamp m_timestamp{};
    std::optional<ReplicaId> m_writer;
};

}  // namespace converge::inline v1
