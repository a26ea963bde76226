// SPDX-License-Identifier: MIT
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <utility>

namespace converge::inline v1 {

// The wire layer (codec/) defines these; the concepts below only name them, so core stays
// below it.
class byte_writer;
class byte_reader;
template <class T>
struct codec;

// A state-based CRDT: a regular value type whose states form a join-semilattice under
// `a.merge(b)` (join in place). merge must be commutative, associative and idempotent;
// testing/laws.hpp checks that for any type with an rc::Arbitrary generator.
template <class T>
concept crdt = std::regular<T> && requires(T& a, const T& b) {
    a.merge(b);
};

// A CRDT that can say what another replica lacks: `digest()` summarises what a replica has
// seen, and `delta_since(digest)` is the smallest delta that brings the digest's owner up to
// date, itself a value of the same type. Deltas from mutators are values of the same type too.
template <class T>
concept delta_crdt = crdt<T> && requires(const T& a) {
    typename T::digest_type;
    { a.digest() } -> std::convertible_to<typename T::digest_type>;
    { a.delta_since(a.digest()) } -> std::same_as<T>;
};

// A type with a codec: codec<T> can encode it and decode it back (codec/codec.hpp holds the
// built-in codecs and says how to write one).
template <class T>
concept encodable = requires(byte_writer& w, byte_reader& r, const T& value) {
    codec<T>::encode(w, value);
    { codec<T>::decode(r) } -> std::same_as<std::optional<T>>;
};

// A type that can stand alone on the wire: it has a codec with a type tag and a name.
template <class T>
concept wire_type = encodable<T> && requires {
    { codec<T>::type_tag } -> std::convertible_to<std::uint64_t>;
    { codec<T>::type_name } -> std::convertible_to<const char*>;
};

// A CRDT whose states and digests have codecs: what the sync layer can put on the wire.
template <class T>
concept syncable = delta_crdt<T> && encodable<T> && encodable<typename T::digest_type>;

// The join of two states, leaving both arguments untouched.
template <crdt T>
[[nodiscard]] T join(T a, const T& b) {
    a.merge(b);
    return a;
}

// The lattice order derived from merge: a <= b iff joining a into b changes nothing.
template <crdt T>
[[nodiscard]] bool lattice_leq(const T& a, const T& b) {
    return join(b, a) == b;
}

}  // namespace converge::inline v1
