// JSON renderings of one finding and of the statistics, shared by the JSON and SARIF reporters.
// Private to scanner/report/ (it exposes nlohmann-json, which only this module uses).
#pragma once

#include <nlohmann/json.hpp>

#include "scanner/report/reporter.h"

namespace nhiscan::report {

nlohmann::ordered_json FindingJson(const findings::Finding& finding, const ReportOptions& options);
nlohmann::ordered_json StatsJson(const Report& report, const ReportOptions& options);

}  // namespace nhiscan::report
