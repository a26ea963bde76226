// SPDX-License-Identifier: MIT
#pragma once

#include <converge/crdt/causal.hpp>
#include <converge/crdt/dot_map.hpp>
#include <converge/crdt/dot_store.hpp>

#include <concepts>
#include <cstddef>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

namespace converge::inline v1 {

// A type built on the causal kernel: a causal<store_type> it can be made from and give back,
// which is what lets an or_map nest it. mv_register, the flags and or_map itself are causal
// types; so is a type of your own written the same way.
template <class V>
concept causal_type = dot_store<typename V::store_type> &&
    std::constructible_from<V, causal<typename V::store_type>> && requires(V v, const V& cv) {
    { cv.state() } -> std::same_as<const causal<typename V::store_type>&>;
    { std::move(v).release() } -> std::same_as<causal<typename V::store_type>>;
};

// An observed-remove map from keys to causal values (Almeida et al.'s ORMap): every value
// shares the map's one causal context, so an update of a nested value, at any depth, is a
// delta holding only that key's nested delta.
//
// Semantics, as in riak_dt and the paper: a key is present while its value holds a dot.
// Removing a key removes what the remover had observed of its value; an update concurrent
// with the remove survives it (the key comes back holding just that update's effect). A value
// that becomes empty (an mv_register cleared, the last key of a nested map removed) takes its
// key away with it, so removing a nested map's last key also removes that map from its parent.
//
//     converge::or_map<std::string, converge::mv_register<std::string>> note;
//     auto delta = note.update("title", [](auto& title) { return title.write(1, "Milk"); });
template <class K, causal_type V, class Hash = std::hash<K>, class Eq = std::equal_to<K>>
class or_map {
public:
    using key_type = K;
    using mapped_type = V;
    using store_type = dot_map<K, typename V::store_type, Hash, Eq>;
    using state_type = causal<store_type>;
    using replica_type = typename state_type::replica_type;
    using dot_type = typename state_type::dot_type;
    using context_type = typename state_type::context_type;
    using digest_type = typename state_type::digest_type;

    // The empty map: the bottom of the lattice.
    or_map() = default;
    explicit or_map(state_type state) : m_state(std::move(state)) {}

    [[nodiscard]] static result<or_map> from_parts(store_type store, context_type context) {
        auto state = state_type::from_parts(std::move(store), std::move(context));
        if (!state) return state.error_info();
        return or_map(std::move(*state));
    }

    // Applies `fn` to the value under `key` (an empty value if the key is absent) and returns
    // the map's delta: just that key's nested delta. fn takes a V& and returns the delta of
    // what it did, as V's mutators do (for several changes, return the join of their deltas).
    // If fn throws, the value keeps whatever fn's completed mutators did.
    template <class F>
    requires std::is_invocable_r_v<V, F&, V&> or_map update(const K& key, F&& fn) {
        auto& store = m_state.store_for_update();
        const auto at = store.slot(key);
        const std::size_t before = store.store_at(at).dot_count();
        // The value and the map's context are moved into a V for fn and back: no copies.
        V value(
            value_state(std::move(store.store_at(at)), std::move(m_state.context_for_update())));
        // If fn throws, the value (with the map's context) goes back as fn left it.
        struct restore_on_throw {
            or_map* map;
            typename store_type::position at;
            V& value;
            ~restore_on_throw() {
                if (map == nullptr) return;
                map->put_back(at, std::move(value).release());
                map->m_state.store_for_update().restored(at);
            }
        } guard{this, at, value};
        V delta = std::invoke(fn, value);
        store.reserve_dots(delta.state().store().dot_count());  // restored() then cannot throw
        guard.map = nullptr;

        put_back(at, std::move(value).release());
        auto delta_state = std::move(delta).release();
        store.restored(at, before, delta_state.store(), delta_state.context());
        return keyed_delta(key, std::move(delta_state));
    }

    // Removes `key` and returns the delta: a context of the dots its value held. An update
    // the remover has not seen survives it. The delta is empty when the key is absent.
    or_map remove(const K& key) {
        or_map delta;
        context_type& c = delta.m_state.context_for_update();
        m_state.store_for_update().erase(key, [&](const dot_type& d) { c.insert(d); });
        return delta;
    }

    // The delta update(key, fn) would return, without changing this map: fn runs on a copy of
    // the value under `key` (with the map's context), so this costs O(that value + context),
    // not O(map). Merged here before any other change, it does what update() does. Merge it
    // here before any other operation of the same replica, or the two share a dot.
    template <class F>
    requires std::is_invocable_r_v<V, F&, V&>
    [[nodiscard]] or_map prepare_update(const K& key, F&& fn) const {
        const auto* store = m_state.store().find(key);
        V value(value_state(store ? typename V::store_type(*store) : typename V::store_type{},
                            context_type(m_state.context())));
        return keyed_delta(key, std::invoke(fn, value).release());
    }

    // The delta remove(key) would return, without applying it. O(dots of the key's value).
    [[nodiscard]] or_map prepare_remove(const K& key) const {
        or_map delta;
        delta.m_state.context_for_update() = observed(key);
        return delta;
    }

    // What a reader sees of `key` now, to remove later only that (a remove with an observed
    // context, riak_dt's and rust-crdt's read context): the dots its value holds, at every
    // depth, as a context; empty when the key is absent.
    [[nodiscard]] context_type observed(const K& key) const {
        const auto* store = m_state.store().find(key);
        if (store == nullptr) return {};
        return state_type::context_of([&](auto&& visit) { store->for_each_dot(visit); });
    }

    // Removes what a reader observed of `key` (what observed(key) returned at the read, here
    // or on another replica) and returns the delta: a context of those dots. Updates the
    // reader had not seen survive; an observed update that has not arrived here yet is
    // cancelled when it comes (pass only a context observed(key) gave: its dots this map has
    // not seen are taken as the key's). With observed(key) taken now, the same as
    // remove(key). If it throws (std::bad_alloc), the map is valid and holds part of it.
    or_map remove(const K& key, const context_type& observed) {
        return or_map(m_state.remove_observed(observed, this->observed(key)));
    }

    [[nodiscard]] bool contains(const K& key) const { return m_state.store().contains(key); }
    [[nodiscard]] std::size_t size() const noexcept { return m_state.store().size(); }
    [[nodiscard]] bool empty() const noexcept { return m_state.store().empty(); }

    // The value under `key` (a copy, with a copy of the map's context), or nullopt.
    [[nodiscard]] std::optional<V> get(const K& key) const {
        const auto* store = m_state.store().find(key);
        if (store == nullptr) return std::nullopt;
        return V(value_state(typename V::store_type(*store), context_type(m_state.context())));
    }

    // The keys with their values' stores, in no particular order.
    [[nodiscard]] auto begin() const noexcept { return m_state.store().begin(); }
    [[nodiscard]] auto end() const noexcept { return m_state.store().end(); }

    [[nodiscard]] const state_type& state() const noexcept { return m_state; }
    [[nodiscard]] state_type release() && noexcept { return std::move(m_state); }
    [[nodiscard]] const context_type& context() const noexcept { return m_state.context(); }

    or_map& merge(const or_map& other) {
        m_state.merge(other.m_state);
        return *this;
    }
    [[nodiscard]] digest_type digest() const { return m_state.digest(); }
    [[nodiscard]] or_map delta_since(const digest_type& seen) const {
        return or_map(m_state.delta_since(seen));
    }
    [[nodiscard]] or_map inflation_over(const or_map& local) const {
        return or_map(m_state.inflation_over(local.m_state));
    }

    friend bool operator==(const or_map&, const or_map&) = default;

private:
    // The map delta holding a value's delta under `key` (its store, if not empty, and its
    // context as the map's).
    [[nodiscard]] static or_map keyed_delta(const K& key,
                                            causal<typename V::store_type>&& value_delta) {
        or_map out;
        if (!value_delta.store().empty())
            out.m_state.store_for_update().insert_new(key,
                                                      std::move(value_delta.store_for_update()));
        out.m_state.context_for_update() = std::move(value_delta.context_for_update());
        return out;
    }

    // Moves a value's state back: its store to position `at`, its context to the map's.
    void put_back(typename store_type::position at, causal<typename V::store_type>&& state) {
        m_state.store_for_update().store_at(at) = std::move(state.store_for_update());
        m_state.context_for_update() = std::move(state.context_for_update());
    }

    // A value's causal state from a store and a context, unchecked: the map's own parts
    // already satisfy the invariant.
    [[nodiscard]] static causal<typename V::store_type> value_state(typename V::store_type&& store,
                                                                    context_type&& context) {
        causal<typename V::store_type> s;
        s.store_for_update() = std::move(store);
        s.context_for_update() = std::move(context);
        return s;
    }

    state_type m_state;
};

}  // namespace converge::inline v1
