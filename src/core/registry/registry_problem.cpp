#include "core/registry/registry_problem.hpp"

namespace fsvc {

std::string RegistryProblem::to_string() const {
  std::string out;
  if (!feature.empty()) out += feature + ": ";
  if (!field.empty()) out += field + ": ";
  out += message;
  if (line > 0) out += " (line " + std::to_string(line) + ")";
  return out;
}

std::string describe_problems(const std::vector<RegistryProblem>& problems, const std::string& kind) {
  std::string out;
  for (const RegistryProblem& problem : problems) {
    out += (out.empty() ? "  " : "\n  ") + kind + ": " + problem.to_string();
  }
  return out;
}

}  // namespace fsvc
