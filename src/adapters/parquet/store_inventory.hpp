#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace fsvc::parquet {

// Which symbols and UTC days the raw store holds market data for (file names only: cheap), so
// that "no data" errors can say what there is instead.
struct StoreInventory {
  std::map<std::string, std::set<std::string>> days_by_symbol;
};

StoreInventory take_inventory(const std::filesystem::path& root);

// "BTCUSDT, ETHUSDT" or "none".
std::string describe_symbols(const StoreInventory& inventory);
// "2026-08-09" or "2026-08-01..2026-08-31 (31 days)".
std::string describe_days(const std::set<std::string>& days);

}  // namespace fsvc::parquet
