#include "adapters/parquet/live_quality_minutes.hpp"

#include <algorithm>

namespace fsvc::parquet {

void LiveQualityMinutes::add(const std::vector<QualityMinute>& minutes) {
  const std::lock_guard lock(mutex_);
  for (const QualityMinute& m : minutes) {
    auto [it, created] = held_.try_emplace(m.symbol.str());
    Held& held = it->second;
    if (created || m.start < held.first_start) held.first_start = m.start;
    const auto [at, fresh] = held.minutes.try_emplace(m.start, m);
    if (!fresh) held.recounted_days.insert(floor_to(m.start, kMicrosPerDay));
    const Timestamp oldest_kept = floor_to(m.start, kMicrosPerDay) - kDaysKept * kMicrosPerDay;
    held.minutes.erase(held.minutes.begin(), held.minutes.lower_bound(oldest_kept));
  }
}

std::optional<std::vector<QualityMinute>> LiveQualityMinutes::take_whole_day(std::string_view symbol,
                                                                             Timestamp day) {
  const std::lock_guard lock(mutex_);
  const auto it = held_.find(symbol);
  if (it == held_.end()) return std::nullopt;
  Held& held = it->second;
  const Timestamp end = day + kMicrosPerDay;
  const auto first = held.minutes.lower_bound(day);
  const auto last = held.minutes.lower_bound(end);
  std::optional<std::vector<QualityMinute>> out;
  if (held.first_start < day && day >= held.taken_until && last != held.minutes.end() &&
      !held.recounted_days.contains(day)) {
    out.emplace();
    for (auto m = first; m != last; ++m) out->push_back(m->second);
  }
  held.taken_until = std::max(held.taken_until, end);
  held.minutes.erase(held.minutes.begin(), last);
  held.recounted_days.erase(held.recounted_days.begin(), held.recounted_days.upper_bound(day));
  return out;
}

}  // namespace fsvc::parquet
