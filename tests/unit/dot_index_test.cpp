// SPDX-License-Identifier: MIT
// detail::dot_index, the paged dot -> position table under dot_map: examples of its pages,
// and a property test against std::map as the model, over dots dense enough to share pages
// and sparse enough to need many, so that probe runs form, wrap and are shifted back.
#include <converge/crdt/detail/dot_index.hpp>

#include "test_support.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

using dot = converge::dot<std::uint64_t>;
using index_type = converge::detail::dot_index<std::uint64_t, std::uint32_t>;

namespace {

std::map<dot, std::uint32_t> contents(const index_type& index) {
    std::map<dot, std::uint32_t> out;
    index.for_each([&](const dot& d, std::uint32_t v) { out.emplace(d, v); });
    return out;
}

// Every dot of the model is found with its value, and dots near them are absent unless the
// model has them.
void check_against(const index_type& index, const std::map<dot, std::uint32_t>& model) {
    RC_ASSERT(index.size() == model.size());
    for (const auto& [d, v] : model) {
        const std::uint32_t* found = index.find(d);
        RC_ASSERT(found != nullptr);
        RC_ASSERT(*found == v);
        for (const dot near : {dot{d.replica, d.counter + 1}, dot{d.replica, d.counter + 8},
                               dot{d.replica + 1, d.counter}}) {
            RC_ASSERT(index.contains(near) == (model.count(near) == 1));
        }
    }
}

}  // namespace

TEST_CASE("dot_index keeps eight counters of a replica in a page", "[crdt]") {
    index_type index;
    CHECK(index.find(dot{1, 1}) == nullptr);
    for (std::uint64_t c = 1; c <= 20; ++c)
        CHECK(index.try_emplace(dot{1, c}, static_cast<std::uint32_t>(c)));
    CHECK_FALSE(index.try_emplace(dot{1, 5}, 99));  // present: unchanged
    CHECK(*index.find(dot{1, 5}) == 5);
    CHECK(index.find(dot{2, 5}) == nullptr);  // another replica, same counter
    CHECK(index.size() == 20);

    CHECK_FALSE(index.erase_if(dot{1, 7}, [](std::uint32_t v) { return v != 7; }));
    CHECK(index.erase_if(dot{1, 7}, [](std::uint32_t v) { return v == 7; }));
    CHECK_FALSE(index.erase(dot{1, 7}));
    for (std::uint64_t c = 8; c <= 15; ++c) CHECK(index.erase(dot{1, c}));  // a whole page
    CHECK(index.size() == 11);
    CHECK(*index.find(dot{1, 16}) == 16);

    index_type copy = index;
    index_type moved = std::move(index);
    CHECK(index.empty());  // a moved-from index is empty
    CHECK(contents(copy) == contents(moved));
    moved.clear();
    CHECK(moved.empty());
    CHECK(moved.find(dot{1, 16}) == nullptr);
    CHECK(moved.try_emplace(dot{3, 1}, 1));
    CHECK(copy.size() == 11);
}

TEST_CASE("dot_index agrees with a map under inserts, erases and clears", "[crdt][property]") {
    CONVERGE_CHECK_PROPERTY("dot_index matches std::map", [] {
        index_type index;
        std::map<dot, std::uint32_t> model;
        // Few replicas and a counter range of a few pages, or a wide one: dense and sparse.
        const auto span = *rc::gen::element<std::uint64_t>(24, 400, 100000);
        const auto steps = *rc::gen::inRange(1, 600);
        for (int step = 0; step < steps; ++step) {
            const dot d{*rc::gen::inRange<std::uint64_t>(1, 4),
                        *rc::gen::inRange<std::uint64_t>(1, span + 1)};
            const auto value = *rc::gen::inRange<std::uint32_t>(0, 1000);
            switch (*rc::gen::inRange(0, 10)) {
                case 0:
                    if (*rc::gen::inRange(0, 20) == 0) {
                        index.clear();
                        model.clear();
                    }
                    break;
                case 1:
                case 2:
                case 3: {
                    const bool was = model.count(d) == 1;
                    RC_ASSERT(index.erase(d) == was);
                    model.erase(d);
                    break;
                }
                case 4: {
                    const auto it = model.find(d);
                    const bool expect = it != model.end() && it->second % 2 == 0;
                    RC_ASSERT(index.erase_if(d, [](std::uint32_t v) { return v % 2 == 0; }) ==
                              expect);
                    if (expect) model.erase(it);
                    break;
                }
                default: {
                    const bool fresh = model.emplace(d, value).second;
                    RC_ASSERT(index.try_emplace(d, value) == fresh);
                }
            }
        }
        check_against(index, model);
        RC_ASSERT(contents(index) == model);
        const index_type copy = index;
        check_against(copy, model);
    });
}
