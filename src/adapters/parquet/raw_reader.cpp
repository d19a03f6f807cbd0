#include "adapters/parquet/raw_reader.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include "adapters/parquet/manifest_trust.hpp"

namespace fsvc::parquet {

namespace {

using MergeKey = std::tuple<Timestamp, std::uint64_t>;

// One dataset's ordered stream, holding its next input.
class Cursor {
 public:
  Cursor(RawKind kind, duckdb_connection connection, const std::string& sql)
      : kind_(kind), connection_(connection), result_(std::make_unique<StreamingResult>(connection, sql)) {
    advance();
  }
  ~Cursor() {
    result_.reset();
    duckdb_disconnect(&connection_);
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  bool done() const { return !current_; }
  EngineInput& current() { return *current_; }
  MergeKey key(ReadOrder order) const {
    const Timestamp time = order == ReadOrder::journal ? 0 : partition_time(*current_);
    return {time, ingest_seq_of(*current_)};
  }

  void advance() {
    if (!chunk_ || row_ + 1 >= ChunkReader(chunk_).size()) {
      chunk_ = result_->next();
      row_ = 0;
    } else {
      ++row_;
    }
    if (chunk_) {
      current_ = read_row(kind_, ChunkReader(chunk_), row_);
    } else {
      current_.reset();
    }
  }

 private:
  RawKind kind_;
  duckdb_connection connection_;
  std::unique_ptr<StreamingResult> result_;
  duckdb_data_chunk chunk_ = nullptr;
  idx_t row_ = 0;
  std::optional<EngineInput> current_;
};

// A skipped file's gap, delivered just before the first input at or after where it began: by
// ingest_seq in a journal read when the manifest knows it, else by time.
struct PendingGap {
  DataGap gap;
  std::optional<std::uint64_t> seq;

  bool due_before(const EngineInput& input, ReadOrder order) const {
    if (order == ReadOrder::journal && seq) return ingest_seq_of(input) >= *seq;
    return MergeKey{partition_time(input), ingest_seq_of(input)} >= MergeKey{gap.from, seq.value_or(0)};
  }
};

bool is_slow(RawKind kind) {
  return kind == RawKind::ticker || kind == RawKind::funding || kind == RawKind::kline;
}

// The time and ingest_seq bounds one dataset is read with.
RawQuery bounds_for(RawKind kind, const RawQuery& query) {
  RawQuery bounds = query;
  if (is_slow(kind) && query.slow_from) {
    bounds.from = std::min(*query.slow_from, query.from);
    bounds.min_ingest_seq = 0;
  }
  return bounds;
}

// Whether a file listed with these facts can hold rows of the read (unlisted: it may).
bool needed(const std::optional<FileFacts>& listed, const RawQuery& bounds) {
  if (!listed) return true;
  return listed->rows > 0 && listed->max_time >= bounds.from && listed->min_time <= bounds.to &&
         listed->max_seq >= bounds.min_ingest_seq && listed->min_seq <= bounds.max_ingest_seq;
}

// A time bound as a TIMESTAMPTZ literal. Compared with the column itself (not its epoch_us), it
// lets DuckDB skip row groups by their statistics: a slice decodes its stretch of a day's file, not
// the whole file. Clamped to the times DuckDB can hold, which include every stored day.
std::string timestamp_sql(Timestamp t) {
  return "make_timestamptz(" +
         std::to_string(std::clamp(t, -kLastFourDigitYearTime, kLastFourDigitYearTime)) + ")";
}

// The rows of one dataset inside a read's time and ingest_seq bounds.
std::string where_sql(RawKind kind, const RawQuery& bounds) {
  return " WHERE " + std::string(kind_time_column(kind)) + " BETWEEN " + timestamp_sql(bounds.from) +
         " AND " + timestamp_sql(bounds.to) + " AND ingest_seq BETWEEN " +
         std::to_string(bounds.min_ingest_seq) + " AND " + std::to_string(bounds.max_ingest_seq);
}

std::string select_sql(RawKind kind, const std::vector<fs::path>& files, const RawQuery& bounds) {
  const std::string time(kind_time_column(kind));
  const std::string order = bounds.order == ReadOrder::journal ? "ingest_seq" : time + ", ingest_seq";
  return "SELECT " + kind_column_names(kind) + " FROM read_parquet(" + sql_file_list(files) + ")" +
         where_sql(kind, bounds) + " ORDER BY " + order;
}

// Rows per `width`-long bucket from `origin` (at or before bounds.from): {bucket index, rows}, only
// buckets that hold rows.
std::string histogram_sql(RawKind kind, const std::vector<fs::path>& files, const RawQuery& bounds,
                          Timestamp origin, Duration width) {
  const std::string bucket = "(epoch_us(" + std::string(kind_time_column(kind)) + ") - " +
                             std::to_string(origin) + ") // " + std::to_string(width);
  return "SELECT " + bucket + " AS bucket, COUNT(*) FROM read_parquet(" + sql_file_list(files) + ")" +
         where_sql(kind, bounds) + " GROUP BY bucket";
}

// The stored days (a data folder of one of `kinds`, or a manifest) of [from, to]. Day folders are
// compared as text, which orders only four-digit years: a read reaching past 9999-12-31 (e.g. --to
// 9999-12-31T23:59:59Z plus a rebuild's reach) would name "10000-01-01", sort before every stored
// day and silently read nothing.
std::set<std::string> stored_days(const fs::path& root, const std::vector<RawKind>& kinds, Timestamp from,
                                  Timestamp to) {
  const std::string first = utc_day(from);
  const std::string last = utc_day(std::min(to, kLastFourDigitYearTime));
  std::set<std::string> days;
  const auto keep = [&](const std::vector<std::string>& found) {
    for (const auto& day : found) {
      if (day >= first && day <= last) days.insert(day);
    }
  };
  for (RawKind kind : kinds) keep(existing_days(root, kind));
  keep(manifest_days(root));
  return days;
}

// What a day folder holds (name, size, modification time per file), to notice that it changed.
std::string folder_listing(const fs::path& dir) {
  std::vector<std::string> entries;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::error_code stat_ec;
    entries.push_back(entry.path().filename().string() + ' ' + std::to_string(entry.file_size(stat_ec)) +
                      ' ' + std::to_string(entry.last_write_time(stat_ec).time_since_epoch().count()));
  }
  std::sort(entries.begin(), entries.end());
  std::string listing;
  for (const auto& entry : entries) listing += entry + '\n';
  return listing;
}

std::string damage_message(const fs::path& root, RawKind kind, const RawQuery& bounds,
                           const std::vector<FileVerdict>& damaged) {
  std::string text = "raw store " + root.string() + ": the read of " + bounds.symbol + " " +
                     std::string(kind_folder(kind)) + " [" + format_iso8601_millis(bounds.from) + ", " +
                     format_iso8601_millis(bounds.to) + "] needs ";
  for (std::size_t i = 0; i < damaged.size(); ++i) text += (i > 0 ? "; " : "") + describe(damaged[i], root);
  return text;
}

}  // namespace

GapScope gap_scope(RawKind kind) {
  switch (kind) {
    case RawKind::book_snapshot:
    case RawKind::book_delta:
      return GapScope::book;
    case RawKind::trade:
      return GapScope::trades;
    case RawKind::ticker:
    case RawKind::funding:
      return GapScope::funding;
    case RawKind::kline:
    case RawKind::tick:
      break;
  }
  return GapScope::none;
}

RawQuery range_query(std::string symbol, std::vector<RawKind> kinds, Timestamp from, Timestamp to,
                     ReadOrder order) {
  RawQuery query;
  query.symbol = std::move(symbol);
  query.kinds = std::move(kinds);
  query.from = from;
  query.to = to;
  query.order = order;
  return query;
}

RawReader::RawReader(fs::path root, DamagePolicy policy, std::uint64_t rows_per_slice)
    : root_(std::move(root)), policy_(policy), rows_per_slice_(std::max<std::uint64_t>(rows_per_slice, 1)) {}

const DayManifest& RawReader::manifest(const std::string& day) {
  auto found = manifests_.find(day);
  if (found == manifests_.end()) found = manifests_.emplace(day, read_manifest(root_, day)).first;
  return found->second;
}

RawReader::Resolved RawReader::resolve(RawKind kind, const RawQuery& bounds) {
  const std::set<std::string> days = stored_days(root_, {kind}, bounds.from, bounds.to);
  Resolved resolved;
  for (const auto& day : days) {
    for (const FileVerdict& verdict : day_verdicts(kind, day, bounds)) {
      if (!needed(verdict.listed, bounds)) continue;
      if (verdict.damaged()) {
        resolved.damaged.push_back(verdict);
      } else {
        resolved.files.push_back(verdict.file);
      }
    }
  }
  for (FileVerdict& lost : lost_in(kind, bounds)) resolved.damaged.push_back(std::move(lost));
  if (resolved.damaged.empty()) return resolved;
  if (policy_ == DamagePolicy::fail)
    throw RawStoreDamage(damage_message(root_, kind, bounds, resolved.damaged));
  for (const FileVerdict& verdict : resolved.damaged) {
    const bool known = std::any_of(skipped_.begin(), skipped_.end(),
                                   [&](const FileVerdict& skipped) { return skipped.file == verdict.file; });
    if (!known) skipped_.push_back(verdict);
  }
  return resolved;
}

std::vector<FileVerdict> RawReader::lost_in(RawKind kind, const RawQuery& bounds) {
  if (!lost_segments_) lost_segments_ = read_lost_segments(root_);
  std::vector<FileVerdict> verdicts;
  if (lost_segments_->empty()) return verdicts;
  const std::vector<std::string> days = manifest_days(root_);
  const ManifestOfDay manifest_of = [this](const std::string& day) -> const DayManifest& {
    return manifest(day);
  };
  for (const LostSegment& lost : *lost_segments_) {
    FileVerdict verdict =
        lost_segment_verdict(root_, lost, lost_extent(lost, days, manifest_of), kind, bounds.symbol);
    if (needed(verdict.listed, bounds)) verdicts.push_back(std::move(verdict));
  }
  return verdicts;
}

std::vector<FileVerdict> RawReader::day_verdicts(RawKind kind, const std::string& day,
                                                 const RawQuery& bounds) {
  // A read checks the files its whole query needs once, not once per slice (the checksum reads every
  // byte); a change of the day folder (a compaction, a new part) has them checked again.
  const RawQuery scope = reading_ ? bounds_for(kind, *reading_) : bounds;
  const std::string listing = folder_listing(day_dir(root_, kind, day));
  if (reading_) {
    const auto found = checked_.find({kind, day});
    if (found != checked_.end() && found->second.listing == listing) return found->second.verdicts;
  }
  const auto wanted = [&](const std::optional<FileFacts>& listed) { return needed(listed, scope); };
  std::vector<FileVerdict> verdicts =
      check_day_files(session_, root_, kind, day, scope.symbol, manifest(day), CheckDepth::quick, wanted);
  for (FileVerdict& verdict : verdicts) {
    if (!verdict.damaged()) verdict.problem = distrust(verdict);
  }
  if (reading_) checked_[{kind, day}] = CheckedDay{listing, verdicts};
  return verdicts;
}

std::string RawReader::distrust(FileVerdict& verdict) {
  std::string problem = manifest_distrust(root_, manifest(verdict.day), verdict);
  if (problem.empty() || verdict.listed || manifest(verdict.day).damaged_lines > 0) return problem;
  // Unlisted although its WAL segment is gone: the line was written before the segment was deleted,
  // so a manifest read now (not the one cached before) has it, unless the manifest lost it.
  manifests_.erase(verdict.day);
  const auto& files = manifest(verdict.day).files;
  const auto listed = files.find(store_relative(root_, verdict.file));
  if (listed == files.end()) return problem;
  verdict.listed = listed->second;  // published while this read ran; its check found it readable
  return {};
}

std::vector<fs::path> RawReader::files_for(RawKind kind, const std::string& symbol, Timestamp from,
                                           Timestamp to) {
  return resolve(kind, range_query(symbol, {kind}, from, to, ReadOrder::journal)).files;
}

std::optional<RowPosition> RawReader::last_at_or_before(RawKind kind, const std::string& symbol, Timestamp t,
                                                        int max_days) {
  const std::string time(kind_time_column(kind));
  for (int back = 0; back < max_days; ++back) {
    const Timestamp day_start = floor_to(t, kMicrosPerDay) - back * kMicrosPerDay;
    const auto files = files_for(kind, symbol, day_start, std::min(t, day_start + kMicrosPerDay - 1));
    if (files.empty()) continue;
    const std::string where = " FROM read_parquet(" + sql_file_list(files) + ") WHERE epoch_us(" + time +
                              ") <= " + std::to_string(t);
    const auto latest = session_.query_int("SELECT MAX(epoch_us(" + time + "))" + where);
    if (!latest) continue;
    const auto seq = session_.query_int("SELECT MAX(ingest_seq)" + where + " AND epoch_us(" + time +
                                        ") = " + std::to_string(*latest));
    return RowPosition{*latest, static_cast<std::uint64_t>(seq.value_or(0))};
  }
  return std::nullopt;
}

std::vector<RawQuery> RawReader::slices(const RawQuery& query) {
  if (query.order == ReadOrder::journal || query.from > query.to || query.from >= kLastFourDigitYearTime)
    return {query};
  // Slow state is read from before `from`: that stretch is cut too, its slices reading only it.
  const Timestamp start = query.slow_from ? std::min(*query.slow_from, query.from) : query.from;
  const Timestamp end = std::min(query.to, kLastFourDigitYearTime);
  SliceCuts cuts{{start}, 0};
  for (const auto& day : stored_days(root_, query.kinds, start, end)) {
    const Timestamp day_start = *parse_utc_day(day);
    cut(query, std::max(start, day_start), std::min(end, day_start + kMicrosPerDay - 1), kMicrosPerSecond,
        cuts);
  }
  // Every dataset's rows are ordered by one time, so consecutive time ranges concatenate to the
  // whole read's order whatever day folders they span.
  std::vector<RawQuery> slices;
  for (std::size_t i = 0; i < cuts.starts.size(); ++i) {
    const Timestamp first = cuts.starts[i];
    RawQuery slice = query;
    slice.from = std::max(first, query.from);  // past `to` for a slice of slow state only
    slice.to = i + 1 < cuts.starts.size() ? cuts.starts[i + 1] - 1 : query.to;
    slice.slow_from = first < query.from ? std::optional(first) : std::nullopt;
    slices.push_back(std::move(slice));
  }
  return slices;
}

void RawReader::cut(const RawQuery& query, Timestamp from, Timestamp to, Duration width, SliceCuts& cuts) {
  std::map<std::int64_t, std::uint64_t> rows;  // per bucket of `width` from `from`, every dataset
  for (RawKind kind : query.kinds) {
    RawQuery bounds = bounds_for(kind, query);
    bounds.from = std::max(bounds.from, from);
    bounds.to = std::min(bounds.to, to);
    if (bounds.from > bounds.to) continue;
    const auto files = resolve(kind, bounds).files;
    if (files.empty()) continue;
    for (const auto& row : session_.query_int_rows(histogram_sql(kind, files, bounds, from, width)))
      rows[row[0]] += static_cast<std::uint64_t>(row[1]);
  }
  for (const auto& [bucket, count] : rows) {
    const Timestamp bucket_from = from + bucket * width;
    if (count > rows_per_slice_ && width > 1) {
      cut(query, bucket_from, std::min(to, bucket_from + width - 1), width / 1000, cuts);
      continue;
    }
    if (cuts.filled > 0 && cuts.filled + count > rows_per_slice_) {
      cuts.starts.push_back(bucket_from);
      cuts.filled = 0;
    }
    cuts.filled += count;
  }
}

std::size_t RawReader::read(const RawQuery& query, const std::function<void(EngineInput&&)>& sink,
                            const std::function<void(const DataGap&)>& on_gap) {
  struct Reading {  // the checks of this read are kept while it runs, never for the next one
    RawReader& reader;
    explicit Reading(RawReader& r, const RawQuery& query) : reader(r) { reader.reading_ = query; }
    ~Reading() {
      reader.reading_.reset();
      reader.checked_.clear();
    }
  } reading(*this, query);
  std::size_t delivered = 0;
  for (const RawQuery& slice : slices(query)) delivered += read_slice(slice, sink, on_gap);
  return delivered;
}

std::size_t RawReader::read_slice(const RawQuery& query, const std::function<void(EngineInput&&)>& sink,
                                  const std::function<void(const DataGap&)>& on_gap) {
  std::vector<std::unique_ptr<Cursor>> cursors;
  std::vector<PendingGap> gaps;
  for (RawKind kind : query.kinds) {
    const RawQuery bounds = bounds_for(kind, query);
    const Resolved resolved = resolve(kind, bounds);
    for (const FileVerdict& damaged : resolved.damaged) {
      const auto [from, to] = covered_time(damaged);
      DataGap gap{Symbol{}, gap_scope(kind), from, to};
      if (!gap.symbol.assign(damaged.symbol)) continue;  // not a symbol this store could have written
      gaps.push_back({gap, damaged.listed ? std::optional(damaged.listed->min_seq) : std::nullopt});
    }
    if (resolved.files.empty()) continue;
    cursors.push_back(
        std::make_unique<Cursor>(kind, session_.open_connection(), select_sql(kind, resolved.files, bounds)));
  }
  const auto deliver_gaps = [&](const EngineInput* before) {
    std::erase_if(gaps, [&](const PendingGap& pending) {
      if (before && !pending.due_before(*before, query.order)) return false;
      if (on_gap) on_gap(pending.gap);
      return true;
    });
  };
  std::size_t delivered = 0;
  while (true) {
    Cursor* next = nullptr;
    for (auto& cursor : cursors) {
      if (!cursor->done() && (!next || cursor->key(query.order) < next->key(query.order)))
        next = cursor.get();
    }
    if (!next) break;
    if (!gaps.empty()) deliver_gaps(&next->current());
    sink(std::move(next->current()));
    ++delivered;
    next->advance();
  }
  deliver_gaps(nullptr);
  return delivered;
}

}  // namespace fsvc::parquet
