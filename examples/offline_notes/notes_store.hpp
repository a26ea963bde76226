// SPDX-License-Identifier: MIT
#pragma once

// The notes document, and a replica's durable state in one SQLite file: its replica id and
// its anti-entropy endpoint as converge::encode(endpoint.persist()) bytes (the notes plus what
// sync must remember).

#include <converge/codec/causal_context.hpp>
#include <converge/codec/envelope.hpp>
#include <converge/codec/flags.hpp>
#include <converge/codec/mv_register.hpp>
#include <converge/codec/or_map.hpp>
#include <converge/codec/or_set.hpp>
#include <converge/crdt/flags.hpp>
#include <converge/crdt/mv_register.hpp>
#include <converge/crdt/or_map.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/sync/anti_entropy.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace notes {

// A note has a title and a body, a set of tags and a done flag. An or_map's values are all of
// one causal type, so one map cannot hold a register, a set and a flag side by side. The
// document is three maps keyed by the same note id instead, one per kind of field, each
// holding the CRDT that kind needs:
//
//   texts: note id -> {"title", "body"} -> mv_register   concurrent edits are all kept, shown
//                                                        as a conflict, resolved by the next edit
//   tags:  note id -> tag_set                            an add-wins set of tags
//   done:  note id -> enable_wins_flag
//
// Every edit is an or_map::update of one note's entry, so its delta holds just that field's
// change. Removing a note removes its entry from the three maps; as with any or_map, an edit
// the remover had not seen survives the remove, and the note comes back holding that edit.
//
// done is enable-wins: an "undone" cancels only the completions its author had seen, so a
// note someone has just finished is not reopened by someone who never saw it finished. An
// open note then stores no dot, and so has no entry in `done` at all.
using note_id = std::string;
using text_field = converge::mv_register<std::string>;
using text_fields = converge::or_map<std::string, text_field>;
using done_flag = converge::enable_wins_flag<>;

// The tags of one note, an add-wins set: a tag added concurrently with its removal stays.
// Only this alias and the three functions below know how the set is built.
using tag_set = converge::or_set<std::string>;

inline tag_set add_tag(tag_set& tags, std::uint64_t replica, const std::string& tag) {
    return tags.add(replica, tag);
}

inline tag_set remove_tag(tag_set& tags, const std::string& tag) {
    return tags.remove(tag);
}

inline std::vector<std::string> tags_of(const tag_set& tags) {
    std::vector<std::string> out(tags.begin(), tags.end());
    std::sort(out.begin(), out.end());
    return out;
}

// What a replica has seen of each map: the digest the sync layer exchanges.
struct document_digest {
    converge::causal_context<std::uint64_t> texts, tags, done;

    friend bool operator==(const document_digest&, const document_digest&) = default;
};

// The three maps as one CRDT: every lattice operation acts on each map in turn.
struct document {
    using digest_type = document_digest;

    converge::or_map<note_id, text_fields> texts;
    converge::or_map<note_id, tag_set> tags;
    converge::or_map<note_id, done_flag> done;

    document& merge(const document& other) {
        texts.merge(other.texts);
        tags.merge(other.tags);
        done.merge(other.done);
        return *this;
    }
    [[nodiscard]] document_digest digest() const {
        return {texts.digest(), tags.digest(), done.digest()};
    }
    [[nodiscard]] document delta_since(const document_digest& seen) const {
        return {texts.delta_since(seen.texts), tags.delta_since(seen.tags),
                done.delta_since(seen.done)};
    }
    [[nodiscard]] document inflation_over(const document& local) const {
        return {texts.inflation_over(local.texts), tags.inflation_over(local.tags),
                done.inflation_over(local.done)};
    }

    friend bool operator==(const document&, const document&) = default;
};

inline std::string hex_id(std::uint64_t id) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(id));
    return text;
}

// The id `replica`'s next note gets: the replica and the counter of the dot its title write
// will take, so ids are unique across replicas without any coordination.
inline note_id next_note_id(const document& d, std::uint64_t replica) {
    return hex_id(replica) + "-" + std::to_string(d.texts.context().next_dot(replica).counter);
}

// The mutators: each changes the document and returns its delta, for anti_entropy::mutate.

// Sets a note's "title" or "body", superseding every value this replica has seen of it.
inline document write_text(document& d, std::uint64_t replica, const note_id& id,
                           const std::string& field, const std::string& value) {
    document delta;
    delta.texts = d.texts.update(id, [&](text_fields& note) {
        return note.update(field, [&](text_field& text) { return text.write(replica, value); });
    });
    return delta;
}

inline document tag(document& d, std::uint64_t replica, const note_id& id,
                    const std::string& name) {
    document delta;
    delta.tags = d.tags.update(id, [&](tag_set& tags) { return add_tag(tags, replica, name); });
    return delta;
}

inline document untag(document& d, const note_id& id, const std::string& name) {
    document delta;
    delta.tags = d.tags.update(id, [&](tag_set& tags) { return remove_tag(tags, name); });
    return delta;
}

inline document set_done(document& d, std::uint64_t replica, const note_id& id, bool on) {
    document delta;
    delta.done = d.done.update(
        id, [&](done_flag& flag) { return on ? flag.enable(replica) : flag.disable(); });
    return delta;
}

// Removes what this replica has seen of the note, in every map.
inline document remove_note(document& d, const note_id& id) {
    document delta;
    delta.texts = d.texts.remove(id);
    delta.tags = d.tags.remove(id);
    delta.done = d.done.remove(id);
    return delta;
}

// The readers.

inline bool has_note(const document& d, const note_id& id) {
    return d.texts.contains(id) || d.tags.contains(id) || d.done.contains(id);
}

// Every note in any of the maps, oldest first per replica: by replica, then by counter.
inline std::vector<note_id> note_ids(const document& d) {
    std::vector<note_id> out;
    for (const auto& entry : d.texts) out.push_back(entry.first);
    for (const auto& entry : d.tags) out.push_back(entry.first);
    for (const auto& entry : d.done) out.push_back(entry.first);
    const auto key = [](const note_id& id) {
        const auto dash = std::min(id.rfind('-'), id.size());
        std::uint64_t counter = 0;  // an id of another shape sorts first among its prefix
        if (dash < id.size()) std::from_chars(id.data() + dash + 1, id.data() + id.size(), counter);
        return std::tuple(id.substr(0, dash), counter, id);
    };
    std::sort(out.begin(), out.end(),
              [&](const note_id& a, const note_id& b) { return key(a) < key(b); });
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// One note as the user sees it. A text field holds no value before its first edit, one
// normally, and several while concurrent edits are unresolved.
struct note_view {
    note_id id;
    std::vector<std::string> title, body;
    std::vector<std::string> tags;
    bool done = false;
};

inline note_view read_note(const document& d, const note_id& id) {
    note_view view{id, {}, {}, {}, false};
    if (const auto text = d.texts.get(id)) {
        if (const auto title = text->get("title")) view.title = title->values();
        if (const auto body = text->get("body")) view.body = body->values();
    }
    if (const auto tags = d.tags.get(id)) view.tags = tags_of(*tags);
    if (const auto done = d.done.get(id)) view.done = done->value();
    return view;
}

}  // namespace notes

// The document's wire form: its three maps in order, each in its own codec's form.
template <>
struct converge::codec<notes::document> {
    static void encode(byte_writer& w, const notes::document& d) {
        codec<decltype(d.texts)>::encode(w, d.texts);
        codec<decltype(d.tags)>::encode(w, d.tags);
        codec<decltype(d.done)>::encode(w, d.done);
    }
    static std::optional<notes::document> decode(byte_reader& r) {
        auto texts = codec<decltype(notes::document::texts)>::decode(r);
        if (!texts) return std::nullopt;
        auto tags = codec<decltype(notes::document::tags)>::decode(r);
        if (!tags) return std::nullopt;
        auto done = codec<decltype(notes::document::done)>::decode(r);
        if (!done) return std::nullopt;
        return notes::document{std::move(*texts), std::move(*tags), std::move(*done)};
    }
};

template <>
struct converge::codec<notes::document_digest> {
    using context_codec = codec<causal_context<std::uint64_t>>;
    static void encode(byte_writer& w, const notes::document_digest& d) {
        context_codec::encode(w, d.texts);
        context_codec::encode(w, d.tags);
        context_codec::encode(w, d.done);
    }
    static std::optional<notes::document_digest> decode(byte_reader& r) {
        auto texts = context_codec::decode(r);
        if (!texts) return std::nullopt;
        auto tags = context_codec::decode(r);
        if (!tags) return std::nullopt;
        auto done = context_codec::decode(r);
        if (!done) return std::nullopt;
        return notes::document_digest{std::move(*texts), std::move(*tags), std::move(*done)};
    }
};

namespace notes {

using endpoint = converge::sync::anti_entropy<document, std::uint64_t>;

class store {
public:
    explicit store(const std::string& path) {
        if (sqlite3_open(path.c_str(), &m_db) != SQLITE_OK) {
            const std::string why = m_db ? sqlite3_errmsg(m_db) : "out of memory";
            sqlite3_close(m_db);
            throw std::runtime_error("cannot open " + path + ": " + why);
        }
        sqlite3_busy_timeout(m_db, 5000);
        exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)");
    }
    store(const store&) = delete;
    store& operator=(const store&) = delete;
    ~store() { sqlite3_close(m_db); }

    // This replica's id, chosen at random the first time the database is used.
    std::uint64_t replica_id() {
        if (auto bytes = get("replica_id"); bytes.size() == 8) {
            std::uint64_t id = 0;
            for (std::byte b : bytes) id = id << 8 | static_cast<std::uint8_t>(b);
            return id;
        } else if (!bytes.empty()) {
            throw std::runtime_error("corrupted database: replica_id is not 8 bytes");
        }
        std::random_device rd;
        const std::uint64_t id = (std::uint64_t{rd()} << 32 | rd()) | 1;
        std::vector<std::byte> bytes(8);
        for (int i = 7, shift = 0; i >= 0; --i, shift += 8)
            bytes[static_cast<std::size_t>(i)] = static_cast<std::byte>(id >> shift);
        put("replica_id", bytes);
        return id;
    }

    // The stored endpoint (its notes and what it knows of peers), a fresh one on first use,
    // or a clear error if the stored bytes are damaged: a checksum catches corruption that
    // happens to decode, the decoder catches everything else.
    converge::result<endpoint> load() {
        const auto bytes = get("endpoint");
        if (bytes.empty()) return endpoint(replica_id());
        if (bytes.size() < 4 ||
            crc32(std::span(bytes).first(bytes.size() - 4)) != stored_crc(bytes))
            return converge::failure(converge::errc::invalid_value,
                                     "stored notes are corrupted (checksum mismatch)");
        return endpoint::restore(std::span(bytes).first(bytes.size() - 4));
    }

    // Stores `payload` followed by its CRC-32.
    void put_checked(const std::string& key, std::vector<std::byte> payload) {
        const std::uint32_t crc = crc32(payload);
        for (int shift = 24; shift >= 0; shift -= 8)
            payload.push_back(static_cast<std::byte>(crc >> shift));
        put(key, payload);
    }

    // CRC-32 (IEEE 802.3, reflected), bitwise: the stored state is small.
    static std::uint32_t crc32(std::span<const std::byte> data) {
        std::uint32_t crc = 0xFFFFFFFFu;
        for (std::byte b : data) {
            crc ^= static_cast<std::uint8_t>(b);
            for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
        return ~crc;
    }

    // Load, change, save as one transaction holding the write lock throughout, so a local
    // edit and a sync on the same file cannot lose each other's update, and a process killed
    // at any moment leaves the old state or the new one. `change(endpoint&)` returns what the
    // caller wants back; nothing is written if loading fails or `change` throws or reports
    // a failure (a result without a value).
    template <class Change>
    auto update(Change&& change) -> decltype(change(std::declval<endpoint&>())) {
        exec("BEGIN IMMEDIATE");
        try {
            auto loaded = load();
            if (!loaded) {
                exec("ROLLBACK");
                return loaded.error_info();
            }
            auto out = change(*loaded);
            if (!out) {
                exec("ROLLBACK");
                return out;
            }
            put_checked("endpoint", converge::encode(loaded->persist()));
            exec("COMMIT");
            return out;
        } catch (...) {
            exec("ROLLBACK");
            throw;
        }
    }

    // Raw access, for tests that corrupt the file on purpose.
    std::vector<std::byte> get(const std::string& key) {
        sqlite3_stmt* st = prepare("SELECT value FROM meta WHERE key = ?1");
        sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
        std::vector<std::byte> out;
        if (sqlite3_step(st) == SQLITE_ROW) {
            const auto* data = static_cast<const std::byte*>(sqlite3_column_blob(st, 0));
            out.assign(data, data + sqlite3_column_bytes(st, 0));
        }
        sqlite3_finalize(st);
        return out;
    }

    void put(const std::string& key, std::span<const std::byte> value) {
        sqlite3_stmt* st = prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)");
        sqlite3_bind_text(st, 1, key.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st, 2, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
        const int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            throw std::runtime_error(std::string("write failed: ") + sqlite3_errmsg(m_db));
    }

private:
    static std::uint32_t stored_crc(const std::vector<std::byte>& bytes) {
        std::uint32_t crc = 0;
        for (std::size_t i = bytes.size() - 4; i < bytes.size(); ++i)
            crc = crc << 8 | static_cast<std::uint8_t>(bytes[i]);
        return crc;
    }

    void exec(const char* sql) {
        char* error = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string why = error ? error : "unknown error";
            sqlite3_free(error);
            throw std::runtime_error(why);
        }
    }

    sqlite3_stmt* prepare(const char* sql) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(m_db, sql, -1, &st, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("bad statement: ") + sqlite3_errmsg(m_db));
        return st;
    }

    sqlite3* m_db = nullptr;
};

}  // namespace notes
