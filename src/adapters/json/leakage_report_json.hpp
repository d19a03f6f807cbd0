#pragma once

#include <nlohmann/json.hpp>

#include "core/dataset/leakage_audit.hpp"

namespace fsvc::json {

// The leakage report as metadata.json and the `leakage_report` column carry it: passed, checks
// (name, passed, detail), boundaries (name, rows purged and embargoed, min_gap_seconds), warning.
nlohmann::json leakage_report_json(const dataset::LeakageReport& report);

}  // namespace fsvc::json
