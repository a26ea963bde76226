// SPDX-License-Identifier: MIT
// Test helper for offline_notes: prints or damages the stored endpoint bytes of a database,
// to check that corrupted storage gives a clear error and changes nothing.
//   notes_tamper DB dump          hex of the stored bytes
//   notes_tamper DB flip OFFSET   flips the low bit of one stored byte (checksum left stale)
//   notes_tamper DB forge N       keeps the first N bytes of the encoded state and writes a
//                                 valid checksum, so only the decoder can object
#include "notes_store.hpp"

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    if (argc < 3) return 2;
    notes::store db(argv[1]);
    auto bytes = db.get("endpoint");
    const std::string what = argv[2];
    if (what == "dump") {
        for (std::byte b : bytes) std::printf("%02x", static_cast<unsigned>(b));
        std::printf("\n");
        return 0;
    }
    if (argc < 4) return 2;
    const auto n = static_cast<std::size_t>(std::stoul(argv[3]));
    if (what == "flip" && n < bytes.size()) {
        bytes[n] ^= std::byte{1};
        db.put("endpoint", bytes);
        return 0;
    }
    if (what == "forge" && n + 4 < bytes.size()) {
        bytes.resize(n);
        db.put_checked("endpoint", bytes);
        return 0;
    }
    return 2;
}
