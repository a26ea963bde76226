// SPDX-License-Identifier: MIT
// Two replicas of a counter and a set: mutate locally, ship the deltas as bytes, merge.
#include <converge/converge.hpp>

#include <cstdio>
#include <string>

// [quickstart]
using likes = converge::g_counter<std::string>;
using tags = converge::or_set<std::string, std::string>;

template <class T>
T over_the_wire(const T& delta) {  // stands in for a socket, a queue, a file...
    const std::vector<std::byte> bytes = converge::encode(delta);
    return converge::decode<T>(bytes).value();
}

int main() {
    likes likes_a, likes_b;
    tags tags_a, tags_b;

    const auto d1 = likes_a.increment("alice", 2);  // each mutator returns its delta
    const auto d2 = likes_b.increment("bob");
    const auto d3 = tags_a.add("alice", "crdt");
    const auto d4 = tags_b.add("bob", "c++");
    const auto d5 = tags_b.remove("c++");

    likes_a.merge(over_the_wire(d2));  // deltas cross in any order
    likes_b.merge(over_the_wire(d1));
    tags_a.merge(over_the_wire(d5));  // a remove before its add is fine
    tags_a.merge(over_the_wire(d4));
    tags_b.merge(over_the_wire(d3));

    std::printf("likes: %llu and %llu\n", static_cast<unsigned long long>(likes_a.value()),
                static_cast<unsigned long long>(likes_b.value()));
    for (const std::string& tag : tags_a) std::printf("tag: %s\n", tag.c_str());
    return likes_a == likes_b && tags_a == tags_b ? 0 : 1;
}
// [/quickstart]
