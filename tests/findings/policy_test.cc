#include "scanner/findings/policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/rule_text.h"

namespace nhiscan::findings {
namespace {

using ::nhiscan::testing::Compile;
using ::nhiscan::testing::Compiled;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::Scan;

class PolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto compiled = Compile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})"),
                                      RuleJson("generic.pw", "pw=(?P<secret>[A-Za-z0-9]{24})")}));
    ASSERT_TRUE(compiled.ok()) << compiled.status().message();
    compiled_ = std::move(compiled).value();
  }
  std::vector<Finding> ScanAt(const std::string& path) {
    return Scan(compiled_, "key=" + key_ + "\npw=" + pw_ + "\n", path);
  }
  Compiled compiled_;
  const std::string key_ = "Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb", pw_ = "R5tG7hJ2Q8fk2LmZx0Pq7Rs9";
};

TEST_F(PolicyTest, DefaultExcludesSilenceOnlyGenericRules) {
  Policy policy;
  policy.generic_excludes = DefaultGenericExcludes();
  for (const char* path : {"package-lock.json", "web/yarn.lock", "vendor/lib/x.go",
                           "app/node_modules/pkg/index.js", "static/app.min.js", "go.sum"}) {
    PolicyResult r = ApplyPolicy(ScanAt(path), policy);
    ASSERT_EQ(r.reported.size(), 1u) << path;
    EXPECT_EQ(r.reported[0].rule->id, "t.key") << path;  // provider-shaped: still reported
    ASSERT_EQ(r.suppressed.size(), 1u) << path;
    EXPECT_EQ(r.suppressed[0].rule->id, "generic.pw");
    EXPECT_EQ(r.suppressed[0].suppression->kind, "default_exclude");
  }
  EXPECT_EQ(ApplyPolicy(ScanAt("src/config.js"), policy).reported.size(), 2u);
  // Without the defaults (default_excludes: false), generic rules scan lock files too.
  EXPECT_EQ(ApplyPolicy(ScanAt("package-lock.json"), Policy{}).reported.size(), 2u);
}

TEST_F(PolicyTest, AllowlistByExactValueOrRegexPerRuleOrEveryRule) {
  auto regex = match::Regex::Compile("^R5tG");
  ASSERT_TRUE(regex.ok());
  Policy exact;
  exact.allow.push_back({"t.key", key_, std::nullopt, "documented sample", "c: allow.t.key[0]"});
  PolicyResult r = ApplyPolicy(ScanAt("a.txt"), exact);
  ASSERT_EQ(r.suppressed.size(), 1u);
  EXPECT_EQ(r.suppressed[0].rule->id, "t.key");
  EXPECT_EQ(r.suppressed[0].suppression->kind, "allowlist");
  EXPECT_EQ(r.suppressed[0].suppression->reason, "documented sample");
  EXPECT_EQ(r.suppressed[0].suppression->detail, "c: allow.t.key[0]");

  Policy wrong_rule;
  wrong_rule.allow.push_back({"generic.pw", key_, std::nullopt, "", "c"});
  EXPECT_EQ(ApplyPolicy(ScanAt("a.txt"), wrong_rule).reported.size(), 2u);

  Policy any_rule;
  any_rule.allow.push_back({"*", "", *regex, "", "c"});
  r = ApplyPolicy(ScanAt("a.txt"), any_rule);
  ASSERT_EQ(r.reported.size(), 1u);
  EXPECT_EQ(r.reported[0].rule->id, "t.key");
}

TEST_F(PolicyTest, BaselineHidesKnownFindingsAndListsStaleEntries) {
  std::vector<Finding> first = ScanAt("a.txt");
  Policy policy;
  policy.baseline = BaselineOf(first);
  policy.baseline->entries.push_back({"00000000000000000000000000000000", "t.key", "gone.txt"});
  policy.baseline_name = "base.json";
  PolicyResult r = ApplyPolicy(ScanAt("a.txt"), policy);
  EXPECT_TRUE(r.reported.empty());
  ASSERT_EQ(r.suppressed.size(), 2u);
  EXPECT_EQ(r.suppressed[0].suppression->kind, "baseline");
  EXPECT_EQ(r.suppressed[0].suppression->detail, "base.json");
  ASSERT_EQ(r.stale.size(), 1u);
  EXPECT_EQ(r.stale[0].path, "gone.txt");
  // The same secrets in another file are new.
  EXPECT_EQ(ApplyPolicy(ScanAt("b.txt"), policy).reported.size(), 2u);
}

}  // namespace
}  // namespace nhiscan::findings
