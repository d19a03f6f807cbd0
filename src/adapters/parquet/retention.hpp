#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "core/types/timestamp.hpp"
#include "ports/clock.hpp"

namespace fsvc::parquet {

struct RetentionPolicy {
  int days = 90;  // keep the current UTC day and the days-1 before it; 0 keeps everything
  // Expired days are recompressed (zstd, high level) into this folder, same layout; deleted when unset.
  std::optional<std::filesystem::path> archive_root;
};

struct RetentionReport {
  std::vector<std::filesystem::path> archived;  // files written under archive_root
  std::vector<std::filesystem::path> deleted;   // files removed without an archive
  std::vector<std::filesystem::path> quarantined;
  std::string error;  // set by the scheduler when a run failed; it retries next period
};

// Archives or deletes every day partition that has expired at `now`.
RetentionReport apply_retention(const std::filesystem::path& root, const RetentionPolicy& policy,
                                Timestamp now);

// Copies the archived days in [from_day, to_day] ("YYYY-MM-DD", inclusive) back into the raw store;
// returns the restored files. Files already present in the store are left as they are.
std::vector<std::filesystem::path> restore_archive(const std::filesystem::path& root,
                                                   const std::filesystem::path& archive_root,
                                                   const std::string& from_day, const std::string& to_day);

// Runs a retention pass at start and then every `period` until destroyed, at the clock's now
// (which must outlive the scheduler). `run` is apply_retention bound to a root and policy, or
// RawStore::apply_retention for a live store.
class RetentionScheduler {
 public:
  using Run = std::function<RetentionReport(Timestamp now)>;
  RetentionScheduler(Run run, std::chrono::milliseconds period, const Clock& clock,
                     std::function<void(const RetentionReport&)> on_run);

 private:
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: stopped and joined before the members it waits on go
};

}  // namespace fsvc::parquet
