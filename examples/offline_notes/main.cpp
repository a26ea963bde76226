// SPDX-License-Identifier: MIT
// offline_notes: an offline-first shared notes app. Each replica keeps its notes in its own
// SQLite file and edits them with no network; replicas sync over TCP with converge's
// anti-entropy endpoint and wire codec. A note has a title, a body, tags and a done flag
// (notes_store.hpp says which CRDT holds each). Two concurrent edits of the same title are
// both kept and shown as a conflict until the next edit resolves it; a tag or a completion
// added concurrently with its removal stays; a note removed while someone else edits it comes
// back with that edit. Nothing acknowledged is lost if a process dies mid-sync.
//
//   offline_notes --db a.sqlite add "Buy milk"                 prints the new note's id
//   offline_notes --db a.sqlite edit ID title|body "text"
//   offline_notes --db a.sqlite tag ID TAG | untag ID TAG
//   offline_notes --db a.sqlite done ID | undone ID | remove ID
//   offline_notes --db a.sqlite list | show ID
//   offline_notes --db a.sqlite serve --port 7000 [--port-file F] [--max-connections N]
//   offline_notes --db b.sqlite sync --peer 127.0.0.1:7000
#include "framing.hpp"
#include "notes_store.hpp"

#include <converge/sync/message_codec.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace {

using converge::result;
using notes::document;
using notes::endpoint;
using notes::hex_id;
using notes::note_id;
using tcp = asio::ip::tcp;

constexpr int max_rounds = 16;

std::vector<std::byte> id_bytes(std::uint64_t id) {
    std::vector<std::byte> out(8);
    for (int i = 7; i >= 0; --i, id >>= 8)
        out[static_cast<std::size_t>(i)] = static_cast<std::byte>(id);
    return out;
}

std::optional<std::uint64_t> id_from(const std::vector<std::byte>& bytes) {
    if (bytes.size() != 8) return std::nullopt;
    std::uint64_t id = 0;
    for (std::byte b : bytes) id = id << 8 | static_cast<std::uint8_t>(b);
    return id;
}

// What a batch of incoming messages made the endpoint want to send back to `peer`.
struct batch_outcome {
    std::vector<std::vector<std::byte>> replies;
    std::size_t notes = 0;
};

// Handles every message of a batch from `peer` in one transaction: either all of them are
// applied and saved, or (on a rejected message) none is and the error is returned. The
// server side also pushes what the peer lacks (`push`), as a gossip tick towards it would.
result<batch_outcome> handle_batch(notes::store& db, std::uint64_t peer,
                                   const std::vector<std::vector<std::byte>>& frames, bool push) {
    return db.update([&](endpoint& e) -> result<batch_outcome> {
        batch_outcome outcome;
        const auto keep = [&](const auto& messages) {
            for (const auto& out : messages)
                if (out.to == peer)
                    outcome.replies.push_back(converge::sync::encode_message(out.msg));
        };
        for (const auto& frame : frames) {
            auto replies = e.receive(peer, frame);
            if (!replies) return replies.error_info();
            keep(*replies);
        }
        if (push && !frames.empty()) keep(e.sync_with(peer));
        outcome.notes = notes::note_ids(e.state()).size();
        return outcome;
    });
}

// Reads frames up to the empty frame that ends a batch; nullopt if the peer hung up first.
std::optional<std::vector<std::vector<std::byte>>> read_batch(tcp::socket& socket) {
    std::vector<std::vector<std::byte>> frames;
    while (true) {
        auto frame = notes::read_frame(socket);
        if (!frame) return std::nullopt;
        if (frame->empty()) return frames;
        frames.push_back(std::move(*frame));
    }
}

void write_batch(tcp::socket& socket, const std::vector<std::vector<std::byte>>& frames) {
    for (const auto& frame : frames) notes::write_frame(socket, frame);
    notes::write_frame(socket, {});
}

void serve_connection(notes::store& db, std::uint64_t self, tcp::socket socket) {
    const auto hello = notes::read_frame(socket);
    const auto peer = hello ? id_from(*hello) : std::nullopt;
    if (!peer) {
        std::cerr << "serve: connection without a valid hello, closed\n";
        return;
    }
    notes::write_frame(socket, id_bytes(self));
    while (auto batch = read_batch(socket)) {
        auto outcome = handle_batch(db, *peer, *batch, /*push=*/true);
        if (!outcome) {
            std::cerr << "serve: rejected a message from " << hex_id(*peer) << ": "
                      << outcome.message() << " (nothing changed; connection closed)\n";
            return;
        }
        write_batch(socket, outcome->replies);
    }
}

int serve(notes::store& db, unsigned short port, const std::string& port_file,
          long max_connections) {
    auto loaded = db.load();
    if (!loaded) {
        std::cerr << "serve: cannot read the notes: " << loaded.message() << "\n";
        return 1;
    }
    const std::uint64_t self = loaded->self();
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    const auto bound = acceptor.local_endpoint().port();
    if (!port_file.empty()) {
        std::ofstream(port_file + ".tmp") << bound << "\n";
        std::rename((port_file + ".tmp").c_str(), port_file.c_str());
    }
    std::cout << "replica " << hex_id(self) << " serving on 127.0.0.1:" << bound << std::endl;
    for (long served = 0; max_connections < 0 || served < max_connections; ++served) {
        tcp::socket socket(io);
        acceptor.accept(socket);
        try {
            serve_connection(db, self, std::move(socket));
        } catch (const std::exception& e) {
            std::cerr << "serve: connection dropped: " << e.what() << "\n";
        }
    }
    return 0;
}

int sync(notes::store& db, const std::string& peer_address, int exit_after_batches) {
    const auto colon = peer_address.rfind(':');
    if (colon == std::string::npos) {
        std::cerr << "sync: --peer wants HOST:PORT\n";
        return 2;
    }
    auto loaded = db.load();
    if (!loaded) {
        std::cerr << "sync: cannot read the notes: " << loaded.message() << "\n";
        return 1;
    }
    const std::uint64_t self = loaded->self();

    asio::io_context io;
    tcp::socket socket(io);
    asio::connect(socket, tcp::resolver(io).resolve(peer_address.substr(0, colon),
                                                    peer_address.substr(colon + 1)));
    notes::write_frame(socket, id_bytes(self));
    const auto hello = notes::read_frame(socket);
    const auto peer = hello ? id_from(*hello) : std::nullopt;
    if (!peer) {
        std::cerr << "sync: the peer did not say who it is\n";
        return 1;
    }

    // Start with what the endpoint wants to send this peer (a digest handshake, since a
    // restored endpoint has no log), then answer each other until neither has anything to say.
    auto first = db.update([&](endpoint& e) -> result<std::vector<std::vector<std::byte>>> {
        std::vector<std::vector<std::byte>> frames;
        for (const auto& out : e.sync_with(*peer))
            frames.push_back(converge::sync::encode_message(out.msg));
        return frames;
    });
    if (!first) {
        std::cerr << "sync: " << first.message() << "\n";
        return 1;
    }
    std::vector<std::vector<std::byte>> outgoing = std::move(*first);
    std::size_t sent = 0, received = 0, notes_now = 0;
    for (int round = 0; round < max_rounds; ++round) {
        sent += outgoing.size();
        write_batch(socket, outgoing);
        auto incoming = read_batch(socket);
        if (!incoming) {
            std::cerr << "sync: the peer hung up mid-sync (run sync again; nothing is lost)\n";
            return 1;
        }
        if (exit_after_batches >= 0 && round + 1 >= exit_after_batches) {
            std::cerr << "sync: exiting on purpose after " << round + 1 << " batch(es)\n";
            std::_Exit(3);  // as if killed: no cleanup, no further writes
        }
        received += incoming->size();
        auto outcome = handle_batch(db, *peer, *incoming, /*push=*/false);
        if (!outcome) {
            std::cerr << "sync: rejected a message from " << hex_id(*peer) << ": "
                      << outcome.message() << " (nothing changed)\n";
            return 1;
        }
        notes_now = outcome->notes;
        if (outcome->replies.empty()) break;  // absorbed everything, owes nothing
        outgoing = std::move(outcome->replies);
    }
    std::cout << "synced " << hex_id(self) << " with " << hex_id(*peer) << ": sent " << sent
              << " messages, received " << received << "; " << notes_now
              << (notes_now == 1 ? " note\n" : " notes\n");
    return 0;
}

// A text field as the user sees it: "A", or "A" | "B" (conflict) while concurrent edits
// stand; `none` before its first edit.
std::string text_of(const std::vector<std::string>& values, const char* none) {
    if (values.empty()) return none;
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "\"" : " | \"") + v + "\"";
    return values.size() > 1 ? out + " (conflict)" : out;
}

// One line per note: id, title, tags, done.
int list(notes::store& db) {
    auto loaded = db.load();
    if (!loaded) {
        std::cerr << "list: cannot read the notes: " << loaded.message() << "\n";
        return 1;
    }
    for (const auto& id : notes::note_ids(loaded->state())) {
        const auto note = notes::read_note(loaded->state(), id);
        std::cout << id << "  " << text_of(note.title, "(untitled)");
        for (const auto& t : note.tags) std::cout << "  #" << t;
        std::cout << (note.done ? "  [done]\n" : "\n");
    }
    return 0;
}

int show(notes::store& db, const note_id& id) {
    auto loaded = db.load();
    if (!loaded) {
        std::cerr << "show: cannot read the notes: " << loaded.message() << "\n";
        return 1;
    }
    if (!notes::has_note(loaded->state(), id)) {
        std::cerr << "show: no note " << id << "\n";
        return 1;
    }
    const auto note = notes::read_note(loaded->state(), id);
    std::string tags;
    for (const auto& t : note.tags) tags += (tags.empty() ? "" : ", ") + t;
    std::cout << "id:    " << id << "\n"
              << "title: " << text_of(note.title, "(none)") << "\n"
              << "body:  " << text_of(note.body, "(none)") << "\n"
              << "tags:  " << (tags.empty() ? "(none)" : tags) << "\n"
              << "done:  " << (note.done ? "yes" : "no") << "\n";
    return 0;
}

// Applies one local edit of note `id` in one transaction: `fn(document&, self)` changes the
// document and returns its delta, which the endpoint logs for its peers.
template <class F>
int change(notes::store& db, const std::string& command, const note_id& id, F&& fn) {
    bool missing = false;
    auto changed = db.update([&](endpoint& e) -> result<bool> {
        if (!notes::has_note(e.state(), id)) {
            missing = true;
            return converge::failure(converge::errc::invalid_value, "no note " + id);
        }
        const auto self = e.self();
        (void)e.mutate([&](document& d) { return fn(d, self); });
        return true;
    });
    if (!changed) {
        std::cerr << command << ": " << (missing ? "" : "cannot read the notes: ")
                  << changed.message() << "\n";
        return 1;
    }
    return 0;
}

int add(notes::store& db, const std::string& title) {
    auto id = db.update([&](endpoint& e) -> result<note_id> {
        const auto self = e.self();
        note_id fresh = notes::next_note_id(e.state(), self);
        (void)e.mutate(
            [&](document& d) { return notes::write_text(d, self, fresh, "title", title); });
        return fresh;
    });
    if (!id) {
        std::cerr << "add: cannot read the notes: " << id.message() << "\n";
        return 1;
    }
    std::cout << *id << "\n";
    return 0;
}

int usage() {
    std::cerr << "usage: offline_notes --db FILE COMMAND\n"
                 "  add TITLE                   a new note; prints its id\n"
                 "  edit ID title|body TEXT     replaces the field (and resolves a conflict)\n"
                 "  tag ID TAG | untag ID TAG\n"
                 "  done ID | undone ID\n"
                 "  remove ID\n"
                 "  list | show ID | id\n"
                 "  serve [--port N] [--port-file F] [--max-connections N]\n"
                 "  sync --peer HOST:PORT\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string db_path;
    if (args.size() >= 2 && args[0] == "--db") {
        db_path = args[1];
        args.erase(args.begin(), args.begin() + 2);
    }
    if (db_path.empty() || args.empty()) return usage();
    const std::string command = args[0];
    const auto option = [&](const std::string& name, const std::string& fallback) {
        for (std::size_t i = 1; i + 1 < args.size(); ++i)
            if (args[i] == name) return args[i + 1];
        return fallback;
    };
    try {
        notes::store db(db_path);
        const auto n = args.size();
        if (command == "add" && n == 2) return add(db, args[1]);
        if (command == "edit" && n == 4 && (args[2] == "title" || args[2] == "body"))
            return change(db, command, args[1], [&](document& d, std::uint64_t self) {
                return notes::write_text(d, self, args[1], args[2], args[3]);
            });
        if (command == "tag" && n == 3)
            return change(db, command, args[1], [&](document& d, std::uint64_t self) {
                return notes::tag(d, self, args[1], args[2]);
            });
        if (command == "untag" && n == 3)
            return change(db, command, args[1], [&](document& d, std::uint64_t) {
                return notes::untag(d, args[1], args[2]);
            });
        if ((command == "done" || command == "undone") && n == 2)
            return change(db, command, args[1], [&](document& d, std::uint64_t self) {
                return notes::set_done(d, self, args[1], command == "done");
            });
        if (command == "remove" && n == 2)
            return change(db, command, args[1], [&](document& d, std::uint64_t) {
                return notes::remove_note(d, args[1]);
            });
        if (command == "list" && n == 1) return list(db);
        if (command == "show" && n == 2) return show(db, args[1]);
        if (command == "id") {
            std::cout << hex_id(db.replica_id()) << "\n";
            return 0;
        }
        if (command == "serve")
            return serve(db, static_cast<unsigned short>(std::stoi(option("--port", "0"))),
                         option("--port-file", ""), std::stol(option("--max-connections", "-1")));
        if (command == "sync" && !option("--peer", "").empty())
            return sync(db, option("--peer", ""), std::stoi(option("--exit-after-batches", "-1")));
        return usage();
    } catch (const std::exception& e) {
        std::cerr << command << ": " << e.what() << "\n";
        return 1;
    }
}
