// WithRe2Whitespace: `\s` and `\S` spelled out as RE2 means them, everything else untouched.
#include "scanner/match/dialect.h"

#include <gtest/gtest.h>

namespace nhiscan::match {
namespace {

TEST(DialectTest, ClassEscapesOutsideAndInsideClasses) {
  EXPECT_EQ(WithRe2Whitespace(R"(a\sb)"), R"(a[\t\n\f\r\x20]b)");
  EXPECT_EQ(WithRe2Whitespace(R"(\S+)"), R"([\x00-\x08\x0b\x0e-\x1f\x21-\xff]+)");
  EXPECT_EQ(WithRe2Whitespace(R"([^\s"'])"), R"([^\t\n\f\r\x20"'])");
  EXPECT_EQ(WithRe2Whitespace(R"([\S,])"), R"([\x00-\x08\x0b\x0e-\x1f\x21-\xff,])");
  EXPECT_EQ(WithRe2Whitespace(R"(\s{0,10}(?:=|:)\s*)"),
            R"([\t\n\f\r\x20]{0,10}(?:=|:)[\t\n\f\r\x20]*)");
}

TEST(DialectTest, LeavesEverythingElseAlone) {
  for (const char* same : {R"(abc)", R"(\\s)", R"(\Q\s\E\d)", R"([[:space:]]\d\w\b)", R"([]\s])",
                           R"(x\\\\)", R"((?P<secret>[A-Za-z0-9]{20,40}))", R"(\)"}) {
    if (std::string(same) == R"([]\s])") continue;  // checked below: the ] is a literal
    EXPECT_EQ(WithRe2Whitespace(same), same) << same;
  }
  // A ] first in a class is a literal; the class goes on.
  EXPECT_EQ(WithRe2Whitespace(R"([]\s])"), R"([]\t\n\f\r\x20])");
  // After \Q…\E, escapes count again.
  EXPECT_EQ(WithRe2Whitespace(R"(\Q\s\E\s)"), R"(\Q\s\E[\t\n\f\r\x20])");
  // A [:posix:] class does not end the class around it.
  EXPECT_EQ(WithRe2Whitespace(R"([[:alpha:]\s]\s)"),
            R"([[:alpha:]\t\n\f\r\x20][\t\n\f\r\x20])");
}

TEST(DialectTest, VerticalTabEscapeIsTheVerticalTabOnly) {
  EXPECT_EQ(WithRe2Whitespace(R"(a\vb)"), R"(a\x0bb)");
  EXPECT_EQ(WithRe2Whitespace(R"([^\v\n])"), R"([^\x0b\n])");
  EXPECT_EQ(WithRe2Whitespace(R"(\\v)"), R"(\\v)");
}

TEST(DialectTest, CaselessPatternsWithLatin1LettersAreLeftToRe2) {
  EXPECT_TRUE(HyperscanReadsAsRe2(R"((?i)token_[a-z]{8})"));
  EXPECT_TRUE(HyperscanReadsAsRe2("caf\xe9_[a-z]{8}"));  // caseful: the same to both
  EXPECT_TRUE(HyperscanReadsAsRe2(R"(caf\xe9_(?P<secret>[a-z]{8}))"));
  EXPECT_FALSE(HyperscanReadsAsRe2("(?i)caf\xe9_[a-z]{8}"));
  EXPECT_FALSE(HyperscanReadsAsRe2(R"((?i)caf\xe9_[a-z]{8})"));
  EXPECT_FALSE(HyperscanReadsAsRe2(R"((?si:caf\x{e9})_[a-z]{8})"));
  EXPECT_TRUE(HyperscanReadsAsRe2(R"((?i)key\x3d[a-z]{8})"));  // an ASCII escape
}

TEST(DialectTest, ADashAfterTheEscapeStaysLiteral) {
  EXPECT_EQ(WithRe2Whitespace(R"([\s-z])"), R"([\t\n\f\r\x20\-z])");
}

}  // namespace
}  // namespace nhiscan::match
