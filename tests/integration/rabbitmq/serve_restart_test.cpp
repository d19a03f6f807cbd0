// Issue 14 through the real broker: `serve` consumes a simulated stream from the ws-gateway queues
// and is killed with SIGKILL twice and restarted with SIGTERM once along the way. Each start
// restores the engine from the raw store the previous one wrote, so every features.live vector
// (the last message per timestamp, as consumers keep it) equals what `rebuild` computes from that
// store, no boundary is missing, and the book is synchronized right after each restart.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include "adapters/rabbitmq/queue_spec.hpp"
#include "broker_harness.hpp"
#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace fsvc::test {
namespace {

std::vector<std::string> lines_of(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class ServeRestartTest : public BrokerTest {
 protected:
  ChildProcess start_serve(const std::filesystem::path& raw) const {
    return ChildProcess({feature_service_binary().string(), "serve", "--port", "0"},
                        {{"RABBITMQ_HOST", "127.0.0.1"},
                         {"RABBITMQ_PORT", std::to_string(port_)},
                         {"FEATURE_SERVICE_SYMBOLS", "BTCUSDT"},
                         {"FEATURE_SERVICE_RAW_DATA_PATH", raw.string()},
                         {"FEATURE_SERVICE_DATASET_STORAGE_PATH", (raw / "datasets").string()},
                         {"FEATURE_SERVICE_RETENTION_DAYS", "0"},
                         {"FEATURE_SERVICE_LOG_LEVEL", "info"}});
  }

  // Waits for the HTTP port and for the restore to finish (/health no longer `starting`).
  void wait_restored(const ChildProcess& service) const {
    std::optional<std::uint16_t> port;
    ASSERT_TRUE(eventually([&] { return (port = announced_http_port(service)).has_value(); },
                           std::chrono::seconds(60)))
        << service.err();
    HttpClient http(*port);
    nlohmann::json health;
    ASSERT_TRUE(eventually([&] {
      health = nlohmann::json::parse(http.get("/health").body());
      return health.at("status") != "starting";
    })) << service.err();
    EXPECT_EQ(health.at("services").at("storage").at("status"), "healthy") << health.dump();
  }

  // Every queue drained, then a moment for the last durability round, acks and publishes.
  void wait_consumed() const {
    rabbitmq::Connection check(broker());
    check.open_channel(1);
    ASSERT_TRUE(eventually(
        [&] {
          for (const std::string& queue : rabbitmq::market_queue_names(false)) {
            if (check.ready_messages(1, queue) != 0) return false;
          }
          return true;
        },
        std::chrono::seconds(60)));
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  }
};

TEST_F(ServeRestartTest, FeaturesLiveEqualsRebuildAcrossSigkillsAndASigtermRestart) {
  const auto dir = make_temp_dir("fs-serve-restart");
  const auto capture = dir / "capture.jsonl";
  const ProcessResult simulated =
      run_process({feature_service_binary().string(), "simulate", "--seed", "14", "--duration", "8m",
                   "--symbols", "BTCUSDT", "--output", capture.string()});
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  const std::vector<std::string> lines = lines_of(capture);
  ASSERT_GT(lines.size(), 1000u);

  GatewayPublisher gateway(broker());
  for (const std::string& queue : rabbitmq::market_queue_names(false)) gateway.declare(queue);
  FeaturesLiveReader features(broker());
  const auto raw = dir / "raw";
  // How each run ends: two crashes, a deploy, and the final stop.
  const std::vector<int> endings{SIGKILL, SIGKILL, SIGTERM, SIGTERM};
  std::vector<nlohmann::json> served;
  std::vector<std::size_t> run_starts;
  const auto drain_features = [&] {
    while (auto delivery = features.next(std::chrono::seconds(3)))
      served.push_back(nlohmann::json::parse(delivery->body));
  };
  for (std::size_t run = 0; run < endings.size(); ++run) {
    ChildProcess service = start_serve(raw);
    wait_restored(service);
    if (HasFatalFailure()) return;
    drain_features();
    run_starts.push_back(served.size());
    const std::size_t begin = lines.size() * run / endings.size();
    const std::size_t end = lines.size() * (run + 1) / endings.size();
    for (std::size_t i = begin; i < end; ++i) {
      const std::string type = nlohmann::json::parse(lines[i]).at("event_type");
      gateway.publish("ws-gateway." + type, lines[i]);
    }
    wait_consumed();
    if (HasFatalFailure()) return;
    service.signal(endings[run]);
    const auto code = service.wait(std::chrono::seconds(60));
    ASSERT_TRUE(code.has_value());
    if (endings[run] == SIGTERM) {
      EXPECT_EQ(*code, 0) << service.err();
    }
    EXPECT_NE(service.err().find("engine restored from the raw store"), std::string::npos) << service.err();
  }
  drain_features();

  // What a consumer keeps: the last message per timestamp.
  std::map<std::string, nlohmann::json> kept;
  for (const auto& v : served) kept.insert_or_assign(v.at("timestamp").get<std::string>(), v);
  ASSERT_GT(kept.size(), 400u);
  const auto out = dir / "rebuilt.jsonl";
  const ProcessResult rebuilt = run_process(
      {feature_service_binary().string(), "rebuild", "--symbol", "BTCUSDT", "--from", kept.begin()->first,
       "--to", kept.rbegin()->first, "--output", out.string(), "--raw-data", raw.string()});
  ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  std::map<std::string, nlohmann::json> expected;
  for (const std::string& line : lines_of(out)) {
    const auto v = nlohmann::json::parse(line);
    expected.emplace(v.at("timestamp").get<std::string>(), v);
  }
  // No boundary missing: the rebuild has one vector a second over the range, and so does live.
  EXPECT_EQ(kept.size(), expected.size());
  std::size_t differing = 0;
  for (const auto& [timestamp, v] : kept) {
    const auto it = expected.find(timestamp);
    if (it == expected.end()) {
      ADD_FAILURE() << "live vector at " << timestamp << " is not in the rebuild";
      continue;
    }
    if (v.at("features").dump() != it->second.at("features").dump() && ++differing <= 3) {
      ADD_FAILURE() << timestamp << "\nlive:    " << v.at("features").dump()
                    << "\nrebuild: " << it->second.at("features").dump();
    }
  }
  EXPECT_EQ(differing, 0u);
  std::cout << "[ restart ] " << lines.size()
            << " messages over 4 runs (2 SIGKILL, 2 SIGTERM): " << served.size()
            << " features.live messages, " << kept.size() << " timestamps, all equal to rebuild\n";
  // The first vector after each restart has a book whenever the last one before it had.
  for (std::size_t run = 1; run < run_starts.size(); ++run) {
    const std::size_t first_after = run_starts[run];
    if (first_after == 0 || first_after >= served.size()) continue;
    const auto& before = served[first_after - 1].at("features").at("mid_price");
    const auto& after = served[first_after].at("features").at("mid_price");
    if (!before.is_null()) {
      EXPECT_FALSE(after.is_null()) << "restart " << run << " lost the book";
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fsvc::test
