#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "scanner/report/reporter.h"
#include "scanner/rules/loader.h"
#include "tests/support/rule_text.h"

namespace nhiscan::report {
namespace {

using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

constexpr char kSecretA[] = "Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2";          // 32 chars
constexpr char kSecretB[] = "9xTq4WmZ2LpA7Rs1Tu8Vw3Yb";                  // 24 chars
constexpr char kSecretC[] = "shortSecr3t";                               // 11 chars
constexpr char kClientId[] = "3MVG9abcdefghijklmnopqrstuvwxyzABCDEFGH";  // identifier

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        rules::LoadRuleText(
            RuleFile({RuleJson("acme.api_secret", "s_(?P<secret>[a-z]{8})",
                               R"j("references": ["https://acme.example/docs/keys"])j", "critical"),
                      RuleJson("acme.token", "t_(?P<secret>[a-z]{8})", "", "medium"),
                      RuleJson("acme.client_id", "c_(?P<secret>[a-z]{8})",
                               R"j("kind": "identifier")j", "info"),
                      RuleJson("other.unused", "u_(?P<secret>[a-z]{8})", "", "low")}),
            "acme.jsonc", &rules_)
            .ok());
    findings_.push_back(Make("acme.api_secret", "config/app.env", 3, 14, kSecretA));
    findings_.back().context = {
        {"client_id", kClientId}, {"host", "acme.my.example.com"}, {"password", kSecretB}};
    findings_.push_back(Make("acme.token", "config/app.env", 9, 1, kSecretB));
    findings_.push_back(Make("acme.token", "src/\x1b[31mevil\x07.txt", 1, 5, kSecretC));
    findings_.push_back(Make("acme.client_id", "src/main.c", 2, 7, kClientId));
    findings_.back().source.kind = "git";
    findings_.back().source.commit = "0123456789abcdef0123456789abcdef01234567";
    findings_.back().source.author = "Dev <dev@example.com>";
    findings_.back().source.date = "2024-01-02T03:04:05Z";
    stats_.files = 7;
    stats_.blobs = 5;
    stats_.bytes = 123456;
    stats_.skipped = {{"binary", 2}, {"symlink", 1}};
    stats_.duration_ms = 42.4;
    stats_.rules = 4;
  }

  findings::Finding Make(const std::string& rule_id, const std::string& path, uint64_t line,
                         uint64_t column, const std::string& secret) {
    findings::Finding f;
    f.rule = rules_.FindRule(rule_id);
    f.path = path;
    f.line = f.end_line = line;
    f.column = column;
    f.end_column = column + secret.size();
    f.secret = secret;
    f.fingerprint = findings::Fingerprint(rule_id, path, secret);
    return f;
  }

  std::string Render(const std::string& format, ReportOptions options = {}) {
    options.tool_version = "9.9.9";
    auto reporter = MakeReporter(format, options);
    EXPECT_NE(reporter, nullptr) << format;
    if (!reporter) return "";
    std::ostringstream out;
    reporter->Write(Report{findings_, stats_, rules_}, out);
    return out.str();
  }

  rules::RuleSet rules_;
  std::vector<findings::Finding> findings_;
  findings::ScanStats stats_;
};

TEST_F(ReportTest, FormatsAreKnown) {
  EXPECT_EQ(ReportFormats(), (std::vector<std::string>{"text", "json", "jsonl", "sarif"}));
  for (const std::string& format : ReportFormats()) EXPECT_NE(MakeReporter(format, {}), nullptr);
  EXPECT_EQ(MakeReporter("xml", {}), nullptr);
  EXPECT_EQ(MakeReporter("", {}), nullptr);
  EXPECT_EQ(MakeReporter("JSON", {}), nullptr);
}

TEST_F(ReportTest, JsonHasTheContractKeys) {
  Json doc = Json::parse(Render("json"));
  ASSERT_TRUE(doc["findings"].is_array());
  ASSERT_EQ(doc["findings"].size(), findings_.size());
  for (const Json& f : doc["findings"]) {
    for (const char* key : {"rule_id", "severity", "path", "line", "column", "secret",
                            "fingerprint", "source", "validation"}) {
      EXPECT_TRUE(f.contains(key)) << key << " in " << f.dump();
    }
    EXPECT_TRUE(f["line"].is_number_unsigned());
    EXPECT_TRUE(f["column"].is_number_unsigned());
    EXPECT_TRUE(f["source"].is_object());
    EXPECT_TRUE(f["validation"].is_object());
    EXPECT_EQ(f["validation"]["status"], "not_validated");
  }
  const Json& first = doc["findings"][0];
  EXPECT_EQ(first["rule_id"], "acme.api_secret");
  EXPECT_EQ(first["severity"], "critical");
  EXPECT_EQ(first["path"], "config/app.env");
  EXPECT_EQ(first["line"], 3);
  EXPECT_EQ(first["column"], 14);
  EXPECT_EQ(first["end_column"], 14 + 32);
  EXPECT_EQ(first["secret_length"], 32);
  EXPECT_EQ(first["fingerprint"], findings_[0].fingerprint);
  EXPECT_EQ(first["source"]["kind"], "file");
  EXPECT_EQ(first["context"]["host"], "acme.my.example.com");  // hosts shown as they are
  EXPECT_EQ(doc["findings"][3]["source"]["commit"], findings_[3].source.commit);
  EXPECT_EQ(doc["findings"][3]["kind"], "identifier");

  const Json& stats = doc["stats"];
  for (const char* key : {"files", "blobs", "bytes", "skipped", "errors"}) {
    EXPECT_TRUE(stats.contains(key)) << key;
  }
  EXPECT_EQ(stats["files"], 7);
  EXPECT_EQ(stats["blobs"], 5);
  EXPECT_EQ(stats["bytes"], 123456);
  EXPECT_EQ(stats["skipped"]["binary"], 2);
  EXPECT_EQ(stats["skipped"]["symlink"], 1);
  EXPECT_TRUE(stats["errors"].is_array());
  EXPECT_EQ(stats["incomplete"], false);
  EXPECT_EQ(stats["findings"], 4);
  EXPECT_EQ(stats["by_severity"]["medium"], 2);
  EXPECT_FALSE(stats.contains("duration_ms"));  // only with timings
  EXPECT_FALSE(stats.contains("rule_cache"));
}

TEST_F(ReportTest, TimingsAddDurationAndCacheState) {
  ReportOptions options;
  options.timings = true;
  stats_.rule_cache_hit = true;
  Json stats = Json::parse(Render("json", options))["stats"];
  EXPECT_EQ(stats["duration_ms"], 42);
  EXPECT_EQ(stats["rule_cache"], "hit");
  stats_.rule_cache_hit = false;
  EXPECT_EQ(Json::parse(Render("json", options))["stats"]["rule_cache"], "miss");
}

TEST_F(ReportTest, ErrorsAreReportedAndMarkIncomplete) {
  stats_.errors = {{"locked.txt", "cannot read: Permission denied"}};
  Json stats = Json::parse(Render("json"))["stats"];
  ASSERT_EQ(stats["errors"].size(), 1u);
  EXPECT_EQ(stats["errors"][0]["path"], "locked.txt");
  EXPECT_EQ(stats["incomplete"], true);
  const std::string text = Render("text");
  EXPECT_THAT(text, HasSubstr("locked.txt"));
  EXPECT_THAT(text, HasSubstr("INCOMPLETE"));
  Json sarif = Json::parse(Render("sarif"));
  EXPECT_EQ(sarif["runs"][0]["invocations"][0]["executionSuccessful"], false);
}

TEST_F(ReportTest, SecretsAreRedactedInEveryFormat) {
  for (const std::string& format : ReportFormats()) {
    const std::string out = Render(format);
    ASSERT_FALSE(out.empty());
    for (const char* secret : {kSecretA, kSecretB, kSecretC}) {
      EXPECT_THAT(out, Not(HasSubstr(secret))) << format;
      // Not even a long piece of it.
      EXPECT_THAT(out, Not(HasSubstr(std::string(secret).substr(0, 8)))) << format;
      EXPECT_THAT(out, Not(HasSubstr(std::string(secret).substr(3, 8)))) << format;
    }
    EXPECT_THAT(out, Not(HasSubstr(kClientId))) << format;  // identifiers are shortened
  }
}

TEST_F(ReportTest, ShowSecretsRevealsThem) {
  ReportOptions options;
  options.show_secrets = true;
  for (const std::string& format : ReportFormats()) {
    const std::string out = Render(format, options);
    for (const char* secret : {kSecretA, kSecretB, kSecretC, kClientId}) {
      EXPECT_THAT(out, HasSubstr(secret)) << format;
    }
  }
}

TEST_F(ReportTest, ShownSecretAndContext) {
  ReportOptions hidden, shown;
  shown.show_secrets = true;
  EXPECT_EQ(ShownSecret(findings_[0], shown), kSecretA);
  EXPECT_EQ(ShownSecret(findings_[0], hidden), findings::Redact(kSecretA));
  EXPECT_EQ(ShownSecret(findings_[3], hidden), findings::ShortenIdentifier(kClientId));
  EXPECT_EQ(ShownContext("host", "x.example.com", hidden), "x.example.com");
  EXPECT_EQ(ShownContext("client_id", kClientId, hidden), findings::ShortenIdentifier(kClientId));
  EXPECT_EQ(ShownContext("password", kSecretB, hidden), findings::Redact(kSecretB));
  EXPECT_EQ(ShownContext("anything_else", kSecretB, hidden), findings::Redact(kSecretB));
  EXPECT_EQ(ShownContext("password", kSecretB, shown), kSecretB);
}

TEST_F(ReportTest, JsonLinesIsOneFindingPerLine) {
  const std::string out = Render("jsonl");
  std::istringstream lines(out);
  std::string line;
  std::vector<Json> parsed;
  while (std::getline(lines, line)) {
    ASSERT_FALSE(line.empty());
    parsed.push_back(Json::parse(line));
  }
  ASSERT_EQ(parsed.size(), findings_.size());
  for (size_t i = 0; i < parsed.size(); ++i) {
    EXPECT_TRUE(parsed[i].is_object());
    EXPECT_EQ(parsed[i]["fingerprint"], findings_[i].fingerprint);
    EXPECT_EQ(parsed[i]["rule_id"], findings_[i].rule->id);
  }
  EXPECT_EQ(out.back(), '\n');
  // No findings, no lines.
  findings_.clear();
  EXPECT_EQ(Render("jsonl"), "");
}

TEST_F(ReportTest, SarifStructure) {
  Json doc = Json::parse(Render("sarif"));
  EXPECT_EQ(doc["version"], "2.1.0");
  EXPECT_THAT(doc["$schema"].get<std::string>(), HasSubstr("sarif"));
  ASSERT_EQ(doc["runs"].size(), 1u);
  const Json& run = doc["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "nhiscan");
  EXPECT_EQ(run["tool"]["driver"]["semanticVersion"], "9.9.9");
  const Json& driver_rules = run["tool"]["driver"]["rules"];
  std::vector<std::string> ids;
  for (const Json& rule : driver_rules) {
    ids.push_back(rule["id"]);
    EXPECT_TRUE(rule["shortDescription"]["text"].is_string());
    EXPECT_TRUE(rule["fullDescription"]["text"].is_string());
    EXPECT_TRUE(rule["help"]["text"].is_string());
    const std::string level = rule["defaultConfiguration"]["level"];
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
    const std::string severity = rule["properties"]["security-severity"];
    double score = std::stod(severity);
    EXPECT_GE(score, 0.0);
    EXPECT_LE(score, 10.0);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"acme.api_secret", "acme.token", "acme.client_id",
                                           "other.unused"}));
  EXPECT_EQ(driver_rules[0]["helpUri"], "https://acme.example/docs/keys");
  EXPECT_GE(std::stod(driver_rules[0]["properties"]["security-severity"].get<std::string>()), 9.0);
  EXPECT_EQ(driver_rules[0]["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(driver_rules[1]["defaultConfiguration"]["level"], "warning");
  EXPECT_EQ(driver_rules[2]["defaultConfiguration"]["level"], "note");

  const Json& results = run["results"];
  ASSERT_EQ(results.size(), findings_.size());
  // URIs: the escape sequence and the bell of the hostile file name are percent-encoded.
  const std::vector<std::string> uris = {"config/app.env", "config/app.env",
                                         "src/%1B%5B31mevil%07.txt", "src/main.c"};
  ASSERT_EQ(uris.size(), findings_.size());
  for (size_t i = 0; i < results.size(); ++i) {
    const Json& r = results[i];
    EXPECT_EQ(r["ruleId"], findings_[i].rule->id);
    const size_t index = r["ruleIndex"];
    ASSERT_LT(index, driver_rules.size());
    EXPECT_EQ(driver_rules[index]["id"], r["ruleId"]);
    EXPECT_TRUE(r["message"]["text"].is_string());
    const Json& location = r["locations"][0]["physicalLocation"];
    EXPECT_EQ(location["artifactLocation"]["uri"], uris[i]);
    EXPECT_EQ(location["region"]["startLine"], findings_[i].line);
    EXPECT_EQ(location["region"]["startColumn"], findings_[i].column);
    EXPECT_EQ(location["region"]["endColumn"], findings_[i].end_column);
    EXPECT_FALSE(r["partialFingerprints"].empty());
    EXPECT_EQ(r["partialFingerprints"].begin().value(), findings_[i].fingerprint);
  }
  EXPECT_EQ(results[0]["level"], "error");
  EXPECT_EQ(results[1]["level"], "warning");
  EXPECT_EQ(results[3]["level"], "note");
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], true);
}

TEST_F(ReportTest, TextEscapesControlCharactersInPaths) {
  const std::string out = Render("text");
  EXPECT_THAT(out, Not(HasSubstr("\x1b")));
  EXPECT_THAT(out, Not(HasSubstr("\x07")));
  EXPECT_THAT(out, HasSubstr("\\x1b[31mevil\\x07.txt"));
  EXPECT_THAT(out, HasSubstr("config/app.env"));
  EXPECT_THAT(out, HasSubstr("3:14"));
  EXPECT_THAT(out, HasSubstr("acme.api_secret"));
  EXPECT_THAT(out, HasSubstr(findings_[0].fingerprint));
  EXPECT_THAT(out, HasSubstr("4 findings"));
  EXPECT_THAT(out, HasSubstr("binary: 2"));
}

TEST_F(ReportTest, TextColourOnlyWhenAsked) {
  EXPECT_THAT(Render("text"), Not(HasSubstr("\x1b[")));
  ReportOptions color;
  color.color = true;
  EXPECT_THAT(Render("text", color), HasSubstr("\x1b["));
}

TEST_F(ReportTest, CleanTextReport) {
  findings_.clear();
  const std::string out = Render("text");
  EXPECT_THAT(out, HasSubstr("0 findings"));
  EXPECT_THAT(out, Not(HasSubstr("INCOMPLETE")));
}

TEST_F(ReportTest, MachineOutputIsByteIdenticalAcrossRenders) {
  for (const char* format : {"json", "jsonl", "sarif"}) {
    const std::string first = Render(format);
    stats_.duration_ms = 9999;  // wall-clock time must not leak into the output
    EXPECT_EQ(Render(format), first) << format;
    stats_.duration_ms = 42.4;
  }
}

TEST_F(ReportTest, InvalidUtf8InPathsDoesNotBreakJson) {
  findings_[1].path = "bad\xff\xfe.txt";
  for (const char* format : {"json", "sarif"}) {
    const std::string out = Render(format);
    EXPECT_NO_THROW(Json::parse(out)) << format;
  }
  std::istringstream lines(Render("jsonl"));
  std::string line;
  while (std::getline(lines, line)) EXPECT_NO_THROW(Json::parse(line));
}

}  // namespace
}  // namespace nhiscan::report
