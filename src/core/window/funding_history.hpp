#pragma once

#include <deque>
#include <optional>

#include "core/event/market_event.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

struct FundingState {
  std::optional<double> funding_rate;
  std::optional<Timestamp> next_funding_time;
};

// As-of history of the funding fields. An update carrying only one field keeps the other.
class FundingHistory {
 public:
  // Ignores updates that carry neither field.
  void add(Timestamp ts, const FundingState& update);
  // From `ts` on, nothing is known until a later update says it (updates may carry one field only,
  // so an update missing from the input would otherwise leave a stale value in force).
  void forget_from(Timestamp ts);
  FundingState as_of(Timestamp t) const;
  // Drops records older than `horizon`, keeping the one still in force at the horizon.
  void evict_before(Timestamp horizon);

 private:
  struct Record {
    Timestamp ts;
    FundingState update;  // as received
    FundingState merged;  // as in force from ts on
    bool forget = false;  // a forget_from() marker: merging starts afresh here
  };
  void insert(const Record& record);
  void remerge_from(std::size_t index);

  std::deque<Record> records_;
};

}  // namespace fsvc
