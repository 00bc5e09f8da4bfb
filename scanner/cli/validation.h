// The command-line side of validation: the --validate family of options shared by scan, git,
// staged and validate, and the step that runs validation over a run's findings.
// Validation is opt-in: without --validate (or the validate command) no client is created and
// nothing touches the network.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/findings/finding.h"

namespace CLI {
class App;
}

namespace nhiscan::cli {

struct ValidateOptions {
  bool validate = false;
  double timeout_seconds = 10;
  unsigned concurrency = 4;
  unsigned budget = 200;
  bool only_live = false;
  // Test only (README "Validation"): reach a local server playing the providers.
  std::string ca_file;
  std::vector<std::string> connect_to;
  bool allow_loopback = false;
};

// with_switch: add --validate itself (scan, git, staged); the validate command always validates.
void AddValidateOptions(CLI::App* command, ValidateOptions* options, bool with_switch);

// Runs validation over `found` when options.validate, then applies --only-live. Options that
// need --validate are an error without it.
Status ApplyValidation(const ValidateOptions& options, std::vector<findings::Finding>* found);


}  // namespace nhiscan::cli
