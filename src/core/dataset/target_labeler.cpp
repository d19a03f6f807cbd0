#include "core/dataset/target_labeler.hpp"

#include <stdexcept>

namespace fsvc::dataset {

namespace {
constexpr double kMinSigma = 1e-12;
}

double regression_return(double now, double future) {
  return future / now - 1.0;
}

double classify(double r, double threshold) {
  if (r > threshold) return 1.0;
  if (r < -threshold) return -1.0;
  return 0.0;
}

TargetLabeler::TargetLabeler(const TargetConfig& config)
    : config_(config), volatility_(config.volatility_window) {}

void TargetLabeler::push(const PricePoint& row, std::vector<LabeledRow>& out) {
  if (!pending_.empty() && row.t <= pending_.back().t) {
    throw std::invalid_argument("TargetLabeler: rows must come in increasing time");
  }
  while (!pending_.empty() && pending_.front().t + config_.horizon <= row.t) {
    const Waiting& front = pending_.front();
    if (front.t + config_.horizon == row.t) {
      out.push_back(label(front, row));
    } else {
      out.push_back({front.t, std::nullopt, DropReason::no_future_price});
    }
    pending_.pop_front();
  }
  volatility_.add(row.t, row.mid);
  std::optional<double> sigma;
  if (config_.kind == TargetKind::risk_adjusted) sigma = volatility_.sigma(row.t);
  pending_.push_back({row.t, row.mid, sigma});
}

void TargetLabeler::finish(std::vector<LabeledRow>& out) {
  for (const Waiting& row : pending_) out.push_back({row.t, std::nullopt, DropReason::no_future_price});
  pending_.clear();
}

bool TargetLabeler::usable_future(const PricePoint& future) const {
  if (!future.mid || *future.mid <= 0 || !future.last_book_update) return false;
  return future.t - *future.last_book_update <= config_.max_price_staleness;
}

LabeledRow TargetLabeler::label(const Waiting& row, const PricePoint& future) const {
  if (!row.mid || *row.mid <= 0 || !usable_future(future)) {
    return {row.t, std::nullopt, DropReason::no_future_price};
  }
  const double r = regression_return(*row.mid, *future.mid);
  switch (config_.kind) {
    case TargetKind::regression:
      return {row.t, r, DropReason::none};
    case TargetKind::classification:
      return {row.t, classify(r, config_.threshold), DropReason::none};
    case TargetKind::risk_adjusted:
      if (!row.sigma) return {row.t, std::nullopt, DropReason::no_volatility};
      return {row.t, *row.sigma < kMinSigma ? 0.0 : r / *row.sigma, DropReason::none};
  }
  return {row.t, std::nullopt, DropReason::no_future_price};
}

}  // namespace fsvc::dataset
