#include "core/dataset/leakage_audit.hpp"

namespace fsvc::dataset {

LeakageAudit::LeakageAudit(const SplitPlan& plan) : plan_(plan), stats_(plan.segments.size()) {}

void LeakageAudit::record(Timestamp t, const Placement& placement) {
  SegmentStats& s = stats_[placement.segment];
  const Segment& segment = plan_.segments[placement.segment];
  switch (placement.fate) {
    case RowFate::purged:
      ++s.purged;
      return;
    case RowFate::embargoed:
      ++s.embargoed;
      return;
    case RowFate::kept:
      break;
  }
  ++s.kept;
  if (!s.first_kept) s.first_kept = t;
  s.last_kept = t;
  if (plan_.random) return;
  if (t + plan_.horizon >= segment.period.end) ++s.kept_crossing_end;
  if (segment.follows_another && t < segment.period.start + plan_.embargo) ++s.kept_inside_embargo;
}

namespace {

// The segments `after` follows: for walk-forward each fold's validation follows its own train and
// the test set follows the last validation; otherwise the previous segment.
std::vector<std::pair<std::size_t, std::size_t>> boundaries_of(const SplitPlan& plan) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 1; i < plan.segments.size(); ++i) {
    if (!plan.segments[i].follows_another) continue;
    pairs.emplace_back(i - 1, i);
  }
  return pairs;
}

}  // namespace

LeakageReport LeakageAudit::finish() const {
  LeakageReport report;
  if (plan_.random) {
    report.passed = false;
    report.warning =
        "random split: rows of every split are drawn from the same period, so targets of one split read "
        "prices that are features of another (leaks across time); for testing only";
    report.checks.push_back({"time_separation", false, "random splits are not separated in time"});
    return report;
  }
  std::int64_t crossing = 0;
  std::int64_t inside_embargo = 0;
  for (const SegmentStats& s : stats_) {
    crossing += s.kept_crossing_end;
    inside_embargo += s.kept_inside_embargo;
  }
  report.checks.push_back(
      {"purge", crossing == 0,
       std::to_string(crossing) + " kept rows with a target window reaching their split's end"});
  report.checks.push_back(
      {"embargo", inside_embargo == 0, std::to_string(inside_embargo) + " kept rows inside an embargo"});

  bool ordered = true;
  bool separated = true;
  for (const auto& [before, after] : boundaries_of(plan_)) {
    const Segment& b = plan_.segments[before];
    const Segment& a = plan_.segments[after];
    BoundaryReport boundary{segment_name(b) + "->" + segment_name(a),
                            before,
                            after,
                            stats_[before].purged,
                            stats_[after].embargoed,
                            std::nullopt};
    if (b.period.end > a.period.start) ordered = false;
    if (stats_[before].last_kept && stats_[after].first_kept) {
      boundary.min_gap = *stats_[after].first_kept - (*stats_[before].last_kept + plan_.horizon);
      if (*boundary.min_gap <= 0) separated = false;
    }
    report.boundaries.push_back(std::move(boundary));
  }
  report.checks.push_back({"periods_ordered", ordered, "each split ends at or before the next one starts"});
  report.checks.push_back({"target_before_next_split", separated,
                           "the last target time of a split is before the first feature time of the next"});
  for (const LeakageCheck& check : report.checks) report.passed = report.passed && check.passed;
  return report;
}

}  // namespace fsvc::dataset
