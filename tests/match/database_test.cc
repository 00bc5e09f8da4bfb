#include "scanner/match/database.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::match {
namespace {

using ::nhiscan::testing::Compile;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::Scan;
using ::nhiscan::testing::SecretsOf;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Hyperscan takes this exactly.
constexpr char kExactPattern[] = "tok_(?P<secret>[A-Za-z0-9]{32})";
// Hyperscan's expression analysis accepts this, but compiling it exactly fails ("Pattern is too
// large"); in prefilter mode it compiles.
constexpr char kPrefilterPattern[] = "(?s)pfx_(?P<secret>(?:[ab].{0,9}){1,60}c)";
// Hyperscan rejects the (?U) flag in both modes; RE2 accepts it.
constexpr char kRe2OnlyPattern[] = "(?U)lazy_(?P<secret>[a-z0-9]{16})";

TEST(DatabaseTest, BuildsAndCountsExpressions) {
  auto compiled = Compile(RuleFile({RuleJson("t.one", kExactPattern),
                                    RuleJson("t.two", "a_(?P<secret>[a-z0-9]{20})",
                                             R"j("patterns": ["b_(?P<secret>[a-z0-9]{20})"])j")}));
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  const Database& db = *compiled->database;
  EXPECT_EQ(&db.rules(), compiled->rules.get());
  EXPECT_EQ(db.info().expressions, 3u);
  EXPECT_EQ(db.info().prefilter_expressions, 0u);
  EXPECT_EQ(db.info().re2_only_expressions, 0u);
  EXPECT_FALSE(db.info().from_cache);
  EXPECT_EQ(db.info().cache_file, "");
  EXPECT_EQ(db.info().cache_warning, "");
  EXPECT_GE(db.info().load_ms, 0.0);
}

TEST(DatabaseTest, EmptyRuleSetBuildsAndFindsNothing) {
  rules::RuleSet empty;
  auto db = Database::Build(empty, {});
  ASSERT_TRUE(db.ok()) << db.status().message();
  EXPECT_EQ(db.value()->info().expressions, 0u);
  testing::Compiled compiled;
  compiled.database = std::move(db).value();
  EXPECT_TRUE(Scan(compiled, "tok_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbQ8fk2LmZx0Pq").empty());
}

TEST(DatabaseTest, MaxMatchWidthFollowsExactPatterns) {
  auto exact = Compile(RuleFile(
      {RuleJson("t.one", kExactPattern), RuleJson("t.two", "ab_(?P<secret>[a-z]{8,20})")}));
  ASSERT_TRUE(exact.ok()) << exact.status().message();
  EXPECT_EQ(exact->database->max_match_width(), 36u);  // "tok_" + 32

  // Unbounded patterns cap the overlap at 64 KiB.
  auto unbounded = Compile(RuleFile(
      {RuleJson("t.one", kExactPattern), RuleJson("t.two", "ab_(?P<secret>[a-z]{8}[a-z]*)")}));
  ASSERT_TRUE(unbounded.ok()) << unbounded.status().message();
  EXPECT_EQ(unbounded->database->max_match_width(), 64u * 1024);
}

TEST(DatabaseTest, InvalidRegexErrorNamesTheRule) {
  // Look-behind is not RE2 syntax.
  auto compiled = Compile(RuleFile({RuleJson("t.fine", kExactPattern),
                                    RuleJson("t.lookbehind", "(?<=key=)(?P<secret>[a-z]{8})")}));
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(compiled.status().code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(compiled.status().message(),
              AllOf(HasSubstr("t.lookbehind"), HasSubstr("test.jsonc"), HasSubstr("RE2")));
  EXPECT_THAT(compiled.status().message(), ::testing::Not(HasSubstr("t.fine")));

  auto unbalanced = Compile(RuleFile({RuleJson("t.paren", "x_(?P<secret>[a-z]{8}")}));
  ASSERT_FALSE(unbalanced.ok());
  EXPECT_THAT(unbalanced.status().message(), HasSubstr("t.paren"));
}

TEST(DatabaseTest, InvalidContextAndUnknownCheckNameTheRule) {
  auto context =
      Compile(RuleFile({RuleJson("t.ctx", kExactPattern, R"j("context": "(?i)token[")j")}));
  ASSERT_FALSE(context.ok());
  EXPECT_THAT(context.status().message(), AllOf(HasSubstr("t.ctx"), HasSubstr("context")));

  auto check = Compile(RuleFile({RuleJson("t.chk", kExactPattern, R"j("checks": ["luhn"])j")}));
  ASSERT_FALSE(check.ok());
  EXPECT_THAT(check.status().message(), AllOf(HasSubstr("t.chk"), HasSubstr("luhn")));
}

TEST(DatabaseTest, InvalidExtractorAndUnknownAttachAreErrors) {
  auto extractor = Compile(
      RuleFile({RuleJson("t.sec", kExactPattern)},
               R"j({"t.cid": {"field": "client_id", "pattern": "(?P<value>cid_[a-z]{8}"}})j"));
  ASSERT_FALSE(extractor.ok());
  EXPECT_THAT(extractor.status().message(), HasSubstr("t.cid"));

  auto attach = Compile(RuleFile({RuleJson("t.sec", kExactPattern, R"j("attach": ["t.none"])j")}));
  ASSERT_FALSE(attach.ok());
  EXPECT_THAT(attach.status().message(), AllOf(HasSubstr("t.sec"), HasSubstr("t.none")));
}

TEST(DatabaseTest, PatternHyperscanCannotCompileExactlyStillMatches) {
  auto compiled = Compile(
      RuleFile({RuleJson("t.exact", kExactPattern), RuleJson("t.prefilter", kPrefilterPattern)}));
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  EXPECT_EQ(compiled->database->info().expressions, 2u);
  EXPECT_EQ(compiled->database->info().prefilter_expressions, 1u);
  EXPECT_EQ(compiled->database->info().re2_only_expressions, 0u);
  const std::string text = "x = pfx_a12b34c\nother = tok_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2\n";
  for (Engine engine : {Engine::kHyperscan, Engine::kRe2Only}) {
    auto found = Scan(*compiled, text, "f.txt", engine);
    EXPECT_THAT(SecretsOf(found, "t.prefilter"), ElementsAre("a12b34c"));
    EXPECT_THAT(SecretsOf(found, "t.exact"), ElementsAre("Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2"));
  }
  EXPECT_TRUE(Scan(*compiled, "pfx_a12b34 without the end").empty());
}

TEST(DatabaseTest, PatternHyperscanRejectsRunsWithRe2Only) {
  auto compiled =
      Compile(RuleFile({RuleJson("t.exact", kExactPattern), RuleJson("t.lazy", kRe2OnlyPattern)}));
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  EXPECT_EQ(compiled->database->info().re2_only_expressions, 1u);
  EXPECT_EQ(compiled->database->info().prefilter_expressions, 0u);
  // A rule that is not in the Hyperscan database has no known width: overlap is the cap.
  EXPECT_EQ(compiled->database->max_match_width(), 64u * 1024);
  const std::string text = "first lazy_k3j9x0q2m5n8p1r4 then nothing";
  for (Engine engine : {Engine::kHyperscan, Engine::kRe2Only}) {
    auto found = Scan(*compiled, text, "f.txt", engine);
    EXPECT_THAT(SecretsOf(found, "t.lazy"), ElementsAre("k3j9x0q2m5n8p1r4"));
  }
}

TEST(DatabaseTest, PatternThatCanMatchEmptyDoesNotFailTheRuleSet) {
  // Hyperscan refuses patterns that match the empty string in both modes; RE2 takes them.
  auto compiled = Compile(
      RuleFile({RuleJson("t.exact", kExactPattern), RuleJson("t.empty", "(?P<secret>[q]{0,12})")}));
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  EXPECT_EQ(compiled->database->info().re2_only_expressions, 1u);
  const std::string text = "tok_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2\n";
  for (Engine engine : {Engine::kHyperscan, Engine::kRe2Only}) {
    EXPECT_THAT(SecretsOf(Scan(*compiled, text, "f.txt", engine), "t.exact"),
                ElementsAre("Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2"));
  }
}

TEST(DatabaseTest, OnlyRe2OnlyRulesStillMatch) {
  auto compiled = Compile(RuleFile({RuleJson("t.lazy", kRe2OnlyPattern)}));
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  EXPECT_EQ(compiled->database->info().re2_only_expressions, 1u);
  auto found = Scan(*compiled, "lazy_k3j9x0q2m5n8p1r4", "f.txt", Engine::kHyperscan);
  EXPECT_THAT(SecretsOf(found, "t.lazy"), ElementsAre("k3j9x0q2m5n8p1r4"));
}

// A rule limited to some paths whose pattern holds no literal (a line of a .pgpass-like file) is
// left to RE2 on the files it applies to, with its width kept for the window overlap; the same
// pattern for every file, or a limited rule with a literal, stays in the Hyperscan pass.
TEST(DatabaseTest, PathLimitedRuleWithoutLiteralIsLeftToRe2OnItsFiles) {
  const std::string line = "(?:^|\\n)(?P<user>[a-z]{1,20}):(?P<secret>[A-Za-z0-9]{12,40})";
  const std::string text = "# accounts\nalice:Q8fk2LmZx0Pq7Rs9Tu1V\n";
  auto limited = Compile(RuleFile({RuleJson("t.line", line, R"j("paths": ["*.acct"])j")}));
  ASSERT_TRUE(limited.ok()) << limited.status().message();
  EXPECT_EQ(limited->database->info().re2_only_expressions, 1u);
  EXPECT_EQ(limited->database->max_match_width(), 62u);  // "\n" + 20 + ":" + 40
  for (Engine engine : {Engine::kHyperscan, Engine::kRe2Only}) {
    EXPECT_THAT(SecretsOf(Scan(*limited, text, "home/a.acct", engine), "t.line"),
                ElementsAre("Q8fk2LmZx0Pq7Rs9Tu1V"));
    EXPECT_TRUE(Scan(*limited, text, "home/a.txt", engine).empty());
  }

  auto everywhere = Compile(RuleFile({RuleJson("t.line", line)}));
  ASSERT_TRUE(everywhere.ok()) << everywhere.status().message();
  EXPECT_EQ(everywhere->database->info().re2_only_expressions, 0u);
  auto with_literal = Compile(RuleFile(
      {RuleJson("t.acct", "acct=(?P<secret>[A-Za-z0-9]{12,40})", R"j("paths": ["*.acct"])j")}));
  ASSERT_TRUE(with_literal.ok()) << with_literal.status().message();
  EXPECT_EQ(with_literal->database->info().re2_only_expressions, 0u);
}

TEST(DatabaseTest, DefaultCacheDirFollowsEnvironment) {
  const char* saved = std::getenv("NHISCAN_CACHE_DIR");
  std::string saved_value = saved ? saved : "";
  ::setenv("NHISCAN_CACHE_DIR", "/tmp/some/where", 1);
  EXPECT_EQ(DefaultCacheDir(), "/tmp/some/where");
  ::unsetenv("NHISCAN_CACHE_DIR");
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  std::string xdg_value = xdg ? xdg : "";
  ::setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
  EXPECT_EQ(DefaultCacheDir(), "/tmp/xdg/nhiscan");
  if (xdg) {
    ::setenv("XDG_CACHE_HOME", xdg_value.c_str(), 1);
  } else {
    ::unsetenv("XDG_CACHE_HOME");
  }
  if (saved) ::setenv("NHISCAN_CACHE_DIR", saved_value.c_str(), 1);
}

}  // namespace
}  // namespace nhiscan::match
