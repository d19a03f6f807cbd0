#include "adapters/parquet/json_lines_file.hpp"

#include <fstream>
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

}  // namespace fsvc::parquet
