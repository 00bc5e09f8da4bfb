// Renders the identity inventory (inventory/identity.h) as a readable text table or as stable
// JSON for dashboards. Secrets are redacted unless show_secrets; client ids are shortened.
#pragma once

#include <ostream>
#include <vector>

#include "scanner/inventory/identity.h"
#include "scanner/report/reporter.h"

namespace nhiscan::report {

void WriteInventoryText(const std::vector<inventory::Identity>& identities,
                        const ReportOptions& options, std::ostream& out);
void WriteInventoryJson(const std::vector<inventory::Identity>& identities,
                        const ReportOptions& options, std::ostream& out);

}  // namespace nhiscan::report
