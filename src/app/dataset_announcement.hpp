#pragma once

#include <filesystem>
#include <string>

#include "ports/metadata_store.hpp"

namespace fsvc::app {

// The features.dataset.ready body (contracts.md §3) for a build that ended ready or failed:
// {dataset_id, id, symbol, status, train_records, validation_records, test_records, splits_info,
// download_urls, error_message, trace_id}. splits_info has, per written file (by its name, e.g.
// "fold_003/train"), the split, fold, period and rows from the dataset's metadata.json;
// download_urls the download path of each and of "all". Both are empty for a failed build.
std::string dataset_ready_message(const DatasetRecord& record, const std::filesystem::path& storage_root,
                                  const std::string& trace_id);

}  // namespace fsvc::app
