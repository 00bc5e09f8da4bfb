// SARIF completeness: real nhiscan output (a tree with Salesforce/OneSpan findings, a git history
// with provenance, suppressed findings) validated against the SARIF 2.1.0 JSON schema with
// python3-jsonschema (Debian package, installed by .ci/setup) through validate_sarif.py.
// sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 schema in its rtm.5 revision, as shipped by the
// npm package @microsoft/jest-sarif (MIT). The validator must reject broken logs, or the test
// could not fail.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/support/git_repo.h"
#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::report {
namespace {

using ::nhiscan::testing::CommandResult;
using ::nhiscan::testing::Describe;
using ::nhiscan::testing::GitRepo;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::RunNhiscanEnv;
using ::nhiscan::testing::RunProgram;
using ::nhiscan::testing::TempDir;
using Json = nlohmann::json;

const std::string kSchema = std::string(NHISCAN_SOURCE_DIR) + "/tests/report/sarif-schema-2.1.0.json";
const std::string kValidator = std::string(NHISCAN_SOURCE_DIR) + "/tests/report/validate_sarif.py";

// Validator output; empty when the log is valid.
std::string SchemaErrors(const std::string& sarif) {
  TempDir dir;
  const std::string file = dir.Write("log.sarif", sarif);
  CommandResult r = RunProgram({"/usr/bin/python3", kValidator, kSchema, file}, {});
  if (r.exit_code == 0) return "";
  return "exit " + std::to_string(r.exit_code) + ": " + r.out + r.err;
}

// Every rule has the descriptions and help GitHub shows; every result points at its rule, has a
// fingerprint, a region and a level matching the rule's severity.
void ExpectComplete(const Json& log) {
  const Json& run = log["runs"][0];
  const Json& rules = run["tool"]["driver"]["rules"];
  ASSERT_FALSE(rules.empty());
  std::set<std::string> ids;
  for (const Json& rule : rules) {
    ids.insert(rule["id"]);
    EXPECT_FALSE(rule["shortDescription"]["text"].get<std::string>().empty()) << rule["id"];
    EXPECT_FALSE(rule["fullDescription"]["text"].get<std::string>().empty()) << rule["id"];
    EXPECT_THAT(rule["help"]["text"].get<std::string>(), ::testing::HasSubstr("Remediation:"));
    EXPECT_THAT(rule["help"]["markdown"].get<std::string>(), ::testing::HasSubstr("**Remediation:**"));
    const double sev = std::stod(rule["properties"]["security-severity"].get<std::string>());
    EXPECT_TRUE(sev > 0 && sev <= 10) << rule["id"];
  }
  EXPECT_EQ(ids.size(), rules.size());  // stable, unique ruleIds
  for (const Json& result : run["results"]) {
    const std::string id = result["ruleId"];
    EXPECT_TRUE(ids.count(id)) << id;
    EXPECT_EQ(rules[result["ruleIndex"].get<size_t>()]["id"], id);
    EXPECT_EQ(result["level"], rules[result["ruleIndex"].get<size_t>()]["defaultConfiguration"]["level"]);
    EXPECT_EQ(result["partialFingerprints"]["nhiscan/v1"].get<std::string>().size(), 32u);
    EXPECT_GE(result["locations"][0]["physicalLocation"]["region"]["startLine"].get<int>(), 1);
  }
}

TEST(SarifSchemaTest, ValidatorRejectsBrokenLogs) {
  TempDir tree;
  tree.Write("empty.txt", "nothing here\n");
  CommandResult r = RunNhiscanEnv({"scan", tree.path(), "--format", "sarif"}, "");
  ASSERT_EQ(r.exit_code, 0) << Describe(r);
  ASSERT_EQ(SchemaErrors(r.out), "");
  Json log = Json::parse(r.out);
  Json bad = log;
  bad["version"] = "2.0.0";
  EXPECT_NE(SchemaErrors(bad.dump()), "");
  bad = log;
  bad["runs"][0]["results"] = Json::array({{{"ruleId", "x"}, {"level", "severe"},
                                            {"message", {{"text", "m"}}}}});
  EXPECT_NE(SchemaErrors(bad.dump()), "");
  bad = log;
  bad["runs"][0]["tool"]["driver"].erase("name");
  EXPECT_NE(SchemaErrors(bad.dump()), "");
  bad = log;
  bad["runs"][0]["unexpected"] = 1;
  EXPECT_NE(SchemaErrors(bad.dump()), "");
}

TEST(SarifSchemaTest, TreeScanOfTheDemoProjectIsValidAndComplete) {
  CommandResult r = RunNhiscanEnv(
      {"scan", std::string(NHISCAN_SOURCE_DIR) + "/tests/demo", "--format", "sarif"}, "");
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_EQ(SchemaErrors(r.out), "");
  Json log = Json::parse(r.out);
  EXPECT_GE(log["runs"][0]["results"].size(), 5u);
  ExpectComplete(log);
}

TEST(SarifSchemaTest, HistoryWithProvenanceAndSuppressionsIsValid) {
  TempDir dir, rules_dir;
  const std::string rules = rules_dir.Write(
      "r.jsonc", RuleFile({RuleJson("zz.token", "zzt_(?P<secret>[A-Za-z0-9]{32})", "", "high"),
                           RuleJson("zz.low", "zzl_(?P<secret>[A-Za-z0-9]{32})", "", "low")}));
  GitRepo repo(dir.path() + "/repo");
  repo.Write("a.env", "T=zzt_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2\n");
  repo.Write("b.env", "L=zzl_R5tG7hJ2Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb  # nhiscan:allow demo key\n");
  repo.Commit("add");
  repo.Write("a.env", "nothing\n");
  repo.Write("c.env", "T=zzt_Tu1Vw3YbR5tG7hJ2Q8fk2LmZx0Pq7Rs9\n");
  repo.Commit("move");
  CommandResult r = RunNhiscanEnv({"git", repo.dir(), "--rules", rules, "--format", "sarif",
                                   "--show-suppressed"}, "");
  ASSERT_EQ(r.exit_code, 1) << Describe(r);
  EXPECT_EQ(SchemaErrors(r.out), "");
  Json log = Json::parse(r.out);
  ExpectComplete(log);
  const Json& results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), 3u) << r.out;
  size_t suppressed = 0, gone_from_head = 0;
  for (const Json& result : results) {
    const Json& source = result["properties"]["source"];
    EXPECT_EQ(source["kind"], "git");
    EXPECT_EQ(source["commit"].get<std::string>().size(), 40u);
    EXPECT_FALSE(source["author"].get<std::string>().empty());
    gone_from_head += !source["still_in_head"].get<bool>();
    if (result.contains("suppressions")) {
      ++suppressed;
      EXPECT_EQ(result["suppressions"][0]["kind"], "inSource");
      EXPECT_THAT(result["suppressions"][0]["justification"].get<std::string>(),
                  ::testing::HasSubstr("demo key"));
    }
  }
  EXPECT_EQ(suppressed, 1u);
  EXPECT_EQ(gone_from_head, 1u);
}

}  // namespace
}  // namespace nhiscan::report
