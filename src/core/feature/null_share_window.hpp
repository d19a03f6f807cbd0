#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/feature/feature_vector.hpp"

namespace fsvc {

// How often each feature of one symbol's grid vectors was null over the last hour (registry.md §2:
// "a feature whose value is null in more than a set share of the last hour online" is warned
// about). Counted per minute of vector time, so memory is 60 buckets whatever the rate; the hour
// is the minute of the newest vector and the 59 before it. Vectors of another registry version
// (a live switch) start the count over: their slots mean other features.
class NullShareWindow {
 public:
  static constexpr Duration kWindow = kMicrosPerHour;

  struct Share {
    std::string feature;
    double share = 0;  // nulls / vectors over the window
  };

  // A grid vector, in time order.
  void record(const FeatureVector& vector);
  // A vector at `as_of` would open a new minute: the minutes before it are complete (a moment to
  // publish the shares).
  bool opens_minute(Timestamp as_of) const;

  // Every feature's share over the window, in registry order (empty before the first vector).
  std::vector<Share> shares() const;
  // Vectors counted in the window.
  std::uint64_t vectors() const;
  // The window reaches back a whole hour: the first vector counted is in its oldest minute or
  // earlier, so a share judges an hour and not the start-up.
  bool covers_window() const;
  const std::string& version() const { return version_; }

 private:
  struct Minute {
    Timestamp start = 0;
    std::uint64_t vectors = 0;
    std::array<std::uint32_t, kMaxFeatures> nulls{};
  };

  std::string version_;
  std::vector<std::string> names_;
  std::optional<Timestamp> first_minute_;
  std::deque<Minute> minutes_;
};

// The sentence a warning says about one share, e.g. "feature volatility_5m was null in 72.5% of
// BTCUSDT's vectors over the last hour (threshold 50%)".
std::string null_share_warning(const std::string& symbol, const NullShareWindow::Share& share,
                               double threshold);

}  // namespace fsvc
