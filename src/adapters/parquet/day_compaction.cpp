#include "adapters/parquet/day_compaction.hpp"

#include <map>
#include <string>
#include <vector>

#include "adapters/parquet/raw_layout.hpp"
#include "adapters/parquet/store_manifest.hpp"
#include "adapters/storage/durable_file.hpp"

namespace fsvc::parquet {

namespace {

void compact_day(DuckDbSession& session, const fs::path& root, RawKind kind, const std::string& day,
                 const std::function<void(fs::path)>& on_quarantined) {
  const fs::path dir = day_dir(root, kind, day);
  std::map<std::string, std::vector<fs::path>> by_symbol;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const auto name = parse_raw_file_name(entry.path());
    if (name && name->part) by_symbol[name->symbol];
  }
  for (auto& [symbol, files] : by_symbol) {
    for (const auto& file : symbol_files(dir, symbol)) {
      try {
        session.query_int("SELECT COUNT(*) FROM read_parquet(" + sql_literal(file.string()) + ")");
        files.push_back(file);
      } catch (const std::exception&) {
        on_quarantined(quarantine(root, file));
      }
    }
    if (files.empty()) continue;
    // DISTINCT ON: a crash between publishing the day file and removing its parts leaves rows in
    // both; ingest_seq identifies a row within one dataset.
    const fs::path final = day_file(dir, symbol);
    const fs::path tmp = final.string() + ".compact.tmp";
    session.exec("COPY (SELECT DISTINCT ON (ingest_seq) * FROM read_parquet(" + sql_file_list(files) +
                 ") ORDER BY ingest_seq) TO " + sql_literal(tmp.string()) +
                 " (FORMAT parquet, COMPRESSION zstd)");
    storage::publish_durably(tmp, final);
    std::vector<ManifestChange> changes{{final, describe_file(session, kind, final)}};
    for (const auto& file : files) {
      if (file != final) changes.push_back({file, std::nullopt});
    }
    append_manifest(root, day, changes);
    for (const auto& file : files) {
      if (file != final) fs::remove(file);
    }
  }
}

}  // namespace

void compact_closed_days(DuckDbSession& session, const fs::path& root, Timestamp now, Duration close_grace,
                         const std::function<void(fs::path)>& on_quarantined) {
  for (RawKind kind : kAllRawKinds) {
    for (const auto& day : existing_days(root, kind)) {
      if (*parse_utc_day(day) + kMicrosPerDay + close_grace <= now) {
        compact_day(session, root, kind, day, on_quarantined);
      }
    }
  }
}

}  // namespace fsvc::parquet
