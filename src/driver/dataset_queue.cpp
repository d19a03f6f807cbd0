#include "driver/dataset_queue.hpp"

#include <algorithm>
#include <exception>

namespace fsvc {

namespace {
constexpr double kProgressStep = 0.01;  // store writes at most once per percent
}

DatasetQueue::DatasetQueue(MetadataStore& store, DatasetRunner runner, DatasetFinished finished,
                           std::size_t concurrency, const Clock& clock)
    : store_(store), runner_(std::move(runner)), finished_(std::move(finished)), clock_(clock) {
  for (std::size_t i = 0; i < std::max<std::size_t>(concurrency, 1); ++i) {
    workers_.emplace_back([this](std::stop_token stop) { work(stop); });
  }
}

DatasetQueue::~DatasetQueue() {
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    for (auto& [id, source] : running_) source.request_stop();
  }
  for (auto& worker : workers_) worker.request_stop();
  changed_.notify_all();
  workers_.clear();  // joins
}

std::size_t DatasetQueue::recover() {
  std::vector<DatasetRecord> left;
  for (DatasetStatus status : {DatasetStatus::building, DatasetStatus::queued}) {
    DatasetFilter filter;
    filter.status = status;
    filter.limit = 100'000;
    for (auto& record : store_.list_datasets(filter)) left.push_back(std::move(record));
  }
  // Oldest first, as they were submitted.
  std::sort(left.begin(), left.end(),
            [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
  for (const DatasetRecord& record : left) {
    DatasetUpdate update;
    update.status = DatasetStatus::queued;
    update.progress = 0.0;
    store_.update_dataset(record.id, update);
    enqueue(record.id);
  }
  return left.size();
}

void DatasetQueue::enqueue(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    queued_.push_back(id);
  }
  changed_.notify_all();
}

bool DatasetQueue::cancel(const std::string& id) {
  std::unique_lock lock(mutex_);
  const auto queued = std::find(queued_.begin(), queued_.end(), id);
  if (queued != queued_.end()) {
    queued_.erase(queued);
    lock.unlock();
    DatasetUpdate update;
    update.status = DatasetStatus::cancelled;
    update.completed_at = clock_.now();
    store_.update_dataset(id, update);
    changed_.notify_all();
    return true;
  }
  const auto running = running_.find(id);
  if (running == running_.end()) return false;
  cancelled_[id] = true;
  running->second.request_stop();
  changed_.wait(lock, [&] { return running_.count(id) == 0; });
  return true;
}

void DatasetQueue::wait_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queued_.empty() && running_.empty(); });
}

void DatasetQueue::work(std::stop_token stop) {
  while (true) {
    std::string id;
    {
      std::unique_lock lock(mutex_);
      if (!changed_.wait(lock, stop, [&] { return !queued_.empty(); })) return;
      id = queued_.front();
      queued_.pop_front();
      running_[id] = std::stop_source();
    }
    run(id);
    {
      std::lock_guard lock(mutex_);
      running_.erase(id);
      cancelled_.erase(id);
    }
    changed_.notify_all();
  }
}

void DatasetQueue::run(const std::string& id) {
  std::stop_token stop;
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_) return;
    stop = running_[id].get_token();
  }
  std::optional<DatasetRecord> record;
  try {
    record = store_.get_dataset(id);
  } catch (const std::exception&) {
    record.reset();
  }
  if (!record || record->status != DatasetStatus::queued) return;  // deleted or finished meanwhile
  const Timestamp started = clock_.now();
  DatasetUpdate building;
  building.status = DatasetStatus::building;
  building.progress = 0.0;
  store_.update_dataset(id, building);
  double last = 0.0;
  try {
    const DatasetOutcome outcome = runner_(
        *record, [&](double fraction) { report_progress(id, fraction, started, last); }, stop);
    DatasetUpdate ready;
    ready.status = DatasetStatus::ready;
    ready.progress = 100.0;
    ready.completed_at = clock_.now();
    ready.estimated_completion = ready.completed_at;
    ready.train_records = outcome.train_records;
    ready.validation_records = outcome.validation_records;
    ready.test_records = outcome.test_records;
    ready.storage_path = outcome.storage_path;
    ready.leakage_report = outcome.leakage_report;
    finish(id, ready, true);
  } catch (const std::exception& e) {
    // A shutdown stops the build as a cancel does; which of the two it was decides the status.
    bool cancelled = false;
    {
      std::lock_guard lock(mutex_);
      cancelled = cancelled_.count(id) != 0;
      if (!cancelled && shutting_down_) return;  // recover() restarts it on the next start
    }
    DatasetUpdate failed;
    failed.status = cancelled ? DatasetStatus::cancelled : DatasetStatus::failed;
    failed.completed_at = clock_.now();
    if (!cancelled) failed.error_message = e.what();
    finish(id, failed, !cancelled);
  }
}

void DatasetQueue::report_progress(const std::string& id, double fraction, Timestamp started, double& last) {
  if (fraction < last + kProgressStep && fraction < 1.0) return;
  last = fraction;
  DatasetUpdate update;
  update.progress = std::clamp(fraction * 100.0, 0.0, 100.0);
  if (fraction > 0) {
    const Timestamp now = clock_.now();
    update.estimated_completion =
        now + static_cast<Duration>(static_cast<double>(now - started) * (1 - fraction) / fraction);
  }
  try {
    store_.update_dataset(id, update);
  } catch (const MetadataUnavailable&) {
    // Progress is advisory: the build goes on while the database is away.
  }
}

void DatasetQueue::finish(const std::string& id, const DatasetUpdate& update, bool announce) {
  try {
    store_.update_dataset(id, update);
    if (announce && finished_) {
      if (auto record = store_.get_dataset(id)) finished_(*record);
    }
  } catch (const std::exception&) {
    // The store is away: the record stays `building` and recover() rebuilds it on the next start.
  }
}

}  // namespace fsvc
