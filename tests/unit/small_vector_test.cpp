// SPDX-License-Identifier: MIT
// detail::small_vector, the storage of the small stores and contexts of deltas: elements kept
// in place up to N and on the heap past it, and a property test against std::vector as the
// model over random operations, for elements kept in place (strings, which own memory, and
// plain numbers) and for elements whose move may throw (always on the heap).
#include <converge/core/detail/small_vector.hpp>

#include "test_support.hpp"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using converge::detail::small_vector;

namespace {

// A value whose move may throw (it never does): small_vector keeps it on the heap.
struct throwing_move {
    std::string text;
    throwing_move() = default;
    explicit throwing_move(std::string t) : text(std::move(t)) {}
    throwing_move(const throwing_move&) = default;
    throwing_move(throwing_move&& other) noexcept(false) : text(std::move(other.text)) {}
    throwing_move& operator=(const throwing_move&) = default;
    throwing_move& operator=(throwing_move&&) = default;
    friend bool operator==(const throwing_move&, const throwing_move&) = default;
};

// A value whose copy throws once a countdown runs out: the vectors' failure paths must leave
// nothing behind (LeakSanitizer watches in the sanitizer build) and keep what they promise.
struct fragile {
    static inline int copies_left = -1;  // negative: never throws
    std::string text;
    explicit fragile(std::string t) : text(std::move(t)) {}
    fragile(const fragile& other) : text(other.text) {
        if (copies_left == 0) throw std::runtime_error("copy refused");
        if (copies_left > 0) --copies_left;
    }
    fragile(fragile&&) noexcept = default;
    fragile& operator=(const fragile&) = default;
    fragile& operator=(fragile&&) noexcept = default;
    friend bool operator==(const fragile&, const fragile&) = default;
};

template <class T>
T make(std::uint64_t n) {
    if constexpr (std::is_same_v<T, std::string>)
        return n % 3 == 0 ? std::string(40, static_cast<char>('a' + n % 26)) : std::to_string(n);
    else if constexpr (std::is_same_v<T, throwing_move>)
        return throwing_move(std::to_string(n));
    else
        return static_cast<T>(n);
}

template <class T, std::size_t N>
bool same(const small_vector<T, N>& v, const std::vector<T>& model) {
    if (v.size() != model.size() || v.empty() != model.empty()) return false;
    if (v.capacity() < v.size()) return false;
    for (std::size_t i = 0; i < model.size(); ++i)
        if (!(v[i] == model[i]) || !(v.begin()[i] == model[i])) return false;
    return model.empty() || (v.front() == model.front() && v.back() == model.back());
}

// Random operations on a small_vector and on a std::vector, which must agree after each.
template <class T, std::size_t N>
void check_against_vector() {
    small_vector<T, N> v;
    std::vector<T> model;
    small_vector<T, N> other;  // a second vector, for copies, moves and assignments
    std::vector<T> other_model;
    const auto steps = *rc::gen::inRange(1, 80);
    for (int step = 0; step < steps; ++step) {
        const auto op = *rc::gen::inRange(0, 14);
        const auto n = *rc::gen::inRange<std::uint64_t>(0, 1000);
        const auto at =
            model.empty() ? std::size_t{0} : *rc::gen::inRange<std::size_t>(0, model.size() + 1);
        switch (op) {
            case 0:
            case 1:
                v.push_back(make<T>(n));
                model.push_back(make<T>(n));
                break;
            case 2: {
                const T value = make<T>(n);
                v.push_back(value);
                model.push_back(value);
                break;
            }
            case 3:
                if (!model.empty()) {
                    v.emplace_back(v.back());  // an element of its own, perhaps while growing
                    model.push_back(model.back());
                }
                break;
            case 4:
            case 5: {
                const auto it = v.insert(v.begin() + at, make<T>(n));
                RC_ASSERT(it == v.begin() + at);
                model.insert(model.begin() + static_cast<std::ptrdiff_t>(at), make<T>(n));
                break;
            }
            case 6:
                if (!model.empty()) {
                    const std::size_t last = *rc::gen::inRange<std::size_t>(at, model.size() + 1);
                    const auto it = v.erase(v.begin() + at, v.begin() + last);
                    RC_ASSERT(it == v.begin() + at);
                    model.erase(model.begin() + static_cast<std::ptrdiff_t>(at),
                                model.begin() + static_cast<std::ptrdiff_t>(last));
                }
                break;
            case 7:
                if (!model.empty()) {
                    v.pop_back();
                    model.pop_back();
                }
                break;
            case 8:
                if (n % 4 == 0) {
                    v.clear();
                    model.clear();
                } else {
                    v.reserve(n % 9);
                    RC_ASSERT(v.capacity() >= n % 9);
                }
                break;
            case 9:  // copy assignment, either way round
                if (n % 2 == 0) {
                    other = v;
                    other_model = model;
                } else {
                    v = other;
                    model = other_model;
                }
                break;
            case 10: {  // move assignment; the source is left empty
                v = std::move(other);
                model = std::move(other_model);
                RC_ASSERT(other.empty());  // NOLINT(bugprone-use-after-move)
                other = small_vector<T, N>{};
                other_model.clear();
                break;
            }
            case 11: {  // copy and move construction
                small_vector<T, N> copy(v);
                RC_ASSERT(copy == v);
                small_vector<T, N> moved(std::move(copy));
                RC_ASSERT(moved == v);
                RC_ASSERT(copy.empty());  // NOLINT(bugprone-use-after-move)
                other = std::move(moved);
                other_model = model;
                break;
            }
            case 12:
                v.assign(other.begin(), other.end());
                model = other_model;
                break;
            default:
                other.push_back(make<T>(n));
                other_model.push_back(make<T>(n));
                break;
        }
        RC_ASSERT(same(v, model));
        RC_ASSERT(same(other, other_model));
        RC_ASSERT((v == other) == (model == other_model));
    }
}

}  // namespace

TEST_CASE("small_vector keeps up to N elements in place", "[core]") {
    small_vector<std::string, 1> v;
    CHECK(v.empty());
    CHECK(v.capacity() == 1);
    v.push_back(std::string(100, 'x'));  // owns heap memory of its own; the vector does not
    CHECK(v.capacity() == 1);
    const std::string* in_place = v.data();
    small_vector<std::string, 1> moved(std::move(v));
    CHECK(moved.data() != in_place);  // moved element by element into the other's place
    CHECK(moved.front() == std::string(100, 'x'));
    CHECK(v.empty());  // NOLINT(bugprone-use-after-move)

    moved.push_back("second");  // past N: to the heap
    CHECK(moved.capacity() >= 2);
    const std::string* on_heap = moved.data();
    small_vector<std::string, 1> stolen(std::move(moved));
    CHECK(stolen.data() == on_heap);  // heap storage changes hands
    CHECK(stolen == small_vector<std::string, 1>{std::string(100, 'x'), "second"});

    // Elements whose move may throw live on the heap, so moving the vector cannot throw.
    small_vector<throwing_move, 4> heap_only;
    CHECK(heap_only.capacity() == 0);
    heap_only.emplace_back("a");
    CHECK(heap_only.capacity() >= 1);
    static_assert(std::is_nothrow_move_constructible_v<small_vector<throwing_move, 4>>);
    static_assert(std::is_nothrow_move_assignable_v<small_vector<std::string, 1>>);
    static_assert(sizeof(small_vector<std::uint64_t, 1>) == 24);
}

TEST_CASE("small_vector agrees with std::vector", "[core][property]") {
    CONVERGE_CHECK_PROPERTY("strings, one in place",
                            [] { check_against_vector<std::string, 1>(); });
    CONVERGE_CHECK_PROPERTY("numbers, two in place",
                            [] { check_against_vector<std::uint64_t, 2>(); });
    CONVERGE_CHECK_PROPERTY("a move that may throw: on the heap",
                            [] { check_against_vector<throwing_move, 1>(); });
}

TEST_CASE("small_vector's failed copies leave nothing behind", "[core]") {
    using vec = small_vector<fragile, 1>;
    const std::string long_text(64, 'x');  // owns heap memory: a leak would show
    vec v;
    for (int i = 0; i < 4; ++i) v.emplace_back(long_text + std::to_string(i));
    const vec before = v;

    for (int left = 0; left < 4; ++left) {
        fragile::copies_left = left;
        CHECK_THROWS_AS(vec(v), std::runtime_error);  // copy construction, cut short
        fragile::copies_left = left;
        CHECK_THROWS_AS((vec{v[0], v[1], v[2], v[3]}), std::runtime_error);
        fragile::copies_left = left;
        vec small;
        small.emplace_back("a");
        CHECK_THROWS_AS(small = v, std::runtime_error);  // needs more room: all or nothing
        fragile::copies_left = -1;
        CHECK(small == vec{fragile("a")});
    }
    // Growing: the new element is copied first, and a failure changes nothing.
    while (v.size() < v.capacity()) v.emplace_back("filler");
    const vec full = v;
    fragile::copies_left = 0;
    CHECK_THROWS_AS(v.push_back(v.front()), std::runtime_error);
    fragile::copies_left = -1;
    CHECK(v == full);
    CHECK(v.size() == v.capacity());
    CHECK(std::equal(before.begin(), before.end(), v.begin()));
}
