// SPDX-License-Identifier: MIT
#pragma once

// A 16-byte UUID replica id for property tests, with its rc::Arbitrary.

#include <rapidcheck.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace converge_test {
using uuid = std::array<std::byte, 16>;
}  // namespace converge_test

namespace rc {

// Sixteen arbitrary bytes.
template <>
struct Arbitrary<converge_test::uuid> {
    static Gen<converge_test::uuid> arbitrary() {
        return gen::map(
            gen::container<std::array<std::uint8_t, 16>>(gen::arbitrary<std::uint8_t>()),
            [](const std::array<std::uint8_t, 16>& raw) {
                converge_test::uuid id{};
                for (std::size_t i = 0; i < id.size(); ++i) id[i] = std::byte{raw[i]};
                return id;
            });
    }
};

}  // namespace rc
