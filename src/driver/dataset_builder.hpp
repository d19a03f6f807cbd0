#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <vector>

#include "core/dataset/leakage_audit.hpp"
#include "core/dataset/split_plan.hpp"
#include "core/engine/engine_config.hpp"
#include "driver/input_source.hpp"
#include "driver/offline_driver.hpp"
#include "ports/dataset_writer.hpp"

namespace fsvc {

// A build stopped through its stop_token (DELETE /dataset/{id}, shutdown).
class DatasetBuildCancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DatasetBuildSpec {
  dataset::DatasetRequest request;
  dataset::SplitPlan plan;
  EngineConfig config;  // the interval's grid and the resolved registry, as `rebuild` uses them
  OfflineTicks ticks = OfflineTicks::canonical;
  Timestamp read_from = 0;  // the span the source's inputs cover, for progress
  Timestamp read_to = 0;
};

// What a build did, for the metadata.
struct DatasetBuildStats {
  std::uint64_t inputs = 0;
  std::uint64_t vectors = 0;           // grid vectors of [rows.start, rows.end + horizon)
  std::uint64_t rows_with_target = 0;  // rows inside the plan's span with a target
  std::uint64_t dropped_no_future_price = 0;
  std::uint64_t dropped_no_volatility = 0;
  std::uint64_t dropped_missing_features = 0;               // missing_rows = drop
  std::map<std::string, std::uint64_t> missing_by_feature;  // nulls among those rows, per feature
  std::uint64_t outside_splits = 0;                         // rows with a target in no segment
  std::vector<std::uint64_t> vectors_per_segment;           // grid vectors inside each segment's period
  std::vector<std::uint64_t> rows_per_segment;              // rows written
  std::vector<std::size_t> skipped_segments;                // folds below min_train_samples (both files)
  std::vector<int> skipped_folds;
  std::optional<Timestamp> first_row{};
  std::optional<Timestamp> last_row{};
  dataset::LeakageReport leakage{};
};

// Fraction (0-1) of the source's time span read so far.
using DatasetProgress = std::function<void(double fraction)>;

// Streams one dataset: the source through the same OfflineDriver and engine as `rebuild`, every
// grid vector of [rows.start, rows.end + horizon) labelled with its target (a look-ahead of one
// horizon), placed in its segments (purge, embargo), audited for leakage and handed to `writer`.
// Memory is bounded by the horizon, not by the period. Throws DatasetBuildCancelled when `stop`
// is requested (checked every few thousand inputs).
DatasetBuildStats build_dataset(const DatasetBuildSpec& spec, const InputSource& source,
                                DatasetWriter& writer, const DatasetProgress& progress = {},
                                std::stop_token stop = {});

}  // namespace fsvc
