// End-to-end tests of adoption features through the real binary: project configuration,
// `nhiscan init`, baselines (create, --baseline, --baseline-report, merge), inline allows, default
// excludes, --fail-on, --quiet and the text report. Rules are defined here ("zz.token",
// "zz.low" and "generic.zz"), so the built-in pack cannot change what is found.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/git_repo.h"
#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::cli {
namespace {

using ::nhiscan::testing::CommandResult;
using ::nhiscan::testing::Describe;
using ::nhiscan::testing::GitRepo;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::ReadFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::RunNhiscan;
using ::nhiscan::testing::RunNhiscanEnv;
using ::nhiscan::testing::Synth;
using ::nhiscan::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

std::string Rules() {
  return RuleFile({RuleJson("zz.token", "zzt_(?P<secret>[A-Za-z0-9]{32})", "", "high"),
                   RuleJson("zz.low", "zzl_(?P<secret>[A-Za-z0-9]{32})", "", "low"),
                   RuleJson("generic.zz", "zzg_(?P<secret>[A-Za-z0-9]{32})", "", "medium")});
}

class AdoptCliTest : public ::testing::Test {
 protected:
  void SetUp() override { rules_ = rules_dir_.Write("rules.jsonc", Rules()); }

  std::string NewSecret() { return synth_.Chars(kAlnum, 32); }

  CommandResult Run(std::vector<std::string> args, const std::string& cwd = "") {
    args.insert(args.end(), {"--rules", rules_, "--color", "never"});
    return RunNhiscanEnv(args, cwd);
  }
  // The JSON report of `scan ROOT extra…`; fails the test when the output is not JSON.
  Json ScanJson(const std::string& root, std::vector<std::string> extra, int* exit_code = nullptr) {
    std::vector<std::string> args = {"scan", root, "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    CommandResult r = Run(args);
    if (exit_code) *exit_code = r.exit_code;
    Json doc = Json::parse(r.out, nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << Describe(r);
    return doc;
  }

  TempDir rules_dir_, tree_;
  std::string rules_;
  Synth synth_{7};
};

// ---------------------------------------------------------------------------------------------
// Configuration

TEST_F(AdoptCliTest, ConfigErrorsNameTheKeyAndTheFileAndExit2) {
  const std::string config = tree_.Write(".nhiscan.jsonc", R"({"excludes": ["docs"]})");
  CommandResult r = Run({"scan", tree_.path()});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr(config + ": excludes: unknown key"));

  tree_.Write(".nhiscan.jsonc", R"({"fail_on": "urgent"})");
  r = Run({"git", tree_.path()});  // every scanning command reads it
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr(config + ": fail_on: expected one of"));

  tree_.Write(".nhiscan.jsonc", R"({"disable": ["zz.token", "zz.typo"]})");
  r = Run({"scan", tree_.path()});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr(config + ": disable[1]: unknown rule id 'zz.typo'"));

  tree_.Write(".nhiscan.jsonc", R"({"allow": {"zz.tokn": ["x"]}})");
  r = Run({"scan", tree_.path()});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr(config + ": allow.zz.tokn: unknown rule id"));

  TempDir other;
  const std::string explicit_config = other.Write("ci.jsonc", R"({"allow": {"*": [{"regex": "("}]}})");
  r = Run({"scan", tree_.path(), "--config", explicit_config});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr(explicit_config + ": allow.*[0].regex: bad regex"));

  r = Run({"scan", tree_.path(), "--config", other.path() + "/missing.jsonc"});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr("missing.jsonc"));
}

TEST_F(AdoptCliTest, ConfigRulesExcludesDisableAndAllowAreApplied) {
  const std::string kept = NewSecret(), allowed = NewSecret(), low = NewSecret();
  tree_.Write("src/app.env", "A=zzt_" + kept + "\nB=zzt_" + allowed + "\nC=zzl_" + low + "\n");
  tree_.Write("docs/example.md", "zzt_" + NewSecret() + "\n");
  tree_.Write("tools/team-rules.jsonc", Rules());
  tree_.Write(".nhiscan.jsonc", R"({
    // the project's own rules, relative to this file
    "rules": ["tools/team-rules.jsonc"],
    "exclude": ["docs"],
    "disable": ["zz.low"],
    "allow": {"zz.token": [{"value": ")" + allowed + R"(", "reason": "public test key"}]}
  })");
  // No --rules on the command line: the rules come from the configuration.
  CommandResult r = RunNhiscan({"scan", tree_.path(), "--format", "json", "--show-suppressed"});
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  Json doc = Json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 1u) << r.out;
  EXPECT_EQ(doc["findings"][0]["path"], "src/app.env");
  EXPECT_EQ(doc["findings"][0]["line"], 1);
  ASSERT_EQ(doc["suppressed"].size(), 1u) << r.out;
  EXPECT_EQ(doc["suppressed"][0]["suppression"]["kind"], "allowlist");
  EXPECT_EQ(doc["suppressed"][0]["suppression"]["reason"], "public test key");
  EXPECT_EQ(doc["stats"]["suppressed"]["allowlist"], 1);
  EXPECT_EQ(r.out.find(allowed), std::string::npos);  // still redacted
}

TEST_F(AdoptCliTest, InitWritesACommentedStarterThatScansClean) {
  CommandResult r = RunNhiscan({"init", tree_.path()});
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  const std::string text = ReadFile(tree_.path() + "/.nhiscan.jsonc");
  for (const char* key : {"\"rules\"", "\"disable\"", "\"exclude\"", "\"default_excludes\"",
                          "\"allow\"", "\"fail_on\"", "\"baseline\""}) {
    EXPECT_THAT(text, HasSubstr(key));
  }
  r = Run({"scan", tree_.path()});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  r = RunNhiscan({"init", tree_.path()});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr("already exists"));
  EXPECT_EQ(ReadFile(tree_.path() + "/.nhiscan.jsonc"), text);
  EXPECT_EQ(RunNhiscan({"init", tree_.path(), "--force"}).exit_code, 0);
}

// ---------------------------------------------------------------------------------------------
// Baselines

// The judging scenario: on a repository with history, a baseline created from a first scan makes
// the second scan report nothing, through line moves, re-indentation and unrelated edits; one new
// secret is exactly one finding; a secret moved to another file, or a different secret on a known
// line, is new.
TEST_F(AdoptCliTest, BaselineHidesKnownFindingsAndOnlyNewOnesAreReported) {
  TempDir dir;
  GitRepo repo(dir.path() + "/repo");
  std::vector<std::string> secrets;
  for (int i = 0; i < 40; ++i) {
    secrets.push_back(NewSecret());
    repo.Write("svc" + std::to_string(i % 7) + "/config" + std::to_string(i) + ".yaml",
               "name: svc" + std::to_string(i) + "\nentry: zzt_" + secrets.back() + "\n");
    if (i % 10 == 9) repo.Commit("batch " + std::to_string(i));
  }
  repo.Write("package-lock.json", "{\"x\": \"zzg_" + NewSecret() + "\"}\n");  // default exclude
  repo.Commit("lock file");
  const std::string baseline = dir.path() + "/baseline.json";
  CommandResult created = Run({"baseline", "create", repo.dir(), "--output", baseline});
  ASSERT_EQ(created.exit_code, 0) << Describe(created);
  const std::string baseline_text = ReadFile(baseline);
  for (const std::string& s : secrets) ASSERT_EQ(baseline_text.find(s.substr(0, 10)), std::string::npos);

  int status = -1;
  Json first = ScanJson(repo.dir(), {}, &status);
  EXPECT_EQ(status, 1);
  EXPECT_EQ(first["findings"].size(), 40u);
  Json second = ScanJson(repo.dir(), {"--baseline", baseline}, &status);
  EXPECT_EQ(status, 0) << second.dump();
  EXPECT_EQ(second["findings"].size(), 0u);
  EXPECT_EQ(second["stats"]["suppressed"]["baseline"], 40);
  // History sweeps share the fingerprints: the same baseline hides them there too.
  CommandResult history = Run({"git", repo.dir(), "--format", "json", "--baseline", baseline});
  EXPECT_EQ(history.exit_code, 0) << Describe(history);

  // Line moves, re-indentation and unrelated edits keep the fingerprints.
  repo.Write("svc0/config0.yaml", "# moved down\n\nname: svc0\nextra: 1\n    entry: zzt_" + secrets[0] + "\n");
  repo.Write("svc1/config1.yaml", "entry:   zzt_" + secrets[1] + "   \nname: renamed-service\n");
  repo.Commit("edits around the secrets");
  second = ScanJson(repo.dir(), {"--baseline", baseline}, &status);
  EXPECT_EQ(status, 0) << second.dump();
  EXPECT_EQ(second["findings"].size(), 0u);

  // Adding one secret reports exactly that one.
  const std::string added = NewSecret();
  repo.Write("svc3/new.env", "ENTRY=zzt_" + added + "\n");
  second = ScanJson(repo.dir(), {"--baseline", baseline}, &status);
  EXPECT_EQ(status, 1);
  ASSERT_EQ(second["findings"].size(), 1u) << second.dump();
  EXPECT_EQ(second["findings"][0]["path"], "svc3/new.env");
  repo.Remove("svc3/new.env");

  // The same secret moved to another file is new.
  repo.Remove("svc2/config2.yaml");
  repo.Write("svc2/moved.yaml", "entry: zzt_" + secrets[2] + "\n");
  second = ScanJson(repo.dir(), {"--baseline", baseline, "--baseline-report"}, &status);
  ASSERT_EQ(second["findings"].size(), 1u) << second.dump();
  EXPECT_EQ(second["findings"][0]["path"], "svc2/moved.yaml");
  // …and its old entry is stale.
  ASSERT_EQ(second["baseline"]["stale"].size(), 1u) << second.dump();
  EXPECT_EQ(second["baseline"]["stale"][0]["path"], "svc2/config2.yaml");

  // A different secret on a known line is new.
  repo.Write("svc4/config4.yaml", "name: svc4\nentry: zzt_" + NewSecret() + "\n");
  second = ScanJson(repo.dir(), {"--baseline", baseline}, &status);
  EXPECT_EQ(second["findings"].size(), 2u) << second.dump();
}

// A history sweep's baseline also accepts secrets that are only in history.
TEST_F(AdoptCliTest, HistoryBaselineAcceptsHistoryOnlySecrets) {
  TempDir dir;
  GitRepo repo(dir.path() + "/repo");
  repo.Write("old.env", "T=zzt_" + NewSecret() + "\n");
  repo.Write("app.env", "T=zzt_" + NewSecret() + "\n");
  repo.Commit("secrets");
  repo.Remove("old.env");
  repo.Commit("remove one");
  const std::string baseline = dir.path() + "/history.json";
  CommandResult created = Run({"baseline", "create", "--git", repo.dir(), "--output", baseline});
  ASSERT_EQ(created.exit_code, 0) << Describe(created);
  EXPECT_EQ(Json::parse(ReadFile(baseline))["findings"].size(), 2u);
  CommandResult r = Run({"git", repo.dir(), "--baseline", baseline});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  repo.Write("new.env", "T=zzt_" + NewSecret() + "\n");
  repo.Commit("one more");
  r = Run({"git", repo.dir(), "--baseline", baseline, "--quiet"});
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  EXPECT_THAT(r.out, ::testing::StartsWith("new.env:1:7: high zz.token"));
}

TEST_F(AdoptCliTest, BaselineFromTheConfigurationAndStaleReportInText) {
  const std::string a = NewSecret(), b = NewSecret();
  tree_.Write("a.txt", "zzt_" + a + "\n");
  tree_.Write("b.txt", "zzt_" + b + "\n");
  CommandResult created = Run({"baseline", "create", tree_.path()});
  ASSERT_EQ(created.exit_code, 0) << Describe(created);
  tree_.Write(".nhiscan-baseline.json", created.out);
  tree_.Write(".nhiscan.jsonc", R"({"baseline": ".nhiscan-baseline.json"})");
  std::filesystem::remove(tree_.path() + "/b.txt");
  CommandResult r = Run({"scan", tree_.path(), "--baseline-report"});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("Stale baseline entries (no longer found): 1"));
  EXPECT_THAT(r.out, HasSubstr("zz.token  b.txt"));
  EXPECT_THAT(r.out, HasSubstr("0 findings"));
  EXPECT_THAT(r.out, HasSubstr("1 suppressed (baseline: 1)"));

  // A broken baseline file is an error naming the file and the key.
  tree_.Write(".nhiscan-baseline.json", R"({"version": 1, "findings": [{"fingerprint": "x"}]})");
  r = Run({"scan", tree_.path()});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr(".nhiscan-baseline.json: findings[0]"));
  // --baseline-report without any baseline is a usage error.
  std::filesystem::remove(tree_.path() + "/.nhiscan.jsonc");
  r = Run({"scan", tree_.path(), "--baseline-report"});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
}

// Two branches that each accept a new finding merge cleanly with git's ordinary line merge, and
// `nhiscan baseline merge` gives the same union.
TEST_F(AdoptCliTest, BaselinesMergeCleanly) {
  TempDir dir;
  GitRepo repo(dir.path() + "/repo");
  for (int i = 0; i < 30; ++i) repo.Write("f" + std::to_string(i) + ".txt", "zzt_" + NewSecret() + "\n");
  CommandResult base = Run({"baseline", "create", repo.dir(), "--output", dir.path() + "/b.json"});
  ASSERT_EQ(base.exit_code, 0) << Describe(base);
  repo.Write(".nhiscan-baseline.json", ReadFile(dir.path() + "/b.json"));
  repo.Commit("baseline");
  // Pick two new findings whose entries do not land next to each other or at the end.
  repo.Git({"checkout", "-q", "-b", "left"});
  repo.Write("left.txt", "zzt_" + NewSecret() + "\n");
  CommandResult left = Run({"baseline", "create", repo.dir(), "--output", dir.path() + "/l.json"});
  ASSERT_EQ(left.exit_code, 0) << Describe(left);
  repo.Write(".nhiscan-baseline.json", ReadFile(dir.path() + "/l.json"));
  repo.Commit("accept left");
  repo.Git({"checkout", "-q", "main"});
  std::string right_text;
  for (int attempt = 0; attempt < 50; ++attempt) {
    repo.Write("right.txt", "zzt_" + NewSecret() + "\n");
    CommandResult right = Run({"baseline", "create", repo.dir()});
    // git cannot merge two insertions at the same place: choose a secret whose entry is not
    // adjacent to left's (the test is about ordinary, separate additions).
    std::string diff_l = ReadFile(dir.path() + "/l.json"), diff_r = right.out;
    auto index_of_new = [&](const std::string& text) {
      std::istringstream lines(text), old_lines(ReadFile(dir.path() + "/b.json"));
      std::vector<std::string> a, b;
      for (std::string l; std::getline(lines, l);) a.push_back(l);
      for (std::string l; std::getline(old_lines, l);) b.push_back(l);
      for (size_t i = 0; i < a.size(); ++i) {
        if (i >= b.size() || a[i] != b[i]) return i;
      }
      return a.size();
    };
    size_t li = index_of_new(diff_l), ri = index_of_new(diff_r);
    const size_t last = static_cast<size_t>(std::count(diff_r.begin(), diff_r.end(), '\n')) - 3;
    if (li + 1 < ri || ri + 1 < li) {
      if (li < last - 1 && ri < last - 1) {
        right_text = right.out;
        break;
      }
    }
  }
  ASSERT_FALSE(right_text.empty());
  repo.Write(".nhiscan-baseline.json", right_text);
  repo.Commit("accept right");
  CommandResult merge = repo.TryGit({"merge", "-q", "--no-edit", "left"});
  ASSERT_EQ(merge.exit_code, 0) << Describe(merge);
  const std::string merged_by_git = ReadFile(repo.dir() + "/.nhiscan-baseline.json");
  TempDir parts;
  CommandResult merged = RunNhiscan({"baseline", "merge", dir.path() + "/l.json",
                                     parts.Write("r.json", right_text)});
  ASSERT_EQ(merged.exit_code, 0) << Describe(merged);
  EXPECT_EQ(merged.out, merged_by_git);
  Json doc = Json::parse(merged_by_git);
  EXPECT_EQ(doc["findings"].size(), 32u);
  // With both accepted, the merged tree scans clean.
  CommandResult r = Run({"scan", repo.dir(), "--baseline", repo.dir() + "/.nhiscan-baseline.json"});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
}

// ---------------------------------------------------------------------------------------------
// Inline allows, default excludes

TEST_F(AdoptCliTest, EveryInlineDirectiveFormInItsCommentSyntax) {
  std::vector<std::string> lines = {
      "api = 'zzt_" + NewSecret() + "'  # nhiscan:allow fixture for the parser tests",
      "// nhiscan:allow-next-line used by the sandbox only",
      "const k = 'zzt_" + NewSecret() + "';",
      "<key>zzt_" + NewSecret() + "</key> <!-- gitleaks:allow -->",
      "key = zzt_" + NewSecret() + "  # pragma: allowlist secret",
      "# pragma: allowlist nextline secret",
      "key = zzt_" + NewSecret(),
      "SELECT 'zzt_" + NewSecret() + "'; -- trufflehog:ignore",
      "x = \"zzt_" + NewSecret() + "\" /* nhiscan:allow: rotated in 2024 */",
  };
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  const std::string reported = NewSecret();
  text += "entry = zzt_" + reported + "\n";
  tree_.Write("mixed.txt", text);
  int status = -1;
  Json doc = ScanJson(tree_.path(), {"--show-suppressed"}, &status);
  EXPECT_EQ(status, 1);
  ASSERT_EQ(doc["findings"].size(), 1u) << doc.dump(2);
  EXPECT_EQ(doc["findings"][0]["line"], 10);
  ASSERT_EQ(doc["suppressed"].size(), 7u) << doc.dump(2);
  std::vector<std::string> directives, reasons;
  for (const Json& f : doc["suppressed"]) {
    EXPECT_EQ(f["suppression"]["kind"], "inline");
    directives.push_back(f["suppression"]["detail"]);
    reasons.push_back(f["suppression"]["reason"]);
  }
  EXPECT_THAT(directives, ::testing::ElementsAre(
                              "nhiscan:allow", "nhiscan:allow-next-line", "gitleaks:allow",
                              "pragma: allowlist secret", "pragma: allowlist nextline secret",
                              "trufflehog:ignore", "nhiscan:allow"));
  EXPECT_EQ(reasons[0], "fixture for the parser tests");
  EXPECT_EQ(reasons[1], "used by the sandbox only");
  EXPECT_EQ(reasons[6], "rotated in 2024");

  // Text: counted always, listed with their reasons only with --show-suppressed.
  CommandResult r = Run({"scan", tree_.path()});
  EXPECT_THAT(r.out, HasSubstr("7 suppressed (inline: 7)"));
  EXPECT_THAT(r.out, Not(HasSubstr("fixture for the parser tests")));
  r = Run({"scan", tree_.path(), "--show-suppressed"});
  EXPECT_THAT(r.out, HasSubstr("mixed.txt:1:12  zz.token  [inline: nhiscan:allow]  fixture for the parser tests"));

  // Without the allowed line's secret the file is clean.
  tree_.Write("mixed.txt", text.substr(0, text.rfind("entry = ")));
  EXPECT_EQ(Run({"scan", tree_.path()}).exit_code, 0);
}

TEST_F(AdoptCliTest, DefaultExcludesKeepProviderRulesAndCanBeTurnedOff) {
  tree_.Write("web/package-lock.json", "{\"resolved\": \"zzg_" + NewSecret() + "\", \"t\": \"zzt_" + NewSecret() + "\"}\n");
  tree_.Write("web/dist/app.min.js", "var a=\"zzg_" + NewSecret() + "\";\n");
  tree_.Write("vendor/lib/conf.py", "P = 'zzg_" + NewSecret() + "'\n");
  tree_.Write("src/conf.py", "P = 'zzg_" + NewSecret() + "'\n");
  Json doc = ScanJson(tree_.path(), {});
  ASSERT_EQ(doc["findings"].size(), 2u) << doc.dump(2);
  EXPECT_EQ(doc["findings"][0]["path"], "src/conf.py");  // generic rule, ordinary file
  EXPECT_EQ(doc["findings"][1]["rule_id"], "zz.token");  // provider rule in the lock file
  EXPECT_EQ(doc["stats"]["suppressed"]["default_exclude"], 3);

  tree_.Write(".nhiscan.jsonc", R"({"default_excludes": false, "generic_excludes": ["src"]})");
  doc = ScanJson(tree_.path(), {});
  EXPECT_EQ(doc["findings"].size(), 4u) << doc.dump(2);
  EXPECT_EQ(doc["stats"]["suppressed"]["default_exclude"], 1);
}

// ---------------------------------------------------------------------------------------------
// Exit status and text output

TEST_F(AdoptCliTest, FailOnSetsTheThresholdOfTheExitStatus) {
  tree_.Write("a.txt", "zzt_" + NewSecret() + "\n");  // high
  tree_.Write("b.txt", "zzl_" + NewSecret() + "\n");  // low
  struct Case {
    std::vector<std::string> args;
    int status;
  } cases[] = {{{}, 1},
               {{"--fail-on", "critical"}, 0},
               {{"--fail-on", "high"}, 1},
               {{"--fail-on", "medium"}, 1},
               {{"--fail-on", "info"}, 1},
               {{"--fail-on", "live"}, 0}};  // nothing validated live
  for (const Case& c : cases) {
    std::vector<std::string> args = {"scan", tree_.path()};
    args.insert(args.end(), c.args.begin(), c.args.end());
    CommandResult r = Run(args);
    EXPECT_EQ(r.exit_code, c.status) << Describe(r);
    EXPECT_THAT(r.out, HasSubstr("2 findings"));  // reported either way
  }
  tree_.Write(".nhiscan.jsonc", R"({"fail_on": "critical"})");
  EXPECT_EQ(Run({"scan", tree_.path()}).exit_code, 0);
  EXPECT_EQ(Run({"scan", tree_.path(), "--fail-on", "low"}).exit_code, 1);  // the flag wins
  std::filesystem::remove(tree_.path() + "/b.txt");
  EXPECT_EQ(Run({"scan", tree_.path(), "--fail-on", "medium"}).exit_code, 1);
  tree_.Write(".nhiscan.jsonc", R"({"fail_on": "high"})");
  std::filesystem::remove(tree_.path() + "/a.txt");
  tree_.Write("b.txt", "zzl_" + NewSecret() + "\n");
  EXPECT_EQ(Run({"scan", tree_.path()}).exit_code, 0);
  CommandResult bad = Run({"scan", tree_.path(), "--fail-on", "severe"});
  EXPECT_EQ(bad.exit_code, 2) << Describe(bad);
}

TEST_F(AdoptCliTest, QuietPrintsOneLinePerFinding) {
  const std::string a = NewSecret(), b = NewSecret();
  tree_.Write("x/a.txt", "one\n  k = zzt_" + a + "\n");
  tree_.Write("y.txt", "zzl_" + b + "\n");
  CommandResult r = Run({"scan", tree_.path(), "--quiet"});
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  std::istringstream lines(r.out);
  std::vector<std::string> got;
  for (std::string l; std::getline(lines, l);) got.push_back(l);
  ASSERT_EQ(got.size(), 2u) << r.out;
  EXPECT_THAT(got[0], ::testing::StartsWith("x/a.txt:2:11: high zz.token: Test zz.token ("));
  EXPECT_THAT(got[1], ::testing::StartsWith("y.txt:1:5: low zz.low: Test zz.low ("));
  EXPECT_EQ(r.out.find(a.substr(0, 8)), std::string::npos);
  tree_.Write("x/a.txt", "clean\n");
  tree_.Write("y.txt", "clean\n");
  r = Run({"scan", tree_.path(), "-q"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "");
}

TEST_F(AdoptCliTest, TextBlockSaysWhereWhyAndHowToFix) {
  const std::string secret = NewSecret(), other = NewSecret();
  tree_.Write("conf/app.ini", "[auth]\nclient = demo; entry = zzt_" + secret + "; low = zzl_" + other + "\n");
  CommandResult r = Run({"scan", tree_.path()});
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("HIGH  Test zz.token  zz.token\n  at:          conf/app.ini:2:28\n"));
  EXPECT_THAT(r.out, HasSubstr("  line:        client = demo; entry = zzt_" + secret.substr(0, 4) +
                               "…[redacted 32 chars]; low = zzl_" + other.substr(0, 4) +
                               "…[redacted 32 chars]\n"));
  EXPECT_THAT(r.out, HasSubstr("  why:         test rule\n  fix:         rotate it\n"));
  EXPECT_THAT(r.out, HasSubstr("  fingerprint: "));
  // The summary table, then the summary line.
  EXPECT_THAT(r.out, HasSubstr("  rule      severity  findings\n  zz.token  high             1\n"
                               "  zz.low    low              1\n"));
  EXPECT_THAT(r.out, HasSubstr("2 findings (1 high, 1 low) in 1 file"));
  EXPECT_EQ(r.out.find(secret.substr(4, 10)), std::string::npos);
  EXPECT_EQ(r.out.find(other.substr(4, 10)), std::string::npos);
  r = Run({"scan", tree_.path(), "--show-secrets"});
  EXPECT_THAT(r.out, HasSubstr("entry = zzt_" + secret + "; low = zzl_" + other));

  // An excerpt cut to length in the middle of another secret shows none of it.
  const std::string filler = " ; filler = 12345678901234567890 ; entry = zzt_";
  tree_.Write("conf/app.ini", "low = zzl_" + other + filler + secret + "\n");
  r = Run({"scan", tree_.path()});
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("  line:        …[redacted]" + filler + secret.substr(0, 4)));
  for (size_t i = 4; i + 6 <= other.size(); ++i) {
    EXPECT_EQ(r.out.find(other.substr(i, 6)), std::string::npos) << i << "\n" << r.out;
  }
}

TEST_F(AdoptCliTest, HistoryFindingsSayTheCommitAndWhetherStillAtHead) {
  TempDir dir;
  GitRepo repo(dir.path() + "/repo");
  const std::string gone = NewSecret(), kept = NewSecret();
  repo.Write("old.env", "T=zzt_" + gone + "\n");
  repo.Write("app.env", "T=zzt_" + kept + "\n");
  const std::string commit = repo.Commit("add secrets");
  repo.Remove("old.env");
  repo.Commit("remove one");
  CommandResult r = Run({"git", repo.dir()});
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("  commit:      " + commit.substr(0, 12)));
  EXPECT_THAT(r.out, HasSubstr("  history:     still in the tree at HEAD: remove it and rotate it"));
  EXPECT_THAT(r.out, HasSubstr("  history:     only in history (gone from HEAD): rotate it"));
}

}  // namespace
}  // namespace nhiscan::cli
