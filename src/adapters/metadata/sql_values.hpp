#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/metadata/sql_database.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::metadata {

// Conversions between row fields and their text form in both engines. A value that does not parse
// throws MetadataError naming `what` (table.column), so a damaged row is reported, not guessed.

// "YYYY-MM-DD HH:MM:SS.ffffff" (UTC): a PostgreSQL TIMESTAMP literal, and in SQLite a text that
// sorts and compares as the time it holds.
std::string sql_timestamp(Timestamp t);
SqlValue sql_timestamp(const std::optional<Timestamp>& t);
Timestamp timestamp_field(const SqlValue& field, std::string_view what);
std::optional<Timestamp> optional_timestamp_field(const SqlValue& field, std::string_view what);

std::string sql_number(std::int64_t value);
std::string sql_number(double value);  // shortest text that reads back as the same double
std::int64_t integer_field(const SqlValue& field, std::string_view what);  // NULL reads as 0
double real_field(const SqlValue& field, std::string_view what);
bool bool_field(const SqlValue& field, std::string_view what);  // PostgreSQL t/f, SQLite 1/0

std::string text_field(const SqlValue& field, std::string_view what);  // NULL is an error

// JSON columns: written only when valid (PostgreSQL's JSONB refuses anything else, so SQLite must
// too) and read back in one canonical form (sorted keys, no spaces), whichever engine stored them.
std::string checked_json(const std::string& text, std::string_view what);
SqlValue checked_json(const std::optional<std::string>& text, std::string_view what);
std::optional<std::string> json_field(const SqlValue& field, std::string_view what);

// Text arrays travel as JSON arrays of strings (see SqlDialect::array_in/out); NULL reads as empty.
std::string json_string_array(const std::vector<std::string>& items);
std::vector<std::string> string_array_field(const SqlValue& field, std::string_view what);

// A random (version 4) UUID in the lower-case form PostgreSQL prints.
std::string new_uuid();
// The lower-case form of a UUID (PostgreSQL compares UUIDs regardless of case, SQLite text would
// not); nullopt for anything that is not a UUID.
std::optional<std::string> canonical_uuid(std::string_view text);

// PostgreSQL stores only UTF-8 text without NUL characters (libpq would even cut a value at a
// NUL); SQLite would store anything. Both sessions refuse such a parameter before the statement.
void check_text_params(const SqlParams& params);

// A VARCHAR(n) column: PostgreSQL refuses longer text and SQLite would not, so the store refuses
// it before either sees it.
void check_length(std::string_view what, const std::string& value, std::size_t max);
void check_length(std::string_view what, const std::optional<std::string>& value, std::size_t max);

}  // namespace fsvc::metadata
