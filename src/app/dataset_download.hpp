#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ports/dataset_admin.hpp"
#include "ports/metadata_store.hpp"

namespace fsvc::app {

// {storage_root}/{id}, or where the record says the dataset was written.
std::filesystem::path dataset_folder(const DatasetRecord& record, const std::filesystem::path& storage_root);

// The dataset folder's metadata.json; an empty object when it is missing or not a JSON object (a
// dataset that failed, or one removed meanwhile), so a reader finds no splits rather than an error.
nlohmann::json dataset_metadata(const DatasetRecord& record, const std::filesystem::path& storage_root);

// Which file of a dataset's folder answers GET /dataset/{id}/download (datasets.md §4-5): the
// split's file, the fold's for walk-forward train and validation, or `all`. Throws DatasetRefusal:
// conflict while the dataset is not ready, invalid for an unknown split, a fold where none belongs
// or one missing, or a file the dataset does not have (a skipped fold, no test window), naming the
// ones it has.
DatasetDownload locate_download(const DatasetRecord& record, const std::filesystem::path& storage_root,
                                const std::string& split, std::optional<int> fold);

}  // namespace fsvc::app
