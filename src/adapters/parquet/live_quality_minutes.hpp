#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/quality/quality_minute.hpp"
#include "ports/quality_store.hpp"

namespace fsvc::parquet {

// The closed data-quality minutes the live engine counted, held until the raw store closes their
// day and writes them as its rollup, so closing a day replays nothing (issue 11). The engine
// thread adds (a copy under a short lock, once a minute), the converter thread takes.
class LiveQualityMinutes final : public LiveQualityDays {
 public:
  void add(const std::vector<QualityMinute>& minutes);

  // The minutes of `symbol` in the UTC day starting at `day`, if this process counted all of it:
  // it has a minute of the symbol before the day (so it ran before the day began) and one at or
  // after its end (so every minute of the day is closed), and no minute of the day came twice (a
  // registry switch's warm-up counts its minutes again). Nullopt otherwise: the day is counted
  // from the raw store. Minutes before the day's end are forgotten, and the day is not whole again.
  std::optional<std::vector<QualityMinute>> take_whole_day(std::string_view symbol, Timestamp day) override;

 private:
  struct Held {
    std::map<Timestamp, QualityMinute> minutes;  // by start
    Timestamp first_start = 0;                   // the earliest minute this process counted
    std::set<Timestamp> recounted_days;
    Timestamp taken_until = 0;  // days before this were taken (or refused): their minutes are gone
  };
  // Days kept beside the open one: a day closes an hour after its end, so two suffice; more
  // is a day nobody closed (no raw store data that day) and is dropped to bound memory.
  static constexpr int kDaysKept = 3;

  std::mutex mutex_;
  std::map<std::string, Held, std::less<>> held_;
};

}  // namespace fsvc::parquet
