// SPDX-License-Identifier: MIT
#pragma once

#include <converge/core/error.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace converge::inline v1 {

// Why an operation failed: a stable code, a readable message and, for decoders, the byte
// offset in the input where the problem was found.
class failure {
public:
    failure(errc code, std::string message) : m_code(code), m_message(std::move(message)) {}

    failure(errc code, std::string message, std::size_t byte_offset)
        : m_code(code), m_message(std::move(message)), m_byte_offset(byte_offset) {}

    [[nodiscard]] std::error_code code() const noexcept { return m_code; }
    [[nodiscard]] const std::string& message() const noexcept { return m_message; }
    [[nodiscard]] std::optional<std::size_t> byte_offset() const noexcept { return m_byte_offset; }

    friend bool operator==(const failure&, const failure&) = default;

private:
    errc m_code;
    std::string m_message;
    std::optional<std::size_t> m_byte_offset;
};

// Thrown by result<T>::value() when the result holds a failure.
class bad_result_access : public std::system_error {
public:
    explicit bad_result_access(const failure& f) : std::system_error(f.code(), f.message()) {}
};

// Either a T or a failure, for operations whose failure is a normal run-time event
// (a rejected clock update, a failed decode). Modelled on std::expected, kept small.
//
//     auto r = clock.receive(remote);
//     if (!r) log(r.message());   // the clock is unchanged
//     else use(*r);
template <class T>
class [[nodiscard]] result {
    static_assert(!std::is_reference_v<T> && !std::is_same_v<std::remove_cv_t<T>, failure>,
                  "converge::result<T>: T must be a non-reference value type other than failure");

public:
    using value_type = T;

    // NOLINTBEGIN(google-explicit-constructor): implicit like std::expected, so `return value;`
    // and `return failure{...};` both read naturally.
    result(const T& value) : m_state(std::in_place_index<0>, value) {}
    result(T&& value) : m_state(std::in_place_index<0>, std::move(value)) {}
    result(failure f) : m_state(std::in_place_index<1>, std::move(f)) {}
    // NOLINTEND(google-explicit-constructor)

    [[nodiscard]] bool has_value() const noexcept { return m_state.index() == 0; }
    [[nodiscard]] explicit operator bool() const noexcept { return has_value(); }

    // Precondition: has_value(). Use value() for a checked access.
    [[nodiscard]] T& operator*() & noexcept { return *std::get_if<0>(&m_state); }
    [[nodiscard]] const T& operator*() const& noexcept { return *std::get_if<0>(&m_state); }
    [[nodiscard]] T&& operator*() && noexcept { return std::move(*std::get_if<0>(&m_state)); }
    [[nodiscard]] T* operator->() noexcept { return std::get_if<0>(&m_state); }
    [[nodiscard]] const T* operator->() const noexcept { return std::get_if<0>(&m_state); }

    // The value, or throws bad_result_access carrying the failure's code and message.
    [[nodiscard]] T& value() & { return check(), *std::get_if<0>(&m_state); }
    [[nodiscard]] const T& value() const& { return check(), *std::get_if<0>(&m_state); }
    [[nodiscard]] T&& value() && { return check(), std::move(*std::get_if<0>(&m_state)); }

    template <class U>
    [[nodiscard]] T value_or(U&& fallback) const& {
        return has_value() ? **this : static_cast<T>(std::forward<U>(fallback));
    }

    // The error code; a default (false) std::error_code when there is a value.
    [[nodiscard]] std::error_code error() const noexcept {
        const failure* f = std::get_if<1>(&m_state);
        return f ? f->code() : std::error_code{};
    }

    // The readable message; empty when there is a value.
    [[nodiscard]] std::string_view message() const noexcept {
        const failure* f = std::get_if<1>(&m_state);
        return f ? std::string_view(f->message()) : std::string_view{};
    }

    // Where in the input the failure was found, for decoders.
    [[nodiscard]] std::optional<std::size_t> byte_offset() const noexcept {
        const failure* f = std::get_if<1>(&m_state);
        return f ? f->byte_offset() : std::nullopt;
    }

    // The whole failure. Precondition: !has_value().
    [[nodiscard]] const failure& error_info() const noexcept { return *std::get_if<1>(&m_state); }

private:
    void check() const {
        if (const failure* f = std::get_if<1>(&m_state)) throw bad_result_access(*f);
    }

    std::variant<T, failure> m_state;
};

}  // namespace converge::inline v1
