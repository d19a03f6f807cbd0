#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "adapters/parquet/raw_reader.hpp"
#include "adapters/parquet/raw_store.hpp"
#include "raw_test_events.hpp"
#include "support/manual_clock.hpp"
#include "support/paths.hpp"

namespace fsvc::parquet {
namespace {

using test::kDay0;

// The child appends forever and reports every new durable_seq on the pipe, as the online driver
// would before acknowledging broker messages up to it.
[[noreturn]] void run_writer(const fs::path& root, int report_fd) {
  RawStoreOptions options;
  options.root = root;
  options.flush_rows = 200;
  options.flush_interval = std::chrono::milliseconds(5);
  // Small segments: conversions to Parquet run all the time, so the kill can also land in one.
  options.segment_inputs = 3'000;
  options.clock = std::make_shared<test::ManualClock>(kDay0);
  RawStore store(options);
  std::uint64_t reported = 0;
  for (std::uint64_t seq = 1;; ++seq) {
    const Timestamp ts = kDay0 + static_cast<Timestamp>(seq) * 1'000;
    if (seq % 3 == 0) {
      store.append(test::tick("BTCUSDT", ts, seq));
    } else {
      store.append(test::trade("BTCUSDT", ts, seq, "t" + std::to_string(seq)));
    }
    const std::uint64_t durable = store.durable_seq();
    if (durable != reported && ::write(report_fd, &durable, sizeof durable) != sizeof durable) ::_exit(2);
    reported = durable;
  }
}

TEST(RawStoreCrash, SigkillLosesNoAcknowledgedInputAndDuplicatesNone) {
  const auto root = test::make_temp_dir("raw-crash");
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(fds[0]);
    run_writer(root, fds[1]);
  }
  ::close(fds[1]);
  std::uint64_t acknowledged = 0;
  std::uint64_t value = 0;
  while (acknowledged < 20'000 && ::read(fds[0], &value, sizeof value) == sizeof value) acknowledged = value;
  ::kill(child, SIGKILL);
  // Reports already in the pipe were made before the kill: they count as acknowledged too.
  while (::read(fds[0], &value, sizeof value) == sizeof value) acknowledged = value;
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_GE(acknowledged, 20'000u);

  RawStoreOptions options;
  options.root = root;
  options.clock = std::make_shared<test::ManualClock>(kDay0);
  RawStore reopened(options);  // converts the WAL left behind, quarantines a torn part
  EXPECT_GE(reopened.recovery().max_ingest_seq, acknowledged);

  RawReader reader(root);
  std::multiset<std::uint64_t> seen;
  reader.read(range_query("BTCUSDT", {RawKind::trade, RawKind::tick}, kDay0, kDay0 + kMicrosPerDay - 1,
                          ReadOrder::journal),
              [&](EngineInput&& input) { seen.insert(ingest_seq_of(input)); });
  for (std::uint64_t seq = 1; seq <= acknowledged; ++seq) {
    ASSERT_EQ(seen.count(seq), 1u) << "ingest_seq " << seq << " (acknowledged up to " << acknowledged << ")";
  }
  EXPECT_EQ(std::set<std::uint64_t>(seen.begin(), seen.end()).size(), seen.size()) << "duplicated rows";
  for (const auto& file : reopened.recovery().quarantined) {
    EXPECT_EQ(file.parent_path(), root / "quarantine");
  }
}

}  // namespace
}  // namespace fsvc::parquet
