#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ports/rejection_log.hpp"

namespace fsvc::parquet {

// {raw}/rejected/{YYYY-MM-DD}.jsonl: the rejected inputs of one UTC day (of their quality minute),
// one JSON object a line: counted, minute and received (µs since the epoch), symbol, stream (its report name
// or null), reason, queue, text. JSON lines rather than Parquet: rejections are rare, arrive one
// at a time and are read by people as often as by reports.
std::filesystem::path rejected_file(const std::filesystem::path& raw_root, std::string_view day);

// The days ("YYYY-MM-DD") that have a rejected/ file, sorted.
std::vector<std::string> rejected_days(const std::filesystem::path& raw_root);

struct RejectedStoreLimits {
  // Texts stored per day; beyond it a record keeps its counts and loses its text ("" and
  // "text_dropped": true), so a flood of bad messages costs a bounded disk and still counts exactly.
  std::uint64_t text_bytes_per_day = 64ULL << 20;
  // Records waiting for the writer thread; beyond it new ones lose their text until it catches up.
  std::size_t queued_with_text = 100'000;
  std::chrono::milliseconds write_interval{200};
};

// The raw store's `rejected/` writer: `record` only queues (the engine thread calls it), a thread of
// its own appends the queued records every write_interval. A crash loses at most that interval's
// records; a torn last line is skipped by the reader, and cut off before the next append to its file.
class RejectedStore final : public RejectionLog {
 public:
  explicit RejectedStore(std::filesystem::path raw_root, RejectedStoreLimits limits = {});
  ~RejectedStore() override;
  RejectedStore(const RejectedStore&) = delete;
  RejectedStore& operator=(const RejectedStore&) = delete;

  void record(RejectedInput input) override;
  // Returns once everything recorded before the call is in its file; throws what the write met.
  void flush();

 private:
  void run(const std::stop_token& stop);
  void write(std::vector<RejectedInput>& batch);

  std::filesystem::path root_;
  RejectedStoreLimits limits_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::vector<RejectedInput> queued_;                // under mutex_
  std::uint64_t requested_ = 0, written_ = 0;        // flush rounds, under mutex_
  std::string error_;                                // the last write's failure, under mutex_
  std::map<std::string, std::uint64_t> text_bytes_;  // per day; writer thread only
  std::jthread thread_;
};

// The records of `symbol` whose minute lies in [from, to), oldest file first. A torn last line (a
// crash mid-append: no newline after it) is skipped and counted in `torn_lines`; any other line
// that is not a record throws RejectedFileUnreadable naming the file and line.
std::vector<RejectedInput> read_rejected(const std::filesystem::path& raw_root, std::string_view symbol,
                                         Timestamp from, Timestamp to, std::uint64_t* torn_lines = nullptr);

// Every record of the day file `day` (YYYY-MM-DD), in file order; read as read_rejected reads.
std::vector<RejectedInput> read_rejected_day(const std::filesystem::path& raw_root, std::string_view day,
                                             std::uint64_t* torn_lines = nullptr);

}  // namespace fsvc::parquet
