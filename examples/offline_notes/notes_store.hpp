// SPDX-License-Identifier: MIT
#pragma once

// A replica's durable state in one SQLite file: its replica id and its anti-entropy endpoint
// as converge::encode(endpoint.persist()) bytes (the notes plus what sync must remember).

#include <converge/codec/envelope.hpp>
#include <converge/codec/or_set.hpp>
#include <converge/crdt/or_set.hpp>
#include <converge/sync/anti_entropy.hpp>

#include <sqlite3.h>

#include <cstdint>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace notes {

using note_set = converge::or_set<std::string>;
using endpoint = converge::sync::anti_entropy<note_set, std::uint64_t>;

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
