#include "scanner/findings/finding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::findings {
namespace {

using ::nhiscan::testing::Compile;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::Scan;
using ::nhiscan::testing::SecretsOf;
using ::nhiscan::testing::Synth;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST(FingerprintTest, DependsOnRulePathAndSecretOnly) {
  const std::string fp = Fingerprint("t.rule", "src/a.txt", "s3cr3t-value");
  EXPECT_EQ(fp, Fingerprint("t.rule", "src/a.txt", "s3cr3t-value"));
  EXPECT_NE(fp, Fingerprint("t.other", "src/a.txt", "s3cr3t-value"));
  EXPECT_NE(fp, Fingerprint("t.rule", "src/b.txt", "s3cr3t-value"));
  EXPECT_NE(fp, Fingerprint("t.rule", "src/a.txt", "s3cr3t-valuf"));
  // Field boundaries matter.
  EXPECT_NE(Fingerprint("t.rule", "ab", "c"), Fingerprint("t.rule", "a", "bc"));
  EXPECT_EQ(fp.size(), 32u);
  EXPECT_EQ(fp.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(fp.find("s3cr3t"), std::string::npos);
}

TEST(FingerprintTest, StableAcrossLineMovesInRealScans) {
  auto compiled = Compile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})"),
                                    RuleJson("t.other", "k2=(?P<secret>[A-Za-z0-9]{24})")}));
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  const std::string secret = "Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb";
  auto at_top = Scan(*compiled, "key=" + secret + "\n", "a.txt");
  auto moved = Scan(*compiled, "\n\n# added lines\n\n    key=" + secret + "\n", "a.txt");
  ASSERT_EQ(at_top.size(), 1u);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_NE(at_top[0].line, moved[0].line);
  EXPECT_NE(at_top[0].column, moved[0].column);
  EXPECT_EQ(at_top[0].fingerprint, moved[0].fingerprint);
  EXPECT_EQ(at_top[0].fingerprint, Fingerprint("t.key", "a.txt", secret));

  auto other_file = Scan(*compiled, "key=" + secret + "\n", "b.txt");
  auto other_rule = Scan(*compiled, "k2=" + secret + "\n", "a.txt");
  auto other_secret = Scan(*compiled, "key=" + secret.substr(1) + "Z\n", "a.txt");
  ASSERT_EQ(other_file.size(), 1u);
  ASSERT_EQ(other_rule.size(), 1u);
  ASSERT_EQ(other_secret.size(), 1u);
  EXPECT_NE(other_file[0].fingerprint, at_top[0].fingerprint);
  EXPECT_NE(other_rule[0].fingerprint, at_top[0].fingerprint);
  EXPECT_NE(other_secret[0].fingerprint, at_top[0].fingerprint);
}

TEST(RedactTest, NeverRevealsMoreThanFourCharsNorTheSecret) {
  Synth synth(21);
  for (size_t n = 0; n <= 200; ++n) {
    const std::string secret =
        synth.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n);
    const std::string shown = Redact(secret);
    // The longest prefix of the secret that appears in the redaction.
    size_t revealed = 0;
    for (size_t k = 1; k <= secret.size(); ++k) {
      if (shown.find(secret.substr(0, k)) != std::string::npos) revealed = k;
    }
    EXPECT_LE(revealed, 4u) << n << ": " << shown;
    if (!secret.empty()) {
      EXPECT_EQ(shown.find(secret), std::string::npos) << shown;
    }
    // No window of 5 secret characters anywhere in the redaction.
    for (size_t i = 0; i + 5 <= secret.size(); ++i) {
      EXPECT_EQ(shown.find(secret.substr(i, 5)), std::string::npos) << n << ": " << shown;
    }
    EXPECT_THAT(shown, HasSubstr(std::to_string(n)));  // the length is shown
  }
}

TEST(RedactTest, ShortSecretsShowNothing) {
  // 'Q' does not occur in the redaction template, so any 'Q' shown would come from the secret.
  for (const char* secret : {"Q", "QZ", "QZ9", "Q8fk", "Q8fk2Lm", "Q8fk2LmZx0P"}) {
    const std::string shown = Redact(secret);
    EXPECT_EQ(shown.find('Q'), std::string::npos) << shown;
  }
}

TEST(ShortenIdentifierTest, HeadAndTail) {
  EXPECT_EQ(ShortenIdentifier("short_id"), "short_id");
  EXPECT_EQ(ShortenIdentifier("0123456789abcdef"), "0123456789abcdef");  // 16: as is
  const std::string id = "3MVG9abcdefghijklmnopqrstuvwxyz_TAIL";
  const std::string shown = ShortenIdentifier(id);
  EXPECT_EQ(shown.rfind("3MVG9abc", 0), 0u);
  EXPECT_TRUE(shown.size() >= 4 && shown.substr(shown.size() - 4) == "TAIL");
  EXPECT_EQ(shown.find(id), std::string::npos);
  EXPECT_LT(shown.size(), id.size());
}

// Findings made by hand for the per-blob rules.
struct Fixture {
  rules::Rule id_rule, secret_rule, low_rule, critical_rule;
  Fixture() {
    id_rule.id = "t.client_id";
    id_rule.kind = rules::Kind::kIdentifier;
    id_rule.severity = rules::Severity::kLow;
    secret_rule.id = "t.secret";
    secret_rule.severity = rules::Severity::kHigh;
    low_rule.id = "t.aaa_low";
    low_rule.severity = rules::Severity::kLow;
    critical_rule.id = "t.zzz_critical";
    critical_rule.severity = rules::Severity::kCritical;
  }
  static Finding Make(const rules::Rule& rule, uint64_t line, uint64_t column,
                      const std::string& secret) {
    Finding f;
    f.rule = &rule;
    f.path = "a.txt";
    f.line = f.end_line = line;
    f.column = column;
    f.end_column = column + secret.size();
    f.secret = secret;
    f.fingerprint = Fingerprint(rule.id, f.path, secret);
    return f;
  }
};

TEST(ResolveWithinBlobTest, IdentifierAttachedToASecretIsDropped) {
  Fixture fx;
  std::vector<Finding> found;
  found.push_back(Fixture::Make(fx.id_rule, 1, 11, "cid_attached0001"));
  found.push_back(Fixture::Make(fx.id_rule, 5, 11, "cid_alone0000002"));
  Finding secret = Fixture::Make(fx.secret_rule, 2, 15, "S3cretValue123456");
  secret.context["client_id"] = "cid_attached0001";
  found.push_back(secret);
  ResolveWithinBlob(&found);
  std::vector<std::string> kept;
  for (const Finding& f : found) kept.push_back(f.rule->id + ":" + f.secret);
  EXPECT_THAT(kept,
              UnorderedElementsAre("t.secret:S3cretValue123456", "t.client_id:cid_alone0000002"));
}

TEST(ResolveWithinBlobTest, IdentifierIsNotDroppedForAnotherIdentifiersContext) {
  Fixture fx;
  std::vector<Finding> found;
  Finding a = Fixture::Make(fx.id_rule, 1, 1, "cid_one000000001");
  a.context["client_id"] = "cid_two000000002";
  found.push_back(a);
  found.push_back(Fixture::Make(fx.id_rule, 2, 1, "cid_two000000002"));
  ResolveWithinBlob(&found);
  EXPECT_EQ(found.size(), 2u);
}

TEST(ResolveWithinBlobTest, OneFindingPerSpanMostSevereWins) {
  Fixture fx;
  for (bool critical_first : {false, true}) {
    std::vector<Finding> found;
    Finding low = Fixture::Make(fx.low_rule, 3, 7, "SameSpanSecret0001");
    Finding critical = Fixture::Make(fx.critical_rule, 3, 7, "SameSpanSecret0001");
    if (critical_first) {
      found = {critical, low};
    } else {
      found = {low, critical};
    }
    found.push_back(Fixture::Make(fx.low_rule, 3, 40, "OtherSpanSecret02"));
    ResolveWithinBlob(&found);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].rule->id, "t.zzz_critical");
    EXPECT_EQ(found[0].column, 7u);
    EXPECT_EQ(found[1].column, 40u);
  }
}

TEST(ResolveWithinBlobTest, EqualSeverityKeepsTheFirst) {
  Fixture fx;
  rules::Rule other = fx.low_rule;
  other.id = "t.bbb_low";
  std::vector<Finding> found = {Fixture::Make(fx.low_rule, 1, 1, "SameSpanSecret0001"),
                                Fixture::Make(other, 1, 1, "SameSpanSecret0001")};
  ResolveWithinBlob(&found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule->id, "t.aaa_low");
}

TEST(ResolveWithinBlobTest, VendorRuleBeatsGenericRuleWhateverTheSeverity) {
  Fixture fx;
  rules::Rule generic = fx.critical_rule;
  generic.id = "generic.password_assignment";
  generic.paths = {"*.env"};
  for (bool generic_first : {false, true}) {
    Finding vendor_finding = Fixture::Make(fx.low_rule, 2, 5, "SameSpanSecret0001");
    Finding generic_finding = Fixture::Make(generic, 2, 5, "SameSpanSecret0001");
    std::vector<Finding> found;
    if (generic_first) {
      found = {generic_finding, vendor_finding};
    } else {
      found = {vendor_finding, generic_finding};
    }
    ResolveWithinBlob(&found);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].rule->id, "t.aaa_low");
  }
}

TEST(ResolveWithinBlobTest, EndToEndKeyAndSecretGiveOneFinding) {
  auto compiled = Compile(RuleFile(
      {RuleJson("t.client_id", "\\b(?P<secret>cid_[a-z0-9]{12})\\b", R"j("kind": "identifier")j",
                "low"),
       RuleJson("t.client_secret", "client_secret: (?P<secret>[A-Za-z0-9]{24})",
                R"j("attach": ["t.cid"])j", "critical"),
       RuleJson("t.generic", "(?P<secret>[A-Za-z0-9]{24})\\s{0,2}#generic", "", "medium")},
      R"j({"t.cid": {"field": "client_id", "pattern": "\\b(?P<value>cid_[a-z0-9]{12})\\b"}})j"));
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  const std::string text =
      "client_id: cid_k3j9x0q2m5n8\n"
      "client_secret: Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb #generic\n";
  auto found = Scan(*compiled, text, "app.yml");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule->id, "t.client_secret");  // critical beats medium on the same span
  EXPECT_EQ(found[0].context.at("client_id"), "cid_k3j9x0q2m5n8");

  // Without the secret, the identifier is reported on its own.
  auto alone = Scan(*compiled, "client_id: cid_k3j9x0q2m5n8\n", "app.yml");
  EXPECT_THAT(SecretsOf(alone, "t.client_id"), ElementsAre("cid_k3j9x0q2m5n8"));
  EXPECT_THAT(SecretsOf(alone, "t.client_secret"), IsEmpty());
}

TEST(SortFindingsTest, PathLineColumnRuleSecret) {
  Fixture fx;
  std::vector<Finding> found;
  auto add = [&](const rules::Rule& rule, const std::string& path, uint64_t line, uint64_t column,
                 const std::string& secret) {
    Finding f = Fixture::Make(rule, line, column, secret);
    f.path = path;
    found.push_back(f);
  };
  add(fx.secret_rule, "b.txt", 1, 1, "s1");
  add(fx.secret_rule, "a.txt", 10, 1, "s2");
  add(fx.secret_rule, "a.txt", 2, 5, "s3");
  add(fx.secret_rule, "a.txt", 2, 1, "s5");
  add(fx.low_rule, "a.txt", 2, 1, "s4");
  add(fx.secret_rule, "a.txt", 2, 1, "s0");
  SortFindings(&found);
  std::vector<std::string> order;
  for (const Finding& f : found) order.push_back(f.secret);
  EXPECT_THAT(order, ElementsAre("s4", "s0", "s5", "s3", "s2", "s1"));
}

}  // namespace
}  // namespace nhiscan::findings
