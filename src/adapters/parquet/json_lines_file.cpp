#include "adapters/parquet/json_lines_file.hpp"

#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include "adapters/storage/durable_file.hpp"
#include "adapters/storage/whole_file.hpp"

namespace fsvc::parquet {

namespace fs = std::filesystem;

void append_json_line(const fs::path& path, const nlohmann::json& record) {
  fs::create_directories(path.parent_path());
  std::string text = fs::exists(path) ? storage::read_whole_file(path) : std::string();
  text += record.dump() + "\n";
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  storage::publish_durably(tmp, path);
}

void read_json_lines(const fs::path& path, std::string_view what,
                     const std::function<void(const nlohmann::json&)>& take) {
  if (!fs::exists(path)) return;
  std::istringstream lines(storage::read_whole_file(path));
  std::string line;
  for (std::size_t number = 1; std::getline(lines, line); ++number) {
    if (line.empty()) continue;
    try {
      take(nlohmann::json::parse(line));
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string(what) + " " + path.string() + " line " + std::to_string(number) +
                               ": " + e.what());
    }
  }
}

namespace {

[[noreturn]] void refuse(const nlohmann::json& value, std::string_view name, std::string_view expected) {
  throw std::invalid_argument(std::string(name) + ": expected " + std::string(expected) + ", found " +
                              (value.is_number() ? value.dump() : std::string(value.type_name())));
}

}  // namespace

std::int64_t exact_int64(const nlohmann::json& value, std::string_view name) {
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<std::uint64_t>();
    if (unsigned_value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return static_cast<std::int64_t>(unsigned_value);
  } else if (value.is_number_integer()) {
    return value.get<std::int64_t>();
  }
  refuse(value, name, "a signed 64-bit integer");
}

std::uint64_t exact_uint64(const nlohmann::json& value, std::string_view name) {
  if (!value.is_number_unsigned()) refuse(value, name, "an unsigned 64-bit integer");
  return value.get<std::uint64_t>();
}

}  // namespace fsvc::parquet
