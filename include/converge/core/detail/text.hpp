// SPDX-License-Identifier: MIT
#pragma once

// The one way converge builds a message: detail::text("entry ", i, " has count 0") appends
// each piece into one string reserved up front. Chains of std::string operator+ allocate once
// per piece, and g++ 12 at -O3 reports a false -Wrestrict inside them.

#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace converge::inline v1::detail {

// A piece of text: a character, an integer (written in decimal) or anything that views as a
// std::string_view (literals, std::string, std::string_view).
template <class Part>
concept text_part = std::same_as<Part, char> || std::integral<Part> ||
    std::is_convertible_v<const Part&, std::string_view>;

template <text_part Part>
[[nodiscard]] constexpr std::size_t text_size_hint(const Part& part) noexcept {
    if constexpr (std::same_as<Part, char>)
        return 1;
    else if constexpr (std::integral<Part>)
        return 20;  // the digits of the largest 64-bit value
    else
        return std::string_view(part).size();
}

template <text_part Part>
void append_text(std::string& out, const Part& part) {
    if constexpr (std::same_as<Part, char>)
        out += part;
    else if constexpr (std::same_as<Part, bool>)
        out += part ? '1' : '0';
    else if constexpr (std::integral<Part>)
        out += std::to_string(part);  // promotes char-sized integers, so a byte prints as a number
    else
        out.append(std::string_view(part));
}

// The pieces, appended in order into one string.
template <text_part... Parts>
[[nodiscard]] std::string text(const Parts&... parts) {
    std::string out;
    out.reserve((std::size_t{0} + ... + text_size_hint(parts)));
    (append_text(out, parts), ...);
    return out;
}

}  // namespace converge::inline v1::detail
