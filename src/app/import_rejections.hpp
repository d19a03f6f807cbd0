#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>

#include "adapters/parquet/rejected_store.hpp"
#include "core/engine/event_admission.hpp"
#include "core/quality/quality_tracker.hpp"

namespace fsvc::app {

// What `import` refused, kept in the raw store's rejected/ as `serve` keeps what it refuses, so that
// a report of imported data counts the same rejections as serving the capture live: each counted in
// the quality minute the live engine would have counted it in (a QualityTracker per symbol follows
// the capture's admitted events as the engine's does; it counts nothing else). The origin (`queue`)
// is "{capture file name}:{line}"; a record already in rejected/ with the same origin, time and
// reason (the same capture imported again) is not kept twice. `received` is ws-gateway's
// `received_at` of the refused event, or for a rejected line of the capture's last event before it
// (0 before the first).
class ImportRejections {
 public:
  ImportRejections(const std::filesystem::path& raw_root, const std::filesystem::path& capture,
                   const QualityThresholds& thresholds);

  // An event the admission gate accepted (stored now or by an earlier import).
  void admitted(const MarketEvent& event);
  // An event the admission gate refused at capture line `line`.
  void refused(const MarketEvent& event, Admission why, std::uint64_t line);
  // A capture line the decoder rejected for `reason`.
  void rejected_line(std::string_view text, std::string_view reason, std::uint64_t line);
  // Returns once every record is in its file; throws what the writing met.
  void flush() { store_.flush(); }

  std::uint64_t kept() const { return kept_; }
  std::uint64_t kept_before() const { return kept_before_; }

 private:
  // The symbol's tracker; the first event of a symbol, admitted or refused, makes it known.
  QualityTracker& tracker_for(const EventHeader& header);
  void keep(RejectedInput input, std::uint64_t line);
  std::unordered_set<std::uint64_t>& kept_on(const std::string& day);

  std::filesystem::path root_;
  std::string origin_;
  QualityThresholds thresholds_;
  parquet::RejectedStore store_;
  std::map<std::string, QualityTracker, std::less<>> trackers_;           // by symbol
  std::map<std::string, std::unordered_set<std::uint64_t>> kept_by_day_;  // hashes of record keys
  Timestamp last_received_ = 0;
  std::uint64_t kept_ = 0, kept_before_ = 0;
};

}  // namespace fsvc::app
