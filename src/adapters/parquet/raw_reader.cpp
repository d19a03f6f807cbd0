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

std::string select_sql(RawKind kind, const std::vector<fs::path>& files, const RawQuery& bounds) {
  const std::string time(kind_time_column(kind));
  const std::string order = bounds.order == ReadOrder::journal ? "ingest_seq" : time + ", ingest_seq";
  return "SELECT " + kind_column_names(kind) + " FROM read_parquet(" + sql_file_list(files) +
         ") WHERE epoch_us(" + time + ") BETWEEN " + std::to_string(bounds.from) + " AND " +
         std::to_string(bounds.to) + " AND ingest_seq BETWEEN " + std::to_string(bounds.min_ingest_seq) +
         " AND " + std::to_string(bounds.max_ingest_seq) + " ORDER BY " + order;
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
  // Day folders are compared as text, which orders only four-digit years: a query reaching past
  // 9999-12-31 (e.g. --to 9999-12-31T23:59:59Z plus a rebuild's reach) would name "10000-01-01",
  // sort before every stored day and silently read nothing.
  const std::string first = utc_day(bounds.from);
  const std::string last = utc_day(std::min(bounds.to, kLastFourDigitYearTime));
  std::set<std::string> days;
  for (const auto& source : {existing_days(root_, kind), manifest_days(root_)}) {
    for (const auto& day : source) {
      if (day >= first && day <= last) days.insert(day);
    }
  }
  Resolved resolved;
  const auto wanted = [&](const std::optional<FileFacts>& listed) { return needed(listed, bounds); };
  for (const auto& day : days) {
    for (FileVerdict& verdict : check_day_files(session_, root_, kind, day, bounds.symbol, manifest(day),
                                                CheckDepth::quick, wanted)) {
      if (!verdict.damaged()) verdict.problem = distrust(verdict);
      if (verdict.damaged()) {
        resolved.damaged.push_back(std::move(verdict));
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

std::uint64_t RawReader::listed_rows(const RawQuery& query, const std::string& day) {
  std::uint64_t rows = 0;
  const auto& listed = manifest(day).files;
  for (RawKind kind : query.kinds) {
    for (const auto& file : symbol_files(day_dir(root_, kind, day), query.symbol)) {
      const auto found = listed.find(store_relative(root_, file));
      if (found != listed.end()) rows += found->second.rows;
    }
  }
  return rows;
}

std::vector<RawQuery> RawReader::slices(const RawQuery& query) {
  if (query.order == ReadOrder::journal || query.from > query.to || query.from >= kLastFourDigitYearTime)
    return {query};
  // Day partitions hold disjoint, consecutive ranges of the time the read orders by, so pieces of
  // stored days, in time order, concatenate to the whole read's order.
  const std::string first = utc_day(query.from);
  const std::string last = utc_day(std::min(query.to, kLastFourDigitYearTime));
  std::set<std::string> days;
  for (RawKind kind : query.kinds) {
    for (const auto& day : existing_days(root_, kind)) {
      if (day >= first && day <= last) days.insert(day);
    }
  }
  for (const auto& day : manifest_days(root_)) {
    if (day >= first && day <= last) days.insert(day);
  }
  std::vector<RawQuery> slices;
  for (const auto& day : days) {
    const Timestamp start = *parse_utc_day(day);
    const auto pieces = static_cast<Duration>(
        std::clamp<std::uint64_t>((listed_rows(query, day) + rows_per_slice_ - 1) / rows_per_slice_, 1,
                                  kMicrosPerDay / kMicrosPerSecond));
    for (Duration i = 0; i < pieces; ++i) {
      RawQuery slice = query;
      slice.from = std::max(query.from, start + i * kMicrosPerDay / pieces);
      slice.to = std::min(query.to, start + (i + 1) * kMicrosPerDay / pieces - 1);
      slice.slow_from.reset();
      if (slice.from <= slice.to) slices.push_back(std::move(slice));
    }
  }
  if (slices.empty()) return {query};
  // Nothing is stored between the read's start and the first slice; slow state comes with it.
  slices.front().from = query.from;
  slices.front().slow_from = query.slow_from;
  return slices;
}

std::size_t RawReader::read(const RawQuery& query, const std::function<void(EngineInput&&)>& sink,
                            const std::function<void(const DataGap&)>& on_gap) {
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
