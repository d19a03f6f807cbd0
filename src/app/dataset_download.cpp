#include "app/dataset_download.hpp"

#include <algorithm>
#include <fstream>
#include <vector>

#include "adapters/parquet/dataset_file_writer.hpp"
#include "core/dataset/split_plan.hpp"

namespace fsvc::app {

namespace {

namespace fs = std::filesystem;
using parquet::DatasetFileWriter;

DatasetRefusal bad_download(const std::string& message) {
  return DatasetRefusal(DatasetRefusal::Kind::invalid, "INVALID_REQUEST", message, {message});
}

std::optional<dataset::SplitName> split_named(const std::string& split) {
  for (const auto name :
       {dataset::SplitName::train, dataset::SplitName::validation, dataset::SplitName::test}) {
    if (dataset::to_string(name) == split) return name;
  }
  return std::nullopt;
}

// The stem of the file asked for ("all", "test", "fold_003/train"), once the request makes sense
// for the dataset's strategy.
std::string asked_segment(const DatasetRecord& record, const std::string& split, std::optional<int> fold) {
  const bool walk_forward = record.split_strategy == SplitStrategy::walk_forward;
  if (split == DatasetFileWriter::kAllSegments) {
    if (fold)
      throw bad_download("split=all holds every fold already (its split column names the fold): drop fold");
    return split;
  }
  const auto name = split_named(split);
  if (!name) throw bad_download("query parameter 'split' must be one of train, validation, test, all");
  const bool per_fold = walk_forward && *name != dataset::SplitName::test;
  if (per_fold && !fold) {
    throw bad_download("dataset " + record.id + " is a walk-forward dataset: its " + split +
                       " files are per fold, name one with fold=N (or download split=all)");
  }
  if (!per_fold && fold) {
    throw bad_download(walk_forward
                           ? "the test set of a walk-forward dataset belongs to no fold: drop fold"
                           : "dataset " + record.id + " has no folds (it is not walk-forward): drop fold");
  }
  dataset::Segment segment;
  segment.split = *name;
  segment.fold = per_fold ? *fold : -1;
  return dataset::segment_name(segment);
}

// The stems of the split files a dataset folder holds, for the message that lists them.
std::string files_held(const fs::path& folder, const std::string& extension) {
  std::vector<std::string> stems;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(folder, error); !error && it != fs::end(it);
       it.increment(error)) {
    if (!it->is_regular_file() || it->path().extension() != extension) continue;
    fs::path stem = it->path().lexically_relative(folder);
    stems.push_back(stem.replace_extension().generic_string());
  }
  std::sort(stems.begin(), stems.end());
  std::string out;
  for (const std::string& stem : stems) out += (out.empty() ? "" : ", ") + stem;
  return out.empty() ? "none" : out;
}

}  // namespace

fs::path dataset_folder(const DatasetRecord& record, const fs::path& storage_root) {
  return record.storage_path ? fs::path(*record.storage_path) : storage_root / record.id;
}

nlohmann::json dataset_metadata(const DatasetRecord& record, const fs::path& storage_root) {
  std::ifstream in(dataset_folder(record, storage_root) / "metadata.json", std::ios::binary);
  nlohmann::json metadata = nlohmann::json::parse(in, nullptr, false);
  return metadata.is_object() ? metadata : nlohmann::json::object();
}

DatasetDownload locate_download(const DatasetRecord& record, const fs::path& storage_root,
                                const std::string& split, std::optional<int> fold) {
  const std::string segment = asked_segment(record, split, fold);
  if (record.status != DatasetStatus::ready) {
    throw DatasetRefusal(
        DatasetRefusal::Kind::conflict, "DATASET_NOT_READY",
        "dataset " + record.id + " is " + std::string(to_string(record.status)) +
            (record.status == DatasetStatus::building || record.status == DatasetStatus::queued
                 ? "; download it once it is ready"
                 : "; it has no files"));
  }
  const auto format = record.output_format == dataset::to_string(dataset::OutputFormat::csv)
                          ? dataset::OutputFormat::csv
                          : dataset::OutputFormat::parquet;
  const fs::path folder = dataset_folder(record, storage_root);
  const fs::path file = folder / DatasetFileWriter::file_name(segment, format);
  std::error_code error;
  const auto bytes = fs::file_size(file, error);
  if (error) {
    throw bad_download(
        "dataset " + record.id + " has no " + segment +
        " file (a fold skipped below min_train_samples, or a split it was not built with); it has: " +
        files_held(folder, file.extension().string()));
  }
  std::string offered = record.id + "_" + DatasetFileWriter::file_name(segment, format);
  std::replace(offered.begin(), offered.end(), '/', '_');
  return {
      segment, file.string(), bytes,
      format == dataset::OutputFormat::parquet ? "application/vnd.apache.parquet" : "text/csv; charset=utf-8",
      offered};
}

}  // namespace fsvc::app
