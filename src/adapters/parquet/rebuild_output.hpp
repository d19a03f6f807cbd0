#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/registry/feature_spec.hpp"
#include "core/types/timestamp.hpp"
#include "ports/vector_sink.hpp"

namespace fsvc::parquet {

// Where `rebuild` writes its vectors, chosen by the file name: *.parquet through DuckDB, *.jsonl
// (or '-', stdout) as JSON Lines in the features.live shape with trace_id "rebuild" (a constant,
// so two rebuilds of the same range are byte-identical). A file appears only on close(): a failed
// rebuild leaves no half-written output behind.
class RebuildOutput {
 public:
  virtual ~RebuildOutput() = default;
  virtual VectorSink& sink() = 0;
  virtual void close() = 0;
};

// Columns (Parquet) or keys (JSON Lines) are those of `registry`. Throws std::invalid_argument for
// another extension, std::runtime_error naming the path when it cannot be written.
std::unique_ptr<RebuildOutput> open_rebuild_output(const std::string& path,
                                                   const std::vector<Duration>& intervals,
                                                   const FeatureRegistry& registry);

}  // namespace fsvc::parquet
