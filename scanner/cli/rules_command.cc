// `nhiscan rules list` and `nhiscan rules check`.
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "scanner/cli/commands.h"
#include "scanner/cli/common.h"
#include "scanner/scan/rules_check.h"

namespace nhiscan::cli {

namespace {

int RunList(const RuleOptions& options, bool with_patterns) {
  auto loaded = LoadRules(options);
  if (!loaded.ok()) return Fail(loaded.status().message());
  for (const rules::Rule& rule : loaded->rules->rules()) {
    std::cout << rule.id << '\t' << rules::SeverityName(rule.severity) << '\t' << rule.name << '\n';
    if (with_patterns) {
      for (const std::string& pattern : rule.patterns) std::cout << "\t" << pattern << '\n';
    }
  }
  return kExitClean;
}

int RunCheck(RuleOptions options) {
  options.with_examples = true;
  auto loaded = LoadRules(options);
  if (!loaded.ok()) return Fail(loaded.status().message());
  scan::RuleCheckReport report = scan::CheckRuleExamples(*loaded->database);
  for (const scan::RuleCheckFailure& failure : report.failures) {
    std::cout << "FAIL " << failure.rule_id << " (" << failure.origin << "): " << failure.problem
              << '\n';
  }
  std::cout << report.rules << " rules, " << report.examples << " example runs: "
            << (report.examples - report.failures.size()) << " passed, " << report.failures.size()
            << " failed\n";
  return report.failures.empty() ? kExitClean : kExitFindings;
}

}  // namespace

void AddRulesCommand(CLI::App* app, CommandRunner* run) {
  CLI::App* rules = app->add_subcommand("rules", "List and check the loaded rules");
  rules->require_subcommand(1);

  auto list_options = std::make_shared<RuleOptions>();
  auto with_patterns = std::make_shared<bool>(false);
  CLI::App* list = rules->add_subcommand("list", "Print id, severity and name of every rule");
  AddRuleOptions(list, list_options.get());
  list->add_flag("--patterns", *with_patterns, "Also print each rule's patterns");
  list->callback([run, list_options, with_patterns] {
    *run = [list_options, with_patterns] { return RunList(*list_options, *with_patterns); };
  });

  auto check_options = std::make_shared<RuleOptions>();
  CLI::App* check = rules->add_subcommand(
      "check",
      "Run every rule's examples and negative examples through the real pipeline with both "
      "engines; exit 1 on any failure");
  AddRuleOptions(check, check_options.get());
  check->callback([run, check_options] { *run = [check_options] { return RunCheck(*check_options); }; });
}

}  // namespace nhiscan::cli
