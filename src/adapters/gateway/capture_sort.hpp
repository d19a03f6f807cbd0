#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types/timestamp.hpp"

namespace fsvc::gateway {

// Sorts capture lines by (event time, line number) in bounded memory, for a capture out of order
// beyond what a reordering window holds: lines are gathered until they fill `run_bytes`, each such
// run is sorted and written to a file in a private temporary directory (under `temp_parent`), and
// the runs are merged, at most kMaxFanIn files at a time. The lines are kept as text: decoding them
// again gives the same events. The directory and its files go with the object. Write and read
// failures throw naming the file.
class CaptureLineSort {
 public:
  static constexpr std::size_t kDefaultRunBytes = std::size_t{32} << 20;
  static constexpr std::size_t kMaxFanIn = 64;

  explicit CaptureLineSort(std::size_t run_bytes = kDefaultRunBytes,
                           const std::filesystem::path& temp_parent = std::filesystem::temp_directory_path());
  ~CaptureLineSort();
  CaptureLineSort(const CaptureLineSort&) = delete;
  CaptureLineSort& operator=(const CaptureLineSort&) = delete;

  void add(Timestamp ts, std::uint64_t line, std::string_view text);
  // Once every line is added: `visit(line, text)` for each, in (time, line) order.
  using Visitor = std::function<void(std::uint64_t line, std::string_view text)>;
  void merge(const Visitor& visit);

  // Run files written so far, merged ones included (0 while everything fits in one run).
  std::uint64_t runs_written() const { return run_counter_; }

 private:
  struct Key {
    Timestamp ts;
    std::uint64_t line;
    std::size_t offset;
    std::uint32_t length;
  };
  void sort_pending();
  void spill_pending();
  std::filesystem::path next_run_path();
  using RecordVisitor = std::function<void(Timestamp ts, std::uint64_t line, std::string_view text)>;
  void merge_runs(const std::vector<std::filesystem::path>& runs, const RecordVisitor& visit) const;
  void merge_into_one_run(std::size_t count);

  std::size_t run_bytes_;
  std::filesystem::path dir_;
  std::string text_;  // the pending run's lines, back to back
  std::vector<Key> keys_;
  std::vector<std::filesystem::path> runs_;
  std::uint64_t run_counter_ = 0;
};

}  // namespace fsvc::gateway
