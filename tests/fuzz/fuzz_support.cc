#include "tests/fuzz/fuzz_support.h"

#include "scanner/match/prebuilt_database.h"
#include "scanner/rules/loader.h"

namespace nhiscan::fuzz {

const rules::RuleSet& BuiltinRules() {
  static const rules::RuleSet* set = [] {
    auto* loaded = new rules::RuleSet();
    Check(rules::LoadBuiltinRules(loaded).ok(), "built-in rules load");
    return loaded;
  }();
  return *set;
}

const match::Database& BuiltinDatabase() {
  static const match::Database* db = [] {
    // The image embedded at build time spares every fuzzing run the compile.
    auto built = match::Database::Build(
        BuiltinRules(), match::BuiltinDatabaseOptions("", match::PrebuiltDatabase()));
    Check(built.ok(), "built-in rules compile");
    return std::move(built).value().release();
  }();
  return *db;
}

}  // namespace nhiscan::fuzz
