#include "driver/dataset_builder.hpp"

#include <algorithm>
#include <deque>

#include "core/book/snapshot_origin.hpp"
#include "core/dataset/target_labeler.hpp"
#include "driver/range_replay.hpp"

namespace fsvc {

namespace {

using dataset::DropReason;
using dataset::LabeledRow;
using dataset::Placement;
using dataset::RowFate;

constexpr std::uint64_t kCheckEvery = 4096;

// The time of the book's last market update at or before a time, from the book inputs seen so
// far (checkpoints restate the book and are no update). Queries come in non-decreasing time, so
// older entries are dropped as soon as a later one answers.
class BookUpdateTimes {
 public:
  void add(Timestamp t) {
    if (times_.empty() || t >= times_.back()) {
      times_.push_back(t);
    } else {
      times_.insert(std::upper_bound(times_.begin(), times_.end(), t), t);
    }
  }

  std::optional<Timestamp> at_or_before(Timestamp t) {
    while (times_.size() >= 2 && times_[1] <= t) times_.pop_front();
    if (times_.empty() || times_.front() > t) return std::nullopt;
    return times_.front();
  }

 private:
  std::deque<Timestamp> times_;
};

Timestamp time_of(const EngineInput& input) {
  if (const auto* tick = std::get_if<Tick>(&input)) return tick->boundary;
  return header_of(std::get<MarketEvent>(input)).ts_event;
}

std::size_t mid_slot(const EngineConfig& config) {
  const auto layout = FeatureLayout::of(config.registry);
  const auto slot = layout->slot_of("mid_price");
  if (!slot) {
    throw std::invalid_argument("registry " + config.registry.version +
                                " has no mid_price feature: the dataset's targets read it");
  }
  return *slot;
}

// Grid vectors in, labelled and placed rows out to the writer.
class RowPipeline final : public VectorSink {
 public:
  RowPipeline(const DatasetBuildSpec& spec, DatasetWriter& writer, BookUpdateTimes& book)
      : spec_(spec),
        writer_(writer),
        book_(book),
        mid_slot_(mid_slot(spec.config)),
        labeler_(spec.request.target),
        audit_(spec.plan) {
    stats_.vectors_per_segment.assign(spec.plan.segments.size(), 0);
    stats_.rows_per_segment.assign(spec.plan.segments.size(), 0);
  }

  void on_vector(const FeatureVector& vector) override {
    ++stats_.vectors;
    const auto& segments = spec_.plan.segments;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (segments[i].period.contains(vector.as_of)) ++stats_.vectors_per_segment[i];
    }
    waiting_.push_back(vector);
    labeler_.push({vector.as_of, vector.at(mid_slot_), book_.at_or_before(vector.as_of)}, labeled_);
    drain();
  }

  DatasetBuildStats finish() {
    labeler_.finish(labeled_);
    drain();
    skip_small_folds();
    stats_.leakage = audit_.finish();
    return std::move(stats_);
  }

 private:
  void drain() {
    for (const LabeledRow& row : labeled_) {
      place(row, waiting_.front());
      waiting_.pop_front();
    }
    labeled_.clear();
  }

  void place(const LabeledRow& row, const FeatureVector& vector) {
    if (row.t >= spec_.plan.rows.end) return;  // a price for earlier targets only
    if (!row.target) {
      ++(row.reason == DropReason::no_volatility ? stats_.dropped_no_volatility
                                                 : stats_.dropped_no_future_price);
      return;
    }
    if (spec_.request.missing_rows == dataset::MissingRows::drop && has_nulls(vector)) return;
    ++stats_.rows_with_target;
    if (!stats_.first_row) stats_.first_row = row.t;
    stats_.last_row = row.t;
    dataset::assign_row(spec_.plan, row.t, placements_);
    if (placements_.empty()) ++stats_.outside_splits;
    for (const Placement& placement : placements_) {
      audit_.record(row.t, placement);
      if (placement.fate != RowFate::kept) continue;
      writer_.write(placement.segment, vector, *row.target);
      ++stats_.rows_per_segment[placement.segment];
    }
  }

  // Counts a row with nulls once, and each of its null features.
  bool has_nulls(const FeatureVector& vector) {
    const std::size_t n = vector.size();
    bool any = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (vector.present.test(i)) continue;
      ++stats_.missing_by_feature[vector.keys().names[i]];
      any = true;
    }
    if (any) ++stats_.dropped_missing_features;
    return any;
  }

  void skip_small_folds() {
    if (!spec_.request.walk_forward) return;
    const auto min_rows = static_cast<std::uint64_t>(spec_.request.walk_forward->min_train_samples);
    const auto& segments = spec_.plan.segments;
    for (std::size_t i = 0; i + 1 < segments.size(); ++i) {
      if (segments[i].fold < 0 || segments[i].split != dataset::SplitName::train) continue;
      if (stats_.rows_per_segment[i] >= min_rows) continue;
      stats_.skipped_folds.push_back(segments[i].fold);
      stats_.skipped_segments.push_back(i);
      stats_.skipped_segments.push_back(i + 1);  // the fold's validation
    }
  }

  const DatasetBuildSpec& spec_;
  DatasetWriter& writer_;
  BookUpdateTimes& book_;
  std::size_t mid_slot_;
  dataset::TargetLabeler labeler_;
  dataset::LeakageAudit audit_;
  std::deque<FeatureVector> waiting_;  // beside the labeler's queue, in the same order
  std::vector<LabeledRow> labeled_;
  std::vector<Placement> placements_;
  DatasetBuildStats stats_;
};

}  // namespace

DatasetBuildStats build_dataset(const DatasetBuildSpec& spec, const InputSource& source,
                                DatasetWriter& writer, const DatasetProgress& progress,
                                std::stop_token stop) {
  BookUpdateTimes book;
  RowPipeline rows(spec, writer, book);
  std::uint64_t inputs = 0;
  const double span = static_cast<double>(std::max<Duration>(spec.read_to - spec.read_from, 1));
  const auto observed = [&](const InputCallback& deliver, const GapCallback& gap) {
    source(
        [&](EngineInput&& input) {
          if (++inputs % kCheckEvery == 0) {
            if (stop.stop_requested()) throw DatasetBuildCancelled("dataset build cancelled");
            if (progress) {
              const double read = static_cast<double>(time_of(input) - spec.read_from) / span;
              progress(std::clamp(read, 0.0, 1.0));
            }
          }
          if (const auto* event = std::get_if<MarketEvent>(&input)) {
            if (const auto* update = std::get_if<BookUpdate>(event)) {
              if (!is_checkpoint_id(update->header.event_id.view())) book.add(update->header.ts_event);
            }
          }
          deliver(std::move(input));
        },
        gap);
  };
  const Timestamp last_vector = spec.plan.rows.end + spec.request.target.horizon - 1;
  replay_range(spec.config, {spec.ticks, spec.plan.rows.start, last_vector}, observed, rows);
  if (stop.stop_requested()) throw DatasetBuildCancelled("dataset build cancelled");
  DatasetBuildStats stats = rows.finish();
  stats.inputs = inputs;
  if (progress) progress(1.0);
  return stats;
}

}  // namespace fsvc
