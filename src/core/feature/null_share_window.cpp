#include "core/feature/null_share_window.hpp"

#include <cstdio>

namespace fsvc {

namespace {

Timestamp minute_of(Timestamp t) {
  const Timestamp m = t % kMicrosPerMinute;
  return t - (m < 0 ? m + kMicrosPerMinute : m);
}

std::string percent(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", fraction * 100.0);
  std::string out(text);
  if (out.ends_with(".0%")) out.erase(out.size() - 3, 2);
  return out;
}

}  // namespace

bool NullShareWindow::opens_minute(Timestamp as_of) const {
  return minutes_.empty() || minutes_.back().start < minute_of(as_of);
}

void NullShareWindow::record(const FeatureVector& vector) {
  const FeatureLayout& keys = vector.keys();
  if (keys.version != version_ || keys.names != names_) {
    version_ = keys.version;
    names_ = keys.names;
    minutes_.clear();
    first_minute_.reset();
  }
  const Timestamp minute = minute_of(vector.as_of);
  if (!first_minute_) first_minute_ = minute;
  if (opens_minute(vector.as_of)) {
    minutes_.push_back({minute, 0, {}});
    while (minutes_.front().start <= minute - kWindow) minutes_.pop_front();
  }
  Minute& current = minutes_.back();
  ++current.vectors;
  for (std::size_t i = 0; i < names_.size(); ++i) current.nulls[i] += vector.present.test(i) ? 0 : 1;
}

std::uint64_t NullShareWindow::vectors() const {
  std::uint64_t total = 0;
  for (const Minute& m : minutes_) total += m.vectors;
  return total;
}

bool NullShareWindow::covers_window() const {
  return first_minute_ && !minutes_.empty() &&
         *first_minute_ <= minutes_.back().start - kWindow + kMicrosPerMinute;
}

std::vector<NullShareWindow::Share> NullShareWindow::shares() const {
  const std::uint64_t total = vectors();
  std::vector<Share> out;
  if (total == 0) return out;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    std::uint64_t nulls = 0;
    for (const Minute& m : minutes_) nulls += m.nulls[i];
    out.push_back({names_[i], static_cast<double>(nulls) / static_cast<double>(total)});
  }
  return out;
}

std::string null_share_warning(const std::string& symbol, const NullShareWindow::Share& share,
                               double threshold) {
  return "feature " + share.feature + " was null in " + percent(share.share) + " of " + symbol +
         "'s vectors over the last hour (threshold " + percent(threshold) + ")";
}

}  // namespace fsvc
