#include "core/registry/feature_family.hpp"

#include <array>

namespace fsvc {

namespace {

constexpr InputSources kBook = source_bit(InputSource::orderbook);
constexpr InputSources kTrades = source_bit(InputSource::trades);
constexpr InputSources kFunding = source_bit(InputSource::ticker) | source_bit(InputSource::funding);
constexpr Duration kRatioWindow = 3 * kMicrosPerSecond;

constexpr std::array<FamilyTraits, 18> kFamilies{{
    {FeatureFamily::mid_price, "mid_price", FamilyParameter::none, kBook, 0},
    {FeatureFamily::spread_abs, "spread_abs", FamilyParameter::none, kBook, 0},
    {FeatureFamily::spread_rel, "spread_rel", FamilyParameter::none, kBook, 0},
    {FeatureFamily::funding_rate, "funding_rate", FamilyParameter::none, kFunding, 0},
    {FeatureFamily::time_to_funding, "time_to_funding", FamilyParameter::none, kFunding, 0},
    {FeatureFamily::time_of_day_sin, "time_of_day_sin", FamilyParameter::none, 0, 0},
    {FeatureFamily::time_of_day_cos, "time_of_day_cos", FamilyParameter::none, 0, 0},
    {FeatureFamily::returns, "returns", FamilyParameter::window, kBook, 0},
    {FeatureFamily::vwap, "vwap", FamilyParameter::window, kTrades, 0},
    {FeatureFamily::volume, "volume", FamilyParameter::window, kTrades, 0},
    {FeatureFamily::signed_volume, "signed_volume", FamilyParameter::window, kTrades, 0},
    {FeatureFamily::trade_count, "trade_count", FamilyParameter::window, kTrades, 0},
    {FeatureFamily::buy_sell_volume_ratio, "buy_sell_volume_ratio", FamilyParameter::window, kTrades,
     kRatioWindow},
    {FeatureFamily::net_aggressor_pressure, "net_aggressor_pressure", FamilyParameter::window, kTrades,
     kRatioWindow},
    {FeatureFamily::volatility, "volatility", FamilyParameter::window, kBook, 0},
    {FeatureFamily::depth_bid, "depth_bid", FamilyParameter::depth, kBook, 0},
    {FeatureFamily::depth_ask, "depth_ask", FamilyParameter::depth, kBook, 0},
    {FeatureFamily::depth_imbalance, "depth_imbalance", FamilyParameter::depth, kBook, 0},
}};

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < kFamilies.size(); ++i) {
    if (static_cast<std::size_t>(kFamilies[i].family) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "kFamilies must list the families in FeatureFamily order");

struct SourceName {
  std::string_view text;
  InputSource source;
};

// The first spelling of each source is how it is printed.
constexpr std::array<SourceName, 6> kSourceNames{{
    {"orderbook", InputSource::orderbook},
    {"trades", InputSource::trades},
    {"ticker", InputSource::ticker},
    {"kline", InputSource::kline},
    {"funding", InputSource::funding},
    {"trade", InputSource::trades},
}};

}  // namespace

std::span<const FamilyTraits> all_families() {
  return kFamilies;
}

const FamilyTraits& traits_of(FeatureFamily family) {
  return kFamilies[static_cast<std::size_t>(family)];
}

std::optional<InputSource> parse_input_source(std::string_view text) {
  for (const SourceName& name : kSourceNames) {
    if (name.text == text) return name.source;
  }
  return std::nullopt;
}

std::string format_input_sources(InputSources sources) {
  std::string out = "[";
  for (const SourceName& name : kSourceNames) {
    const InputSources bit = source_bit(name.source);
    if ((sources & bit) == 0) continue;
    if (out.size() > 1) out += ", ";
    out += name.text;
    sources = static_cast<InputSources>(sources & ~bit);  // "trade" is not printed after "trades"
  }
  return out + "]";
}

}  // namespace fsvc
