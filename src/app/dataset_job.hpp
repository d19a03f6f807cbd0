#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <vector>

#include "adapters/parquet/dataset_file_writer.hpp"
#include "adapters/parquet/store_inventory.hpp"
#include "core/dataset/parse_dataset_request.hpp"
#include "core/registry/feature_spec.hpp"
#include "driver/dataset_builder.hpp"

namespace fsvc::app {

// A build whose leakage report failed while data_leakage_check was on: nothing is published.
class DatasetLeakageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The request names a period the raw store holds no data of (HTTP 409 NO_DATA).
class DatasetNoData : public std::runtime_error {
 public:
  DatasetNoData(const std::string& message, std::vector<dataset::Period> available)
      : std::runtime_error(message), available(std::move(available)) {}
  std::vector<dataset::Period> available;  // whole UTC days of the symbol that exist, merged
};

// One dataset to build: the validated request, the registry it resolved to, where to read and write.
struct DatasetJob {
  std::string id;
  std::string request_body;  // as received, echoed into metadata.json
  dataset::DatasetRequest request;
  FeatureRegistry registry;
  std::filesystem::path raw_root;
  std::filesystem::path storage_root;  // the dataset is {storage_root}/{id}/
  std::size_t memory_mib =
      parquet::DatasetFileWriter::kDefaultMemoryMib;  // FEATURE_SERVICE_DATASET_MEMORY_MB
};

struct DatasetJobResult {
  std::filesystem::path folder;
  DatasetBuildStats stats;
  std::int64_t train_records = 0;
  std::int64_t validation_records = 0;
  std::int64_t test_records = 0;
  std::string leakage_report;                // JSON
  std::map<std::string, std::string> files;  // segment name -> file name in the folder
};

// Builds the dataset through the shared path (build_dataset_from_store), writes metadata.json
// and publishes the folder. Throws DatasetLeakageError when the leakage check is on and failed,
// DatasetBuildCancelled when stopped, RawStoreDamage naming a file the read needed.
DatasetJobResult run_dataset_job(const DatasetJob& job, const DatasetProgress& progress = {},
                                 std::stop_token stop = {});

// What validation needs to know: the symbols the raw store holds and the registry versions.
dataset::RequestContext request_context(const parquet::StoreInventory& inventory,
                                        std::vector<std::string> registry_versions, double default_threshold);

// Throws DatasetNoData when the store holds no day of the symbol inside the rows' span (partial
// coverage is not an error: the metadata reports it per split).
void require_raw_data(const parquet::StoreInventory& inventory, const dataset::DatasetRequest& request);

}  // namespace fsvc::app
