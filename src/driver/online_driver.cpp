#include "driver/online_driver.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>

#include "core/book/snapshot_origin.hpp"
#include "driver/refused_input.hpp"

namespace fsvc {

namespace {

Duration steady_micros_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

struct OnlineDriver::SymbolRuntime {
  SymbolRuntime(const Symbol& s, const EngineConfig& config) : symbol(s), policy(config) {
    status.symbol = s.str();
  }

  // Exchange-to-arrival delay, smoothed: wall clock minus this is the exchange time the feed has
  // reached, which lets boundaries of a quiet feed come due without waiting for its next event.
  void observe_delay(Duration delay) {
    constexpr Duration kSmoothing = 8;
    delay_estimate = delay_estimate ? *delay_estimate + (delay - *delay_estimate) / kSmoothing : delay;
  }

  Symbol symbol;
  OnlineTickPolicy policy;
  std::optional<Duration> delay_estimate;
  OnlineSymbolStatus status;
  bool touched = false;
};

struct OnlineDriver::Published {
  std::optional<FeatureVector> latest;
  OnlineSymbolStatus status;
};

OnlineDriver::OnlineDriver(const Clock& clock, OnlineDriverOptions options, OnlineDriverWiring wiring)
    : clock_(clock),
      options_(std::move(options)),
      wiring_(std::move(wiring)),
      engine_(options_.engine),
      admission_(options_.admission),
      next_seq_(std::max<std::uint64_t>(options_.first_ingest_seq, 1)),
      catch_up_(options_.switch_catch_up_limit) {
  applied_seq_.store(next_seq_ - 1, std::memory_order_relaxed);
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  stopping_ = thread_.get_stop_token();
}

OnlineDriver::~OnlineDriver() {
  stop();
}

std::uint64_t OnlineDriver::submit(MarketEvent event) {
  EventHeader& header = header_of(event);
  std::uint64_t seq = 0;
  bool was_empty = false;
  {
    const std::lock_guard lock(queue_mutex_);
    if (stopping_.stop_requested()) {
      throw std::logic_error("online driver is stopping: event for " + header.symbol.str() + " refused");
    }
    seq = next_seq_++;
    header.ingest_seq = seq;
    header.ts_init = clock_.now();
    was_empty = queue_.empty();
    queue_.push_back(QueuedInput{std::move(event)});
  }
  // The engine thread waits only for an empty queue to become non-empty (it takes the whole queue
  // at once), so only that transition needs a wake-up; the others would be futex calls for nothing.
  if (was_empty) queue_cv_.notify_one();
  return seq;
}

void OnlineDriver::reject(RejectedInput input) {
  bool was_empty = false;
  {
    const std::lock_guard lock(queue_mutex_);
    if (stopping_.stop_requested()) return;
    input.received = clock_.now();
    was_empty = queue_.empty() && rejections_.empty();
    rejections_.push_back(std::move(input));
  }
  if (was_empty) queue_cv_.notify_one();
}

RestoreReport OnlineDriver::restore(const InputSource& journal) {
  std::packaged_task<RestoreReport()> task([&] { return replay_restored(journal); });
  std::future<RestoreReport> done = task.get_future();
  {
    const std::lock_guard lock(queue_mutex_);
    if (stopping_.stop_requested() || restore_task_ != nullptr ||
        next_seq_ != std::max<std::uint64_t>(options_.first_ingest_seq, 1)) {
      throw std::logic_error("online driver: restore() must come once, before the first input");
    }
    restore_task_ = &task;
  }
  queue_cv_.notify_one();
  return done.get();
}

// On the engine thread. The one exception to "nothing leaves" is each symbol's newest vector,
// which may not have left before the crash. The admission gate learns every replayed event, so a
// redelivered copy of one is a duplicate, as it would have been without the restart (the driver's
// own checkpoints never passed the gate).
RestoreReport OnlineDriver::replay_restored(const InputSource& journal) {
  EngineWarmUp warm(options_.engine);
  try {
    warm.replay(journal, std::numeric_limits<std::uint64_t>::max(), [this](const MarketEvent& event) {
      if (!is_checkpoint_id(header_of(event).event_id.view())) admission_.recall(event);
    });
  } catch (...) {
    admission_ = EventAdmission(options_.admission);  // half a restore is worse than none: start cold
    throw;
  }
  engine_ = std::move(warm.engine());
  for (auto& [name, state] : warm.symbols()) {
    SymbolRuntime& runtime = runtime_of(state.symbol);
    runtime.policy = std::move(state.policy);
    runtime.status.last_event_time = state.last_event_time;
    runtime.status.last_vector_time = state.last_vector_time;
    runtime.touched = true;
  }
  publish_touched();
  RestoreReport report = warm.report();
  for (const auto& [symbol, vector] : warm.newest()) {
    for (VectorSink* sink : wiring_.vector_sinks) sink->on_vector(vector);
    ++report.republished;
  }
  return report;
}

// Runs `work` on the engine thread between two batches and returns what it returns (or rethrows).
template <typename Work>
auto OnlineDriver::on_engine_thread(Work work) -> decltype(work()) {
  std::optional<decltype(work())> result;
  std::packaged_task<void()> task([&] { result.emplace(work()); });
  std::future<void> done = task.get_future();
  {
    const std::lock_guard lock(queue_mutex_);
    if (stopping_.stop_requested())
      throw std::logic_error("online driver is stopping: registry switch refused");
    engine_task_ = &task;
  }
  queue_cv_.notify_one();
  done.get();
  return std::move(*result);
}

EngineSwitch OnlineDriver::switch_engine(EngineConfig config, const InputSource& warm_up,
                                         const EngineSwitchRecorder& record) {
  {
    const std::lock_guard lock(queue_mutex_);
    if (stopping_.stop_requested())
      throw std::logic_error("online driver is stopping: registry switch refused");
    if (switching_) throw std::logic_error("online driver: one registry switch at a time");
    switching_ = true;
  }
  struct Done {
    OnlineDriver& driver;
    ~Done() {
      driver.catch_up_.stop();
      const std::lock_guard lock(driver.queue_mutex_);
      driver.switching_ = false;
    }
  } done{*this};
  Duration held = 0;
  const std::uint64_t through = on_engine_thread([&] {
    const auto started = std::chrono::steady_clock::now();
    const std::uint64_t applied = begin_warm_up();
    held += steady_micros_since(started);
    return applied;
  });
  // Here, not on the engine thread: live vectors go on while the journal is replayed.
  EngineWarmUp warm(std::move(config));
  warm.replay(warm_up, through);
  catch_up(warm);
  EngineSwitch point = on_engine_thread([&] {
    const auto started = std::chrono::steady_clock::now();
    EngineSwitch installed = install(warm, record);
    held += steady_micros_since(started);
    return installed;
  });
  point.engine_thread_micros = held;
  return point;
}

// On the engine thread between two batches: everything applied so far is made durable, so that
// the warm-up's read of the journal holds it, and everything applied from now on is kept for the
// catch-up. Returns the last input the replay is to apply.
std::uint64_t OnlineDriver::begin_warm_up() {
  if (wiring_.journal) wiring_.journal->flush();
  catch_up_.start();
  return applied_seq();
}

// Off the engine thread: applies what the running engine applied since begin_warm_up(), a few
// rounds while much keeps arriving, so that the engine thread is left only the last few inputs.
void OnlineDriver::catch_up(EngineWarmUp& warm) {
  constexpr int kRounds = 8;
  constexpr std::size_t kFew = 64;
  for (int round = 0; round < kRounds; ++round) {
    const std::vector<EngineInput> inputs = catch_up_.take();
    for (const EngineInput& input : inputs) warm.apply(input);
    if (inputs.size() < kFew) return;
  }
}

// On the engine thread, right after a batch: every tick queued so far is applied, so once the
// warm engine has caught up with the last inputs, each symbol's next boundary is the first the new
// engine computes. The running engine is untouched until the journal record has succeeded.
EngineSwitch OnlineDriver::install(EngineWarmUp& warm, const EngineSwitchRecorder& record) {
  for (const EngineInput& input : catch_up_.take()) warm.apply(input);
  catch_up_.stop();
  EngineSwitch point;
  point.after_ingest_seq = applied_seq();
  point.warm_up = warm.report();
  // A symbol with state the warm-up did not reach would switch cold: refused rather than served
  // incomplete. One without any event keeps its schedule (there is nothing to warm).
  auto& replayed = warm.symbols();
  for (const auto& [name, runtime] : runtimes_) {
    if (runtime->status.last_event_time && replayed.count(name) == 0)
      throw std::runtime_error("the warm-up from the raw store returned nothing for " + name);
  }
  const auto schedule_of = [&](const std::string& name, SymbolRuntime& runtime) -> OnlineTickPolicy& {
    const auto state = replayed.find(name);
    return state != replayed.end() ? state->second.policy : runtime.policy;
  };
  for (auto& [name, runtime] : runtimes_) {
    if (const std::optional<Timestamp> next = schedule_of(name, *runtime).next_boundary())
      point.first_boundary.emplace(name, *next);
  }
  record(point);
  for (auto& [name, runtime] : runtimes_) runtime->policy = std::move(schedule_of(name, *runtime));
  options_.engine = warm.config();
  // The replaced engine goes to `warm`, to be freed on the calling thread: an hour of history is
  // millions of records, a tenth of a second not spent holding live inputs.
  std::swap(engine_, warm.engine());
  return point;
}

void OnlineDriver::wake() {
  {
    const std::lock_guard lock(queue_mutex_);
    wake_requested_ = true;
  }
  queue_cv_.notify_one();
}

void OnlineDriver::stop() {
  std::call_once(stopped_, [this] {
    {
      // Under the queue's lock: an input is either queued before the stop, and applied, or refused.
      const std::lock_guard lock(queue_mutex_);
      thread_.request_stop();
    }
    thread_.join();
  });
}

void OnlineDriver::run(const std::stop_token& stop) {
  std::deque<QueuedInput> batch;
  std::vector<RejectedInput> rejections;
  for (;;) {
    bool stopping = false;
    std::packaged_task<RestoreReport()>* restore = nullptr;
    std::packaged_task<void()>* engine_task = nullptr;
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait_for(lock, stop, options_.timer_period, [this] {
        return !queue_.empty() || !rejections_.empty() || wake_requested_ || restore_task_ != nullptr ||
               engine_task_ != nullptr;
      });
      rejections.swap(rejections_);
      wake_requested_ = false;
      restore = std::exchange(restore_task_, nullptr);
      engine_task = std::exchange(engine_task_, nullptr);
      batch.swap(queue_);
      stopping = stop.stop_requested();
    }
    if (restore != nullptr) (*restore)();  // its exception reaches restore()'s caller
    for (RejectedInput& rejected : rejections) apply_rejection(rejected);
    rejections.clear();
    for (QueuedInput& queued : batch) apply_guarded(queued);
    publish_touched();
    publish_quality();
    if (!batch.empty()) applied_seq_.store(ingest_seq_of(batch.back().input), std::memory_order_release);
    batch.clear();
    if (engine_task != nullptr) (*engine_task)();  // its exception reaches on_engine_thread()'s caller
    schedule_due_ticks();
    if (stopping) {
      const std::lock_guard lock(queue_mutex_);
      if (queue_.empty() && engine_task_ == nullptr) break;
    }
  }
  flush_journal();
}

// Closed data-quality minutes go to the observer (live counters, /health); without one they are
// left to the tracker, which keeps only the last hour.
void OnlineDriver::publish_quality() {
  if (!wiring_.observer) return;
  std::vector<QualityMinute> closed = engine_.take_closed_quality();
  if (!closed.empty()) wiring_.observer->on_quality_minutes(std::move(closed));
}

// The engine thread must end normally even when the journal's last write fails (disk full, a
// folder removed under it): the failure is reported, and durable_seq() still tells what is on disk.
void OnlineDriver::flush_journal() {
  if (!wiring_.journal) return;
  try {
    wiring_.journal->flush();
  } catch (const std::exception& e) {
    failed_.fetch_add(1, std::memory_order_relaxed);
    if (wiring_.observer) {
      wiring_.observer->on_input_failed(applied_seq(), std::string("raw journal flush failed: ") + e.what());
    }
  }
}

// One bad input must not take the live service down: it is counted and reported, the rest goes on.
void OnlineDriver::apply_guarded(QueuedInput& queued) {
  try {
    apply(queued);
  } catch (const std::exception& e) {
    failed_.fetch_add(1, std::memory_order_relaxed);
    if (wiring_.observer) wiring_.observer->on_input_failed(ingest_seq_of(queued.input), e.what());
  }
}

void OnlineDriver::apply(QueuedInput& queued) {
  if (auto* tick = std::get_if<Tick>(&queued.input)) {
    if (queued.checkpoint) {
      apply_checkpoint(*tick);
    } else {
      apply_tick(*tick);
    }
  } else {
    apply_event(std::get<MarketEvent>(queued.input));
  }
}

void OnlineDriver::apply_event(const MarketEvent& event) {
  const EventHeader& header = header_of(event);
  // The journal remembers what it stored before a restart, the admission only what came since:
  // an event either refuses is neither applied nor journaled, so the journal replays to exactly
  // what was served.
  Admission admission = Admission::duplicate;
  if (!wiring_.journal || !wiring_.journal->is_duplicate(event)) admission = admission_.admit(event);
  if (admission != Admission::accepted) {
    count_refusal(event, admission);
    rejected_.fetch_add(1, std::memory_order_relaxed);
    if (wiring_.observer) wiring_.observer->on_event_rejected(event, admission);
    return;
  }
  SymbolRuntime& runtime = runtime_of(header.symbol);
  if (wiring_.journal) wiring_.journal->append(event);
  catch_up_.record(event);
  const EventOutcome outcome = engine_.on_event(event);
  runtime.policy.observe_event(header.ts_event);
  runtime.observe_delay(header.ts_init - header.ts_event);

  OnlineSymbolStatus& status = runtime.status;
  status.last_event_time = std::max(status.last_event_time.value_or(header.ts_event), header.ts_event);
  status.last_arrival_time = header.ts_init;
  ++status.events;
  runtime.touched = true;
  events_.fetch_add(1, std::memory_order_relaxed);
  if (outcome.late) late_.fetch_add(1, std::memory_order_relaxed);
  if (outcome.desynchronized) {
    ++status.desynchronizations;
    desyncs_.fetch_add(1, std::memory_order_relaxed);
    if (wiring_.snapshots) {
      wiring_.snapshots->request_snapshot(header.symbol, header.ts_event);
      snapshot_requests_.fetch_add(1, std::memory_order_relaxed);
    }
  }
  if (wiring_.observer) wiring_.observer->on_event_applied(event, outcome);
}

// A refusal is a data-quality anomaly (a repeated trade id, also a broker's redelivery of what
// the journal holds: the same trade twice either way; an implausible time), kept in rejected/ too
// so that a report counted from the raw store counts it in the same minute.
void OnlineDriver::count_refusal(const MarketEvent& event, Admission why) {
  const std::optional<Timestamp> minute = engine_.on_refused(event, why);
  if (wiring_.rejections) wiring_.rejections->record(refused_input(event, why, minute));
}

void OnlineDriver::apply_rejection(RejectedInput& input) {
  Symbol symbol;
  std::optional<Timestamp> minute;
  if (input.stream && symbol.assign(input.symbol) && !symbol.empty()) {
    minute = engine_.on_rejected_message(symbol, *input.stream, input.reason);
  }
  input.counted = minute.has_value();
  input.minute = minute.value_or(floor_to(input.received, kMicrosPerMinute));
  if (wiring_.rejections) wiring_.rejections->record(std::move(input));
}

void OnlineDriver::apply_tick(const Tick& tick) {
  SymbolRuntime& runtime = runtime_of(tick.symbol);
  if (wiring_.journal) wiring_.journal->append(tick);
  catch_up_.record(tick);
  const auto started = std::chrono::steady_clock::now();
  const std::optional<FeatureVector> vector = engine_.on_tick(tick);
  const Duration latency = steady_micros_since(started);
  ticks_.fetch_add(1, std::memory_order_relaxed);
  if (!vector) return;
  vectors_.fetch_add(1, std::memory_order_relaxed);
  runtime.status.last_vector_time = tick.boundary;
  runtime.touched = true;
  if (wiring_.observer) wiring_.observer->on_vector_computed(*vector, latency);
  for (VectorSink* sink : wiring_.vector_sinks) sink->on_vector(*vector);
}

// The book as it is now, journaled and consumed like any snapshot, so that the journal still
// replays to exactly what was served. Applying it changes nothing a vector can see; a book that no
// snapshot can restate (desynchronized) gets none, and its ingest_seq stays unused.
void OnlineDriver::apply_checkpoint(const Tick& due) {
  const SymbolEngine* symbol_engine = engine_.find(due.symbol.view());
  if (symbol_engine == nullptr) return;
  std::optional<BookUpdate> checkpoint = symbol_engine->book_checkpoint(due.boundary);
  if (!checkpoint) return;
  checkpoint->header.ingest_seq = due.ingest_seq;
  checkpoint->header.ts_init = clock_.now();
  const MarketEvent event(std::move(*checkpoint));
  if (wiring_.journal) wiring_.journal->append(event);
  catch_up_.record(event);
  engine_.on_event(event);
}

OnlineDriver::SymbolRuntime& OnlineDriver::runtime_of(const Symbol& symbol) {
  auto it = runtimes_.find(symbol.view());
  if (it == runtimes_.end()) {
    it = runtimes_.emplace(symbol.str(), std::make_unique<SymbolRuntime>(symbol, options_.engine)).first;
  }
  if (!it->second->touched) touched_.push_back(it->second.get());
  return *it->second;
}

void OnlineDriver::publish_touched() {
  if (touched_.empty()) return;
  std::vector<std::pair<std::string, std::shared_ptr<const Published>>> fresh;
  fresh.reserve(touched_.size());
  for (SymbolRuntime* runtime : touched_) {
    auto published = std::make_shared<Published>();
    published->latest = engine_.latest(runtime->symbol.view());
    published->status = runtime->status;
    fresh.emplace_back(runtime->status.symbol, std::move(published));
    runtime->touched = false;
  }
  touched_.clear();
  const std::lock_guard lock(published_mutex_);
  for (auto& [symbol, published] : fresh) published_[symbol] = std::move(published);
}

void OnlineDriver::schedule_due_ticks() {
  const Timestamp now = clock_.now();
  std::vector<Tick> ticks;
  std::vector<Timestamp> due;
  for (auto& [name, runtime] : runtimes_) {
    std::optional<Timestamp> corrected_now;
    if (runtime->delay_estimate) corrected_now = now - *runtime->delay_estimate;
    due.clear();
    runtime->policy.due(corrected_now, due);
    for (Timestamp boundary : due) ticks.push_back(Tick{runtime->symbol, boundary, 0});
  }
  if (ticks.empty()) return;
  const Duration every = options_.checkpoint_interval;
  const std::lock_guard lock(queue_mutex_);
  for (Tick& tick : ticks) {
    tick.ingest_seq = next_seq_++;
    queue_.push_back(QueuedInput{tick});
    if (every > 0 && floor_to(tick.boundary, every) == tick.boundary) {
      queue_.push_back(QueuedInput{Tick{tick.symbol, tick.boundary, next_seq_++}, true});
    }
  }
}

std::optional<FeatureVector> OnlineDriver::latest(std::string_view symbol) const {
  std::shared_ptr<const Published> published;
  {
    const std::lock_guard lock(published_mutex_);
    const auto it = published_.find(symbol);
    if (it == published_.end()) return std::nullopt;
    published = it->second;
  }
  return published->latest;
}

bool OnlineDriver::is_known_symbol(std::string_view symbol) const {
  const auto& known = options_.known_symbols;
  if (std::find(known.begin(), known.end(), symbol) != known.end()) return true;
  const std::lock_guard lock(published_mutex_);
  return published_.count(symbol) > 0;
}

std::vector<std::string> OnlineDriver::symbols() const {
  std::vector<std::string> out = options_.known_symbols;
  {
    const std::lock_guard lock(published_mutex_);
    for (const auto& [symbol, published] : published_) out.push_back(symbol);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<OnlineSymbolStatus> OnlineDriver::symbol_status() const {
  std::vector<OnlineSymbolStatus> out;
  for (const std::string& symbol : symbols()) {
    std::shared_ptr<const Published> published;
    {
      const std::lock_guard lock(published_mutex_);
      if (const auto it = published_.find(symbol); it != published_.end()) published = it->second;
    }
    if (published) {
      out.push_back(published->status);
    } else {
      OnlineSymbolStatus waiting;
      waiting.symbol = symbol;
      out.push_back(std::move(waiting));
    }
  }
  return out;
}

OnlineDriverCounters OnlineDriver::counters() const {
  const auto load = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  return {load(events_), load(ticks_),   load(vectors_),
          load(late_),   load(desyncs_), load(snapshot_requests_),
          load(failed_), load(rejected_)};
}

std::size_t OnlineDriver::queue_depth() const {
  const std::lock_guard lock(queue_mutex_);
  return queue_.size();
}

std::uint64_t OnlineDriver::acknowledgeable_seq() const {
  const std::uint64_t applied = applied_seq();
  return wiring_.journal ? std::min(applied, wiring_.journal->durable_seq()) : applied;
}

}  // namespace fsvc
