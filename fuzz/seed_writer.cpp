// Writes seed inputs for the fuzz targets from a real ws-gateway capture, so that fuzzing starts
// from the shapes Bybit actually sends instead of discovering JSON from scratch. The capture itself
// stays outside the repository (its licence forbids copying it in); scripts/fuzz.sh runs this at
// fuzzing time when ../shared/data is present.
//   fuzz_seed_writer CAPTURE.jsonl OUT_DIR
// writes OUT_DIR/{envelope_decoder,bybit_snapshot,wal_segment,http_request,journal_lines}_fuzzer/*.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "adapters/gateway/envelope_decoder.hpp"
#include "adapters/json/envelope_json.hpp"
#include "adapters/parquet/lost_segments.hpp"
#include "adapters/parquet/registry_journal.hpp"
#include "adapters/storage/whole_file.hpp"
#include "adapters/wal/wal_codec.hpp"
#include "adapters/wal/wal_segment.hpp"

namespace {

namespace fs = std::filesystem;
using namespace fsvc;

// Enough lines to cover every event type and topic, few enough that a run is spent mutating them.
constexpr std::size_t kEnvelopeSeeds = 300;
constexpr std::size_t kInputsPerSegment = 24;
constexpr std::size_t kLinesPerSegmentSeed = 480;  // one segment seed per this many lines
constexpr std::size_t kInputsPerBlock = 6;
// Seeds stay small (libFuzzer mutates faster): books keep only their best levels.
constexpr std::size_t kSeedLevels = 8;

struct Line {
  std::string text;
  MarketEvent event;
};

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::vector<Line> decoded_lines(const fs::path& capture) {
  std::ifstream in(capture);
  if (!in) throw std::runtime_error("cannot open " + capture.string());
  gateway::EnvelopeDecoder decoder;
  std::vector<Line> lines;
  std::string text;
  while (std::getline(in, text)) {
    MarketEvent event;
    gateway::DecodeError error;
    if (decoder.decode(text, event, error)) lines.push_back({text, std::move(event)});
  }
  return lines;
}

void trim_levels(MarketEvent& event) {
  if (auto* book = std::get_if<BookUpdate>(&event)) {
    book->bids.resize(std::min(book->bids.size(), kSeedLevels));
    book->asks.resize(std::min(book->asks.size(), kSeedLevels));
  }
}

// Every n-th line, plus the first line of each event type (snapshots are rare but matter most).
void write_envelopes(const std::vector<Line>& lines, const fs::path& dir) {
  const std::size_t step = std::max<std::size_t>(1, lines.size() / kEnvelopeSeeds);
  std::set<std::size_t> picked;
  std::set<std::size_t> types_seen;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i % step == 0 || types_seen.insert(lines[i].event.index()).second) picked.insert(i);
  }
  for (const std::size_t i : picked) write_file(dir / ("line-" + std::to_string(i + 1)), lines[i].text);
}

nlohmann::json rest_levels(const std::vector<BookLevel>& levels) {
  nlohmann::json out = nlohmann::json::array();
  for (const BookLevel& level : levels)
    out.push_back({json::format_fixed(level.price), json::format_fixed(level.size)});
  return out;
}

// Each WebSocket book snapshot of the capture as Bybit's REST answer for the same book.
void write_snapshots(const std::vector<Line>& lines, const fs::path& dir) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    MarketEvent event = lines[i].event;
    trim_levels(event);
    const auto* book = std::get_if<BookUpdate>(&event);
    if (!book || !book->is_snapshot) continue;
    const nlohmann::json body = {{"retCode", 0},
                                 {"retMsg", "OK"},
                                 {"result",
                                  {{"s", book->header.symbol.str()},
                                   {"b", rest_levels(book->bids)},
                                   {"a", rest_levels(book->asks)},
                                   {"ts", book->header.ts_event / kMicrosPerMilli},
                                   {"u", book->update_id},
                                   {"seq", book->cross_seq}}},
                                 {"time", book->header.ts_gateway / kMicrosPerMilli}};
    write_file(dir / ("snapshot-" + std::to_string(i + 1) + ".json"), body.dump());
  }
}

// Consecutive inputs of the capture, with a tick after each, as the raw store journals them.
void write_segments(const std::vector<Line>& lines, const fs::path& dir) {
  std::uint64_t seq = 0;
  for (std::size_t first = 0; first < lines.size(); first += kLinesPerSegmentSeed) {
    const fs::path path = dir / ("segment-" + std::to_string(first + 1) + ".wal");
    fs::remove(path);
    wal::WalSegmentWriter writer(path);
    std::string block;
    std::uint32_t count = 0;
    for (std::size_t i = first; i < std::min(lines.size(), first + kInputsPerSegment); ++i) {
      MarketEvent event = lines[i].event;
      trim_levels(event);
      header_of(event).ingest_seq = ++seq;
      wal::encode_input(event, block);
      const EventHeader& header = header_of(event);
      wal::encode_input(Tick{header.symbol, header.ts_event / kMicrosPerSecond * kMicrosPerSecond, ++seq},
                        block);
      count += 2;
      if (count >= kInputsPerBlock) {
        writer.append_block(block, count);
        block.clear();
        count = 0;
      }
    }
    if (count > 0) writer.append_block(block, count);
  }
}

// The three routes for each symbol of the capture, with and without the key.
void write_requests(const std::vector<Line>& lines, const fs::path& dir) {
  std::set<std::string> symbols;
  for (const Line& line : lines) symbols.insert(header_of(line.event).symbol.str());
  for (const std::string& symbol : symbols) {
    write_file(dir / ("latest-" + symbol), "GET /features/latest?symbol=" + symbol +
                                               " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: fuzz-key\r\n\r\n");
    write_file(dir / ("latest-nokey-" + symbol),
               "GET /features/latest?symbol=" + symbol +
                   " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  }
}

// The raw store's journals as serve writes them, by the store's own writers in a scratch store: a
// registry switch at the capture's first and middle event (one listing every symbol, one none) and
// a WAL segment lost after the first decodable inputs. Each journal is a seed, and both together.
void write_journal_lines(const std::vector<Line>& lines, const fs::path& dir) {
  if (lines.empty()) return;
  const fs::path root = dir / "store";
  fs::remove_all(root);
  const EventHeader& first = header_of(lines.front().event);
  const EventHeader& middle = header_of(lines[lines.size() / 2].event);
  parquet::RegistrySwitchRecord start{0, "1.0.0", {}, first.ts_gateway};
  for (const Line& line : lines)
    start.first_boundary.emplace(header_of(line.event).symbol.str(), first.ts_event);
  parquet::append_registry_switch(root, start);
  parquet::append_registry_switch(root, {lines.size() / 2, "1.1.0-rc.1+fuzz", {}, middle.ts_gateway});
  const fs::path segment = wal::wal_segment_path(root, lines.size());
  fs::create_directories(segment.parent_path());
  write_file(segment, "damaged");
  auto remains = std::make_shared<wal::WalSegmentRemains>();
  for (std::size_t i = 0; i < std::min(lines.size(), kInputsPerBlock); ++i)
    remains->decoded.push_back(lines[i].event);
  remains->counted_inputs = 2 * kInputsPerBlock;
  parquet::quarantine_lost_segment(
      root, segment,
      wal::WalCorruptError(segment.string() + " at byte 4096: block of 6 inputs does not decode",
                           std::move(remains)));
  const std::string switches = storage::read_whole_file(parquet::registry_journal_path(root));
  const std::string lost = storage::read_whole_file(parquet::lost_segments_path(root));
  write_file(dir / "registry_switches.jsonl", switches);
  write_file(dir / "lost_wal_segments.jsonl", lost);
  write_file(dir / "both.jsonl", switches + lost);
  fs::remove_all(root);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: fuzz_seed_writer CAPTURE.jsonl OUT_DIR\n";
    return 2;
  }
  try {
    const std::vector<Line> lines = decoded_lines(argv[1]);
    const fs::path out = argv[2];
    const std::map<std::string, void (*)(const std::vector<Line>&, const fs::path&)> writers = {
        {"envelope_decoder_fuzzer", write_envelopes},
        {"bybit_snapshot_fuzzer", write_snapshots},
        {"wal_segment_fuzzer", write_segments},
        {"http_request_fuzzer", write_requests},
        {"journal_lines_fuzzer", write_journal_lines}};
    for (const auto& [target, write] : writers) {
      fs::create_directories(out / target);
      write(lines, out / target);
    }
    std::cout << "fuzz_seed_writer: seeds from " << lines.size() << " envelopes of " << argv[1] << " in "
              << out.string() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "fuzz_seed_writer: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
