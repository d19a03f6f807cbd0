#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "core/engine/engine.hpp"
#include "core/engine/event_admission.hpp"
#include "core/engine/online_tick_policy.hpp"
#include "driver/catch_up_buffer.hpp"
#include "driver/engine_warm_up.hpp"
#include "driver/input_source.hpp"
#include "ports/clock.hpp"
#include "ports/event_sink.hpp"
#include "ports/feature_query.hpp"
#include "ports/online_driver_observer.hpp"
#include "ports/raw_journal.hpp"
#include "ports/rejection_log.hpp"
#include "ports/snapshot_requester.hpp"
#include "ports/vector_sink.hpp"

namespace fsvc {

struct OnlineDriverOptions {
  EngineConfig engine;
  AdmissionConfig admission;
  // How often the engine thread re-checks due boundaries when no input arrives, so a quiet feed
  // still gets its vectors.
  std::chrono::milliseconds timer_period{20};
  // Symbols the API knows before their first event (configured ones): 404 "no data yet" rather
  // than "unknown symbol".
  std::vector<std::string> known_symbols;
  // Where ingest_seq numbering starts: after the journal's highest on a restart, so the journal
  // stays one strictly increasing sequence.
  std::uint64_t first_ingest_seq = 1;
  // How often each symbol's book is journaled as a checkpoint snapshot (after the tick of every
  // boundary that is a multiple of it), so that a warm start or a rebuild replays at most the
  // longest lookback plus this much instead of everything since the exchange's last snapshot.
  // 0: never.
  Duration checkpoint_interval = kMicrosPerMinute;
  // How many live inputs a registry switch may have to catch up with after warming its engine
  // (those applied while it replayed the raw store): beyond, the switch is refused, not buffered
  // without end. ~8 minutes of a busy symbol's feed.
  std::size_t switch_catch_up_limit = 250'000;
};

// Where a registry switch (OnlineDriver::switch_engine) took effect, for the journal: every input
// up to `after_ingest_seq` was computed by the engine before it, every later one by the new engine.
struct EngineSwitch {
  std::uint64_t after_ingest_seq = 0;
  // Each symbol's first boundary under the new engine: the next one its tick schedule emits.
  std::map<std::string, Timestamp, std::less<>> first_boundary;
  RestoreReport warm_up;  // what the new engine was warmed from
  // How long the engine thread itself was held (flushing the journal before the warm-up, catching
  // up with the last inputs and installing after it): live inputs wait only that long.
  Duration engine_thread_micros = 0;
};

// Writes an EngineSwitch durably where a rebuild finds it; throws when it cannot (the switch is
// then abandoned and the running engine stays).
using EngineSwitchRecorder = std::function<void(const EngineSwitch&)>;

// Optional collaborators; every pointer may be null and must outlive the driver.
struct OnlineDriverWiring {
  std::vector<VectorSink*> vector_sinks;
  RawJournal* journal = nullptr;
  SnapshotRequester* snapshots = nullptr;
  OnlineDriverObserver* observer = nullptr;
  RejectionLog* rejections = nullptr;  // keeps every refused input (the raw store's rejected/)
};

// Per-symbol state for GET /health.
struct OnlineSymbolStatus {
  std::string symbol;
  std::optional<Timestamp> last_event_time;    // max ts_event applied
  std::optional<Timestamp> last_vector_time;   // last grid boundary emitted
  std::optional<Timestamp> last_arrival_time;  // ts_init of the newest applied event
  std::uint64_t events = 0;
  std::uint64_t desynchronizations = 0;
};

struct OnlineDriverCounters {
  std::uint64_t events = 0;
  std::uint64_t ticks = 0;
  std::uint64_t vectors = 0;
  std::uint64_t late_events = 0;
  std::uint64_t desynchronizations = 0;
  std::uint64_t snapshot_requests = 0;
  std::uint64_t failed_inputs = 0;
  std::uint64_t rejected_events = 0;  // not admitted: duplicates, implausible times
};

// The live loop (features.md §1). Sources call submit() from any thread: under one mutex it
// stamps ingest_seq and ts_init and enqueues, so queue order is ingest order. One engine thread
// drains the queue in batches, applies each input, journals it, requests snapshots on
// desynchronization, and turns due boundaries into Tick inputs that go through the same queue
// (with their own ingest_seq), so the journal replays to exactly what was served.
//
// Reads (latest, symbols) never touch the engine: after each batch the engine thread publishes
// an immutable copy of each touched symbol's latest vector, swapped in under a short lock.
class OnlineDriver final : public EventSink, public FeatureQuery {
 public:
  OnlineDriver(const Clock& clock, OnlineDriverOptions options, OnlineDriverWiring wiring = {});
  ~OnlineDriver() override;
  OnlineDriver(const OnlineDriver&) = delete;
  OnlineDriver& operator=(const OnlineDriver&) = delete;

  // Throws std::logic_error once stop() has begun: a source outliving the driver is a wiring bug.
  std::uint64_t submit(MarketEvent event) override;

  // Warm start, before the first submit(): the engine thread consumes `journal` (the raw store's
  // inputs in ingest_seq order, ticks included) exactly as it consumed them live, but journals,
  // publishes and requests nothing, so the book (and its `u`), the windows, funding and the grid
  // of mids are what they were at the last durable input and the next boundary is the one after
  // the last journaled tick; a DataGap it reports is applied as a rebuild applies it. Returns once
  // done. If `journal` throws, the engine is left cold
  // (as constructed) and the exception is rethrown here.
  RestoreReport restore(const InputSource& journal);
  // A message a source could not decode (`symbol`, `stream`, `reason`, `queue`, `text` filled in,
  // symbol "" when unknown), from any thread: the engine thread counts it in the symbol's quality
  // minutes (a symbol-less one only in rejected/), sets its `minute` and `received` and hands it to
  // the rejection log. Ignored once stop() has begun.
  void reject(RejectedInput input);

  // A live registry switch (registry.md §4). The running engine keeps serving while a new engine
  // computing `config` is warmed on the calling thread: between two batches the engine thread
  // flushes the journal and notes the last applied input, the warm-up replays `warm_up` (the raw
  // store read exactly as restore() reads it) through that input, then applies the inputs the
  // running engine applied meanwhile; back on the engine thread between two batches (no tick
  // pending) it applies the last few, `record` journals where the switch takes effect, and only
  // then does the new engine replace the running one for every symbol at once: each symbol's next
  // boundary is its first under `config`. Returns once done; if the warm-up or `record` throws, the
  // running engine stays and the exception is rethrown here. Throws std::logic_error once stop()
  // has begun, or while another switch runs.
  EngineSwitch switch_engine(EngineConfig config, const InputSource& warm_up,
                             const EngineSwitchRecorder& record);

  std::optional<FeatureVector> latest(std::string_view symbol) const override;
  bool is_known_symbol(std::string_view symbol) const override;
  std::vector<std::string> symbols() const override;

  // Every input with ingest_seq <= this value has been applied and its effect is visible to latest().
  std::uint64_t applied_seq() const { return applied_seq_.load(std::memory_order_acquire); }
  // Every input with ingest_seq <= this value has been applied and, when a journal is wired, is
  // durable in it: a broker message up to it may be acknowledged, since a crash can lose nothing
  // it carried (min(applied_seq, durable_seq)).
  std::uint64_t acknowledgeable_seq() const;
  // Re-check due boundaries now instead of at the next timer period (tests with a manual clock).
  void wake();
  // Drains what is queued, emits what is due, flushes the journal and joins the engine thread.
  // Idempotent.
  void stop();

  OnlineDriverCounters counters() const;
  std::vector<OnlineSymbolStatus> symbol_status() const;
  std::size_t queue_depth() const;

 private:
  struct SymbolRuntime;
  struct Published;
  // An input in the queue; `checkpoint` marks a due book checkpoint, queued as the tick it follows
  // (its own ingest_seq) and built from the book when it is applied.
  struct QueuedInput {
    EngineInput input;
    bool checkpoint = false;
  };

  void run(const std::stop_token& stop);
  RestoreReport replay_restored(const InputSource& journal);
  template <typename Work>
  auto on_engine_thread(Work work) -> decltype(work());
  std::uint64_t begin_warm_up();
  void catch_up(EngineWarmUp& warm);
  EngineSwitch install(EngineWarmUp& warm, const EngineSwitchRecorder& record);
  void apply_guarded(QueuedInput& queued);
  void apply(QueuedInput& queued);
  void apply_event(const MarketEvent& event);
  void count_refusal(const MarketEvent& event, Admission why);
  void apply_rejection(RejectedInput& input);
  void apply_tick(const Tick& tick);
  void apply_checkpoint(const Tick& due);
  SymbolRuntime& runtime_of(const Symbol& symbol);
  void publish_touched();
  void publish_quality();
  void schedule_due_ticks();
  void flush_journal();

  const Clock& clock_;
  OnlineDriverOptions options_;
  OnlineDriverWiring wiring_;
  Engine engine_;             // engine thread only
  EventAdmission admission_;  // engine thread only

  // Ingest side.
  mutable std::mutex queue_mutex_;
  std::condition_variable_any queue_cv_;
  std::deque<QueuedInput> queue_;
  std::vector<RejectedInput> rejections_;  // undecodable messages, counted before the next batch
  std::packaged_task<RestoreReport()>* restore_task_ = nullptr;  // set by restore(), run once
  std::packaged_task<void()>* engine_task_ = nullptr;            // run between two batches (on_engine_thread)
  bool switching_ = false;                                       // a switch_engine() is under way
  std::uint64_t next_seq_;
  std::stop_token stopping_;  // the engine thread's, read under queue_mutex_ to refuse inputs
  bool wake_requested_ = false;

  // Engine thread state.
  std::map<std::string, std::unique_ptr<SymbolRuntime>, std::less<>> runtimes_;
  std::vector<SymbolRuntime*> touched_;
  CatchUpBuffer catch_up_;  // what the engine applies while a switch warms its engine

  // Read side.
  mutable std::mutex published_mutex_;
  std::map<std::string, std::shared_ptr<const Published>, std::less<>> published_;

  std::atomic<std::uint64_t> applied_seq_{0};
  std::atomic<std::uint64_t> events_{0}, ticks_{0}, vectors_{0}, late_{0}, desyncs_{0}, snapshot_requests_{0},
      failed_{0}, rejected_{0};
  std::jthread thread_;
  std::once_flag stopped_;
};

}  // namespace fsvc
