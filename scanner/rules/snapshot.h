// A binary snapshot of a loaded RuleSet, so that a warm start skips parsing the JSONC rule files.
//
// Parsing the rule pack costs time proportional to its size (every example and description is
// JSON to tokenize), which a pre-commit hook pays on every commit. The snapshot holds everything a
// scan needs and nothing it does not (no examples: only `rules check` reads them, and it always
// parses the sources). It is stored in the rule cache folder under a name derived from the digest
// of every rule source, so an edited rule file simply misses; a truncated or corrupt snapshot is
// rejected and rebuilt from the sources.
#pragma once

#include <string>
#include <string_view>

#include "scanner/base/status.h"
#include "scanner/rules/rule.h"

namespace nhiscan::rules {

// Identifies the snapshot format; part of the snapshot's cache key.
std::string_view SnapshotFormat();
std::string SerializeRuleSet(const RuleSet& set);
// Fails (Parse) on anything but a complete snapshot written by this build's format.
Status DeserializeRuleSet(std::string_view bytes, RuleSet* set);

}  // namespace nhiscan::rules
