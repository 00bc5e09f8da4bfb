// The concrete reporters; private to scanner/report/. Use MakeReporter() from reporter.h.
#pragma once

#include <memory>

#include "scanner/report/reporter.h"

namespace nhiscan::report {

std::unique_ptr<Reporter> MakeTextReporter(const ReportOptions& options);
std::unique_ptr<Reporter> MakeJsonReporter(const ReportOptions& options, bool lines);
std::unique_ptr<Reporter> MakeSarifReporter(const ReportOptions& options);

}  // namespace nhiscan::report
