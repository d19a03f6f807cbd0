// The background queue of dataset builds against both metadata stores, with a runner the test
// drives: statuses, progress, failure, cancellation, and recovery after a restart.
#include <atomic>
#include <mutex>
#include <stdexcept>

#include "driver/dataset_queue.hpp"
#include "metadata_fixture.hpp"
#include "support/eventually.hpp"

namespace fsvc::test {
namespace {

template <typename Backend>
class DatasetQueueTest : public MetadataFixture<Backend> {
 protected:
  std::string queued_dataset(const std::string& symbol = "BTCUSDT") {
    DatasetRecord d;
    d.symbol = symbol;
    d.status = DatasetStatus::queued;
    d.target_config = R"({"type": "regression"})";
    d.feature_registry_version = "1.0.0";
    return this->store().create_dataset(d).id;
  }

  DatasetRecord record(const std::string& id) { return *this->store().get_dataset(id); }
};
TYPED_TEST_SUITE(DatasetQueueTest, MetadataBackends, BackendNames);

// A runner that reports half its progress, then waits until released or stopped.
struct ControlledRunner {
  std::mutex mutex;
  std::condition_variable_any changed;
  bool released = false;
  std::atomic<int> started{0};
  std::vector<std::string> order;
  std::string fail_symbol = "FAILUSDT";

  DatasetRunner runner() {
    return [this](const DatasetRecord& record, const std::function<void(double)>& progress, std::stop_token stop) {
      {
        std::lock_guard lock(mutex);
        order.push_back(record.id);
      }
      ++started;
      progress(0.5);
      if (record.symbol == fail_symbol) throw std::runtime_error("raw store damaged: day 2026-01-02");
      std::unique_lock lock(mutex);
      changed.wait(lock, stop, [&] { return released; });
      if (stop.stop_requested()) throw std::runtime_error("dataset build cancelled");
      return DatasetOutcome{10, 3, 2, "/data/datasets/" + record.id, R"({"passed": true})"};
    };
  }
  void release() {
    {
      std::lock_guard lock(mutex);
      released = true;
    }
    changed.notify_all();
  }
};

TYPED_TEST(DatasetQueueTest, BuildsInOrderAndRecordsTheOutcome) {
  ControlledRunner control;
  std::vector<DatasetRecord> announced;
  std::mutex announced_mutex;
  DatasetQueue queue(
      this->store(), control.runner(),
      [&](const DatasetRecord& r) {
        std::lock_guard lock(announced_mutex);
        announced.push_back(r);
      },
      1, this->clock_);
  const std::string first = this->queued_dataset();
  const std::string second = this->queued_dataset();
  queue.enqueue(first);
  queue.enqueue(second);
  ASSERT_TRUE(eventually([&] { return control.started == 1; }));
  const DatasetRecord building = this->record(first);
  EXPECT_EQ(building.status, DatasetStatus::building);
  EXPECT_EQ(building.progress, 50.0);
  EXPECT_TRUE(building.estimated_completion);
  EXPECT_EQ(this->record(second).status, DatasetStatus::queued);  // one at a time by default
  control.release();
  queue.wait_idle();
  EXPECT_EQ(control.order, (std::vector<std::string>{first, second}));
  const DatasetRecord ready = this->record(first);
  EXPECT_EQ(ready.status, DatasetStatus::ready);
  EXPECT_EQ(ready.progress, 100.0);
  EXPECT_EQ(ready.train_records, 10);
  EXPECT_EQ(ready.validation_records, 3);
  EXPECT_EQ(ready.test_records, 2);
  EXPECT_EQ(ready.storage_path, "/data/datasets/" + first);
  EXPECT_EQ(ready.completed_at, kSomeTime);
  ASSERT_EQ(announced.size(), 2u);
  EXPECT_EQ(announced[0].id, first);
  EXPECT_EQ(announced[0].status, DatasetStatus::ready);
}

TYPED_TEST(DatasetQueueTest, AFailureIsRecordedAndAnnounced) {
  ControlledRunner control;
  std::atomic<int> announced{0};
  DatasetQueue queue(this->store(), control.runner(), [&](const DatasetRecord& r) {
    EXPECT_EQ(r.status, DatasetStatus::failed);
    ++announced;
  }, 1, this->clock_);
  const std::string id = this->queued_dataset("FAILUSDT");
  queue.enqueue(id);
  queue.wait_idle();
  const DatasetRecord failed = this->record(id);
  EXPECT_EQ(failed.status, DatasetStatus::failed);
  EXPECT_EQ(failed.error_message, "raw store damaged: day 2026-01-02");
  EXPECT_EQ(announced, 1);
}

TYPED_TEST(DatasetQueueTest, CancelStopsARunningBuildAndDropsAQueuedOne) {
  ControlledRunner control;
  std::atomic<int> announced{0};
  DatasetQueue queue(this->store(), control.runner(), [&](const DatasetRecord&) { ++announced; }, 1, this->clock_);
  const std::string running = this->queued_dataset();
  const std::string waiting = this->queued_dataset();
  queue.enqueue(running);
  queue.enqueue(waiting);
  ASSERT_TRUE(eventually([&] { return control.started == 1; }));
  EXPECT_TRUE(queue.cancel(waiting));
  EXPECT_EQ(this->record(waiting).status, DatasetStatus::cancelled);
  EXPECT_TRUE(queue.cancel(running));  // returns once the build has stopped
  EXPECT_EQ(this->record(running).status, DatasetStatus::cancelled);
  queue.wait_idle();
  EXPECT_EQ(control.started, 1);  // the cancelled queued one never ran
  EXPECT_EQ(announced, 0);
  EXPECT_FALSE(queue.cancel(running));  // no longer known
}

TYPED_TEST(DatasetQueueTest, ABuildInterruptedByShutdownIsRebuiltAfterRestart) {
  const std::string interrupted = this->queued_dataset();
  const std::string never_started = this->queued_dataset();
  {
    ControlledRunner control;
    DatasetQueue queue(this->store(), control.runner(), {}, 1, this->clock_);
    queue.enqueue(interrupted);
    queue.enqueue(never_started);
    ASSERT_TRUE(eventually([&] { return control.started == 1; }));
  }  // shutdown mid-build
  EXPECT_EQ(this->record(interrupted).status, DatasetStatus::building);
  EXPECT_EQ(this->record(never_started).status, DatasetStatus::queued);

  ControlledRunner control;
  control.release();
  DatasetQueue restarted(this->store(), control.runner(), {}, 1, this->clock_);
  EXPECT_EQ(restarted.recover(), 2u);
  restarted.wait_idle();
  EXPECT_EQ(this->record(interrupted).status, DatasetStatus::ready);
  EXPECT_EQ(this->record(never_started).status, DatasetStatus::ready);
  EXPECT_EQ(control.order.size(), 2u);
}

}  // namespace
}  // namespace fsvc::test
