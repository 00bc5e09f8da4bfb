#include "scanner/cli/validation.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "scanner/validate/curl_client.h"
#include "scanner/validate/runner.h"

namespace nhiscan::cli {

namespace {

constexpr const char* kTestGroup = "Test-only validation options (never for normal use)";

Status CheckOptionUse(const ValidateOptions& options) {
  if (options.validate) return Status::Ok();
  if (options.only_live) return Status::InvalidArgument("--only-live needs --validate");
  if (!options.ca_file.empty() || !options.connect_to.empty() || options.allow_loopback) {
    return Status::InvalidArgument("the test-only --validate-* options need --validate");
  }
  return Status::Ok();
}

}  // namespace

void AddValidateOptions(CLI::App* command, ValidateOptions* options, bool with_switch) {
  if (with_switch) {
    command->add_flag("--validate", options->validate,
                      "Check with the provider whether each secret is live (HTTPS to allow-listed "
                      "provider hosts only; see README 'Validation')");
  }
  command->add_option("--validate-timeout", options->timeout_seconds,
                      "Seconds one validation request may take in total")
      ->check(CLI::Range(0.1, 300.0))
      ->capture_default_str();
  command->add_option("--validate-concurrency", options->concurrency, "Validation requests in flight at once")
      ->check(CLI::Range(1u, 32u))
      ->capture_default_str();
  command->add_option("--validate-budget", options->budget, "At most this many validation requests per run")
      ->check(CLI::Range(1u, 100000u))
      ->capture_default_str();
  command->add_flag("--only-live", options->only_live, "Report only findings validated as live");
  command->add_option("--validate-ca-file", options->ca_file, "TEST ONLY: trust the CAs in this PEM file instead of the system's")
      ->group(kTestGroup);
  command
      ->add_option("--validate-connect-to", options->connect_to,
                   "TEST ONLY: HOST:PORT:CONNECT-HOST:CONNECT-PORT, as curl --connect-to (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->group(kTestGroup);
  command->add_flag("--validate-allow-loopback", options->allow_loopback,
                    "TEST ONLY: allow connections to loopback addresses (prints a warning)")
      ->group(kTestGroup);
}

Status ApplyValidation(const ValidateOptions& options, std::vector<findings::Finding>* found) {
  NHISCAN_RETURN_IF_ERROR(CheckOptionUse(options));
  if (!options.validate) return Status::Ok();
  if (options.allow_loopback) {
    std::cerr << "nhiscan: warning: --validate-allow-loopback: validation may connect to loopback "
                 "addresses; use it only with a local test server\n";
  }
  validate::CurlClientOptions client_options;
  client_options.total_timeout_ms = static_cast<long>(options.timeout_seconds * 1000);
  client_options.connect_timeout_ms = std::min(client_options.total_timeout_ms, 5000L);
  client_options.ca_file = options.ca_file;
  client_options.connect_to = options.connect_to;
  client_options.allow_loopback = options.allow_loopback;
  auto client = validate::MakeCurlClient(client_options);
  if (!client.ok()) {
    // A bad --validate-connect-to is the user's argument; anything else (libcurl missing) is not.
    const Status& why = client.status();
    return why.code() == Status::Code::kInvalidArgument ? why.WithContext("--validate-connect-to") : why;
  }
  validate::RunnerOptions runner_options;
  runner_options.concurrency = options.concurrency;
  runner_options.max_requests = options.budget;
  validate::ValidateFindings(found, **client, runner_options);
  if (options.only_live) {
    std::erase_if(*found, [](const findings::Finding& f) { return f.validation.status != "live"; });
  }
  return Status::Ok();
}

}  // namespace nhiscan::cli
