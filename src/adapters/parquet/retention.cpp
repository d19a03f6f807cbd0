#include "adapters/parquet/retention.hpp"

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/parquet/rejected_store.hpp"
#include "adapters/parquet/store_manifest.hpp"
#include "adapters/storage/durable_file.hpp"

namespace fsvc::parquet {

namespace {

bool expired(const std::string& day, const RetentionPolicy& policy, Timestamp now) {
  const Timestamp today = floor_to(now, kMicrosPerDay);
  return *parse_utc_day(day) + static_cast<Duration>(policy.days) * kMicrosPerDay <= today;
}

void archive_file(DuckDbSession& session, const fs::path& file, const fs::path& target) {
  fs::create_directories(target.parent_path());
  const fs::path tmp = target.string() + ".tmp";
  session.exec("COPY (SELECT * FROM read_parquet(" + sql_literal(file.string()) + ")) TO " +
               sql_literal(tmp.string()) + " (FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 19)");
  storage::publish_durably(tmp, target);
}

void copy_durably(const fs::path& from, const fs::path& to) {
  fs::create_directories(to.parent_path());
  const fs::path tmp = to.string() + ".tmp";
  fs::copy_file(from, tmp, fs::copy_options::overwrite_existing);
  storage::publish_durably(tmp, to);
}

}  // namespace

RetentionReport apply_retention(const fs::path& root, const RetentionPolicy& policy, Timestamp now) {
  RetentionReport report;
  if (policy.days <= 0) return report;
  DuckDbSession session;
  for (RawKind kind : kAllRawKinds) {
    for (const auto& day : existing_days(root, kind)) {
      if (!expired(day, policy, now)) continue;
      const fs::path dir = day_dir(root, kind, day);
      for (const auto& entry : fs::directory_iterator(dir)) {
        const fs::path file = entry.path();
        if (!policy.archive_root) {
          fs::remove(file);
          report.deleted.push_back(file);
          continue;
        }
        const fs::path target = day_dir(*policy.archive_root, kind, day) / file.filename();
        try {
          archive_file(session, file, target);
          fs::remove(file);
          report.archived.push_back(target);
        } catch (const std::exception&) {
          report.quarantined.push_back(quarantine(root, file));
        }
      }
      fs::remove(dir);
    }
  }
  // The day's rejected messages go with it, unarchived: their text is kept for inspection only
  // as long as the data it belongs to.
  for (const auto& day : rejected_days(root)) {
    if (!expired(day, policy, now)) continue;
    fs::remove(rejected_file(root, day));
    report.deleted.push_back(rejected_file(root, day));
  }
  // The day's list of what should exist goes with it (an archive is recompressed: other bytes).
  for (const auto& day : manifest_days(root)) {
    if (expired(day, policy, now)) fs::remove(manifest_path(root, day));
  }
  return report;
}

std::vector<fs::path> restore_archive(const fs::path& root, const fs::path& archive_root,
                                      const std::string& from_day, const std::string& to_day) {
  std::vector<fs::path> restored;
  DuckDbSession session;
  for (RawKind kind : kAllRawKinds) {
    for (const auto& day : existing_days(archive_root, kind)) {
      if (day < from_day || day > to_day) continue;
      for (const auto& entry : fs::directory_iterator(day_dir(archive_root, kind, day))) {
        const fs::path target = day_dir(root, kind, day) / entry.path().filename();
        if (!parse_raw_file_name(target) || fs::exists(target)) continue;
        copy_durably(entry.path(), target);
        restored.push_back(target);
        append_manifest(root, day, {{target, describe_file(session, kind, target)}});
      }
    }
  }
  return restored;
}

RetentionScheduler::RetentionScheduler(Run run, std::chrono::milliseconds period, const Clock& clock,
                                       std::function<void(const RetentionReport&)> on_run) {
  thread_ = std::jthread(
      [this, run = std::move(run), period, &clock, on_run = std::move(on_run)](std::stop_token stop) {
        while (!stop.stop_requested()) {
          try {
            on_run(run(clock.now()));
          } catch (const std::exception& e) {
            RetentionReport failed;
            failed.error = e.what();
            on_run(failed);
          }
          std::unique_lock lock(mutex_);
          wake_.wait_for(lock, stop, period, [] { return false; });
        }
      });
}

}  // namespace fsvc::parquet
