#pragma once

#include <string>

#include "core/dataset/request_document.hpp"

namespace fsvc::dataset::test {

inline FieldValue text(std::string value) {
  return {FieldValue::Kind::string, false, 0.0, std::move(value)};
}
inline FieldValue number(double value) {
  return {FieldValue::Kind::number, false, value, std::to_string(value)};
}
inline FieldValue boolean(bool value) {
  return {FieldValue::Kind::boolean, value, 0.0, {}};
}
inline FieldValue object() {
  return {FieldValue::Kind::object, false, 0.0, {}};
}

// A valid time_based request: train [10:00, 11:00), validation [11:00, 11:30), test [11:30, 12:00).
inline RequestDocument time_based_document() {
  return {{"symbol", text("BTCUSDT")},
          {"split_strategy", text("time_based")},
          {"train_period_start", text("2025-01-27T10:00:00Z")},
          {"train_period_end", text("2025-01-27T11:00:00Z")},
          {"validation_period_start", text("2025-01-27T11:00:00Z")},
          {"validation_period_end", text("2025-01-27T11:30:00Z")},
          {"test_period_start", text("2025-01-27T11:30:00Z")},
          {"test_period_end", text("2025-01-27T12:00:00Z")},
          {"target_config", object()},
          {"target_config.type", text("regression")},
          {"target_config.horizon", number(60)}};
}

inline void set(RequestDocument& document, const std::string& path, FieldValue value) {
  for (auto& [name, existing] : document) {
    if (name == path) {
      existing = std::move(value);
      return;
    }
  }
  document.emplace_back(path, std::move(value));
}

inline void remove_field(RequestDocument& document, const std::string& path) {
  std::erase_if(document, [&](const auto& field) { return field.first == path; });
}

}  // namespace fsvc::dataset::test
