#include "adapters/parquet/store_inventory.hpp"

#include <stdexcept>

#include "adapters/parquet/raw_layout.hpp"

namespace fsvc::parquet {

StoreInventory take_inventory(const std::filesystem::path& root) {
  StoreInventory inventory;
  for (RawKind kind : kAllRawKinds) {
    if (kind == RawKind::tick) continue;  // ticks alone are no market data
    for (const auto& day : existing_days(root, kind)) {
      for (const auto& entry : std::filesystem::directory_iterator(day_dir(root, kind, day))) {
        if (const auto name = parse_raw_file_name(entry.path()))
          inventory.days_by_symbol[name->symbol].insert(day);
      }
    }
  }
  return inventory;
}

std::string describe_symbols(const StoreInventory& inventory) {
  std::string text;
  for (const auto& [symbol, days] : inventory.days_by_symbol) text += (text.empty() ? "" : ", ") + symbol;
  return text.empty() ? "none" : text;
}

std::string describe_days(const std::set<std::string>& days) {
  if (days.empty()) return "none";
  if (days.size() == 1) return *days.begin();
  return *days.begin() + ".." + *days.rbegin() + " (" + std::to_string(days.size()) + " days)";
}

Timestamp parse_time_option(const std::string& text, const char* option) {
  if (auto t = parse_iso8601(text)) return *t;
  if (auto day = parse_utc_day(text)) return *day;
  throw std::invalid_argument(std::string(option) + ": '" + text +
                              "' is not a UTC time (e.g. 2026-08-09T21:27:00Z or 2026-08-09)");
}

void require_data(const std::filesystem::path& root, const std::string& symbol, Timestamp from,
                  Timestamp to) {
  if (!std::filesystem::is_directory(root)) {
    throw std::invalid_argument("raw store " + root.string() + " does not exist (set --raw-data)");
  }
  const StoreInventory inventory = take_inventory(root);
  const auto found = inventory.days_by_symbol.find(symbol);
  if (found == inventory.days_by_symbol.end()) {
    throw std::invalid_argument("no raw data for symbol " + symbol + " in " + root.string() +
                                " (symbols present: " + describe_symbols(inventory) + ")");
  }
  const std::string first_day = utc_day(from);
  const std::string last_day = utc_day(to);
  const auto& days = found->second;
  if (days.lower_bound(first_day) == days.upper_bound(last_day)) {
    throw std::invalid_argument("no raw data for " + symbol + " between " + first_day + " and " + last_day +
                                " (days present: " + describe_days(days) + ")");
  }
}

}  // namespace fsvc::parquet
