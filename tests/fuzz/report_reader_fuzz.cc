// The JSON report reader of `nhiscan validate` on arbitrary text: errors, never crashes; every
// finding it returns points at a loaded rule.
#include "scanner/report/report_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nhiscan;
  auto read = report::ParseJsonReport(fuzz::AsText(data, size), fuzz::BuiltinRules());
  if (read.ok()) {
    for (const report::ReadFinding& f : read->findings) {
      fuzz::Check(f.finding.rule != nullptr, "a read finding names a loaded rule");
    }
  }
  return 0;
}
