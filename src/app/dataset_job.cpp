#include "app/dataset_job.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "adapters/clock/system_clock.hpp"
#include "adapters/json/leakage_report_json.hpp"
#include "adapters/parquet/dataset_file_writer.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/parquet/registry_journal.hpp"
#include "adapters/storage/crc32.hpp"
#include "app/dataset_from_store.hpp"
#include "app/interval_option.hpp"
#include "core/registry/builtin_registry.hpp"

namespace fsvc::app {

namespace {

using nlohmann::json;

double seconds(Duration d) {
  return static_cast<double>(d) / static_cast<double>(kMicrosPerSecond);
}

// A stable fingerprint of what the registry computes (names, definitions, policies), so that two
// datasets can be told apart when a version was edited in place.
std::string registry_hash(const FeatureRegistry& registry) {
  std::string text = registry.version;
  for (const FeatureSpec& f : registry.features) {
    json spec = {f.name,
                 static_cast<int>(f.family),
                 f.window,
                 f.depth,
                 static_cast<int>(f.normalization.kind),
                 f.normalization.mean,
                 f.normalization.std,
                 f.normalization.min,
                 f.normalization.max,
                 static_cast<int>(f.missing.kind),
                 f.missing.max_age,
                 f.missing.value};
    text += spec.dump();
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08x", storage::crc32(text));
  return std::string("crc32:") + hex;
}

json request_json(const std::string& body) {
  try {
    return json::parse(body);
  } catch (const json::exception&) {
    return body;
  }
}

json period_json(const dataset::Period& p) {
  return {{"from", format_iso8601_micros(p.start)}, {"to", format_iso8601_micros(p.end)}};
}

// Which version the live service computed over each stretch of the rows' span, from the raw
// store's registry journal as `rebuild` without --registry reads it (1.0.0 before its first
// record). A dataset computes the one version it names throughout (datasets.md §5: one set of
// columns; registry.md §3: "a dataset built with version V computes V's features"), so a model
// trains on what it will see live under V; rows of a stretch served under another version are
// what V would have served there, not what was served, and `as_served` says so per stretch.
json served_versions_json(const DatasetJob& job, const dataset::Period& rows) {
  json stretches = json::array();
  if (rows.end <= rows.start) return stretches;
  const std::vector<parquet::RegistrySegment> segments =
      parquet::registry_segments(parquet::read_registry_switches(job.raw_root), job.request.symbol,
                                 rows.start, rows.end - 1, job.request.interval);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string served = segments[i].version.value_or(builtin_registry().version);
    // Half-open like the dataset's periods: up to the next stretch's first boundary.
    const Timestamp to = i + 1 < segments.size() ? segments[i + 1].from : rows.end;
    stretches.push_back({{"from", format_iso8601_micros(segments[i].from)},
                         {"to", format_iso8601_micros(to)},
                         {"served_version", served},
                         {"as_served", served == job.registry.version}});
  }
  return stretches;
}

std::string metadata_text(const DatasetJob& job, const dataset::SplitPlan& plan,
                          const DatasetJobResult& result, Timestamp started, Timestamp finished) {
  const DatasetBuildStats& stats = result.stats;
  json splits = json::array();
  for (std::size_t i = 0; i < plan.segments.size(); ++i) {
    const dataset::Segment& s = plan.segments[i];
    const bool skipped = std::find(stats.skipped_segments.begin(), stats.skipped_segments.end(), i) !=
                         stats.skipped_segments.end();
    const double grid_points =
        static_cast<double>(s.period.end - s.period.start) / static_cast<double>(job.request.interval);
    json entry = period_json(s.period);
    entry["name"] = dataset::segment_name(s);
    entry["split"] = dataset::to_string(s.split);
    entry["fold"] = s.fold < 0 ? json(nullptr) : json(s.fold);
    entry["rows"] = stats.rows_per_segment[i];
    entry["coverage"] =
        plan.random ? json(nullptr) : json(static_cast<double>(stats.vectors_per_segment[i]) / grid_points);
    entry["file"] = skipped ? json(nullptr) : json(result.files.at(dataset::segment_name(s)));
    entry["skipped"] = skipped;
    splits.push_back(entry);
  }
  json missing = json::object();
  for (const auto& [name, count] : stats.missing_by_feature) missing[name] = count;
  const auto layout = FeatureLayout::of(job.registry);
  json columns = json::array({{{"name", "timestamp"}, {"type", "TIMESTAMP WITH TIME ZONE (UTC, us)"}},
                              {{"name", "symbol"}, {"type", "VARCHAR"}}});
  for (std::size_t i = 0; i < layout->size(); ++i) {
    columns.push_back({{"name", layout->names[i]}, {"type", layout->integer[i] ? "BIGINT" : "DOUBLE"}});
  }
  const bool classification = job.request.target.kind == dataset::TargetKind::classification;
  columns.push_back({{"name", "target"}, {"type", classification ? "INTEGER" : "DOUBLE"}});
  const dataset::TargetConfig& target = job.request.target;
  json metadata = {{"dataset_id", job.id},
                   {"symbol", job.request.symbol},
                   {"request", request_json(job.request_body)},
                   {"split_strategy", dataset::to_string(job.request.strategy)},
                   {"feature_registry_version", job.registry.version},
                   {"feature_registry_hash", registry_hash(job.registry)},
                   {"served_registry_versions", served_versions_json(job, plan.rows)},
                   {"engine_version", std::string("feature-service ") + FS_VERSION},
                   {"interval", format_duration(job.request.interval)},
                   {"embargo_seconds", seconds(job.request.embargo)},
                   {"target",
                    {{"type", dataset::to_string(target.kind)},
                     {"horizon_seconds", seconds(target.horizon)},
                     {"threshold", target.threshold},
                     {"volatility_window", format_duration(target.volatility_window)},
                     {"max_price_staleness", format_duration(target.max_price_staleness)}}},
                   {"output_format", dataset::to_string(job.request.output_format)},
                   {"missing_rows", dataset::to_string(job.request.missing_rows)},
                   {"columns", columns},
                   {"splits", splits},
                   {"counts",
                    {{"train", result.train_records},
                     {"validation", result.validation_records},
                     {"test", result.test_records}}},
                   {"dropped_rows",
                    {{"no_future_price", stats.dropped_no_future_price},
                     {"no_volatility", stats.dropped_no_volatility},
                     {"missing_features", stats.dropped_missing_features},
                     {"missing_by_feature", missing}}},
                   {"rows_outside_splits", stats.outside_splits},
                   {"skipped_folds", stats.skipped_folds},
                   {"leakage_report", json::parse(result.leakage_report)},
                   {"build",
                    {{"started_at", format_iso8601_micros(started)},
                     {"completed_at", format_iso8601_micros(finished)},
                     {"seconds", seconds(finished - started)},
                     {"inputs_read", stats.inputs},
                     {"vectors_computed", stats.vectors}}}};
  const std::string all(parquet::DatasetFileWriter::kAllSegments);
  metadata["all_file"] = parquet::DatasetFileWriter::file_name(all, job.request.output_format);
  return metadata.dump(2) + "\n";
}

}  // namespace

DatasetJobResult run_dataset_job(const DatasetJob& job, const DatasetProgress& progress,
                                 std::stop_token stop) {
  const Timestamp started = SystemClock().now();
  EngineConfig config = engine_config_for_interval(format_duration(job.request.interval), "interval");
  config.registry = job.registry;
  const dataset::SplitPlan plan = dataset::plan_splits(job.request);
  DatasetJobResult result;
  std::vector<parquet::DatasetFileSpec> files;
  for (const dataset::Segment& segment : plan.segments) {
    const std::string name = dataset::segment_name(segment);
    files.push_back({name, segment.period});
    result.files[name] = parquet::DatasetFileWriter::file_name(name, job.request.output_format);
  }
  result.folder = job.storage_root / job.id;
  parquet::DatasetFileWriter writer(result.folder, files, *FeatureLayout::of(job.registry),
                                    job.request.target.kind, job.request.output_format,
                                    parquet::DatasetFileWriter::kDefaultRowsPerPart, job.memory_mib);
  {
    // Closed before the commit: the reader's DuckDB memory is not held beside the files' COPYs.
    parquet::RawReader reader(job.raw_root);
    result.stats = build_dataset_from_store(reader, job.request, config, writer, progress, stop);
  }
  result.leakage_report = ::fsvc::json::leakage_report_json(result.stats.leakage).dump();
  if (job.request.leakage_check && !result.stats.leakage.passed) {
    std::string failed;
    for (const auto& check : result.stats.leakage.checks) {
      if (!check.passed) failed += (failed.empty() ? "" : "; ") + check.name + ": " + check.detail;
    }
    throw DatasetLeakageError("leakage check failed: " + failed);
  }
  for (std::size_t i = 0; i < plan.segments.size(); ++i) {
    const auto& skipped = result.stats.skipped_segments;
    if (std::find(skipped.begin(), skipped.end(), i) != skipped.end()) continue;
    const auto rows = static_cast<std::int64_t>(result.stats.rows_per_segment[i]);
    switch (plan.segments[i].split) {
      case dataset::SplitName::train:
        result.train_records += rows;
        break;
      case dataset::SplitName::validation:
        result.validation_records += rows;
        break;
      case dataset::SplitName::test:
        result.test_records += rows;
        break;
    }
  }
  writer.commit(metadata_text(job, plan, result, started, SystemClock().now()),
                result.stats.skipped_segments);
  return result;
}

dataset::RequestContext request_context(const parquet::StoreInventory& inventory,
                                        std::vector<std::string> registry_versions,
                                        double default_threshold) {
  dataset::RequestContext context;
  for (const auto& [symbol, days] : inventory.days_by_symbol) context.known_symbols.push_back(symbol);
  context.registry_versions = std::move(registry_versions);
  context.default_threshold = default_threshold;
  return context;
}

void require_raw_data(const parquet::StoreInventory& inventory, const dataset::DatasetRequest& request) {
  std::vector<dataset::Period> available;
  const auto found = inventory.days_by_symbol.find(request.symbol);
  if (found != inventory.days_by_symbol.end()) {
    for (const std::string& day : found->second) {
      const auto start = parquet::parse_utc_day(day);
      if (!start) continue;
      if (!available.empty() && available.back().end == *start) {
        available.back().end += kMicrosPerDay;
      } else {
        available.push_back({*start, *start + kMicrosPerDay});
      }
    }
  }
  const dataset::Period rows = dataset::plan_splits(request).rows;
  for (const dataset::Period& p : available) {
    if (p.start < rows.end && rows.start < p.end) return;
  }
  std::string ranges;
  for (const dataset::Period& p : available) {
    ranges +=
        (ranges.empty() ? "" : ", ") + format_iso8601_millis(p.start) + ".." + format_iso8601_millis(p.end);
  }
  throw DatasetNoData("no raw data for " + request.symbol + " in [" + format_iso8601_millis(rows.start) +
                          ", " + format_iso8601_millis(rows.end) +
                          ") (available: " + (ranges.empty() ? "none" : ranges) + ")",
                      std::move(available));
}

}  // namespace fsvc::app
