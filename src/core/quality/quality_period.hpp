#pragma once

#include <optional>
#include <stdexcept>
#include <string_view>

#include "core/event/market_event.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// A data-quality report's period as asked (quality.md §3): half-open [from, to) of one symbol.
struct QualityPeriod {
  Symbol symbol;
  Timestamp from = 0;
  Timestamp to = 0;
};

// A period the report refuses (a malformed symbol, to <= from, starting in the future, longer than
// the raw retention): the message says which and why. The CLI prints it, the API answers 400 with it.
class QualityPeriodError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Without `from`/`to` a report covers the last day before `now`.
inline constexpr Duration kDefaultQualityPeriod = kMicrosPerDay;

// With a raw store that keeps everything (retention 0), a report still covers at most ten years: its
// work grows with the period's minutes and days, whether they hold data or not.
inline constexpr Duration kLongestQualityPeriod = 3653 * kMicrosPerDay;

// The one validation of a report's request, for `feature-service quality` and
// GET /data-quality/report alike: a missing `to` is `now`, a missing `from` is `to` minus a day;
// the period must start before `now` and may not be longer than `retention` (the raw store keeps no older
// data to count), or than kLongestQualityPeriod when `retention` is 0 (everything is kept).
QualityPeriod check_quality_period(std::string_view symbol, std::optional<Timestamp> from,
                                   std::optional<Timestamp> to, Timestamp now, Duration retention);

}  // namespace fsvc
