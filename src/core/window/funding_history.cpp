#include "core/window/funding_history.hpp"

#include <algorithm>

namespace fsvc {

void FundingHistory::add(Timestamp ts, const FundingState& update) {
  if (!update.funding_rate && !update.next_funding_time) return;
  insert(Record{ts, update, {}, false});
}

void FundingHistory::forget_from(Timestamp ts) {
  insert(Record{ts, {}, {}, true});
}

void FundingHistory::insert(const Record& record) {
  auto it = std::upper_bound(records_.begin(), records_.end(), record.ts,
                             [](Timestamp v, const Record& r) { return v < r.ts; });
  const auto at = static_cast<std::size_t>(it - records_.begin());
  records_.insert(it, record);
  remerge_from(at);
}

void FundingHistory::remerge_from(std::size_t index) {
  for (std::size_t i = index; i < records_.size(); ++i) {
    Record& r = records_[i];
    r.merged = i == 0 || r.forget ? FundingState{} : records_[i - 1].merged;
    if (r.update.funding_rate) r.merged.funding_rate = r.update.funding_rate;
    if (r.update.next_funding_time) r.merged.next_funding_time = r.update.next_funding_time;
  }
}

FundingState FundingHistory::as_of(Timestamp t) const {
  auto it = std::upper_bound(records_.begin(), records_.end(), t,
                             [](Timestamp v, const Record& r) { return v < r.ts; });
  if (it == records_.begin()) return {};
  return std::prev(it)->merged;
}

void FundingHistory::evict_before(Timestamp horizon) {
  // The survivor's `update` becomes its merged state, so a later re-merge keeps evicted values.
  while (records_.size() > 1 && records_[1].ts <= horizon) {
    records_.pop_front();
    records_.front().update = records_.front().merged;
  }
}

}  // namespace fsvc
