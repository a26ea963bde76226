// SPDX-License-Identifier: MIT
#pragma once

// Who talks to whom in a simulated network: an undirected graph on nodes 0..n-1.

#include <converge/testing/seeded_rng.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace converge::inline v1::testing {

// An undirected graph given by sorted neighbour lists.
class topology {
public:
    // Every node linked to every other.
    [[nodiscard]] static topology full_mesh(std::size_t n) {
        topology t(n, "full mesh");
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j) t.link(i, j);
        return t;
    }

    // Node i linked to i + 1 (mod n).
    [[nodiscard]] static topology ring(std::size_t n) {
        topology t(n, "ring");
        for (std::size_t i = 0; n > 1 && i < n; ++i) t.link(i, (i + 1) % n);
        return t;
    }

    // A complete `arity`-ary tree: node i's parent is (i - 1) / arity.
    [[nodiscard]] static topology tree(std::size_t n, std::size_t arity = 2) {
        topology t(n, "tree");
        for (std::size_t i = 1; i < n; ++i) t.link(i, (i - 1) / std::max<std::size_t>(arity, 1));
        return t;
    }

    // A connected random graph in which every node has about `degree` neighbours (at most
    // that many, but never fewer than the ring's 2): a ring, for connectivity, plus random
    // links between nodes with room left; a full mesh when degree + 1 >= n. The same seed
    // gives the same graph.
    [[nodiscard]] static topology partial_mesh(std::size_t n, std::size_t degree,
                                               std::uint64_t seed) {
        if (degree + 1 >= n) {
            topology t = full_mesh(n);
            t.m_name = "partial mesh";
            return t;
        }
        topology t = ring(n);
        t.m_name = "partial mesh";
        seeded_rng rng(seed);
        for (std::size_t misses = 0; misses < 64 * n;) {
            std::vector<std::size_t> open;
            for (std::size_t i = 0; i < n; ++i)
                if (t.m_neighbours[i].size() < degree) open.push_back(i);
            if (open.size() < 2) break;
            const std::size_t a = open[rng.below(open.size())];
            const std::size_t b = open[rng.below(open.size())];
            if (a == b || t.linked(a, b)) {
                ++misses;
                continue;
            }
            t.link(a, b);
        }
        return t;
    }

    // The number of nodes.
    [[nodiscard]] std::size_t size() const noexcept { return m_neighbours.size(); }
    // The neighbours of node i, sorted.
    [[nodiscard]] const std::vector<std::size_t>& neighbours(std::size_t i) const {
        return m_neighbours.at(i);
    }
    // Whether i and j are linked.
    [[nodiscard]] bool linked(std::size_t i, std::size_t j) const {
        const auto& ns = m_neighbours.at(i);
        return std::binary_search(ns.begin(), ns.end(), j);
    }
    // The number of links.
    [[nodiscard]] std::size_t edges() const noexcept {
        std::size_t twice = 0;
        for (const auto& ns : m_neighbours) twice += ns.size();
        return twice / 2;
    }
    // "full mesh", "ring", "tree" or "partial mesh".
    [[nodiscard]] const std::string& name() const noexcept { return m_name; }

private:
    topology(std::size_t n, std::string name) : m_neighbours(n), m_name(std::move(name)) {}

    void link(std::size_t a, std::size_t b) {
        if (a == b || linked(a, b)) return;
        auto& na = m_neighbours[a];
        na.insert(std::lower_bound(na.begin(), na.end(), b), b);
        auto& nb = m_neighbours[b];
        nb.insert(std::lower_bound(nb.begin(), nb.end(), a), a);
    }

    std::vector<std::vector<std::size_t>> m_neighbours;
    std::string m_name;
};

}  // namespace converge::inline v1::testing
