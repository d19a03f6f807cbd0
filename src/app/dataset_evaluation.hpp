#pragma once

#include <filesystem>
#include <string_view>

#include "ports/dataset_admin.hpp"
#include "ports/metadata_store.hpp"

namespace fsvc::app {

// POST /model/evaluate (datasets.md §5) on the datasets `store` knows, whose files are under
// `storage_root`: the split's download path and metadata and, with predictions, the requested
// metrics (all of the target's kind when none are named) over the predictions whose timestamp is a
// row of the split, with the unmatched ones reported. The split's file is streamed, never loaded
// whole. Throws DatasetRefusal (invalid with every problem, not_found, conflict while not ready).
DatasetEvaluation evaluate_dataset(MetadataStore& store, const std::filesystem::path& storage_root,
                                   std::string_view body);

}  // namespace fsvc::app
