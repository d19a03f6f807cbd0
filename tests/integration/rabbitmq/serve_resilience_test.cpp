// `feature-service serve` through the real broker when a resource runs out: the raw store's disk
// fills up (a size-limited tmpfs), and the broker blocks publishers (a memory alarm). In both the
// engine and GET /features/latest keep working, /health says why, and the service recovers by
// itself when the resource returns, losing and duplicating nothing.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <utility>

#include "adapters/parquet/duckdb_session.hpp"
#include "adapters/rabbitmq/queue_spec.hpp"
#include "broker_harness.hpp"
#include "support/http_client.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace fsvc::test {
namespace {

namespace fs = std::filesystem;

constexpr Duration kMs = kMicrosPerMilli;

// Event times near the wall clock, so the service's wall-clock timer keeps emitting vectors for
// them while no event arrives; µs after kT0, whole milliseconds.
Duration now_offset() {
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  return (now - kT0) / kMs * kMs;
}

// A tmpfs of `size` mounted on a fresh folder for the test's life (root only).
class SmallFilesystem {
 public:
  explicit SmallFilesystem(const std::string& size) : dir_(make_temp_dir("fs-disk-full")) {
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, ("size=" + size).c_str()) != 0) {
      error_ = std::strerror(errno);
    }
  }
  ~SmallFilesystem() {
    if (error_.empty()) ::umount2(dir_.c_str(), MNT_DETACH);
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  SmallFilesystem(const SmallFilesystem&) = delete;
  SmallFilesystem& operator=(const SmallFilesystem&) = delete;

  const std::string& mount_error() const { return error_; }
  const fs::path& dir() const { return dir_; }

  // Writes a filler file until the filesystem is full (ENOSPC), down to its last page.
  void fill() {
    std::FILE* f = std::fopen(filler().c_str(), "wb");
    ASSERT_NE(f, nullptr) << std::strerror(errno);
    std::setvbuf(f, nullptr, _IONBF, 0);
    const std::string block(4096, 'x');
    while (std::fwrite(block.data(), 1, block.size(), f) == block.size()) {
    }
    const int error = errno;
    std::fclose(f);
    ASSERT_EQ(error, ENOSPC) << std::strerror(error);
  }
  void free() { fs::remove(filler()); }

 private:
  fs::path filler() const { return dir_ / "filler"; }

  fs::path dir_;
  std::string error_;
};

class ServeResilienceTest : public BrokerTest {
 protected:
  // Starts serve consuming the ws-gateway queues (declared here) with its raw store in `raw`.
  void start_serve(const fs::path& raw) {
    gateway_ = std::make_unique<GatewayPublisher>(broker());
    for (const std::string& queue : rabbitmq::market_queue_names(false)) gateway_->declare(queue);
    service_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{feature_service_binary().string(), "serve", "--port", "0"},
        Environment{{"RABBITMQ_HOST", "127.0.0.1"},
                    {"RABBITMQ_PORT", std::to_string(port_)},
                    {"FEATURE_SERVICE_SYMBOLS", "BTCUSDT"},
                    {"FEATURE_SERVICE_RAW_DATA_PATH", raw.string()},
                    {"FEATURE_SERVICE_RETENTION_DAYS", "0"},
                    {"FEATURE_SERVICE_LOG_LEVEL", "warn"}});
    std::optional<std::uint16_t> port;
    ASSERT_TRUE(eventually([&] { return (port = announced_http_port(*service_)).has_value(); }))
        << "serve never printed its port; stderr:\n"
        << service_->err();
    http_ = std::make_unique<HttpClient>(*port);
  }

  nlohmann::json health() { return nlohmann::json::parse(http_->get("/health").body()); }
  nlohmann::json service_health(const std::string& name) { return health().at("services").at(name); }
  // The newest vector the engine computed (GET /health), and GET /features/latest still answering.
  std::string latest_timestamp() {
    if (http_->get("/features/latest?symbol=BTCUSDT").result_int() != 200) return "";
    const nlohmann::json at = health().at("symbols").at("BTCUSDT").at("last_vector_time");
    return at.is_string() ? at.get<std::string>() : "";
  }
  // The engine keeps computing: its newest vector moves past `seen`.
  bool latest_moves_past(const std::string& seen) {
    return eventually([&] {
      const std::string now = latest_timestamp();
      return !now.empty() && now > seen;
    });
  }
  void stop_serve() {
    service_->signal(SIGTERM);
    const auto exit_code = service_->wait(std::chrono::seconds(60));
    ASSERT_TRUE(exit_code) << "serve did not stop within 60 s of SIGTERM";
    EXPECT_EQ(*exit_code, 0) << service_->err();
  }

  std::unique_ptr<GatewayPublisher> gateway_;
  std::unique_ptr<ChildProcess> service_;
  std::unique_ptr<HttpClient> http_;
};

TEST_F(ServeResilienceTest, FullDiskHoldsAcksReportsWhyAndRecoversWithoutLossOrDuplicates) {
  SmallFilesystem disk("8m");
  if (!disk.mount_error().empty()) {
    GTEST_SKIP() << "cannot mount a size-limited tmpfs here (" << disk.mount_error()
                 << "): the full-disk test needs root (CAP_SYS_ADMIN)";
  }
  const fs::path raw = disk.dir() / "raw";
  ASSERT_NO_FATAL_FAILURE(start_serve(raw));
  const Duration t0 = now_offset();
  gateway_->publish("ws-gateway.orderbook",
                    book_snapshot_envelope("book-1", t0, "50000.0", "1.5", "50001.0", "2.5"));
  gateway_->publish("ws-gateway.trade", trade_envelope("trade-1", t0 + 10 * kMs, "Buy", "0.5", "50000.5"));
  ASSERT_TRUE(latest_moves_past("")) << "no vector before the disk filled; stderr:\n" << service_->err();
  EXPECT_EQ(service_health("storage").at("status"), "healthy") << health().dump();

  ASSERT_NO_FATAL_FAILURE(disk.fill());
  // More than a page: a write into the page the WAL segment already has would still succeed.
  constexpr int kTradesWhileFull = 60;
  for (int i = 0; i < kTradesWhileFull; ++i) {
    gateway_->publish("ws-gateway.trade",
                      trade_envelope("full-" + std::to_string(i), now_offset(), "Sell", "0.25", "50000.5"));
  }
  ASSERT_TRUE(eventually([&] {
    const nlohmann::json storage = service_health("storage");
    return storage.at("status") == "degraded" &&
           storage.at("detail").get<std::string>().find("No space left on device") != std::string::npos;
  })) << "/health never said the disk is full: "
      << health().dump();
  // Live features keep flowing while nothing can be journaled.
  const std::string while_full = latest_timestamp();
  EXPECT_TRUE(latest_moves_past(while_full)) << "the engine stopped while the disk was full";
  EXPECT_EQ(health().at("status"), "degraded");

  disk.free();
  ASSERT_TRUE(eventually([&] { return service_health("storage").at("status") == "healthy"; }))
      << "the raw store did not recover once space returned: " << health().dump();
  gateway_->publish("ws-gateway.trade", trade_envelope("after", now_offset(), "Buy", "1", "50000.5"));
  ASSERT_TRUE(eventually([&] {
    return http_->get("/metrics")
               .body()
               .find("feature_service_events_total{type=\"trade\"} " +
                     std::to_string(kTradesWhileFull + 2)) != std::string::npos;
  })) << "the trade after recovery never reached the engine";
  ASSERT_NO_FATAL_FAILURE(stop_serve());

  // Every trade journaled exactly once: the rounds that failed were retried, none written twice.
  parquet::DuckDbSession db;
  const std::string trades =
      "read_parquet(" + parquet::sql_literal((raw / "trades" / "**" / "*.parquet").string()) + ")";
  EXPECT_EQ(db.query_int("SELECT count(*) FROM " + trades), kTradesWhileFull + 2);
  EXPECT_EQ(db.query_int("SELECT count(DISTINCT event_id) FROM " + trades), kTradesWhileFull + 2);
  // The broker handed nothing back: every message was acknowledged once it was durable.
  rabbitmq::Connection check(broker());
  check.open_channel(1);
  EXPECT_EQ(check.ready_messages(1, "ws-gateway.trade"), 0u);
}

// Clears the memory alarm however the test ends.
class MemoryAlarm {
 public:
  explicit MemoryAlarm(std::string ctl) : ctl_(std::move(ctl)) {
    run("set_vm_memory_high_watermark 0.0000001");
  }
  ~MemoryAlarm() { clear(); }
  MemoryAlarm(const MemoryAlarm&) = delete;
  MemoryAlarm& operator=(const MemoryAlarm&) = delete;
  void clear() {
    if (cleared_) return;
    cleared_ = true;
    run("set_vm_memory_high_watermark 0.4");
  }

 private:
  void run(const std::string& arguments) const {
    const std::string command = ctl_ + " " + arguments + " >/dev/null 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << "failed: " << command;
  }
  std::string ctl_;
  bool cleared_ = false;
};

TEST_F(ServeResilienceTest, BrokerBlockingPublishersIsReportedBufferedAndRecovered) {
  if (!can_control_broker()) GTEST_SKIP() << "FS_TEST_RABBITMQCTL unset: cannot raise a memory alarm";
  const auto raw = make_temp_dir("fs-blocked-broker");
  ASSERT_NO_FATAL_FAILURE(start_serve(raw));
  FeaturesLiveReader reader(broker());
  const Duration t0 = now_offset();
  gateway_->publish("ws-gateway.orderbook",
                    book_snapshot_envelope("book-1", t0, "50000.0", "1.5", "50001.0", "2.5"));
  gateway_->publish("ws-gateway.trade", trade_envelope("trade-1", t0 + 10 * kMs, "Buy", "0.5", "50000.5"));
  ASSERT_TRUE(reader.next()) << "no features.live vector before the alarm; stderr:\n" << service_->err();

  MemoryAlarm alarm(std::getenv("FS_TEST_RABBITMQCTL"));
  ASSERT_TRUE(eventually([&] {
    return service_health("message_queue").at("detail").get<std::string>().find("blocked by the broker") !=
           std::string::npos;
  })) << "/health never said the publisher is blocked: "
      << health().dump();
  EXPECT_EQ(service_health("message_queue").at("status"), "degraded");
  // The engine and the API keep working; the vectors wait in the publisher's buffer.
  const std::string blocked_at = latest_timestamp();
  ASSERT_TRUE(latest_moves_past(blocked_at))
      << "the engine stopped while the broker blocked publishers: " << blocked_at << " " << health().dump()
      << service_->err();

  const std::string last_blocked = latest_timestamp();
  alarm.clear();
  ASSERT_TRUE(eventually([&] { return service_health("message_queue").at("status") == "healthy"; }))
      << "the publisher did not resume when the alarm cleared: " << health().dump();
  // A vector computed while blocked reaches features.live after all.
  bool delivered = false;
  while (auto delivery = reader.next(std::chrono::seconds(10))) {
    const std::string at = nlohmann::json::parse(delivery->body).at("timestamp");
    if (at > blocked_at && at <= last_blocked) {
      delivered = true;
      break;
    }
  }
  EXPECT_TRUE(delivered) << "no vector computed while blocked was published after the alarm cleared";
  ASSERT_NO_FATAL_FAILURE(stop_serve());
}

}  // namespace
}  // namespace fsvc::test
