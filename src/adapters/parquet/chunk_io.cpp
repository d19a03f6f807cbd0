#include "adapters/parquet/chunk_io.hpp"

#include <stdexcept>
#include <string>

namespace fsvc::parquet {

namespace {

duckdb_data_chunk make_chunk(duckdb_appender appender) {
  const idx_t count = duckdb_appender_column_count(appender);
  std::vector<duckdb_logical_type> types(count);
  for (idx_t i = 0; i < count; ++i) types[i] = duckdb_appender_column_type(appender, i);
  duckdb_data_chunk chunk = duckdb_create_data_chunk(types.data(), count);
  for (auto& type : types) duckdb_destroy_logical_type(&type);
  return chunk;
}

template <class T>
T* data_of(duckdb_vector vector) {
  return static_cast<T*>(duckdb_vector_get_data(vector));
}

}  // namespace

ChunkBuilder::ChunkBuilder(duckdb_appender appender)
    : appender_(appender),
      chunk_(make_chunk(appender)),
      list_sizes_(duckdb_data_chunk_get_column_count(chunk_), 0) {}

ChunkBuilder::~ChunkBuilder() {
  duckdb_destroy_data_chunk(&chunk_);
}

void ChunkBuilder::begin_row() {
  if (has_row_) ++row_;
  if (row_ == duckdb_vector_size()) append_chunk();
  has_row_ = true;
}

void ChunkBuilder::finish() {
  if (has_row_) ++row_;
  has_row_ = false;
  if (row_ > 0) append_chunk();
}

void ChunkBuilder::append_chunk() {
  duckdb_data_chunk_set_size(chunk_, row_);
  if (duckdb_append_data_chunk(appender_, chunk_) == DuckDBError) {
    const char* error = duckdb_appender_error(appender_);
    throw std::runtime_error(std::string("duckdb appender: ") + (error ? error : "unknown error"));
  }
  duckdb_data_chunk_reset(chunk_);
  std::fill(list_sizes_.begin(), list_sizes_.end(), 0);
  row_ = 0;
}

void ChunkBuilder::set_string(idx_t column, std::string_view value) {
  duckdb_vector_assign_string_element_len(duckdb_data_chunk_get_vector(chunk_, column), row_, value.data(),
                                          value.size());
}

void ChunkBuilder::set_int64(idx_t column, std::int64_t value) {
  data_of<std::int64_t>(duckdb_data_chunk_get_vector(chunk_, column))[row_] = value;
}

void ChunkBuilder::set_uint64(idx_t column, std::uint64_t value) {
  data_of<std::uint64_t>(duckdb_data_chunk_get_vector(chunk_, column))[row_] = value;
}

void ChunkBuilder::set_int32(idx_t column, std::int32_t value) {
  data_of<std::int32_t>(duckdb_data_chunk_get_vector(chunk_, column))[row_] = value;
}

void ChunkBuilder::set_bool(idx_t column, bool value) {
  data_of<bool>(duckdb_data_chunk_get_vector(chunk_, column))[row_] = value;
}

void ChunkBuilder::set_double(idx_t column, std::optional<double> value) {
  if (!value) return set_null(column);
  data_of<double>(duckdb_data_chunk_get_vector(chunk_, column))[row_] = *value;
}

void ChunkBuilder::set_timestamp(idx_t column, std::optional<Timestamp> value) {
  if (!value) return set_null(column);
  set_int64(column, *value);
}

void ChunkBuilder::set_null(idx_t column) {
  duckdb_vector vector = duckdb_data_chunk_get_vector(chunk_, column);
  duckdb_vector_ensure_validity_writable(vector);
  duckdb_validity_set_row_invalid(duckdb_vector_get_validity(vector), row_);
}

void ChunkBuilder::set_levels(idx_t column, const std::vector<BookLevel>& levels) {
  duckdb_vector list = duckdb_data_chunk_get_vector(chunk_, column);
  idx_t& used = list_sizes_[column];
  if (duckdb_list_vector_reserve(list, used + levels.size()) == DuckDBError) {
    throw std::runtime_error("duckdb: cannot reserve book levels");
  }
  duckdb_vector levels_vector = duckdb_list_vector_get_child(list);
  auto* prices = data_of<std::int64_t>(duckdb_struct_vector_get_child(levels_vector, 0));
  auto* sizes = data_of<std::int64_t>(duckdb_struct_vector_get_child(levels_vector, 1));
  for (std::size_t i = 0; i < levels.size(); ++i) {
    prices[used + i] = levels[i].price;
    sizes[used + i] = levels[i].size;
  }
  data_of<duckdb_list_entry>(list)[row_] = {used, levels.size()};
  used += levels.size();
  duckdb_list_vector_set_size(list, used);
}

bool ChunkReader::is_null(idx_t column, idx_t row) const {
  std::uint64_t* validity = duckdb_vector_get_validity(duckdb_data_chunk_get_vector(chunk_, column));
  return validity && !duckdb_validity_row_is_valid(validity, row);
}

std::string_view ChunkReader::get_string(idx_t column, idx_t row) const {
  if (is_null(column, row)) return {};
  // Short strings are inlined in the element itself: take the pointer from the element in place.
  auto* text = &data_of<duckdb_string_t>(duckdb_data_chunk_get_vector(chunk_, column))[row];
  return {duckdb_string_t_data(text), duckdb_string_t_length(*text)};
}

std::int64_t ChunkReader::get_int64(idx_t column, idx_t row) const {
  return value<std::int64_t>(column, row);
}

std::uint64_t ChunkReader::get_uint64(idx_t column, idx_t row) const {
  return value<std::uint64_t>(column, row);
}

std::int32_t ChunkReader::get_int32(idx_t column, idx_t row) const {
  return value<std::int32_t>(column, row);
}

bool ChunkReader::get_bool(idx_t column, idx_t row) const {
  return value<bool>(column, row);
}

std::optional<double> ChunkReader::get_double(idx_t column, idx_t row) const {
  if (is_null(column, row)) return std::nullopt;
  return value<double>(column, row);
}

std::optional<Timestamp> ChunkReader::get_timestamp(idx_t column, idx_t row) const {
  if (is_null(column, row)) return std::nullopt;
  return value<std::int64_t>(column, row);
}

std::vector<BookLevel> ChunkReader::get_levels(idx_t column, idx_t row) const {
  duckdb_vector list = duckdb_data_chunk_get_vector(chunk_, column);
  const duckdb_list_entry entry = data_of<duckdb_list_entry>(list)[row];
  duckdb_vector levels_vector = duckdb_list_vector_get_child(list);
  const auto* prices = data_of<std::int64_t>(duckdb_struct_vector_get_child(levels_vector, 0));
  const auto* sizes = data_of<std::int64_t>(duckdb_struct_vector_get_child(levels_vector, 1));
  std::vector<BookLevel> levels(entry.length);
  for (idx_t i = 0; i < entry.length; ++i) levels[i] = {prices[entry.offset + i], sizes[entry.offset + i]};
  return levels;
}

}  // namespace fsvc::parquet
