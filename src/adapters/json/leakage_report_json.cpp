#include "adapters/json/leakage_report_json.hpp"

namespace fsvc::json {

nlohmann::json leakage_report_json(const dataset::LeakageReport& report) {
  nlohmann::json checks = nlohmann::json::array();
  for (const auto& check : report.checks) {
    checks.push_back({{"name", check.name}, {"passed", check.passed}, {"detail", check.detail}});
  }
  nlohmann::json boundaries = nlohmann::json::array();
  for (const auto& boundary : report.boundaries) {
    nlohmann::json gap = nullptr;
    if (boundary.min_gap)
      gap = static_cast<double>(*boundary.min_gap) / static_cast<double>(kMicrosPerSecond);
    boundaries.push_back({{"boundary", boundary.name},
                          {"rows_purged", boundary.purged},
                          {"rows_embargoed", boundary.embargoed},
                          {"min_gap_seconds", gap}});
  }
  nlohmann::json out = {{"passed", report.passed}, {"checks", checks}, {"boundaries", boundaries}};
  out["warning"] = report.warning ? nlohmann::json(*report.warning) : nlohmann::json(nullptr);
  return out;
}

}  // namespace fsvc::json
