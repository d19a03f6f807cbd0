#include "adapters/parquet/lost_segments.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "adapters/parquet/json_lines_file.hpp"
#include "adapters/parquet/raw_layout.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc::parquet {

namespace {

nlohmann::json optional_time(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(*t) : nlohmann::json(nullptr);
}

std::optional<Timestamp> read_optional_time(const nlohmann::json& line, const char* key) {
  const nlohmann::json& value = line.at(key);
  if (value.is_null()) return std::nullopt;
  return exact_int64(value, key);
}

// Times as integer microseconds (exact), with the ISO form of `from` beside them for people.
nlohmann::json to_json(const LostSegment& lost) {
  return {{"segment", lost.segment},
          {"quarantined_as", lost.quarantined_as},
          {"reason", lost.reason},
          {"first_seq", lost.first_seq},
          {"counted_inputs", lost.counted_inputs},
          {"from_us", optional_time(lost.from)},
          {"decoded_until_us", optional_time(lost.decoded_until)},
          {"from", lost.from ? format_iso8601_micros(*lost.from) : "the store's beginning"}};
}

LostSegment from_json(const nlohmann::json& line) {
  LostSegment lost;
  lost.segment = line.at("segment").get<std::string>();
  lost.quarantined_as = line.at("quarantined_as").get<std::string>();
  lost.reason = line.at("reason").get<std::string>();
  lost.first_seq = exact_uint64(line.at("first_seq"), "first_seq");
  lost.counted_inputs = exact_uint64(line.at("counted_inputs"), "counted_inputs");
  lost.from = read_optional_time(line, "from_us");
  lost.decoded_until = read_optional_time(line, "decoded_until_us");
  if (lost.segment.empty() || lost.quarantined_as.empty()) throw std::invalid_argument("empty segment name");
  return lost;
}

// The last input listed before `first_seq`: in the newest day that lists any, the file holding the
// greatest ingest_seq below it (the segment before, or the day file it was compacted into).
std::optional<Timestamp> last_listed_before(const fs::path& root, std::uint64_t first_seq) {
  const std::vector<std::string> days = manifest_days(root);
  for (auto day = days.rbegin(); day != days.rend(); ++day) {
    const DayManifest manifest = read_manifest(root, *day);
    const FileFacts* last = nullptr;
    for (const auto& [file, facts] : manifest.files) {
      if (facts.rows > 0 && facts.max_seq < first_seq && (!last || facts.max_seq > last->max_seq))
        last = &facts;
    }
    if (last) return last->max_time;
  }
  return std::nullopt;
}

}  // namespace

fs::path lost_segments_path(const fs::path& root) {
  return root / "journal" / "lost_wal_segments.jsonl";
}

LostSegment quarantine_lost_segment(const fs::path& root, const fs::path& segment,
                                    const wal::WalCorruptError& damage) {
  LostSegment lost;
  lost.segment = store_relative(root, segment);
  lost.reason = damage.what();
  lost.first_seq = wal::wal_segment_index(segment).value_or(0);
  lost.counted_inputs = damage.remains().counted_inputs;
  lost.from = last_listed_before(root, lost.first_seq);
  for (const EngineInput& input : damage.remains().decoded) {
    const Timestamp t = partition_time(input);
    lost.from = std::min(lost.from.value_or(t), t);
    lost.decoded_until = std::max(lost.decoded_until.value_or(t), t);
  }
  lost.quarantined_as = store_relative(root, quarantine(root, segment));
  try {
    append_json_line(lost_segments_path(root), to_json(lost));
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot record the lost WAL segment " + lost.segment + " (in quarantine as " +
                             lost.quarantined_as + ") in " + lost_segments_path(root).string() + ": " +
                             e.what());
  }
  return lost;
}

std::vector<LostSegment> read_lost_segments(const fs::path& root) {
  std::vector<LostSegment> records;
  read_json_lines(lost_segments_path(root), "the record of lost WAL segments",
                  [&](const nlohmann::json& line) { records.push_back(from_json(line)); });
  return records;
}

LostExtent lost_extent(const LostSegment& lost, const std::vector<std::string>& manifest_days,
                       const ManifestOfDay& manifest) {
  LostExtent extent{lost.from.value_or(0), kLastFourDigitYearTime, std::numeric_limits<std::uint64_t>::max()};
  const std::string first_day = utc_day(extent.from);
  for (const std::string& day : manifest_days) {
    if (day < first_day) continue;
    const FileFacts* next = nullptr;
    for (const auto& [file, facts] : manifest(day).files) {
      if (facts.rows > 0 && facts.min_seq > lost.first_seq && (!next || facts.min_seq < next->min_seq))
        next = &facts;
    }
    if (!next) continue;
    extent.to = next->min_time;
    extent.last_seq = next->min_seq - 1;
    break;
  }
  extent.to = std::max({extent.to, extent.from, lost.decoded_until.value_or(extent.from)});
  return extent;
}

FileVerdict lost_segment_verdict(const fs::path& root, const LostSegment& lost, const LostExtent& extent,
                                 RawKind kind, const std::string& symbol) {
  FileVerdict verdict;
  verdict.kind = kind;
  verdict.day = utc_day(std::min(extent.from, kLastFourDigitYearTime));
  verdict.symbol = symbol;
  verdict.file = root / lost.quarantined_as;
  FileFacts facts;
  facts.rows = std::max<std::uint64_t>(lost.counted_inputs, 1);
  facts.min_time = extent.from;
  facts.max_time = extent.to;
  facts.min_seq = lost.first_seq;
  facts.max_seq = extent.last_seq;
  verdict.listed = facts;
  verdict.present = false;
  verdict.problem = "lost: WAL segment " + lost.segment + " did not decode (" + lost.reason +
                    "), so its inputs (" + std::to_string(lost.counted_inputs) +
                    " by its block headers, datasets and symbols unknown) never reached Parquet; kept in " +
                    lost.quarantined_as;
  return verdict;
}

}  // namespace fsvc::parquet
