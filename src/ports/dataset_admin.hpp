#pragma once

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

// The /dataset endpoints of contracts.md §4. Throws DatasetRefusal for a request it refuses and
// MetadataUnavailable while the database is away. Thread safe.
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
};

}  // namespace fsvc
