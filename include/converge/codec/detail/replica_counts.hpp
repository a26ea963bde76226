// SPDX-License-Identifier: MIT
#pragma once

// The wire form of replica -> count entries, shared by vector_clock (tag 2), g_counter (5),
// pn_counter (6) and the counter digests (9, 10), as in docs/wire-format.md:
//   entries := count(n) { replica uint(count) }*n, replicas strictly ascending, count >= 1

#include <converge/codec/codec.hpp>
#include <converge/core/detail/text.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace converge::inline v1::detail {

template <auto CountMember, class Entry>
void encode_replica_counts(byte_writer& w, std::span<const Entry> entries) {
    using replica_type = decltype(Entry::replica);
    w.varint(entries.size());
    for (const Entry& e : entries) {
        codec<replica_type>::encode(w, e.replica);
        w.varint(e.*CountMember);
    }
}

// Reads entries, rejecting (errc::non_canonical, at the entry's first byte) a zero count or a
// replica not above the previous one; `who` starts those messages and `entries_what` and
// `count_what` name the fields for the reader's own errors.
template <class Entry, auto CountMember>
[[nodiscard]] std::optional<std::vector<Entry>> decode_replica_counts(byte_reader& r,
                                                                      const char* who,
                                                                      const char* entries_what,
                                                                      const char* count_what) {
    using replica_type = decltype(Entry::replica);
    using count_type = std::remove_cvref_t<decltype(std::declval<Entry&>().*CountMember)>;
    // An entry takes at least two bytes: a replica id and a count.
    const auto n = r.count(entries_what, 2);
    if (!n) return std::nullopt;
    std::vector<Entry> entries;
    entries.reserve(*n);
    for (std::size_t i = 0; i < *n; ++i) {
        const std::size_t at = r.offset();
        auto replica = codec<replica_type>::decode(r);
        const auto count = r.unsigned_int<count_type>(count_what);
        if (!replica || !count) return std::nullopt;
        if (*count == 0) {
            r.fail_at(at, errc::non_canonical, text(who, ": entry ", i, " has count 0"));
            return std::nullopt;
        }
        if (i > 0 && !(entries.back().replica < *replica)) {
            r.fail_at(at, errc::non_canonical,
                      text(who, ": entry ", i, " is not in strictly ascending replica order"));
            return std::nullopt;
        }
        Entry e{std::move(*replica), {}};
        e.*CountMember = *count;
        entries.push_back(std::move(e));
    }
    return entries;
}

}  // namespace converge::inline v1::detail
