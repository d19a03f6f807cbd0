#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "ports/clock.hpp"
#include "ports/metadata_store.hpp"

namespace fsvc {

// What a finished build reports back to the queue.
struct DatasetOutcome {
  std::int64_t train_records = 0;
  std::int64_t validation_records = 0;
  std::int64_t test_records = 0;
  std::string storage_path{};
  std::string leakage_report{};  // JSON
};

// Builds one dataset (the app wires run_dataset_job): reports progress as a fraction of the raw
// data read, returns the outcome, throws with the reason it failed. A stop request must end it
// soon (DatasetBuildCancelled or any exception).
using DatasetRunner = std::function<DatasetOutcome(
    const DatasetRecord& record, const std::function<void(double)>& progress, std::stop_token stop)>;
// Told when a build ended ready or failed (features.dataset.ready); not for cancelled ones.
using DatasetFinished = std::function<void(const DatasetRecord& record)>;

// Background dataset builds (datasets.md §5): a FIFO of queued datasets run `concurrency` at a
// time, each one's status, progress and estimated completion kept in the metadata store as it
// goes (queued -> building -> ready | failed | cancelled).
// A build interrupted by shutdown stays `building` in the store; recover() on the next start puts
// every queued or building dataset back in the queue, and since a build publishes its folder in
// one rename, a restarted build starts cleanly from scratch.
class DatasetQueue {
 public:
  DatasetQueue(MetadataStore& store, DatasetRunner runner, DatasetFinished finished, std::size_t concurrency,
               const Clock& clock);
  ~DatasetQueue();  // stops running builds (they stay `building`) and joins the workers
  DatasetQueue(const DatasetQueue&) = delete;
  DatasetQueue& operator=(const DatasetQueue&) = delete;

  // Requeues what a previous process left queued or building; returns how many.
  std::size_t recover();
  // A dataset the store holds as queued.
  void enqueue(const std::string& id);
  // Cancels a queued or running build and waits until it has stopped; the record becomes
  // `cancelled`. False when the queue does not know the id (finished or never queued).
  bool cancel(const std::string& id);
  // Until nothing is queued or running (tests, shutdown of the CLI).
  void wait_idle();

 private:
  void work(std::stop_token stop);
  void run(const std::string& id);
  void report_progress(const std::string& id, double fraction, Timestamp started, double& last);
  void finish(const std::string& id, const DatasetUpdate& update, bool announce);

  MetadataStore& store_;
  DatasetRunner runner_;
  DatasetFinished finished_;
  const Clock& clock_;
  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<std::string> queued_;
  std::map<std::string, std::stop_source> running_;
  std::map<std::string, bool> cancelled_;  // running ids whose stop was a cancel, not a shutdown
  bool shutting_down_ = false;
  std::vector<std::jthread> workers_;
};

}  // namespace fsvc
