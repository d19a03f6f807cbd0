// `replay` in bounded memory: a capture streams through the reordering window, and one out of
// order beyond it is sorted on disk; either way the vectors are those of the whole capture
// stable-sorted by event time (replay_canonical), byte for byte, to a file or to stdout.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adapters/gateway/capture_reader.hpp"
#include "adapters/json/feature_vector_json.hpp"
#include "cli_test_support.hpp"
#include "driver/offline_driver.hpp"
#include "driver/streaming_replay.hpp"

namespace fsvc::test {
namespace {

class JsonLinesSink final : public VectorSink {
 public:
  void on_vector(const FeatureVector& vector) override {
    lines.push_back(json::encode_feature_vector(vector, EngineConfig{}.intervals, "replay"));
  }
  std::vector<std::string> lines;
};

// What `replay` must write: every line decoded, the whole capture sorted in memory.
std::vector<std::string> canonical_vectors(const std::filesystem::path& capture) {
  gateway::CaptureReader reader(capture);
  gateway::CaptureRecord record;
  std::vector<MarketEvent> events;
  while (reader.next(record)) {
    EXPECT_TRUE(record.ok) << record.line;
    events.push_back(record.event);
  }
  JsonLinesSink sink;
  replay_canonical(std::move(events), EngineConfig{}, sink);
  return sink.lines;
}

// Ten simulated minutes of a busy BTCUSDT: ~38,000 lines, more than twice the window.
std::filesystem::path simulated_capture(const std::filesystem::path& dir) {
  const auto path = dir / "capture.jsonl";
  const ProcessResult r = run_feature_service(
      {"simulate", "--seed", "21", "--duration", "10m", "--output", path.string(), "--symbols", "BTCUSDT"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return path;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ReplayOrderCli, StreamsALongCaptureToTheCanonicalVectors) {
  const auto dir = make_temp_dir("fs-replay-long");
  const auto capture = simulated_capture(dir);
  ASSERT_GT(read_lines(capture).size(), 2 * StreamingCanonicalReplay::kDefaultWindow);
  const auto out = dir / "vectors.jsonl";
  const ProcessResult r =
      run_feature_service({"replay", "--input", capture.string(), "--output", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("sorting the capture on disk"), std::string::npos) << r.err;
  const auto expected = canonical_vectors(capture);
  EXPECT_GT(expected.size(), 590U);
  EXPECT_EQ(read_lines(out), expected);
}

TEST(ReplayOrderCli, SortsACaptureOutOfOrderBeyondTheWindowOnDisk) {
  const auto dir = make_temp_dir("fs-replay-disorder");
  const auto lines = read_lines(simulated_capture(dir));
  ASSERT_GT(lines.size(), 2 * StreamingCanonicalReplay::kDefaultWindow);
  // The first 300 lines (the book snapshot among them) arrive after everything else.
  std::string text;
  for (std::size_t i = 300; i < lines.size(); ++i) text += lines[i] + "\n";
  for (std::size_t i = 0; i < 300; ++i) text += lines[i] + "\n";
  const auto capture = dir / "disordered.jsonl";
  write_text(capture, text);
  const auto expected = canonical_vectors(capture);

  const auto out = dir / "vectors.jsonl";
  const ProcessResult to_file =
      run_feature_service({"replay", "--input", capture.string(), "--output", out.string()});
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_NE(to_file.err.find(capture.string() + ":" + std::to_string(lines.size() - 299) +
                             ": out of event-time order beyond the reordering window"),
            std::string::npos)
      << to_file.err;
  EXPECT_EQ(read_lines(out), expected);

  const ProcessResult to_stdout =
      run_feature_service({"replay", "--input", capture.string(), "--output", "-"});
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
  EXPECT_EQ(lines_of(to_stdout.out), expected);
}

TEST(ReplayOrderCli, NamesRejectedLinesOnceWhenItStartsOverSorted) {
  const auto dir = make_temp_dir("fs-replay-disorder-bad");
  const auto lines = read_lines(simulated_capture(dir));
  std::string text = "{not json\n";
  for (std::size_t i = 300; i < lines.size(); ++i) text += lines[i] + "\n";
  text += "{still not json\n";
  for (std::size_t i = 0; i < 300; ++i) text += lines[i] + "\n";
  const auto capture = dir / "disordered.jsonl";
  write_text(capture, text);
  const ProcessResult r = run_feature_service({"replay", "--input", capture.string(), "--output", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string first = capture.string() + ":1: rejected";
  const std::string second = capture.string() + ":" + std::to_string(lines.size() - 298) + ": rejected";
  EXPECT_EQ(r.err.find(first), r.err.rfind(first)) << r.err;
  EXPECT_NE(r.err.find(first), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(second), r.err.rfind(second)) << r.err;
  EXPECT_NE(r.err.find(second), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rejected invalid_json=2;"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace fsvc::test
