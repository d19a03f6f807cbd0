#include "core/quality/quality_period.hpp"

#include <string>

#include "core/types/symbol_name.hpp"

namespace fsvc {

QualityPeriod check_quality_period(std::string_view symbol, std::optional<Timestamp> from,
                                   std::optional<Timestamp> to, Timestamp now, Duration retention) {
  QualityPeriod period;
  if (!is_symbol_name(symbol) || !period.symbol.assign(symbol)) {
    throw QualityPeriodError("symbol '" + std::string(symbol.substr(0, 40)) +
                             "' is not a symbol (1-20 of A-Z, 0-9)");
  }
  period.to = to.value_or(now);
  period.from = from.value_or(period.to - kDefaultQualityPeriod);
  if (period.to <= period.from) {
    throw QualityPeriodError("the period is empty or reversed: to " + format_iso8601_micros(period.to) +
                             " is not after from " + format_iso8601_micros(period.from));
  }
  // Nothing can have been received yet; and counting would walk the days up to a far future `from`.
  if (period.from >= now) {
    throw QualityPeriodError("the period starts at " + format_iso8601_micros(period.from) +
                             ", not before now (" + format_iso8601_micros(now) + "): there is no data yet");
  }
  const Duration longest = retention > 0 ? retention : kLongestQualityPeriod;
  // Compared as a difference that cannot overflow: both ends are valid times.
  if (period.to - period.from > longest) {
    throw QualityPeriodError("the period " + format_iso8601_micros(period.from) + " .. " +
                             format_iso8601_micros(period.to) + " is longer than " +
                             (retention > 0 ? "the raw retention of " : "a report may cover, ") +
                             format_duration(longest) + ": ask for at most that");
  }
  return period;
}

}  // namespace fsvc
