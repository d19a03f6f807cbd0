#include "adapters/parquet/store_inventory.hpp"

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

}  // namespace fsvc::parquet
