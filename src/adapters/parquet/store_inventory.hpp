#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "core/types/timestamp.hpp"

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

// Throws std::invalid_argument saying what the store does hold when it has no market data of
// `symbol` on the UTC days of [from, to] (or does not exist), so a typo in the symbol or the dates
// is obvious.
void require_data(const std::filesystem::path& root, const std::string& symbol, Timestamp from, Timestamp to);

// A --from/--to value: ISO-8601 ("2026-08-09T21:27:00Z", offsets allowed) or a bare UTC day
// ("2026-08-09"); throws std::invalid_argument naming the option otherwise.
Timestamp parse_time_option(const std::string& text, const char* option);

}  // namespace fsvc::parquet
