// `rules check`: runs every example and negative example of every rule through the real pipeline,
// once with each engine (Hyperscan + RE2, and RE2 alone), and reports every disagreement.
#pragma once

#include <string>
#include <vector>

#include "scanner/match/database.h"

namespace nhiscan::scan {

struct RuleCheckFailure {
  std::string rule_id;
  std::string origin;   // rule file
  std::string problem;  // which example, which engine, what went wrong
};

struct RuleCheckReport {
  size_t rules = 0;
  size_t examples = 0;  // positive and negative, per engine
  std::vector<RuleCheckFailure> failures;
};

RuleCheckReport CheckRuleExamples(const match::Database& database);

}  // namespace nhiscan::scan
