#include "adapters/parquet/quality_rollups.hpp"

#include <unistd.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <system_error>

#include "adapters/parquet/chunk_io.hpp"
#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/parquet/json_lines_file.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "adapters/parquet/rejected_store.hpp"
#include "adapters/storage/durable_file.hpp"

namespace fsvc::parquet {

namespace {

using nlohmann::json;

// Column order of a rollup row; the anomaly counters follow kFirstAnomaly in AnomalyCheck order.
enum Column : idx_t {
  kMinute,
  kStream,
  kSecondsWithEvents,
  kEvents,
  kAnomalous,
  kExpected,
  kMissing,
  kStale,
  kLate,
  kMaxLateness,
  kGaps,
  kDesyncs,
  kDetails,
  kFingerprint,
  kFirstAnomaly,
};

std::string columns_ddl() {
  std::string ddl =
      "(minute_start BIGINT, stream INTEGER, seconds_with_events UBIGINT, events UBIGINT, anomalous_events "
      "UBIGINT, expected_seconds UBIGINT, missing_seconds UBIGINT, stale_seconds UBIGINT, late_events "
      "UBIGINT, "
      "max_lateness_us BIGINT, sequence_gaps UBIGINT, desynchronizations UBIGINT, details VARCHAR, "
      "fingerprint VARCHAR";
  for (int c = 0; c < kAnomalyCheckCount; ++c)
    ddl += ", " + std::string(to_string(static_cast<AnomalyCheck>(c))) + " UBIGINT";
  return ddl + ")";
}

json details_of(const QualityMinute& m) {
  json gaps = json::array(), desyncs = json::array(), resyncs = json::array(), rejected = json::array();
  for (const SequenceGapRecord& g : m.gaps) gaps.push_back({g.time, g.expected_u, g.received_u});
  for (const DesyncRecord& d : m.desyncs) desyncs.push_back({d.time, static_cast<int>(d.cause)});
  for (const ResyncRecord& r : m.resyncs) resyncs.push_back({r.desync_time, r.time});
  for (const RejectedCount& r : m.rejected)
    rejected.push_back({static_cast<int>(r.stream), r.reason, r.count});
  return {{"gaps", gaps}, {"desyncs", desyncs}, {"resyncs", resyncs}, {"rejected", rejected}};
}

void read_details(std::string_view text, QualityMinute& m) {
  const json d = json::parse(text);
  const auto i64 = [](const json& v) { return exact_int64(v, "a detail of the rollup"); };
  for (const json& g : d.at("gaps")) m.gaps.push_back({i64(g.at(0)), i64(g.at(1)), i64(g.at(2))});
  for (const json& x : d.at("desyncs")) {
    const std::int64_t cause = i64(x.at(1));
    if (cause < 0 || cause > static_cast<std::int64_t>(DesyncCause::delta_before_snapshot))
      throw std::runtime_error("bad cause");
    m.desyncs.push_back({i64(x.at(0)), static_cast<DesyncCause>(cause)});
  }
  for (const json& r : d.at("resyncs")) m.resyncs.push_back({i64(r.at(0)), i64(r.at(1))});
  for (const json& r : d.at("rejected")) {
    const std::int64_t stream = i64(r.at(0));
    if (stream < 0 || stream >= kEventTypeCount) throw std::runtime_error("bad stream");
    m.add_rejected(static_cast<EventType>(stream), r.at(1).get<std::string>(),
                   exact_uint64(r.at(2), "a rejected count of the rollup"));
  }
}

void append_rows(ChunkBuilder& rows, const QualityMinute& m, const std::string& fingerprint) {
  for (int x = 0; x < kEventTypeCount; ++x) {
    const StreamMinute& s = m.streams[static_cast<std::size_t>(x)];
    rows.begin_row();
    rows.set_int64(kMinute, m.start);
    rows.set_int32(kStream, x);
    rows.set_uint64(kSecondsWithEvents, s.seconds_with_events);
    rows.set_uint64(kEvents, s.events);
    rows.set_uint64(kAnomalous, s.anomalous_events);
    rows.set_uint64(kExpected, s.expected_seconds);
    rows.set_uint64(kMissing, s.missing_seconds);
    rows.set_uint64(kStale, s.stale_seconds);
    rows.set_uint64(kLate, s.late_events);
    rows.set_int64(kMaxLateness, s.max_lateness);
    rows.set_uint64(kGaps, s.sequence_gaps);
    rows.set_uint64(kDesyncs, s.desynchronizations);
    if (x == 0) {
      rows.set_string(kDetails, details_of(m).dump());
    } else {
      rows.set_null(kDetails);
    }
    rows.set_string(kFingerprint, fingerprint);
    for (int c = 0; c < kAnomalyCheckCount; ++c)
      rows.set_uint64(kFirstAnomaly + c, s.anomalies[static_cast<std::size_t>(c)]);
  }
}

// Reads the rows of one chunk into `minutes` (rows come ordered by minute, then stream).
bool read_chunk(const ChunkReader& rows, const Symbol& symbol, const std::string& fingerprint,
                std::vector<QualityMinute>& minutes) {
  for (idx_t i = 0; i < rows.size(); ++i) {
    if (rows.get_string(kFingerprint, i) != fingerprint) return false;
    const Timestamp start = rows.get_int64(kMinute, i);
    if (minutes.empty() || minutes.back().start != start) {
      minutes.emplace_back();
      minutes.back().symbol = symbol;
      minutes.back().start = start;
    }
    QualityMinute& m = minutes.back();
    const std::int32_t x = rows.get_int32(kStream, i);
    if (x < 0 || x >= kEventTypeCount) return false;
    StreamMinute& s = m.streams[static_cast<std::size_t>(x)];
    s.seconds_with_events = rows.get_uint64(kSecondsWithEvents, i);
    s.events = rows.get_uint64(kEvents, i);
    s.anomalous_events = rows.get_uint64(kAnomalous, i);
    s.expected_seconds = rows.get_uint64(kExpected, i);
    s.missing_seconds = rows.get_uint64(kMissing, i);
    s.stale_seconds = rows.get_uint64(kStale, i);
    s.late_events = rows.get_uint64(kLate, i);
    s.max_lateness = rows.get_int64(kMaxLateness, i);
    s.sequence_gaps = rows.get_uint64(kGaps, i);
    s.desynchronizations = rows.get_uint64(kDesyncs, i);
    for (int c = 0; c < kAnomalyCheckCount; ++c)
      s.anomalies[static_cast<std::size_t>(c)] = rows.get_uint64(kFirstAnomaly + c, i);
    if (!rows.is_null(kDetails, i)) read_details(rows.get_string(kDetails, i), m);
  }
  return true;
}

// FNV-1a: a short, stable name for a list of files and sizes.
std::string hex_hash(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

}  // namespace

QualityRollups::QualityRollups(std::filesystem::path raw_root) : root_(std::move(raw_root)) {}

QualityRollups::~QualityRollups() = default;

DuckDbSession& QualityRollups::duckdb() const {
  if (!duckdb_) duckdb_ = std::make_unique<DuckDbSession>();
  return *duckdb_;
}

std::filesystem::path QualityRollups::file(const std::string& symbol, const std::string& day) const {
  return root_ / "quality" / symbol / (day + ".parquet");
}

std::optional<std::string> QualityRollups::fingerprint(const std::string& symbol,
                                                       const std::string& day) const {
  std::string listing;
  for (const RawKind kind : kAllRawKinds) {
    for (const fs::path& f : symbol_files(day_dir(root_, kind, day), symbol)) {
      std::error_code error;
      const auto size = fs::file_size(f, error);
      listing += f.parent_path().parent_path().filename().string() + "/" + f.filename().string() + ":" +
                 std::to_string(error ? 0 : size) + ";";
    }
  }
  if (listing.empty()) return std::nullopt;
  // rejected/ is counted into the day too: a rejection appended after the rollup was written (it is
  // append-only, so its size says) makes the rollup stale.
  std::error_code error;
  const auto rejected_size = fs::file_size(rejected_file(root_, day), error);
  if (!error) listing += "rejected:" + std::to_string(rejected_size) + ";";
  return hex_hash(listing);
}

std::optional<std::vector<QualityMinute>> QualityRollups::read(const std::string& symbol,
                                                               const std::string& day,
                                                               const std::string& fingerprint) const {
  const fs::path path = file(symbol, day);
  std::error_code error;
  if (!fs::is_regular_file(path, error)) return std::nullopt;
  Symbol name;
  if (!name.assign(symbol)) return std::nullopt;
  try {
    const std::lock_guard lock(duckdb_mutex_);
    StreamingResult result(duckdb().connection(), "SELECT * FROM read_parquet(" + sql_literal(path.string()) +
                                                      ") ORDER BY minute_start, stream");
    std::vector<QualityMinute> minutes;
    while (duckdb_data_chunk chunk = result.next()) {
      if (!read_chunk(ChunkReader(chunk), name, fingerprint, minutes)) return std::nullopt;
    }
    return minutes;
  } catch (const std::exception&) {
    return std::nullopt;  // a damaged rollup is only a cache miss: the day is counted again
  }
}

void QualityRollups::write(const std::string& symbol, const std::string& day, const std::string& fingerprint,
                           std::span<const QualityMinute> minutes) const {
  const fs::path final = file(symbol, day);
  fs::create_directories(final.parent_path());
  static std::atomic<std::uint64_t> writes{0};
  const fs::path tmp = final.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(++writes);
  const std::lock_guard lock(duckdb_mutex_);
  DuckDbSession& session = duckdb();
  session.exec("CREATE OR REPLACE TEMP TABLE rollup " + columns_ddl());
  duckdb_appender appender = nullptr;
  if (duckdb_appender_create(session.connection(), nullptr, "rollup", &appender) == DuckDBError) {
    duckdb_appender_destroy(&appender);
    throw std::runtime_error("quality rollups: cannot create an appender for " + final.string());
  }
  try {
    ChunkBuilder rows(appender);
    for (const QualityMinute& m : minutes) append_rows(rows, m, fingerprint);
    rows.finish();
  } catch (...) {
    duckdb_appender_destroy(&appender);
    throw;
  }
  duckdb_appender_destroy(&appender);
  session.exec("COPY rollup TO " + sql_literal(tmp.string()) + " (FORMAT parquet, COMPRESSION zstd)");
  session.exec("DROP TABLE rollup");  // the kept instance holds no day's rows
  storage::publish_durably(tmp, final);
}

}  // namespace fsvc::parquet
