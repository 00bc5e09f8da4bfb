// End-to-end: the real binary, its exit status, its outputs. User rules are defined here so the
// tests do not depend on what the built-in rule pack finds (a clean folder holds nothing any rule
// could match).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
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

namespace fs = std::filesystem;
using ::nhiscan::testing::CommandResult;
using ::nhiscan::testing::Describe;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::ReadFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::RunNhiscan;
using ::nhiscan::testing::Synth;
using ::nhiscan::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// A user rule file with one rule, "zztest.token": zzt_ followed by 32 alphanumerics.
std::string UserRules() {
  return RuleFile({RuleJson("zztest.token", "zzt_(?P<secret>[A-Za-z0-9]{32})",
                            R"j("examples": ["token = zzt_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2"],
                                "negative_examples": ["token = zzt_short", "zzt_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"])j",
                            "high")});
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { rules_ = config_.Write("rules.jsonc", UserRules()); }

  // A folder with `count` files, each holding one synthetic token; returns the tokens.
  std::vector<std::string> PlantTokens(int count, uint64_t seed = 1) {
    Synth synth(seed);
    std::vector<std::string> tokens;
    for (int i = 0; i < count; ++i) {
      std::string token = synth.Chars(kAlnum, 32);
      tokens.push_back(token);
      tree_.Write("dir" + std::to_string(i % 3) + "/file" + std::to_string(i) + ".txt",
                  "line one\n  api = \"zzt_" + token + "\"\n");
    }
    return tokens;
  }

  CommandResult Scan(std::vector<std::string> extra) {
    std::vector<std::string> args = {"scan", tree_.path(), "--rules", rules_, "--color", "never"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunNhiscan(args);
  }

  TempDir tree_, config_;
  std::string rules_;
};

TEST_F(CliTest, CleanFolderExitsZero) {
  tree_.Write("README.md", "# Hello\n\nNothing to see here.\n");
  tree_.Write("src/main.c", "int main(void) { return 0; }\n");
  CommandResult r = Scan({});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("0 findings"));
  CommandResult json = Scan({"-f", "json"});
  EXPECT_EQ(json.exit_code, 0) << Describe(json);
  Json doc = Json::parse(json.out);
  EXPECT_TRUE(doc["findings"].empty());
  EXPECT_EQ(doc["stats"]["files"], 2);
}

TEST_F(CliTest, FindingsExitOneAndAreRedacted) {
  std::vector<std::string> tokens = PlantTokens(3);
  CommandResult r = Scan({});
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_THAT(r.out,
              AllOf(HasSubstr("zztest.token"), HasSubstr("dir0/file0.txt"), HasSubstr("2:")));
  for (const std::string& token : tokens) {
    EXPECT_THAT(r.out, Not(HasSubstr(token)));
    EXPECT_THAT(r.err, Not(HasSubstr(token)));
  }
  for (const char* format : {"json", "jsonl", "sarif"}) {
    CommandResult m = Scan({"--format", format});
    EXPECT_EQ(m.exit_code, 1) << format << Describe(m);
    for (const std::string& token : tokens) EXPECT_THAT(m.out, Not(HasSubstr(token))) << format;
  }
  CommandResult shown = Scan({"--show-secrets", "-f", "json"});
  EXPECT_EQ(shown.exit_code, 1);
  for (const std::string& token : tokens) EXPECT_THAT(shown.out, HasSubstr(token));
}

TEST_F(CliTest, JsonReportThroughTheBinary) {
  std::vector<std::string> tokens = PlantTokens(2);
  CommandResult r = Scan({"-f", "json"});
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  Json doc = Json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 2u);
  const Json& f = doc["findings"][0];
  EXPECT_EQ(f["rule_id"], "zztest.token");
  EXPECT_EQ(f["severity"], "high");
  EXPECT_EQ(f["path"], "dir0/file0.txt");
  EXPECT_EQ(f["line"], 2);
  EXPECT_EQ(f["column"], 14);  // `  api = "zzt_` is 13 characters
  EXPECT_EQ(f["source"]["kind"], "file");
  EXPECT_EQ(f["validation"]["status"], "not_validated");
  EXPECT_EQ(doc["stats"]["files"], 2);
  EXPECT_EQ(doc["stats"]["blobs"], 2);
  EXPECT_FALSE(doc["stats"].contains("duration_ms"));
}

TEST_F(CliTest, MissingPathExitsTwo) {
  const std::string missing = tree_.path() + "/no-such-folder";
  CommandResult r = RunNhiscan({"scan", missing, "--rules", rules_});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr("no-such-folder"));
}

TEST_F(CliTest, BadOptionValuesExitTwo) {
  tree_.Write("a.txt", "x");
  CommandResult format = Scan({"--format", "xml"});
  EXPECT_EQ(format.exit_code, 2) << Describe(format);
  EXPECT_THAT(format.err, HasSubstr("xml"));
  CommandResult size = Scan({"--max-file-size", "lots"});
  EXPECT_EQ(size.exit_code, 2) << Describe(size);
  EXPECT_THAT(size.err, HasSubstr("lots"));
  CommandResult color = Scan({"--color", "sometimes"});
  EXPECT_EQ(color.exit_code, 2) << Describe(color);
  CommandResult unknown = Scan({"--no-such-flag"});
  EXPECT_EQ(unknown.exit_code, 2) << Describe(unknown);
  CommandResult nothing = RunNhiscan({});
  EXPECT_EQ(nothing.exit_code, 2) << Describe(nothing);
}

TEST_F(CliTest, BrokenUserRuleFileExitsTwoNamingTheRule) {
  tree_.Write("a.txt", "x");
  const std::string unknown_field = config_.Write(
      "unknown.jsonc",
      RuleFile({RuleJson("zztest.broken", "zzb_(?P<secret>[a-z]{8})", "\"severty\": \"high\"")}));
  CommandResult r = RunNhiscan({"scan", tree_.path(), "--rules", unknown_field});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err,
              AllOf(HasSubstr("zztest.broken"), HasSubstr("severty"), HasSubstr("unknown.jsonc")));

  const std::string bad_regex = config_.Write(
      "regex.jsonc", RuleFile({RuleJson("zztest.regex", "(?<=x)zzr_(?P<secret>[a-z]{8})")}));
  r = RunNhiscan({"scan", tree_.path(), "--rules", bad_regex});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr("zztest.regex"));

  const std::string not_json = config_.Write("comma.jsonc", "{\"rules\": [],}");
  r = RunNhiscan({"scan", tree_.path(), "--rules", not_json});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr("comma.jsonc"));

  r = RunNhiscan({"scan", tree_.path(), "--rules", config_.path() + "/missing.jsonc"});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr("missing.jsonc"));
}

TEST_F(CliTest, HelpForEachCommandMentionsItsOptions) {
  CommandResult top = RunNhiscan({"--help"});
  EXPECT_EQ(top.exit_code, 0) << Describe(top);
  EXPECT_THAT(top.out, AllOf(HasSubstr("scan"), HasSubstr("rules"), HasSubstr("version")));

  CommandResult scan = RunNhiscan({"scan", "--help"});
  EXPECT_EQ(scan.exit_code, 0) << Describe(scan);
  for (const char* option : {"--exclude", "--max-file-size", "--threads", "--rules", "--cache-dir",
                             "--format", "--output", "--color", "--show-secrets", "--timings"}) {
    EXPECT_THAT(scan.out, HasSubstr(option)) << option;
  }
  for (const char* format : {"text", "json", "jsonl", "sarif"}) {
    EXPECT_THAT(scan.out, HasSubstr(format)) << format;
  }

  CommandResult rules = RunNhiscan({"rules", "--help"});
  EXPECT_EQ(rules.exit_code, 0) << Describe(rules);
  EXPECT_THAT(rules.out, AllOf(HasSubstr("list"), HasSubstr("check")));
  for (const char* sub : {"list", "check"}) {
    CommandResult help = RunNhiscan({"rules", sub, "--help"});
    EXPECT_EQ(help.exit_code, 0) << Describe(help);
    EXPECT_THAT(help.out, AllOf(HasSubstr("--rules"), HasSubstr("--cache-dir"))) << sub;
  }
  EXPECT_THAT(RunNhiscan({"rules", "list", "--help"}).out, HasSubstr("--patterns"));

  CommandResult version = RunNhiscan({"version", "--help"});
  EXPECT_EQ(version.exit_code, 0) << Describe(version);
  EXPECT_THAT(version.out, HasSubstr("version"));
}

TEST_F(CliTest, VersionPrintsTheVersion) {
  CommandResult r = RunNhiscan({"version"});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.out, ::testing::MatchesRegex("nhiscan [0-9]+\\.[0-9]+\\.[0-9]+\n"));
}

TEST_F(CliTest, RulesCheckPassesGoodRules) {
  CommandResult r = RunNhiscan({"rules", "check", "--rules", rules_});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("0 failed"));
  EXPECT_THAT(r.out, Not(HasSubstr("FAIL")));
}

TEST_F(CliTest, RulesCheckFailsOnExampleThatDoesNotMatch) {
  const std::string bad = config_.Write(
      "bad.jsonc",
      RuleFile({RuleJson("zztest.misses", "zzm_(?P<secret>[A-Za-z0-9]{32})",
                         R"j("examples": ["zzm_tooShort123"], "negative_examples": ["nothing"])j"),
                RuleJson("zztest.overmatches", "zzo_(?P<secret>[A-Za-z0-9]{32})",
                         R"j("examples": ["zzo_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2"],
                             "negative_examples": ["zzo_A8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2"])j"),
                RuleJson("zztest.wrong_secret", "zzw_(?P<secret>[A-Za-z0-9]{32})",
                         R"j("examples": [{"text": "zzw_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2",
                                           "secret": "somethingElse"}],
                             "negative_examples": ["nothing"])j")}));
  CommandResult r = RunNhiscan({"rules", "check", "--rules", bad});
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_THAT(r.out, AllOf(HasSubstr("FAIL zztest.misses"), HasSubstr("FAIL zztest.overmatches"),
                           HasSubstr("FAIL zztest.wrong_secret")));
  // Both engines are checked.
  EXPECT_THAT(r.out, AllOf(HasSubstr("hyperscan"), HasSubstr("re2")));
  // The expected secret is never printed, only its length.
  EXPECT_THAT(r.out, Not(HasSubstr("Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2")));
}

TEST_F(CliTest, RulesListShowsUserRules) {
  CommandResult r = RunNhiscan({"rules", "list", "--rules", rules_});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.out, HasSubstr("zztest.token\thigh\t"));
  CommandResult patterns = RunNhiscan({"rules", "list", "--patterns", "--rules", rules_});
  EXPECT_THAT(patterns.out, HasSubstr("zzt_(?P<secret>[A-Za-z0-9]{32})"));
}

TEST_F(CliTest, OutputFileIsWritten) {
  PlantTokens(2);
  const std::string out_file = config_.path() + "/report.json";
  CommandResult r = Scan({"-f", "json", "--output", out_file});
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_EQ(r.out, "");
  ASSERT_TRUE(fs::exists(out_file));
  Json doc = Json::parse(ReadFile(out_file));
  EXPECT_EQ(doc["findings"].size(), 2u);
  // Same bytes as stdout.
  EXPECT_EQ(ReadFile(out_file), Scan({"-f", "json"}).out);
  // Nothing else is left beside it.
  size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(config_.path())) {
    (void)entry;
    ++entries;
  }
  EXPECT_EQ(entries, 2u);  // rules.jsonc and report.json

  CommandResult bad = Scan({"-f", "json", "--output", config_.path() + "/no/such/dir/r.json"});
  EXPECT_EQ(bad.exit_code, 2) << Describe(bad);
}

TEST_F(CliTest, OutputIsIdenticalWithOneOrTwoThreads) {
  PlantTokens(40, 7);
  tree_.Write("bin/blob.dat", std::string("\0binary zzt_", 12));
  for (const char* format : {"json", "sarif", "jsonl", "text"}) {
    CommandResult one = Scan({"-f", format, "--threads", "1"});
    CommandResult two = Scan({"-f", format, "--threads", "2"});
    EXPECT_EQ(one.exit_code, 1) << Describe(one);
    EXPECT_EQ(two.exit_code, 1) << Describe(two);
    if (std::string(format) == "text") {
      // The summary line carries the duration; everything before it must match.
      auto body = [](const std::string& s) { return s.substr(0, s.rfind(" findings")); };
      EXPECT_EQ(body(one.out), body(two.out));
    } else {
      EXPECT_EQ(one.out, two.out) << format;
    }
  }
}

TEST_F(CliTest, SecondRunUsesTheRuleCache) {
  tree_.Write("a.txt", "nothing");
  TempDir cache;
  auto run = [&] {
    CommandResult r = Scan({"-f", "json", "--timings", "--cache-dir", cache.path()});
    EXPECT_EQ(r.exit_code, 0) << Describe(r);
    return Json::parse(r.out)["stats"];
  };
  Json first = run();
  EXPECT_EQ(first["rule_cache"], "miss");
  EXPECT_TRUE(first.contains("duration_ms"));
  std::vector<std::string> phases;
  for (const Json& phase : first["phases"]) phases.push_back(phase["phase"]);
  EXPECT_THAT(phases, ElementsAre("start", "configuration", "rules", "scan", "validation"));
  EXPECT_FALSE(fs::is_empty(cache.path()));
  Json second = run();
  EXPECT_EQ(second["rule_cache"], "hit");
  // --cache-dir none never uses a cache.
  CommandResult none = Scan({"-f", "json", "--timings", "--cache-dir", "none"});
  EXPECT_EQ(Json::parse(none.out)["stats"]["rule_cache"], "miss");
}

// The built-in rules' database is embedded at build time: the very first run on this machine,
// with an empty cache, compiles nothing.
TEST_F(CliTest, FirstRunWithTheBuiltinRulesUsesTheEmbeddedDatabase) {
  if (!NHISCAN_PREBUILT_DATABASE_ENABLED) GTEST_SKIP() << "built with NHISCAN_PREBUILT_DATABASE=OFF";
  tree_.Write("a.txt", "nothing");
  TempDir cache;
  CommandResult r = RunNhiscan(
      {"scan", tree_.path(), "-f", "json", "--timings", "--cache-dir", cache.path()});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_EQ(Json::parse(r.out)["stats"]["rule_cache"], "prebuilt");
  for (const auto& entry : fs::directory_iterator(cache.path())) {
    EXPECT_NE(entry.path().extension(), ".hsdb") << "compiled although embedded: " << entry.path();
  }
}

TEST_F(CliTest, UnusableCacheDirIsAWarningNotAnError) {
  tree_.Write("a.txt", "nothing");
  const std::string blocker = config_.Write("file-not-dir", "x");
  CommandResult r = Scan({"--cache-dir", blocker + "/cache"});
  EXPECT_EQ(r.exit_code, 0) << Describe(r);
  EXPECT_THAT(r.err, HasSubstr("warning"));
}

TEST_F(CliTest, ExcludeAndMaxFileSize) {
  PlantTokens(3);
  tree_.Write("big.txt",
              "zzt_" + std::string("Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2") + std::string(4096, '.'));
  CommandResult r =
      Scan({"-f", "json", "--exclude", "dir1", "--exclude", "*2.txt", "--max-file-size", "1KiB"});
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  Json doc = Json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 1u);
  EXPECT_EQ(doc["findings"][0]["path"], "dir0/file0.txt");
  EXPECT_EQ(doc["stats"]["skipped"]["too_large"], 1);
  EXPECT_GE(doc["stats"]["skipped"]["excluded"], 2);
}

TEST_F(CliTest, UnreadableFileExitsTwoEvenWithoutFindings) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read any file";
  const std::string locked = tree_.Write("locked.txt", "nothing");
  ASSERT_EQ(::chmod(locked.c_str(), 0), 0);
  CommandResult r = Scan({"-f", "json"});
  EXPECT_EQ(r.exit_code, 2) << Describe(r);
  EXPECT_EQ(Json::parse(r.out)["stats"]["incomplete"], true);
  EXPECT_THAT(r.err, HasSubstr("incomplete"));
}

TEST_F(CliTest, ScanningASingleFile) {
  std::vector<std::string> tokens = PlantTokens(1);
  const std::string file = tree_.path() + "/dir0/file0.txt";
  CommandResult r = RunNhiscan({"scan", file, "--rules", rules_, "-f", "json"});
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  Json doc = Json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 1u);
  EXPECT_EQ(doc["findings"][0]["path"], file);
}

TEST_F(CliTest, FileSymlinkNamedOnTheCommandLineIsScanned) {
  // Naming a link explicitly must not give a clean exit without scanning anything.
  PlantTokens(1);
  const std::string link = config_.path() + "/link.txt";
  fs::create_symlink(tree_.path() + "/dir0/file0.txt", link);
  CommandResult r = RunNhiscan({"scan", link, "--rules", rules_, "-f", "json"});
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  Json doc = Json::parse(r.out);
  ASSERT_EQ(doc["findings"].size(), 1u);
  EXPECT_EQ(doc["findings"][0]["path"], link);
}

TEST_F(CliTest, DefaultPathIsTheWorkingDirectory) {
  PlantTokens(1);
  CommandResult r = RunNhiscan({"scan", "--rules", rules_, "-f", "json"}, tree_.path());
  EXPECT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_EQ(Json::parse(r.out)["findings"][0]["path"], "dir0/file0.txt");
}

}  // namespace
}  // namespace nhiscan::cli

namespace nhiscan {
namespace {

using namespace ::nhiscan::testing;

// The output of a shell command; "" when it fails.
std::string OutputOf(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return "";
  std::string text;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
  return ::pclose(pipe) == 0 ? text : "";
}

// libgit2 over mbedTLS would parse the whole system CA bundle at start-up, for HTTPS transports
// nhiscan never uses (scanner/source/git_no_certificates.cc): a git scan opens the repository's
// files and never the certificates.
TEST(BinaryTest, GitScanNeverReadsTheSystemCertificates) {
  TempDir tmp;
  GitRepo repo(tmp.path() + "/repo");
  repo.Write("README.md", "# demo\n");
  repo.Commit("init");
  repo.Write("notes.txt", "staged\n");
  repo.Git({"add", "notes.txt"});
  const std::string log = tmp.path() + "/opened.txt";
  for (const char* command : {"staged", "git"}) {
    std::filesystem::remove(log);
    CommandResult r = RunNhiscanEnv({command, "--format", "json"}, repo.dir(),
                                    {{"LD_PRELOAD", NHISCAN_OPEN_LOG_PRELOAD},
                                     {"NHISCAN_OPEN_LOG", log}});
    EXPECT_EQ(r.exit_code, 0) << Describe(r);
    const std::string opened = ReadFile(log);
    EXPECT_THAT(opened, ::testing::HasSubstr(".git/HEAD")) << command << ": the log works";
    EXPECT_THAT(opened, ::testing::Not(::testing::HasSubstr("/etc/ssl"))) << command;
    EXPECT_THAT(opened, ::testing::Not(::testing::HasSubstr("ca-certificates"))) << command;
  }
}

// libcurl is loaded only when validation runs (scanner/validate/libcurl.h): a plain scan or a
// pre-commit hook must not pay for loading it and the libraries it depends on.
TEST(BinaryTest, DoesNotLinkLibcurl) {
  std::string dynamic = OutputOf(std::string("readelf -d ") + NHISCAN_BINARY);
  ASSERT_THAT(dynamic, ::testing::HasSubstr("(NEEDED)")) << "readelf failed";
  EXPECT_THAT(dynamic, ::testing::Not(::testing::HasSubstr("libcurl")));
}

// With libgit2 linked statically, its SSH transport and Kerberos authentication are left out
// (scanner/source/git_no_transports.cc): no libssh2, OpenSSL or GSSAPI is loaded, and libgit2
// still initializes (libssh2_init must succeed): a history sweep and a staged scan find their
// secrets. (The ssh:// remote is configuration nhiscan never uses.)
TEST(BinaryTest, LoadsNoSshOrKerberosLibraries) {
  if (!NHISCAN_BINARY_GIT2_STATIC) GTEST_SKIP() << "built with shared libgit2";
  std::string dynamic = OutputOf(std::string("readelf -d ") + NHISCAN_BINARY);
  ASSERT_THAT(dynamic, ::testing::HasSubstr("(NEEDED)")) << "readelf failed";
  for (const char* library : {"libssh2", "libcrypto", "libssl", "libgssapi", "libkrb5", "libgit2"}) {
    EXPECT_THAT(dynamic, ::testing::Not(::testing::HasSubstr(library)));
  }
  TempDir tmp;
  GitRepo repo(tmp.path() + "/repo");
  repo.Git({"remote", "add", "origin", "ssh://git@example.invalid/acme/app.git"});
  repo.Write("app.env", "SF_CLIENT_SECRET=" + Synth(5).ConsumerSecretHex() + "\n");
  repo.Commit("add");
  EXPECT_EQ(RunNhiscanEnv({"git", "--format", "json", "--progress", "never"}, repo.dir()).exit_code,
            1);
  repo.Write("more.env", "SF_CLIENT_SECRET=" + Synth(6).ConsumerSecretHex() + "\n");
  repo.Git({"add", "more.env"});
  EXPECT_EQ(RunNhiscanEnv({"staged", "--format", "json"}, repo.dir()).exit_code, 1);
}

}  // namespace
}  // namespace nhiscan
