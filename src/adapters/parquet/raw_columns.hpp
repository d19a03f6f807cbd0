#pragma once

#include <duckdb.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "core/event/event_fields.hpp"

// The raw store's columns of an input type, laid out from its field list (core/event/event_fields.hpp):
// the fields the store keeps, in rank order, a header field standing for all of the header's columns.
// The DDL, the column names the reader selects and the positional setters and getters all come from
// the one walk below, so they cannot disagree about a column's place.
namespace fsvc::parquet {

namespace columns_detail {

template <class T>
constexpr idx_t column_count();

// How many columns a field takes: the header all of its own, a stored field one, another none.
template <class F>
constexpr idx_t width(const F& field) {
  if (field.kind == FieldKind::header) return column_count<EventHeader>();
  return field.stored() ? 1 : 0;
}

template <class T>
constexpr idx_t column_count() {
  idx_t count = 0;
  for_each_field<T>([&](const auto& field) { count += width(field); });
  return count;
}

// A field's first column: the widths of the fields ranked before it.
template <class T, class F>
constexpr idx_t first_column(const F& field) {
  idx_t column = 0;
  for_each_field<T>([&](const auto& other) {
    if (other.stored() && other.rank < field.rank) column += width(other);
  });
  return column;
}

template <class T, idx_t Base, class X, class Visit>
void visit_columns(X& x, Visit& visit);

template <class T, idx_t Base, std::size_t I, class X, class Visit>
void visit_column(X& x, Visit& visit) {
  constexpr const auto& field = std::get<I>(FieldList<T>::fields);
  constexpr idx_t column = Base + first_column<T>(field);
  if constexpr (field.kind == FieldKind::header) {
    visit_columns<EventHeader, column>(x.*field.member, visit);
  } else if constexpr (field.stored()) {
    visit.template operator()<field.kind, column>(x.*field.member, field);
  }
}

template <class T, idx_t Base, class X, class Visit>
void visit_columns(X& x, Visit& visit) {
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (visit_column<T, Base, I>(x, visit), ...);
  }
  (std::make_index_sequence<field_count<T>()>{});
}

}  // namespace columns_detail

// The number of columns of T's table.
template <class T>
constexpr idx_t column_count() {
  return columns_detail::column_count<T>();
}

// Calls visit.operator()<kind, column>(member, field) for every stored field of x (x's header's
// fields included), with the field's kind and column as compile-time constants.
template <class X, class Visit>
void for_each_column(X& x, Visit&& visit) {
  columns_detail::visit_columns<std::remove_const_t<X>, 0>(x, visit);
}

// The DuckDB type of a column holding a member of type M of the given kind.
template <FieldKind Kind, class M>
constexpr std::string_view column_type() {
  if constexpr (Kind == FieldKind::text || Kind == FieldKind::side) {
    return "VARCHAR";
  } else if constexpr (Kind == FieldKind::flag) {
    return "BOOLEAN";
  } else if constexpr (Kind == FieldKind::decimal) {
    return "DECIMAL(18,8)";
  } else if constexpr (Kind == FieldKind::time || Kind == FieldKind::wall_time) {
    return "TIMESTAMPTZ";
  } else if constexpr (Kind == FieldKind::real) {
    return "DOUBLE";
  } else if constexpr (Kind == FieldKind::levels) {
    return "STRUCT(price DECIMAL(18,8), size DECIMAL(18,8))[]";
  } else if constexpr (Kind == FieldKind::integer && std::is_same_v<M, std::uint64_t>) {
    return "UBIGINT";
  } else if constexpr (Kind == FieldKind::integer && std::is_same_v<M, std::int64_t>) {
    return "BIGINT";
  } else if constexpr (Kind == FieldKind::integer && std::is_same_v<M, std::int32_t>) {
    return "INTEGER";
  } else {
    static_assert(sizeof(M) == 0, "no column type for this field");
  }
}

}  // namespace fsvc::parquet
