// `serve` over a raw store whose journal it would restore from is damaged (issue 14) — a Parquet
// part, or a WAL segment lost to quarantine at start-up: start-up stops with a line naming the file, or, with
// FEATURE_SERVICE_COLD_START_ON_DAMAGED_STORE=true, the service starts cold and /health says why.
#include <gtest/gtest.h>

#include <csignal>
#include <nlohmann/json.hpp>

#include "adapters/wal/wal_segment.hpp"
#include "support/eventually.hpp"
#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"
#include "unit/adapters/parquet/live_store_fixture.hpp"

namespace fsvc {
namespace {

namespace fs = std::filesystem;
using test::kDay0;

const Timestamp kStart = kDay0 + 10 * kMicrosPerHour;

// 30 s of BTCUSDT captured live; the middle trades part truncated. Returns its file name.
std::string truncate_a_trades_part(const fs::path& raw) {
  test::write_thirty_live_seconds(raw, kStart);
  const auto parts =
      parquet::symbol_files(parquet::day_dir(raw, parquet::RawKind::trade, "2025-01-27"), "BTCUSDT");
  fs::resize_file(parts.at(1), fs::file_size(parts.at(1)) / 2);
  return parts.at(1).filename().string();
}

// 30 s of BTCUSDT captured live (ingest_seq 1..121), then the WAL segment of second 31 left behind
// by the stop, its block intact but not decodable: start-up recovery quarantines it as lost.
std::string leave_a_wal_segment_that_does_not_decode(const fs::path& raw) {
  test::write_thirty_live_seconds(raw, kStart);
  wal::WalSegmentWriter writer(wal::wal_segment_path(raw, 122));
  writer.append_block("\x09 not an input", 3);
  return "wal/00000000000000000122.wal";
}

struct Damage {
  const char* name;
  std::string (*apply)(const fs::path& raw);  // returns what the messages must name
};
const Damage kDamages[] = {{"TruncatedPart", truncate_a_trades_part},
                           {"LostWalSegment", leave_a_wal_segment_that_does_not_decode}};

class WarmStartDamage : public ::testing::TestWithParam<Damage> {};

test::Environment serve_environment(const fs::path& dir, bool cold_start_on_damage) {
  test::Environment env{
      {"FEATURE_SERVICE_PORT", "0"},
      {"FEATURE_SERVICE_BIND_ADDRESS", "127.0.0.1"},
      {"FEATURE_SERVICE_RAW_DATA_PATH", (dir / "raw").string()},
      {"FEATURE_SERVICE_DATASET_STORAGE_PATH", (dir / "datasets").string()},
      {"FEATURE_SERVICE_RETENTION_DAYS", "0"},  // the store's day is old: keep it
      {"FEATURE_SERVICE_SYMBOLS", "BTCUSDT"},
      {"FEATURE_SERVICE_LOG_LEVEL", "warn"},
      {"FEATURE_SERVICE_COLD_START_ON_DAMAGED_STORE", cold_start_on_damage ? "true" : "false"}};
  for (const char* name : {"RABBITMQ_HOST", "WS_GATEWAY_HOST", "FEATURE_SERVICE_SNAPSHOT_URL",
                           "POSTGRES_HOST", "FEATURE_SERVICE_API_KEY"})
    env.emplace_back(name, "");
  return env;
}

TEST_P(WarmStartDamage, ADamagedJournalStopsStartUpNamingTheFile) {
  const auto dir = test::make_temp_dir("warm-start-damaged");
  const std::string damaged = GetParam().apply(dir / "raw");

  test::ChildProcess serve({test::feature_service_binary().string(), "serve"}, serve_environment(dir, false));
  const auto code = serve.wait(std::chrono::seconds(60));
  ASSERT_TRUE(code.has_value()) << "serve did not stop on a damaged store";
  EXPECT_NE(*code, 0);
  EXPECT_NE(serve.err().find("cannot restore the engine from the raw store"), std::string::npos)
      << serve.err();
  EXPECT_NE(serve.err().find(damaged), std::string::npos) << "the line names the file: " << serve.err();
  EXPECT_FALSE(test::announced_http_port(serve).has_value()) << "nothing was served";
}

TEST_P(WarmStartDamage, ConfiguredToStartColdItServesAndSaysSoOnHealth) {
  const auto dir = test::make_temp_dir("warm-start-cold");
  const std::string damaged = GetParam().apply(dir / "raw");

  test::ChildProcess serve({test::feature_service_binary().string(), "serve"}, serve_environment(dir, true));
  std::optional<std::uint16_t> port;
  ASSERT_TRUE(test::eventually([&] { return (port = test::announced_http_port(serve)).has_value(); },
                               std::chrono::seconds(60)))
      << serve.err();
  test::HttpClient client(*port);
  const auto storage = nlohmann::json::parse(client.get("/health").body()).at("services").at("storage");
  EXPECT_EQ(storage.at("status"), "degraded") << storage.dump();
  const std::string detail = storage.at("detail").get<std::string>();
  EXPECT_NE(detail.find("cold start"), std::string::npos) << detail;
  EXPECT_NE(detail.find(damaged), std::string::npos) << "names the file: " << detail;

  serve.signal(SIGTERM);
  const auto code = serve.wait(std::chrono::seconds(30));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << serve.err();
}

INSTANTIATE_TEST_SUITE_P(EachDamage, WarmStartDamage, ::testing::ValuesIn(kDamages),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace fsvc
