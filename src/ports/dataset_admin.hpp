#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/types/timestamp.hpp"
#include "ports/metadata_store.hpp"

namespace fsvc {

// A span of raw data the store holds, [from, to), for a 409 NO_DATA answer.
struct AvailableRange {
  Timestamp from = 0;
  Timestamp to = 0;
};

// Why a dataset request is refused. The HTTP adapter maps the kind to a status (400, 404, 409) and
// answers with the code, the message, every problem and, for NO_DATA, the ranges that exist.
class DatasetRefusal : public std::runtime_error {
 public:
  enum class Kind { invalid, not_found, conflict };
  DatasetRefusal(Kind kind, std::string code, const std::string& message,
                 std::vector<std::string> problems = {}, std::vector<AvailableRange> available = {})
      : std::runtime_error(message),
        kind_(kind),
        code_(std::move(code)),
        problems_(std::move(problems)),
        available_(std::move(available)) {}
  Kind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::vector<std::string>& problems() const { return problems_; }
  const std::vector<AvailableRange>& available() const { return available_; }

 private:
  Kind kind_;
  std::string code_;
  std::vector<std::string> problems_;
  std::vector<AvailableRange> available_;
};

// What POST /dataset/build answers: the stored record and the planned splits.
struct DatasetBuildReceipt {
  DatasetRecord record;
  std::string splits_info = "[]";  // JSON: the planned segments, each with its name, split and period
};

// One file of a ready dataset, which the HTTP server streams from disk.
struct DatasetDownload {
  std::string segment;  // the file's stem in the dataset: "test", "fold_003/train", "all"
  std::string path;
  std::uint64_t bytes = 0;
  std::string content_type;  // application/vnd.apache.parquet or text/csv
  std::string file_name;     // offered to the client: "{id}_fold_003_train.parquet"
};

// What POST /model/evaluate answers (datasets.md §5), but for the evaluation id the HTTP layer gives.
struct DatasetEvaluation {
  std::string dataset_id;
  std::string split;  // validation or test
  std::optional<int> fold;
  std::string model_version;
  std::string prepared_dataset_url;  // the split's download path
  std::string metadata;              // JSON: the split's records, period, coverage; target, registry, columns
  std::string metrics;  // JSON: the metrics with matched/unmatched counts; null without predictions
};

// The /dataset endpoints of contracts.md §4 and POST /model/evaluate. Throws DatasetRefusal for a request it
// refuses and MetadataUnavailable while the database is away. Thread safe.
class DatasetAdmin {
 public:
  virtual ~DatasetAdmin() = default;
  // Validates, checks the raw data and queues a build. The same idempotency key with the same body
  // returns the first build; with another body it is refused as a conflict.
  virtual DatasetBuildReceipt build(std::string_view body,
                                    const std::optional<std::string>& idempotency_key) = 0;
  virtual std::vector<DatasetRecord> list(const DatasetFilter& filter) = 0;
  virtual std::optional<DatasetRecord> get(const std::string& id) = 0;
  // Cancels a queued or running build, removes the files and the record; false for an unknown id.
  virtual bool remove(const std::string& id) = 0;
  // The file of `split` (train, validation, test, or all: every row with a `split` column) of a
  // ready dataset; walk-forward train and validation name their fold. Refused as not_found for an
  // unknown id, conflict while the dataset is not ready, invalid for a split (or fold) it lacks.
  virtual DatasetDownload download(const std::string& id, const std::string& split,
                                   std::optional<int> fold) = 0;
  // Parses and checks an evaluation request (invalid: every problem), finds its split like
  // download() and, with predictions, computes the requested metrics against the split's targets.
  virtual DatasetEvaluation evaluate(std::string_view body) = 0;
};

}  // namespace fsvc
