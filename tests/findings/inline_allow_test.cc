#include "scanner/findings/inline_allow.h"

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

TEST(InlineAllowTest, EveryDirectiveOnTheSameLine) {
  struct Case {
    const char* line;
    const char* directive;
  } cases[] = {
      {"token = \"…\"  # nhiscan:allow", "nhiscan:allow"},
      {"token = \"…\"  // gitleaks:allow", "gitleaks:allow"},
      {"token = \"…\"  # pragma: allowlist secret", "pragma: allowlist secret"},
      {"token = \"…\"  # pragma:allowlist secret", "pragma:allowlist secret"},
      {"token = \"…\"  -- trufflehog:ignore", "trufflehog:ignore"},
  };
  for (const Case& c : cases) {
    auto allow = FindInlineAllow(c.line, "");
    ASSERT_TRUE(allow) << c.line;
    EXPECT_EQ(allow->kind, "inline");
    EXPECT_EQ(allow->detail, c.directive);
  }
}

TEST(InlineAllowTest, NextLineDirectivesOnlyOnThePreviousLine) {
  for (const char* previous : {"# nhiscan:allow-next-line", "// pragma: allowlist nextline secret"}) {
    auto allow = FindInlineAllow("token = \"…\"", previous);
    ASSERT_TRUE(allow) << previous;
    EXPECT_EQ(allow->detail, std::string(previous).substr(previous[0] == '#' ? 2 : 3));
  }
  // A next-line directive on the finding's own line, or a same-line one on the line before,
  // allows nothing.
  EXPECT_FALSE(FindInlineAllow("token = \"…\"  # nhiscan:allow-next-line", ""));
  EXPECT_FALSE(FindInlineAllow("token = \"…\"", "# nhiscan:allow"));
  EXPECT_FALSE(FindInlineAllow("token = \"…\"", "x = 1  # gitleaks:allow"));
}

TEST(InlineAllowTest, ReasonIsTheTextAfterTheDirectiveUpToTheCommentEnd) {
  EXPECT_EQ(FindInlineAllow("k = v  # nhiscan:allow test fixture, not a real key", "")->reason,
            "test fixture, not a real key");
  EXPECT_EQ(FindInlineAllow("k = v  /* nhiscan:allow: rotated 2024-05 */ more()", "")->reason,
            "rotated 2024-05");
  EXPECT_EQ(FindInlineAllow("<key>v</key> <!-- nhiscan:allow - sandbox only -->", "")->reason,
            "sandbox only");
  EXPECT_EQ(FindInlineAllow("k = v  # nhiscan:allow", "")->reason, "");
  EXPECT_EQ(FindInlineAllow("k = v", "  REM nhiscan:allow-next-line demo org")->reason, "demo org");
}

TEST(InlineAllowTest, SimilarWordsAreNotDirectives) {
  EXPECT_FALSE(FindInlineAllow("# nhiscan:allowed values below", ""));
  EXPECT_FALSE(FindInlineAllow("# nhiscan: allow", ""));
  EXPECT_FALSE(FindInlineAllow("# gitleaks:allowlist", ""));
  EXPECT_FALSE(FindInlineAllow("# see the nhiscan docs", ""));
}

// Through the real pipeline: the directive is found on the finding's line or the one before,
// in any comment syntax, and a secret that happens to contain a directive cannot allow itself.
TEST(InlineAllowTest, ThroughThePipeline) {
  auto compiled = Compile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9:]{24,40})")}));
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  const std::string s1 = "Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb", s2 = "R5tG7hJ2Q8fk2LmZx0Pq7Rs9";
  const std::string s3 = "Tu1Vw3YbR5tG7hJ2Q8fk2LmZ", s4 = "Zx0Pq7Rs9Tu1Vw3YbR5tG7hJ";
  auto found = Scan(*compiled,
                    "key=" + s1 + "  # nhiscan:allow sample in docs\n"
                    "<!-- nhiscan:allow-next-line -->\n"
                    "key=" + s2 + "\n"
                    "key=" + s3 + "\n"
                    "key=" + s4 + " // trufflehog:ignore\n"
                    "key=nhiscan:allowQ8fk2LmZx0Pq7Rs9Tu\n",
                    "a.txt");
  ASSERT_EQ(found.size(), 5u);
  ASSERT_TRUE(found[0].inline_allow);
  EXPECT_EQ(found[0].inline_allow->reason, "sample in docs");
  ASSERT_TRUE(found[1].inline_allow);
  EXPECT_EQ(found[1].inline_allow->detail, "nhiscan:allow-next-line");
  EXPECT_FALSE(found[2].inline_allow);  // two lines below the directive
  ASSERT_TRUE(found[3].inline_allow);
  EXPECT_EQ(found[3].inline_allow->detail, "trufflehog:ignore");
  EXPECT_FALSE(found[4].inline_allow);  // the directive is inside the secret
}

TEST(InlineAllowTest, PipelineKeepsAnExcerptWithoutTheSecret) {
  auto compiled = Compile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})")}));
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  const std::string secret = "Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb";
  auto found = Scan(*compiled, "first\r\n  api.key=" + secret + "; // end\r\nlast\r\n", "a.txt");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].excerpt_before, "  api.key=");
  EXPECT_EQ(found[0].excerpt_after, "; // end");
  const std::string long_line = std::string(200, 'a') + " key=" + secret + " " + std::string(200, 'b');
  found = Scan(*compiled, long_line, "a.txt");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_LT(found[0].excerpt_before.size(), 80u);
  EXPECT_LT(found[0].excerpt_after.size(), 80u);
  EXPECT_EQ(found[0].excerpt_before.find(secret), std::string::npos);
  EXPECT_EQ(found[0].excerpt_after.find(secret), std::string::npos);
}

}  // namespace
}  // namespace nhiscan::findings
