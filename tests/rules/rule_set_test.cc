#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "scanner/rules/loader.h"
#include "scanner/rules/rule.h"
#include "tests/support/rule_text.h"

namespace nhiscan::rules {
namespace {

using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kExtractors[] =
    R"j({"t.cid": {"field": "client_id", "pattern": "\\b(?P<value>cid_[a-z0-9]{12})"}})j";

std::string HashOf(const std::string& text) {
  RuleSet set;
  Status status = LoadRuleText(text, "h.jsonc", &set);
  EXPECT_TRUE(status.ok()) << status.message();
  return set.MatchingHash();
}

TEST(RuleSetTest, ValidateCatchesUnknownAttachId) {
  RuleSet set;
  ASSERT_TRUE(LoadRuleText(RuleFile({RuleJson("t.sec", "s_(?P<secret>[a-z]{8})",
                                              R"j("attach": ["t.cid", "t.missing"])j")},
                                    kExtractors),
                           "attach.jsonc", &set)
                  .ok());
  Status status = set.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("t.sec"), HasSubstr("t.missing"), HasSubstr("attach.jsonc")));
}

TEST(RuleSetTest, ValidateAcceptsExtractorFromAnotherFile) {
  RuleSet set;
  ASSERT_TRUE(LoadRuleText(RuleFile({RuleJson("t.sec", "s_(?P<secret>[a-z]{8})",
                                              R"j("attach": ["t.cid"])j")}),
                           "rules.jsonc", &set)
                  .ok());
  EXPECT_FALSE(set.Validate().ok());
  ASSERT_TRUE(
      LoadRuleText(std::string("{\"extractors\": ") + kExtractors + "}", "ext.jsonc", &set).ok());
  EXPECT_TRUE(set.Validate().ok()) << set.Validate().message();
}

TEST(RuleSetTest, AddReplacesRulesAndExtractorsById) {
  RuleSet set;
  Rule a;
  a.id = "t.a";
  a.patterns = {"one"};
  Extractor e{"t.e", "f1", "(?P<value>x)"};
  set.Add({a}, {e});
  a.patterns = {"two"};
  e.field = "f2";
  set.Add({a}, {e});
  ASSERT_EQ(set.rules().size(), 1u);
  EXPECT_EQ(set.rules()[0].patterns[0], "two");
  ASSERT_EQ(set.extractors().size(), 1u);
  EXPECT_EQ(set.FindExtractor("t.e")->field, "f2");
  EXPECT_EQ(set.FindRule("t.zzz"), nullptr);
  EXPECT_EQ(set.FindExtractor("t.zzz"), nullptr);
}

TEST(MatchingHashTest, StableForSameRules) {
  const std::string text = RuleFile({RuleJson("t.a", "a_(?P<secret>[a-z]{8})")}, kExtractors);
  EXPECT_EQ(HashOf(text), HashOf(text));
  EXPECT_EQ(HashOf(text).size(), 64u);
}

TEST(MatchingHashTest, ChangesWhenMatchingChanges) {
  const std::string base_hash = HashOf(RuleFile(
      {RuleJson("t.a", "a_(?P<secret>[a-z]{8})", R"j("context": "(?i)token")j")}, kExtractors));
  const std::vector<std::string> variants = {
      // pattern
      RuleFile({RuleJson("t.a", "a_(?P<secret>[a-z]{9})", R"j("context": "(?i)token")j")},
               kExtractors),
      // context
      RuleFile({RuleJson("t.a", "a_(?P<secret>[a-z]{8})", R"j("context": "(?i)tokens")j")},
               kExtractors),
      // no context
      RuleFile({RuleJson("t.a", "a_(?P<secret>[a-z]{8})")}, kExtractors),
      // an extra pattern
      RuleFile({RuleJson("t.a", "a_(?P<secret>[a-z]{8})",
                         R"j("context": "(?i)token", "patterns": ["b_(?P<secret>[a-z]{8})"])j")},
               kExtractors),
      // a value check
      RuleFile({RuleJson("t.a", "a_(?P<secret>[a-z]{8})",
                         R"j("context": "(?i)token", "checks": ["base64_credential_pair"])j")},
               kExtractors),
      // the id
      RuleFile({RuleJson("t.b", "a_(?P<secret>[a-z]{8})", R"j("context": "(?i)token")j")},
               kExtractors),
      // an extractor pattern
      RuleFile(
          {RuleJson("t.a", "a_(?P<secret>[a-z]{8})", R"j("context": "(?i)token")j")},
          R"j({"t.cid": {"field": "client_id", "pattern": "\\b(?P<value>cid_[a-z0-9]{13})"}})j"),
  };
  for (const std::string& variant : variants) {
    EXPECT_NE(HashOf(variant), base_hash) << variant;
  }
}

TEST(MatchingHashTest, DependsOnRuleOrder) {
  const std::string a = RuleJson("t.a", "a_(?P<secret>[a-z]{8})");
  const std::string b = RuleJson("t.b", "b_(?P<secret>[a-z]{8})");
  EXPECT_NE(HashOf(RuleFile({a, b})), HashOf(RuleFile({b, a})));
}

TEST(MatchingHashTest, PatternBoundariesMatter) {
  // Moving text between a pattern and the context must not give the same hash.
  EXPECT_NE(HashOf(RuleFile({RuleJson("t.a", "a_(?P<secret>[a-z]{8})x", R"j("context": "y")j")})),
            HashOf(RuleFile({RuleJson("t.a", "a_(?P<secret>[a-z]{8})", R"j("context": "xy")j")})));
}

}  // namespace
}  // namespace nhiscan::rules
