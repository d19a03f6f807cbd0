#pragma once

#include <filesystem>
#include <functional>

#include "core/dataset/dataset_request.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::parquet {

// Calls `visit(timestamp, target)` for every row of a dataset file as DatasetFileWriter wrote it
// (Parquet, or CSV with its ISO-8601 timestamps), in file order, streamed chunk by chunk so a
// split of any length is read in bounded memory. Throws std::runtime_error naming the file.
void read_dataset_targets(const std::filesystem::path& file, dataset::OutputFormat format,
                          const std::function<void(Timestamp, double)>& visit);

}  // namespace fsvc::parquet
