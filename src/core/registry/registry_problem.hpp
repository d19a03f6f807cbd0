#pragma once

#include <string>
#include <vector>

namespace fsvc {

// One error or warning about a registry document, precise enough to fix the file by.
struct RegistryProblem {
  std::string feature;  // the feature's name, "features[3]" when it has none; empty: the document
  std::string field;    // e.g. "lookback_window", "normalization.std"; empty: the feature or document
  std::string message;
  int line = 0;  // 1-based source line; 0 when unknown

  // "vwap_3s: lookback_window: 5s disagrees with the window 3s in the name (line 12)"
  std::string to_string() const;
  bool operator==(const RegistryProblem&) const = default;
};

// Every problem found, so a user sees all of them at once.
struct RegistryProblems {
  std::vector<RegistryProblem> errors;
  std::vector<RegistryProblem> warnings;
};

// One line per problem, each indented by two spaces and prefixed by its `kind` ("error"/"warning").
std::string describe_problems(const std::vector<RegistryProblem>& problems, const std::string& kind);

}  // namespace fsvc
