#include "scanner/findings/baseline.h"
#include "scanner/findings/policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/rule_text.h"

namespace nhiscan::findings {
namespace {

using ::nhiscan::testing::Compile;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::Scan;
using ::testing::HasSubstr;

const std::string kFp1 = "0123456789abcdef0123456789abcdef";
const std::string kFp2 = "fedcba9876543210fedcba9876543210";

std::string Entry(const std::string& fp, const std::string& rule = "t.key",
                  const std::string& path = "a.txt") {
  return R"({"fingerprint": ")" + fp + R"(", "rule_id": ")" + rule + R"(", "path": ")" + path +
         R"("})";
}

TEST(BaselineTest, FormatIsSortedOneEntryPerLineAndParsesBack) {
  Baseline b{{{kFp2, "t.key", "z.txt"}, {kFp1, "t.key", "a.txt"}, {kFp2, "t.key", "z.txt"}}};
  auto parsed = ParseBaseline(FormatBaseline(b), "b.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_EQ(parsed->entries.size(), 2u);  // sorted, duplicates dropped
  EXPECT_EQ(parsed->entries[0].fingerprint, kFp1);
  EXPECT_EQ(parsed->entries[1].fingerprint, kFp2);
  const std::string text = FormatBaseline(*parsed);
  EXPECT_EQ(text,
            "{\n  \"version\": 1,\n  \"tool\": \"nhiscan\",\n  \"findings\": [\n"
            "    {\"fingerprint\":\"" + kFp1 + "\",\"rule_id\":\"t.key\",\"path\":\"a.txt\"},\n"
            "    {\"fingerprint\":\"" + kFp2 + "\",\"rule_id\":\"t.key\",\"path\":\"z.txt\"}\n"
            "  ]\n}\n");
  EXPECT_EQ(FormatBaseline(ParseBaseline(text, "b.json").value()), text);  // a fixed point
}

TEST(BaselineTest, MergeIsAUnion) {
  Baseline a{{{kFp1, "t.key", "a.txt"}}}, b{{{kFp2, "t.key", "b.txt"}, {kFp1, "t.key", "a.txt"}}};
  Baseline merged = MergeBaselines(a, b);
  ASSERT_EQ(merged.entries.size(), 2u);
  EXPECT_EQ(merged.entries[0].fingerprint, kFp1);
  EXPECT_EQ(merged.entries[1].fingerprint, kFp2);
}

TEST(BaselineTest, ErrorsNameTheFileAndTheKey) {
  struct Case {
    std::string text, expected;
  } cases[] = {
      {"not json", "base.json: not valid JSON"},
      {"[]", "base.json: (top level): expected an object"},
      {R"({"findings": []})", "base.json: version: missing"},
      {R"({"version": 2, "findings": []})", "base.json: version: expected 1"},
      {R"({"version": 1})", "base.json: findings: missing"},
      {R"({"version": 1, "findings": {}})", "base.json: findings: expected a list"},
      {R"({"version": 1, "findings": [], "extra": 1})", "base.json: extra: unknown key"},
      {R"({"version": 1, "findings": [)" + Entry("xyz") + "]}",
       "base.json: findings[0].fingerprint: expected 32 lowercase hex digits"},
      {R"({"version": 1, "findings": [)" + Entry(kFp1) + R"(, {"fingerprint": ")" + kFp2 +
           R"(", "path": "a"}]})",
       "base.json: findings[1].rule_id: missing"},
      {R"({"version": 1, "findings": [{"fingerprint": ")" + kFp1 +
           R"(", "rule_id": "r", "path": "p", "secret": "x"}]})",
       "base.json: findings[0].secret: unknown key"},
      {R"({"version": 1, "findings": [{"fingerprint": ")" + kFp1 +
           R"(", "rule_id": 3, "path": "p"}]})",
       "base.json: findings[0].rule_id: expected a string"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseBaseline(c.text, "base.json");
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().message(), c.expected) << c.text;
  }
}

TEST(BaselineTest, NeverHoldsTheSecrets) {
  auto compiled = Compile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})")}));
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  const std::string s1 = "Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb", s2 = "R5tG7hJ2Q8fk2LmZx0Pq7Rs9";
  auto found = Scan(*compiled, "key=" + s1 + "\nkey=" + s2 + "\nkey=" + s1 + "\n", "cfg/a.txt");
  ASSERT_EQ(found.size(), 3u);
  const std::string text = FormatBaseline(BaselineOf(found));
  EXPECT_EQ(text.find(s1.substr(0, 8)), std::string::npos);
  EXPECT_EQ(text.find(s2.substr(0, 8)), std::string::npos);
  auto parsed = ParseBaseline(text, "b.json");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->entries.size(), 2u);  // the repeated secret is one entry
  EXPECT_THAT(text, HasSubstr("cfg/a.txt"));
}

// Fingerprint stability, one test per rule of the contract, through the real pipeline and a
// baseline made from the first scan.
class FingerprintStabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto compiled = Compile(RuleFile({RuleJson("t.key", "key\\s*=\\s*(?P<secret>[A-Za-z0-9]{24})")}));
    ASSERT_TRUE(compiled.ok()) << compiled.status().message();
    compiled_ = std::move(compiled).value();
    original_ = "[service]\nname = billing\nkey = " + secret_ + "\nretries = 3\n";
    baseline_ = BaselineOf(Scan(compiled_, original_, "conf/app.ini"));
    ASSERT_EQ(baseline_.entries.size(), 1u);
  }
  // Findings of `text` at `path` that the baseline does not accept.
  size_t NewFindings(const std::string& text, const std::string& path = "conf/app.ini") {
    std::vector<Finding> found = Scan(compiled_, text, path);
    EXPECT_FALSE(found.empty()) << text;
    Policy policy;
    policy.baseline = baseline_;
    return ApplyPolicy(std::move(found), policy).reported.size();
  }
  ::nhiscan::testing::Compiled compiled_;
  const std::string secret_ = "Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb";
  std::string original_;
  Baseline baseline_;
};

TEST_F(FingerprintStabilityTest, LineMovesKeepIt) {
  EXPECT_EQ(NewFindings("# header added\n\n\n" + original_), 0u);
  EXPECT_EQ(NewFindings("key = " + secret_ + "\n[service]\nname = billing\n"), 0u);
}

TEST_F(FingerprintStabilityTest, ReindentationKeepsIt) {
  EXPECT_EQ(NewFindings("[service]\n\tname = billing\n\t\tkey   =   " + secret_ + "\n"), 0u);
  EXPECT_EQ(NewFindings("[service]\r\nname = billing\r\n        key=" + secret_ + "\r\n"), 0u);
}

TEST_F(FingerprintStabilityTest, UnrelatedEditsKeepIt) {
  EXPECT_EQ(NewFindings("[service]\nname = payments\nkey = " + secret_ + "  ; owner: team-x\nretries = 5\n"),
            0u);
}

TEST_F(FingerprintStabilityTest, TheSameSecretInAnotherFileIsNew) {
  EXPECT_EQ(NewFindings(original_, "conf/other.ini"), 1u);
  EXPECT_EQ(NewFindings(original_, "app.ini"), 1u);
}

TEST_F(FingerprintStabilityTest, ADifferentSecretOnTheSameLineIsNew) {
  std::string changed = secret_;
  changed[10] = changed[10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(NewFindings("[service]\nname = billing\nkey = " + changed + "\nretries = 3\n"), 1u);
}

}  // namespace
}  // namespace nhiscan::findings
