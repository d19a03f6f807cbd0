#include "adapters/parquet/raw_layout.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace fsvc::parquet {

namespace {

constexpr std::string_view kPartInfix = ".part-";
constexpr std::string_view kExtension = ".parquet";

}  // namespace

std::string utc_day(Timestamp t) {
  return format_utc_date(t);  // one calendar formatter, the core's
}

// The start of the day, read by the core's one calendar reader (utc_day's inverse).
std::optional<Timestamp> parse_utc_day(std::string_view day) {
  if (day.size() != 10) return std::nullopt;
  return parse_iso8601(std::string(day) + "T00:00:00");
}

fs::path day_dir(const fs::path& root, RawKind kind, std::string_view day) {
  return root / std::string(kind_folder(kind)) / std::string(day);
}

fs::path day_file(const fs::path& dir, std::string_view symbol) {
  return dir / (std::string(symbol) + std::string(kExtension));
}

fs::path part_file(const fs::path& dir, std::string_view symbol, std::uint64_t index) {
  char suffix[48];
  std::snprintf(suffix, sizeof suffix, ".part-%020llu.parquet", static_cast<unsigned long long>(index));
  return dir / (std::string(symbol) + suffix);
}

std::optional<RawFileName> parse_raw_file_name(const fs::path& file) {
  const std::string name = file.filename().string();
  if (name.size() <= kExtension.size() || !name.ends_with(kExtension)) return std::nullopt;
  const std::string stem = name.substr(0, name.size() - kExtension.size());
  const auto infix = stem.find(kPartInfix);
  if (infix == std::string::npos) return RawFileName{stem, std::nullopt};
  const std::string_view digits = std::string_view(stem).substr(infix + kPartInfix.size());
  std::uint64_t index = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
  if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return RawFileName{stem.substr(0, infix), index};
}

std::vector<std::string> existing_days(const fs::path& root, RawKind kind) {
  std::vector<std::string> days;
  const fs::path folder = root / std::string(kind_folder(kind));
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string day = entry.path().filename().string();
    if (entry.is_directory() && parse_utc_day(day)) days.push_back(day);
  }
  std::sort(days.begin(), days.end());
  return days;
}

std::vector<fs::path> symbol_files(const fs::path& dir, std::string_view symbol) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = parse_raw_file_name(entry.path());
    if (name && name->symbol == symbol) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

fs::path quarantine(const fs::path& root, const fs::path& file) {
  const fs::path folder = root / "quarantine";
  fs::create_directories(folder);
  std::string flat = fs::relative(file, root).string();
  std::replace(flat.begin(), flat.end(), '/', '_');
  fs::path target = folder / flat;
  for (int n = 1; fs::exists(target); ++n) target = folder / (flat + "." + std::to_string(n));
  fs::rename(file, target);
  return target;
}

}  // namespace fsvc::parquet
