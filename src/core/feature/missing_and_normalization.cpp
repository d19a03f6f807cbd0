#include "core/feature/missing_and_normalization.hpp"

namespace fsvc {
namespace {

bool is_default(const FeatureSpec& spec) {
  return spec.missing.kind == MissingPolicy::Kind::null_value &&
         spec.normalization.kind == Normalization::Kind::none;
}

double normalized(const Normalization& n, double x) {
  switch (n.kind) {
    case Normalization::Kind::z_score:
      return (x - n.mean) / n.std;
    case Normalization::Kind::min_max:
      return (x - n.min) / (n.max - n.min);
    case Normalization::Kind::none:
      break;
  }
  return x;
}

}  // namespace

MissingAndNormalization::MissingAndNormalization(const FeatureRegistry& registry) {
  for (std::size_t i = 0; i < registry.features.size(); ++i) {
    const FeatureSpec& spec = registry.features[i];
    if (is_default(spec)) continue;
    policies_.push_back(Policy{static_cast<Slot>(i), spec.missing, spec.normalization});
  }
  last_.resize(policies_.size());
}

void MissingAndNormalization::fill_and_normalize(const Policy& p, const LastValue& last,
                                                 FeatureVector& v) const {
  const auto slot = static_cast<std::size_t>(p.slot);
  if (!v.present.test(slot)) {
    if (p.missing.kind == MissingPolicy::Kind::constant) {
      v.set_slot(slot, p.missing.value);
      return;
    }
    if (p.missing.kind != MissingPolicy::Kind::forward_fill || !last.known || last.at > v.as_of ||
        v.as_of - last.at > p.missing.max_age) {
      return;
    }
    v.set_slot(slot, last.value);
  }
  v.values[slot] = normalized(p.normalization, v.values[slot]);
  if (!std::isfinite(v.values[slot])) v.present.reset(slot);
}

void MissingAndNormalization::apply_to_grid(FeatureVector& v) {
  for (std::size_t i = 0; i < policies_.size(); ++i) {
    const auto slot = static_cast<std::size_t>(policies_[i].slot);
    if (v.present.test(slot)) last_[i] = LastValue{v.values[slot], v.as_of, true};
    fill_and_normalize(policies_[i], last_[i], v);
  }
}

void MissingAndNormalization::apply_to_latest(FeatureVector& v) const {
  for (std::size_t i = 0; i < policies_.size(); ++i) fill_and_normalize(policies_[i], last_[i], v);
}

}  // namespace fsvc
