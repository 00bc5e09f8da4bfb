// Rule-file loading: any text is either rules or a clear error; loaded rules compile in both
// engines or fail with an error naming the rule, never a crash.
#include "scanner/match/database.h"
#include "scanner/rules/loader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nhiscan;
  rules::RuleSet set;
  nhiscan::Status status = rules::LoadRuleText(fuzz::AsText(data, size), "fuzz.jsonc", &set);
  if (!status.ok()) {
    fuzz::Check(!status.message().empty(), "a rejected rule file has an error message");
    return 0;
  }
  // Compiling is the slow part (about a second for a full rule pack under ASan): small sets only.
  if (set.rules().empty() || set.rules().size() > 3) return 0;
  auto database = match::Database::Build(set, {});
  if (!database.ok()) fuzz::Check(!database.status().message().empty(), "compile error message");
  return 0;
}
