#pragma once

#include <cstddef>
#include <optional>
#include <type_traits>
#include <utility>

namespace fsvc {

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

// Converts to any member type. Not to std::optional: the optional's own converting constructor
// takes it there, and offering both would make the initialization ambiguous.
struct AnyMember {
  template <class T>
  requires(!is_optional<T>::value) operator T()
      const;  // never called: only used in unevaluated requires-expressions
};

template <class T, std::size_t... I>
constexpr bool initializable_with(std::index_sequence<I...>) {
  return requires {
    T{(void(I), AnyMember{})...};
  };
}

}  // namespace detail

// The number of members of an aggregate (members that are aggregates count as one), found as the
// largest brace initializer it accepts. Lets a hand-written list of an aggregate's members assert
// at compile time that it names them all.
template <class T, std::size_t N = 0>
constexpr std::size_t member_count() {
  if constexpr (detail::initializable_with<T>(std::make_index_sequence<N + 1>{})) {
    return member_count<T, N + 1>();
  } else {
    return N;
  }
}

}  // namespace fsvc
