// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <system_error>

namespace converge::inline v1 {

// Failures that are normal at run time (untrusted input, skewed clocks). Values are stable:
// they may be logged or sent over the wire, so new codes are only ever appended.
enum class errc : int {
    clock_skew_exceeded = 1,   // a remote timestamp is too far ahead of the local physical clock
    clock_overflow = 2,        // accepting a value would push a clock past its largest value
    invalid_parts = 3,         // parts handed to from_parts() break the type's invariant
    truncated_input = 4,       // the bytes end before the value does
    non_canonical = 5,         // a valid value in a form other than its one canonical encoding
    unsupported_version = 6,   // a format version this decoder does not read (newer, or retired)
    wrong_type = 7,            // the bytes hold another type, or are not converge bytes at all
    limit_exceeded = 8,        // a size or count beyond the decode_limits in force
    trailing_bytes = 9,        // bytes left over after a complete value
    invalid_value = 10,        // well-formed bytes whose value breaks the type's invariant
    clock_jump_detected = 11,  // the physical clock jumped forward more than a clock allows
    conflicting_states = 12,   // two states that cannot both be right (validate_merge)
    checksum_mismatch = 13,    // the bytes do not match their checksum: corrupted or cut short
    options_mismatch = 14,     // options that contradict what was persisted with them
};

namespace detail {

class error_category_impl final : public std::error_category {
public:
    [[nodiscard]] const char* name() const noexcept override { return "converge"; }

    [[nodiscard]] std::string message(int code) const override {
        switch (static_cast<errc>(code)) {
            case errc::clock_skew_exceeded:
                return "remote timestamp too far ahead of the local physical clock";
            case errc::clock_overflow:
                return "clock would overflow";
            case errc::invalid_parts:
                return "parts break the type's invariant";
            case errc::truncated_input:
                return "input ends before the value does";
            case errc::non_canonical:
                return "input is not in canonical form";
            case errc::unsupported_version:
                return "format version this decoder does not read";
            case errc::wrong_type:
                return "input holds another type";
            case errc::limit_exceeded:
                return "input exceeds a decode limit";
            case errc::trailing_bytes:
                return "bytes left over after the value";
            case errc::invalid_value:
                return "decoded value breaks the type's invariant";
            case errc::clock_jump_detected:
                return "physical clock jumped forward too far";
            case errc::conflicting_states:
                return "states that cannot both be right";
            case errc::checksum_mismatch:
                return "bytes do not match their checksum";
            case errc::options_mismatch:
                return "options contradict the persisted state";
        }
        return "unknown converge error";
    }
};

}  // namespace detail

// The category of every converge error code; compares equal across translation units.
[[nodiscard]] inline const std::error_category& error_category() noexcept {
    static const detail::error_category_impl instance;
    return instance;
}

// Lets `std::error_code ec = converge::errc::...` work.
[[nodiscard]] inline std::error_code make_error_code(errc code) noexcept {
    return {static_cast<int>(code), error_category()};
}

}  // namespace converge::inline v1

template <>
struct std::is_error_code_enum<converge::errc> : std::true_type {};
