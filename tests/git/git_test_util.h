// Shared by the git end-to-end tests (tests/git/*_test.cc): running `nhiscan git|staged` with a
// JSON report and reducing the findings to one comparable line each.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/git_repo.h"
#include "tests/support/test_support.h"

namespace nhiscan::testing {

using Json = nlohmann::json;

struct GitReport {
  int exit_code = -1;
  Json json;        // null when stdout was not JSON
  std::string err;  // stderr
  std::string out;  // stdout, as printed

  const Json& findings() const {
    static const Json kEmpty = Json::array();
    return json.is_object() && json.contains("findings") ? json["findings"] : kEmpty;
  }
  const Json& stats() const {
    static const Json kEmpty = Json::object();
    return json.is_object() && json.contains("stats") ? json["stats"] : kEmpty;
  }
};

// `nhiscan <command> <args…> --format json --show-secrets` in `cwd`.
inline GitReport RunJson(const std::string& command, const std::string& cwd,
                         std::vector<std::string> args = {}, const EnvVars& env = {}) {
  std::vector<std::string> argv = {command};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--format", "json", "--show-secrets"});
  if (command == "git") argv.insert(argv.end(), {"--progress", "never"});
  CommandResult r = RunNhiscanEnv(argv, cwd, env);
  GitReport report;
  report.exit_code = r.exit_code;
  report.err = r.err;
  report.out = r.out;
  report.json = Json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  if (report.json.is_discarded()) report.json = nullptr;
  return report;
}

inline GitReport History(const std::string& cwd, std::vector<std::string> args = {},
                         const EnvVars& env = {}) {
  return RunJson("git", cwd, std::move(args), env);
}
inline GitReport Staged(const std::string& cwd, std::vector<std::string> args = {},
                        const EnvVars& env = {}) {
  return RunJson("staged", cwd, std::move(args), env);
}

// One line per finding: "rule path:line secret [@commit] [in_head=true|false]".
inline std::string Describe(const Json& f) {
  std::string s = f.value("rule_id", std::string("?")) + " " + f.value("path", std::string("?")) +
                  ":" + std::to_string(f.value("line", 0)) + " " +
                  f.value("secret", std::string("?"));
  const Json& source = f.contains("source") ? f["source"] : Json::object();
  if (source.contains("commit")) s += " @" + source["commit"].get<std::string>();
  if (source.contains("still_in_head")) {
    s += std::string(" in_head=") + (source["still_in_head"].get<bool>() ? "true" : "false");
  }
  return s;
}

inline std::vector<std::string> Described(const GitReport& report) {
  std::vector<std::string> out;
  for (const Json& f : report.findings()) out.push_back(Describe(f));
  return out;
}

// The line Describe() gives a history finding.
inline std::string Expect(const std::string& rule, const std::string& path, int line,
                          const std::string& secret, const std::string& commit, bool in_head) {
  return rule + " " + path + ":" + std::to_string(line) + " " + secret +
         (commit.empty() ? "" : " @" + commit) + " in_head=" + (in_head ? "true" : "false");
}
// The line Describe() gives a staged finding (no commit, no in_head).
inline std::string ExpectStaged(const std::string& rule, const std::string& path, int line,
                                const std::string& secret) {
  return rule + " " + path + ":" + std::to_string(line) + " " + secret;
}

constexpr char kConsumerSecret[] = "salesforce.consumer_secret";
constexpr char kAuthUrl[] = "salesforce.sfdx_auth_url";

// A .env line the consumer-secret rule reports (secret at column 18).
inline std::string SecretLine(const std::string& secret) {
  return "SF_CLIENT_SECRET=" + secret + "\n";
}
// An SFDX auth URL line; the reported secret is the refresh token.
inline std::string AuthUrlLine(const std::string& refresh_token) {
  return "SFDX_AUTH_URL=force://PlatformCLI::" + refresh_token + "@acme.my.salesforce.com\n";
}

// Messages of stats.errors, joined, for assertions and failure output.
inline std::string ErrorsText(const GitReport& report) {
  std::string out;
  if (!report.stats().contains("errors")) return out;
  for (const Json& e : report.stats()["errors"]) {
    out += e.value("path", std::string()) + ": " + e.value("message", std::string()) + "\n";
  }
  return out;
}

}  // namespace nhiscan::testing
