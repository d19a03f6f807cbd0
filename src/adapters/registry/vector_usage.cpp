#include "adapters/registry/vector_usage.hpp"

namespace fsvc::registry {

namespace {

constexpr std::int64_t kHoursKept = 24;

}  // namespace

void VectorUsage::on_vector(const FeatureVector& vector) {
  const std::int64_t hour = vector.as_of / kMicrosPerHour;
  const std::lock_guard lock(mutex_);
  if (hour > newest_hour_) {
    newest_hour_ = hour;
    forget_before(hour - kHoursKept + 1);
  }
  ++counts_[vector.keys().version][hour];
}

void VectorUsage::forget_before(std::int64_t hour) {
  for (auto version = counts_.begin(); version != counts_.end();) {
    auto& hours = version->second;
    hours.erase(hours.begin(), hours.lower_bound(hour));
    version = hours.empty() ? counts_.erase(version) : std::next(version);
  }
}

std::int64_t VectorUsage::last_24h(const std::string& version) const {
  const std::lock_guard lock(mutex_);
  const auto found = counts_.find(version);
  if (found == counts_.end()) return 0;
  std::int64_t total = 0;
  for (const auto& [hour, count] : found->second) {
    if (hour > newest_hour_ - kHoursKept) total += count;
  }
  return total;
}

}  // namespace fsvc::registry
