// Helpers shared by the fuzz targets (tests/fuzz/*_fuzz.cc): a check that aborts with a message
// (libFuzzer and the replay driver both report an abort as a crash), and the built-in rules
// compiled once per process.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "scanner/match/database.h"
#include "scanner/rules/rule.h"

namespace nhiscan::fuzz {

// Aborts with `what` when `condition` is false: an invariant the target checks on every input.
inline void Check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
  std::abort();
}

inline std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// The built-in rule pack and its database (no on-disk cache), built on first use.
const rules::RuleSet& BuiltinRules();
const match::Database& BuiltinDatabase();

}  // namespace nhiscan::fuzz
