#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/quality/quality_minute.hpp"

namespace fsvc::parquet {

class DuckDbSession;

// The data-quality minute rollups of the raw store (quality.md §2): one Parquet file per symbol and
// closed UTC day, {raw}/quality/{SYMBOL}/{YYYY-MM-DD}.parquet, one row per minute and stream with
// every counter, the minute's detail lists (gaps, desyncs, resyncs, rejections) as JSON on its
// orderbook row, and the fingerprint of the raw files it was counted from. A rollup whose
// fingerprint no longer matches the day's raw files (data imported since, a rejection appended to
// rejected/ since) is ignored, and counted again by whoever reads it.
class QualityRollups {
 public:
  explicit QualityRollups(std::filesystem::path raw_root);
  ~QualityRollups();
  QualityRollups(const QualityRollups&) = delete;
  QualityRollups& operator=(const QualityRollups&) = delete;

  // What identifies the raw data of `symbol` on `day` (file names and sizes of every dataset, and
  // the size of the day's rejected/ file); nullopt when the store holds no dataset file of it.
  std::optional<std::string> fingerprint(const std::string& symbol, const std::string& day) const;

  // The stored minutes of the day when a rollup counted from `fingerprint` exists; nullopt
  // otherwise (never written, damaged, or stale).
  std::optional<std::vector<QualityMinute>> read(const std::string& symbol, const std::string& day,
                                                 const std::string& fingerprint) const;

  // Publishes the day's minutes atomically (a temporary file renamed durably), replacing any older
  // rollup. Concurrent writers of the same day each publish a whole file.
  void write(const std::string& symbol, const std::string& day, const std::string& fingerprint,
             std::span<const QualityMinute> minutes) const;

  std::filesystem::path file(const std::string& symbol, const std::string& day) const;

 private:
  DuckDbSession& duckdb() const;  // under duckdb_mutex_

  std::filesystem::path root_;
  mutable std::mutex duckdb_mutex_;
  mutable std::unique_ptr<DuckDbSession> duckdb_;
};

}  // namespace fsvc::parquet
