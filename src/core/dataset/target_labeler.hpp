#pragma once

#include <deque>
#include <optional>
#include <vector>

#include "core/dataset/dataset_request.hpp"
#include "core/dataset/past_volatility.hpp"

namespace fsvc::dataset {

// The price a grid row offers: its as-of mid (null while the book is desynchronized) and the time
// of the book's last update at or before the row.
struct PricePoint {
  Timestamp t = 0;
  std::optional<double> mid{};
  std::optional<Timestamp> last_book_update{};
};

enum class DropReason { none, no_future_price, no_volatility };

// A row whose target is decided: a value, or the reason it has none.
struct LabeledRow {
  Timestamp t = 0;
  std::optional<double> target{};
  DropReason reason = DropReason::none;
};

// The target of a row from m(t) and m(t + h) (datasets.md §2).
double regression_return(double now, double future);
double classify(double r, double threshold);

// Labels rows in time order with a look-ahead of the horizon: a row leaves once the row at exactly
// t + h has been seen (its target from that row's price, when fresh and synchronized) or passed
// (no such row: dropped, never filled from a later price). Rows leave in the order they came, so
// the caller keeps their payload in a queue of its own beside this one.
class TargetLabeler {
 public:
  explicit TargetLabeler(const TargetConfig& config);

  // Rows in strictly increasing time; appends the rows decided by this one to `out`.
  void push(const PricePoint& row, std::vector<LabeledRow>& out);
  // The input ended: every waiting row has no future price.
  void finish(std::vector<LabeledRow>& out);
  std::size_t pending() const { return pending_.size(); }

 private:
  struct Waiting {
    Timestamp t;
    std::optional<double> mid;
    std::optional<double> sigma;
  };
  LabeledRow label(const Waiting& row, const PricePoint& future) const;
  bool usable_future(const PricePoint& future) const;

  TargetConfig config_;
  PastVolatility volatility_;
  std::deque<Waiting> pending_;
};

}  // namespace fsvc::dataset
