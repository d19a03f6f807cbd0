#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/feature/feature_vector.hpp"

namespace fsvc {

// The files of one dataset while it is built (datasets.md §5): one file per segment of its split
// plan (a split, or a fold's split). Nothing is visible under the dataset's final name until
// commit() has written every file; a writer destroyed without commit leaves nothing behind.
class DatasetWriter {
 public:
  virtual ~DatasetWriter() = default;
  // A kept row of segment `segment` (an index into the split plan); each segment's rows in time order.
  virtual void write(std::size_t segment, const FeatureVector& row, double target) = 0;
  // Writes the files (leaving out `skipped` segments, e.g. folds below min_train_samples) and
  // metadata.json, then publishes the dataset folder in one rename.
  virtual void commit(const std::string& metadata_json, const std::vector<std::size_t>& skipped) = 0;
};

}  // namespace fsvc
