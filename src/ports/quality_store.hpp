#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/event/data_gap.hpp"
#include "core/event/market_event.hpp"
#include "core/quality/quality_minute.hpp"
#include "core/types/inline_string.hpp"
#include "ports/rejection_log.hpp"

namespace fsvc {

// A stretch of stored inputs, as a rebuild reads it: in journal order when it was captured live
// (ticks journaled), else in canonical order. `read` pushes every input, in order, into its first
// callback and a DataGap into its second where input is known to be missing (the driver's
// InputSource).
struct StoredInputs {
  bool journal = false;
  std::function<void(const std::function<void(EngineInput&&)>&, const std::function<void(const DataGap&)>&)>
      read;
};

// The raw store as a data-quality report reads it: per symbol and UTC day ("YYYY-MM-DD"), the
// minute rollups kept under a fingerprint of the day's raw data, and the stored inputs to count
// from where no current rollup exists.
class QualityStore {
 public:
  virtual ~QualityStore() = default;

  // What identifies the raw data of `symbol` on `day`; nullopt when the store holds none.
  virtual std::optional<std::string> fingerprint(const std::string& symbol, const std::string& day) const = 0;
  // The day's stored minutes when a rollup counted from `fingerprint` exists; nullopt otherwise.
  virtual std::optional<std::vector<QualityMinute>> rollup(const std::string& symbol, const std::string& day,
                                                           const std::string& fingerprint) const = 0;
  // Stores the day's minutes, replacing any older rollup.
  virtual void write_rollup(const std::string& symbol, const std::string& day, const std::string& fingerprint,
                            std::span<const QualityMinute> minutes) const = 0;
  // The symbols the store holds data of on `day`.
  virtual std::vector<std::string> symbols_on(const std::string& day) const = 0;
  // The inputs of `symbol` needed to count [from, to): from the book snapshot before `from`.
  virtual StoredInputs inputs(const Symbol& symbol, Timestamp from, Timestamp to) const = 0;
  // The inputs of `symbol` refused before the engine (`rejected/`) whose minute lies in [from, to).
  virtual std::vector<RejectedInput> refusals(const Symbol& symbol, Timestamp from, Timestamp to) const = 0;
};

// The closed minutes the live engine counted, held for the day's rollup so that closing a day
// replays nothing: a symbol's whole UTC day starting at `day` when this process counted all of it
// (taken: asked twice, nullopt), else nullopt and the day is counted from the store.
class LiveQualityDays {
 public:
  virtual ~LiveQualityDays() = default;
  virtual std::optional<std::vector<QualityMinute>> take_whole_day(std::string_view symbol,
                                                                   Timestamp day) = 0;
};

}  // namespace fsvc
