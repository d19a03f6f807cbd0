#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "adapters/config/service_config.hpp"
#include "adapters/parquet/dataset_file_writer.hpp"
#include "core/registry/registry_limits.hpp"
#include "driver/dataset_queue.hpp"
#include "ports/dataset_admin.hpp"

namespace fsvc::app {

struct DatasetServiceSettings {
  std::filesystem::path raw_root;      // the raw store the rows are rebuilt from
  std::filesystem::path storage_root;  // datasets go to {storage_root}/{id}/
  std::size_t concurrency = 1;         // DATASET_BUILD_CONCURRENCY
  std::size_t memory_mib =
      parquet::DatasetFileWriter::kDefaultMemoryMib;  // FEATURE_SERVICE_DATASET_MEMORY_MB
  double classification_threshold = 0.001;
  RegistryLimits limits{};
};

// FEATURE_SERVICE_RAW_DATA_PATH, FEATURE_SERVICE_DATASET_STORAGE_PATH, DATASET_BUILD_CONCURRENCY,
// MODEL_CLASSIFICATION_THRESHOLD and the registry limits, as `serve` builds datasets with them.
DatasetServiceSettings dataset_service_settings_from(const config::ServiceConfig& config);

// The /dataset endpoints of `serve` on the metadata store and a DatasetQueue: a build request is
// validated against the raw store's symbols and the store's registry versions, recorded as queued
// and built in the background through run_dataset_job, the CLI's path.
// The request body (and its Idempotency-Key) is kept next to the datasets in
// {storage_root}/.requests/{id}.json, so that a build recovered after a restart rebuilds exactly
// what was asked and a retried request still finds its first build.
class DatasetService final : public DatasetAdmin {
 public:
  DatasetService(MetadataStore& store, DatasetServiceSettings settings, const Clock& clock,
                 DatasetFinished finished = {});

  // Requeues what a previous process left queued or building; returns how many.
  std::size_t recover() { return queue_.recover(); }
  void wait_idle() { queue_.wait_idle(); }

  DatasetBuildReceipt build(std::string_view body,
                            const std::optional<std::string>& idempotency_key) override;
  std::vector<DatasetRecord> list(const DatasetFilter& filter) override;
  std::optional<DatasetRecord> get(const std::string& id) override;
  bool remove(const std::string& id) override;
  DatasetDownload download(const std::string& id, const std::string& split, std::optional<int> fold) override;
  DatasetEvaluation evaluate(std::string_view body) override;

 private:
  struct KeptRequest {
    std::string id;
    std::string body;
  };
  DatasetOutcome run(const DatasetRecord& record, const std::function<void(double)>& progress,
                     std::stop_token stop);
  std::filesystem::path request_file(const std::string& id) const;
  void keep_request(const std::string& id, std::string_view body, const std::optional<std::string>& key);

  MetadataStore& store_;
  DatasetServiceSettings settings_;
  std::mutex mutex_;                           // guards by_key_ and makes build() one at a time
  std::map<std::string, KeptRequest> by_key_;  // Idempotency-Key -> the build it started
  DatasetQueue queue_;                         // last: its workers stop before the rest goes
};

}  // namespace fsvc::app
