#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/registry/document_node.hpp"
#include "core/registry/registry_problem.hpp"
#include "core/types/timestamp.hpp"

namespace fsvc {

// Records problems about one feature (or the document itself) under its label, with the field
// and source line, and reads typed values out of document nodes, reporting a wrong type as an error.
class ProblemScope {
 public:
  ProblemScope(RegistryProblems& problems, std::string feature)
      : problems_(problems), feature_(std::move(feature)), errors_before_(problems.errors.size()) {}

  void error(std::string_view field, std::string message, const DocumentNode& at);
  void warning(std::string_view field, std::string message, const DocumentNode& at);
  // Whether error() was called on this scope (or any other scope since this one was created).
  bool failed() const { return problems_.errors.size() > errors_before_; }
  const std::string& feature() const { return feature_; }

  std::optional<std::string> text(std::string_view field, const DocumentNode& value);
  std::optional<double> number(std::string_view field, const DocumentNode& value);
  std::optional<bool> boolean(std::string_view field, const DocumentNode& value);
  // A duration such as 500ms, 30s, 5m, 1h; "0" or "0s" too when `zero_allowed`.
  std::optional<Duration> duration(std::string_view field, const DocumentNode& value, bool zero_allowed);

  // A warning for each key of `mapping` that is not in `known`, named `prefix` + key.
  void warn_unknown_keys(const DocumentNode& mapping, std::initializer_list<std::string_view> known,
                         std::string_view prefix);

 private:
  RegistryProblems& problems_;
  std::string feature_;
  std::size_t errors_before_;
};

}  // namespace fsvc
