#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string_view>

namespace fsvc::parquet {

// The raw store's small append-only logs of JSON records, one a line ({raw}/journal/*.jsonl: the
// registry switches, the lost WAL segments). They are written rarely and read whole.

// Appends `record` as one line. The file is rewritten beside itself and published durably (its
// folder created first), so a crash leaves the old file or the new one, never half a line; once
// this returns, the record survives a crash. Throws naming the file when it cannot.
void append_json_line(const std::filesystem::path& path, const nlohmann::json& record);

// Calls `take` with each line's record, oldest first (nothing when the file does not exist). A line
// that is not JSON, or that `take` throws for, ends the read with an error naming `what`, the file,
// the line number and why.
void read_json_lines(const std::filesystem::path& path, std::string_view what,
                     const std::function<void(const nlohmann::json&)>& take);

// A record's integer `value` (called `name` in errors), exactly: a float, a number out of the
// type's range or a negative one for the unsigned throws std::invalid_argument. nlohmann's get<>
// would convert them (a float beyond the range is undefined behaviour, a negative one wraps).
std::int64_t exact_int64(const nlohmann::json& value, std::string_view name);
std::uint64_t exact_uint64(const nlohmann::json& value, std::string_view name);

}  // namespace fsvc::parquet
