#include "scanner/scan/rules_check.h"

#include "scanner/findings/finding.h"
#include "scanner/scan/pipeline.h"
#include "scanner/source/memory.h"

namespace nhiscan::scan {

namespace {

const char* EngineName(match::Engine engine) {
  return engine == match::Engine::kHyperscan ? "hyperscan+re2" : "re2";
}

std::string Describe(const char* what, size_t index, const rules::Example& example,
                     match::Engine engine) {
  return std::string(what) + " #" + std::to_string(index + 1) + " (path " + example.path + ", " +
         EngineName(engine) + ")";
}

// What a positive example produced for its rule, or why it did not.
std::string CheckPositive(const rules::Rule& rule, const rules::Example& example,
                          const std::vector<findings::Finding>& found) {
  std::vector<std::string> secrets;
  for (const findings::Finding& f : found) {
    if (f.rule->id != rule.id) continue;
    if (example.secret.empty() || f.secret == example.secret) return "";
    secrets.push_back(f.secret);
  }
  if (secrets.empty()) return "found nothing";
  std::string problem = "found a different secret (" + std::to_string(secrets.front().size()) +
                        " chars, expected " + std::to_string(example.secret.size()) + ")";
  return problem;
}

}  // namespace

RuleCheckReport CheckRuleExamples(const match::Database& database) {
  RuleCheckReport report;
  for (const rules::Rule& rule : database.rules().rules()) {
    ++report.rules;
    for (match::Engine engine : {match::Engine::kHyperscan, match::Engine::kRe2Only}) {
      auto run = [&](const rules::Example& example) -> Result<std::vector<findings::Finding>> {
        ++report.examples;
        if (example.files.empty()) return ScanText(example.text, example.path, database, engine);
        source::MemorySource project(example.files);
        ScanOptions options;
        options.threads = 1;
        options.engine = engine;
        auto result = RunScan(project, database, options);
        if (!result.ok()) return result.status();
        return std::move(result->findings);
      };
      for (size_t i = 0; i < rule.examples.size(); ++i) {
        auto found = run(rule.examples[i]);
        std::string problem =
            found.ok() ? CheckPositive(rule, rule.examples[i], found.value()) : found.status().message();
        if (!problem.empty()) {
          report.failures.push_back(
              {rule.id, rule.origin, Describe("example", i, rule.examples[i], engine) + ": " + problem});
        }
      }
      for (size_t i = 0; i < rule.negative_examples.size(); ++i) {
        auto found = run(rule.negative_examples[i]);
        std::string problem = found.ok() ? "" : found.status().message();
        if (found.ok()) {
          for (const findings::Finding& f : found.value()) {
            if (f.rule->id == rule.id) problem = "matched, but must not";
          }
        }
        if (!problem.empty()) {
          report.failures.push_back(
              {rule.id, rule.origin,
               Describe("negative example", i, rule.negative_examples[i], engine) + ": " + problem});
        }
      }
    }
  }
  return report;
}

}  // namespace nhiscan::scan
