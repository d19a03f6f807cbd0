#include "adapters/parquet/store_recovery.hpp"

#include <algorithm>
#include <optional>
#include <string>

#include "adapters/parquet/part_writer.hpp"
#include "adapters/parquet/raw_layout.hpp"

namespace fsvc::parquet {

namespace {

void recover_wal(DuckDbSession& session, const fs::path& root, RecoveryReport& report) {
  for (const fs::path& segment : wal::wal_segments(root)) {
    report.next_wal_index = std::max(report.next_wal_index, *wal::wal_segment_index(segment) + 1);
    LostSegment lost;
    const std::optional<ConvertedSegment> converted = convert_segment(session, root, segment, lost);
    if (!converted) {
      report.quarantined.push_back(root / lost.quarantined_as);
      // New inputs are numbered after what its headers say it held, so that reads can place the
      // loss (everything listed above its first ingest_seq came after it).
      if (lost.counted_inputs > 0)
        report.max_ingest_seq = std::max(report.max_ingest_seq, lost.first_seq + lost.counted_inputs - 1);
      continue;
    }
    report.max_ingest_seq = std::max(report.max_ingest_seq, converted->max_ingest_seq);
    ++report.wal_segments;
    report.wal_torn_bytes += converted->torn_bytes;
  }
}

void recover_parquet(DuckDbSession& session, const fs::path& root, Timestamp now,
                     const SeedRecent& seed_recent, RecoveryReport& report) {
  const std::string yesterday = utc_day(now - kMicrosPerDay);
  for (RawKind kind : kAllRawKinds) {
    const auto days = existing_days(root, kind);
    for (const auto& day : days) {
      for (const auto& entry : fs::directory_iterator(day_dir(root, kind, day))) {
        const fs::path file = entry.path();
        const auto name = parse_raw_file_name(file);
        // Leftover temp files are torn writes, never reported durable.
        if (!name) {
          report.quarantined.push_back(quarantine(root, file));
          continue;
        }
        const bool recent = day >= yesterday || day == days.back();
        if (!name->part && !recent) continue;
        try {
          const auto max_seq = session.query_int("SELECT MAX(ingest_seq) FROM read_parquet(" +
                                                 sql_literal(file.string()) + ")");
          report.max_ingest_seq = std::max<std::uint64_t>(report.max_ingest_seq, max_seq.value_or(0));
          if (day >= yesterday && kind != RawKind::tick) seed_recent(file, kind);
        } catch (const std::exception&) {
          report.quarantined.push_back(quarantine(root, file));
        }
      }
    }
  }
}

}  // namespace

RecoveryReport recover_store(DuckDbSession& session, const fs::path& root, Timestamp now,
                             const SeedRecent& seed_recent) {
  RecoveryReport report;
  recover_wal(session, root, report);
  recover_parquet(session, root, now, seed_recent, report);
  return report;
}

}  // namespace fsvc::parquet
