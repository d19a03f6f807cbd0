#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/registry/feature_spec.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// What follows a family's name in a feature name: nothing, a window (`vwap_30s`) or a depth
// (`depth_bid_top20`).
enum class FamilyParameter { none, window, depth };

// The market streams a feature can read, as the registry's `input_sources` name them.
enum class InputSource : std::uint8_t { orderbook, trades, ticker, kline, funding };

// A set of InputSource, one bit each.
using InputSources = std::uint8_t;

constexpr InputSources source_bit(InputSource s) {
  return static_cast<InputSources>(1U << static_cast<unsigned>(s));
}

// The fixed facts of a family (features.md §3 generalised, registry.md §1).
struct FamilyTraits {
  FeatureFamily family;
  std::string_view name;
  FamilyParameter parameter;
  InputSources reads;       // the streams its definition really uses
  Duration default_window;  // the window of the bare name (1.0.0's 3 s ratios), 0: a suffix is required
};

// Every family, in FeatureFamily order.
std::span<const FamilyTraits> all_families();

const FamilyTraits& traits_of(FeatureFamily family);

// "trades" (also "trade", the queue's singular), "orderbook", "ticker", "kline", "funding"; nullopt
// for anything else.
std::optional<InputSource> parse_input_source(std::string_view text);

// "[orderbook, trades]" in InputSource order; "[]" for none.
std::string format_input_sources(InputSources sources);

}  // namespace fsvc
