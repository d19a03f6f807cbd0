#pragma once

// Field-by-field comparison and printing of engine inputs, walked from their field lists
// (core/event/event_fields.hpp), so a field added to an event is compared and printed by every test
// without a test edit. Including this header also makes GoogleTest print events by field instead
// of as bytes.
#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/event/event_fields.hpp"

namespace fsvc {

inline void PrintTo(const BookLevel& level, std::ostream* out) {
  *out << "{" << level.price << ", " << level.size << "}";
}

namespace test::fields_detail {

template <class M>
void print_value(const M& value, std::ostream& out) {
  if constexpr (requires { value.view(); }) {
    out << '"' << value.view() << '"';
  } else if constexpr (std::is_same_v<M, Side>) {
    out << (value == Side::buy ? "buy" : "sell");
  } else if constexpr (std::is_same_v<M, std::vector<BookLevel>>) {
    out << "[";
    for (std::size_t i = 0; i < value.size(); ++i) {
      out << (i ? ", " : "");
      PrintTo(value[i], &out);
    }
    out << "]";
  } else if constexpr (requires { value.has_value(); }) {
    if (value) {
      print_value(*value, out);
    } else {
      out << "absent";
    }
  } else if constexpr (std::is_same_v<M, bool>) {
    out << (value ? "true" : "false");
  } else if constexpr (std::is_floating_point_v<M>) {
    const auto precision = out.precision(17);  // enough to tell any two doubles apart
    out << value;
    out.precision(precision);
  } else {
    out << value;
  }
}

// Calls visit(path, a's member, b's member) for every field of T, the header's fields as
// "header.<name>".
template <class T, class Visit>
void walk_pair(const T& a, const T& b, Visit& visit, const std::string& parent = {}) {
  for_each_field<T>([&](const auto& field) {
    const std::string path =
        parent.empty() ? std::string(field.name) : parent + "." + std::string(field.name);
    if constexpr (std::is_same_v<typename std::remove_cvref_t<decltype(field)>::Type, EventHeader>) {
      walk_pair(a.*field.member, b.*field.member, visit, path);
    } else {
      visit(path, a.*field.member, b.*field.member);
    }
  });
}

template <class T>
void print_fields(const T& x, std::ostream* out) {
  *out << FieldList<T>::type_name << "{";
  bool first = true;
  auto print = [&](const std::string& path, const auto& value, const auto&) {
    *out << (first ? "" : ", ") << path << "=";
    print_value(value, *out);
    first = false;
  };
  walk_pair(x, x, print);
  *out << "}";
}

}  // namespace test::fields_detail

// GoogleTest finds this by argument-dependent lookup, also for the alternatives of a variant: every
// type with a field list prints by field.
template <class T>
requires requires {
  FieldList<T>::type_name;
}
void PrintTo(const T& x, std::ostream* out) {
  test::fields_detail::print_fields(x, out);
}

namespace test {

// Success when every field of a and b is equal (==, so 0.0 equals -0.0 and NaN nothing), except
// the fields named in `ignored` ("header.ts_init", "from_rest"); otherwise the failure names each
// field that differs, "TradeEvent.price: 1 vs 2".
template <class T>
::testing::AssertionResult same_fields(const T& a, const T& b,
                                       std::initializer_list<std::string_view> ignored = {}) {
  std::ostringstream differences;
  auto compare = [&](const std::string& path, const auto& x, const auto& y) {
    for (std::string_view name : ignored)
      if (name == path) return;
    if (x == y) return;
    differences << "\n  " << FieldList<T>::type_name << "." << path << ": ";
    fields_detail::print_value(x, differences);
    differences << " vs ";
    fields_detail::print_value(y, differences);
  };
  fields_detail::walk_pair(a, b, compare);
  if (differences.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "fields differ:" << differences.str();
}

inline ::testing::AssertionResult same_fields(const MarketEvent& a, const MarketEvent& b,
                                              std::initializer_list<std::string_view> ignored = {}) {
  if (a.index() != b.index()) {
    return ::testing::AssertionFailure()
           << "event types differ: " << ::testing::PrintToString(a) << " vs " << ::testing::PrintToString(b);
  }
  return std::visit(
      [&](const auto& typed) {
        return same_fields(typed, std::get<std::decay_t<decltype(typed)>>(b), ignored);
      },
      a);
}

inline ::testing::AssertionResult same_fields(const EngineInput& a, const EngineInput& b,
                                              std::initializer_list<std::string_view> ignored = {}) {
  if (a.index() != b.index()) {
    return ::testing::AssertionFailure()
           << "input kinds differ: " << ::testing::PrintToString(a) << " vs " << ::testing::PrintToString(b);
  }
  if (const auto* tick = std::get_if<Tick>(&a)) return same_fields(*tick, std::get<Tick>(b), ignored);
  return same_fields(std::get<MarketEvent>(a), std::get<MarketEvent>(b), ignored);
}

}  // namespace test
}  // namespace fsvc
