#include "scanner/rules/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::rules {
namespace {

using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr char kValidFile[] = R"jsonc(
// A rule file with both kinds of comments.
{
  /* Extractors are global across files. */
  "extractors": {
    "acme.client_id": {"field": "client_id", "pattern": "\\b(?P<value>acid_[a-z0-9]{12})"}
  },
  "rules": [
    {
      "id": "acme.api_secret",        // provider first
      "name": "Acme API secret",
      "severity": "critical",
      "kind": "secret",
      "description": "An Acme API secret.",
      "remediation": "Rotate it in the Acme console.",
      "references": ["https://acme.example/docs"],
      "patterns": ["acme_sec_(?P<secret>[A-Za-z0-9]{24})", "ACME_SECRET=(?P<secret>[A-Za-z0-9]{24})"],
      "paths": ["*.env", "config/*"],
      "min_entropy": 3.5,
      "checks": [],
      "context": "(?i)acme",
      "context_lines": 3,
      "attach": ["acme.client_id"],
      "allow_placeholders": false,
      "examples": ["acme_sec_Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb",
                   {"text": "ACME_SECRET=Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb", "path": "prod.env",
                    "secret": "Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb"}],
      "negative_examples": ["acme_sec_XXXXXXXXXXXXXXXXXXXXXXXX", {"text": "nothing"}]
    },
    {
      "id": "acme.client_id",
      "name": "Acme client id",
      "severity": "info",
      "kind": "identifier",
      "description": "d",
      "remediation": "r",
      "pattern": "\\b(?P<secret>acid_[a-z0-9]{12})",
      "examples": ["acid_0a1b2c3d4e5f"],
      "negative_examples": ["acid_short"]
    }
  ]
}
)jsonc";

TEST(LoaderTest, AcceptsValidJsoncWithComments) {
  RuleSet set;
  Status status = LoadRuleText(kValidFile, "acme.jsonc", &set);
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_EQ(set.rules().size(), 2u);
  ASSERT_EQ(set.extractors().size(), 1u);

  const Rule* rule = set.FindRule("acme.api_secret");
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->name, "Acme API secret");
  EXPECT_EQ(rule->severity, Severity::kCritical);
  EXPECT_EQ(rule->kind, Kind::kSecret);
  EXPECT_EQ(rule->patterns.size(), 2u);
  EXPECT_EQ(rule->paths, (std::vector<std::string>{"*.env", "config/*"}));
  EXPECT_DOUBLE_EQ(rule->min_entropy, 3.5);
  EXPECT_EQ(rule->context, "(?i)acme");
  EXPECT_EQ(rule->context_lines, 3);
  EXPECT_EQ(rule->attach, (std::vector<std::string>{"acme.client_id"}));
  EXPECT_EQ(rule->references.size(), 1u);
  EXPECT_EQ(rule->origin, "acme.jsonc");
  ASSERT_EQ(rule->examples.size(), 2u);
  EXPECT_EQ(rule->examples[0].path, "example.txt");  // default
  EXPECT_EQ(rule->examples[0].secret, "");
  EXPECT_EQ(rule->examples[1].path, "prod.env");
  EXPECT_EQ(rule->examples[1].secret, "Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb");
  ASSERT_EQ(rule->negative_examples.size(), 2u);
  EXPECT_EQ(rule->negative_examples[1].text, "nothing");

  const Rule* id_rule = set.FindRule("acme.client_id");
  ASSERT_NE(id_rule, nullptr);
  EXPECT_EQ(id_rule->kind, Kind::kIdentifier);
  EXPECT_EQ(id_rule->severity, Severity::kInfo);
  EXPECT_EQ(id_rule->context_lines, 5);  // default
  EXPECT_EQ(id_rule->patterns.size(), 1u);

  const Extractor* extractor = set.FindExtractor("acme.client_id");
  ASSERT_NE(extractor, nullptr);
  EXPECT_EQ(extractor->field, "client_id");
  EXPECT_TRUE(set.Validate().ok());
}

TEST(LoaderTest, PatternAndPatternsCombine) {
  RuleSet set;
  Status status = LoadRuleText(RuleFile({RuleJson("t.both", "one_(?P<secret>[a-z]{8})",
                                                  "\"patterns\": [\"two_(?P<secret>[a-z]{8})\"]")}),
                               "f.jsonc", &set);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(set.rules()[0].patterns,
            (std::vector<std::string>{"one_(?P<secret>[a-z]{8})", "two_(?P<secret>[a-z]{8})"}));
}

TEST(LoaderTest, SeverityNamesRoundTrip) {
  for (const char* name : {"critical", "high", "medium", "low", "info"}) {
    auto parsed = ParseSeverity(name);
    ASSERT_TRUE(parsed.has_value()) << name;
    EXPECT_EQ(SeverityName(*parsed), name);
  }
  EXPECT_FALSE(ParseSeverity("severe").has_value());
  EXPECT_FALSE(ParseSeverity("HIGH").has_value());
  EXPECT_LT(Severity::kHigh, Severity::kCritical);
  EXPECT_LT(Severity::kInfo, Severity::kLow);
}

// Loads a file holding `rule` (plus a valid first rule, so rule positions are exercised) and
// returns the error message.
std::string ErrorFor(const std::string& rule) {
  RuleSet set;
  Status status = LoadRuleText(RuleFile({RuleJson("t.fine", "fine_(?P<secret>[a-z]{8})"), rule}),
                               "broken.jsonc", &set);
  EXPECT_FALSE(status.ok()) << "loaded: " << rule;
  return status.message();
}

TEST(LoaderErrorTest, UnknownFieldNamesFileRuleAndField) {
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", "\"min_entrpy\": 3")),
              AllOf(HasSubstr("broken.jsonc"), HasSubstr("t.bad"), HasSubstr("unknown field"),
                    HasSubstr("min_entrpy")));
}

TEST(LoaderErrorTest, MissingFieldNamesFileRuleAndField) {
  const std::string no_remediation =
      R"j({"id": "t.bad", "name": "n", "severity": "high", "description": "d",
          "pattern": "x_(?P<secret>[a-z]{8})", "examples": ["e"], "negative_examples": ["n"]})j";
  EXPECT_THAT(ErrorFor(no_remediation), AllOf(HasSubstr("broken.jsonc"), HasSubstr("t.bad"),
                                              HasSubstr("missing"), HasSubstr("remediation")));
  const std::string no_pattern =
      R"j({"id": "t.bad", "name": "n", "severity": "high", "description": "d", "remediation": "r",
          "examples": ["e"], "negative_examples": ["n"]})j";
  EXPECT_THAT(ErrorFor(no_pattern),
              AllOf(HasSubstr("broken.jsonc"), HasSubstr("t.bad"), HasSubstr("pattern")));
  const std::string no_negative =
      R"j({"id": "t.bad", "name": "n", "severity": "high", "description": "d", "remediation": "r",
          "pattern": "x_(?P<secret>[a-z]{8})", "examples": ["e"]})j";
  EXPECT_THAT(ErrorFor(no_negative), AllOf(HasSubstr("t.bad"), HasSubstr("negative_examples")));
}

TEST(LoaderErrorTest, MissingIdNamesRulePosition) {
  const std::string no_id =
      R"j({"name": "n", "severity": "high", "description": "d", "remediation": "r",
          "pattern": "x_(?P<secret>[a-z]{8})", "examples": ["e"], "negative_examples": ["n"]})j";
  EXPECT_THAT(ErrorFor(no_id),
              AllOf(HasSubstr("broken.jsonc"), HasSubstr("rule #2"), HasSubstr("'id'")));
}

TEST(LoaderErrorTest, BadSeverity) {
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", "", "severe")),
              AllOf(HasSubstr("broken.jsonc"), HasSubstr("t.bad"), HasSubstr("severity")));
}

TEST(LoaderErrorTest, BadIds) {
  for (const char* id : {"NoDots", "Upper.Case", "has space.x", ".leading", "trailing.", "a/b.c"}) {
    EXPECT_THAT(
        ErrorFor(RuleJson(id, "x_(?P<secret>[a-z]{8})")),
        AllOf(HasSubstr("broken.jsonc"), HasSubstr("rule #2"), HasSubstr(id), HasSubstr("id")))
        << id;
  }
  // Accepted shapes.
  RuleSet set;
  EXPECT_TRUE(LoadRuleText(RuleFile({RuleJson("aws.access_key_id", "a(?P<secret>[a-z]{8})"),
                                     RuleJson("x-y.z2.w_3", "b(?P<secret>[a-z]{8})")}),
                           "ok.jsonc", &set)
                  .ok());
}

TEST(LoaderErrorTest, PatternWithoutSecretGroup) {
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_([a-z]{8})")),
              AllOf(HasSubstr("broken.jsonc"), HasSubstr("t.bad"), HasSubstr("pattern"),
                    HasSubstr("(?P<secret>")));
  // One good and one bad pattern in "patterns" is still an error.
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})",
                                "\"patterns\": [\"y_(?P<token>[a-z]{8})\"]")),
              AllOf(HasSubstr("t.bad"), HasSubstr("y_(?P<token>")));
}

TEST(LoaderErrorTest, EmptyExamples) {
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", "\"examples\": []")),
              AllOf(HasSubstr("broken.jsonc"), HasSubstr("t.bad"), HasSubstr("examples")));
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", "\"negative_examples\": []")),
              AllOf(HasSubstr("t.bad"), HasSubstr("negative_examples")));
}

TEST(LoaderErrorTest, MalformedExamples) {
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})",
                                R"j("examples": [{"text": "x", "secrte": "y"}])j")),
              AllOf(HasSubstr("t.bad"), HasSubstr("secrte")));
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", R"j("examples": [42])j")),
              AllOf(HasSubstr("t.bad"), HasSubstr("examples")));
  EXPECT_THAT(
      ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", R"j("examples": [{"path": "a"}])j")),
      AllOf(HasSubstr("t.bad"), HasSubstr("text")));
}

TEST(LoaderErrorTest, WrongTypesAndRanges) {
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", "\"min_entropy\": \"3\"")),
              AllOf(HasSubstr("t.bad"), HasSubstr("min_entropy")));
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", "\"min_entropy\": 9")),
              AllOf(HasSubstr("t.bad"), HasSubstr("min_entropy")));
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", "\"context_lines\": -1")),
              AllOf(HasSubstr("t.bad"), HasSubstr("context_lines")));
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", "\"kind\": \"token\"")),
              AllOf(HasSubstr("t.bad"), HasSubstr("kind")));
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", "\"paths\": \"*.env\"")),
              AllOf(HasSubstr("t.bad"), HasSubstr("paths")));
  EXPECT_THAT(
      ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", "\"allow_placeholders\": \"yes\"")),
      AllOf(HasSubstr("t.bad"), HasSubstr("allow_placeholders")));
  EXPECT_THAT(ErrorFor(RuleJson("t.bad", "x_(?P<secret>[a-z]{8})", "\"attach\": [1]")),
              AllOf(HasSubstr("t.bad"), HasSubstr("attach")));
}

TEST(LoaderErrorTest, TrailingCommaIsInvalidJson) {
  RuleSet set;
  std::string text = RuleFile({RuleJson("t.ok", "x_(?P<secret>[a-z]{8})")});
  // Put a trailing comma after the last rule.
  size_t close = text.rfind(']');
  text.insert(text.rfind('}', close), ",");
  Status status = LoadRuleText(text, "comma.jsonc", &set);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), Status::Code::kParse);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("comma.jsonc"), HasSubstr("JSON")));
  EXPECT_TRUE(set.rules().empty());

  Status garbage = LoadRuleText("{\"rules\": [", "cut.jsonc", &set);
  EXPECT_FALSE(garbage.ok());
  EXPECT_THAT(garbage.message(), HasSubstr("cut.jsonc"));
}

TEST(LoaderErrorTest, NumberTooLargeForADoubleIsInvalidJson) {
  // The JSON parser reports this as out_of_range, not as a syntax error; it once escaped.
  RuleSet set;
  Status status = LoadRuleText(R"j({"rules": [{"id": "t.x", "min_entropy": 8E1705}]})j",
                               "huge.jsonc", &set);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), Status::Code::kParse);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("huge.jsonc"), HasSubstr("8E1705")));
  EXPECT_TRUE(set.rules().empty());
}

TEST(LoaderErrorTest, TopLevelShape) {
  RuleSet set;
  EXPECT_THAT(LoadRuleText("[]", "list.jsonc", &set).message(), HasSubstr("list.jsonc"));
  EXPECT_THAT(LoadRuleText("{}", "empty.jsonc", &set).message(), HasSubstr("empty.jsonc"));
  EXPECT_THAT(LoadRuleText(R"j({"rules": [], "rulez": []})j", "typo.jsonc", &set).message(),
              AllOf(HasSubstr("typo.jsonc"), HasSubstr("rulez")));
  EXPECT_THAT(LoadRuleText(R"j({"rules": {}})j", "obj.jsonc", &set).message(),
              HasSubstr("obj.jsonc"));
}

TEST(LoaderErrorTest, ExtractorErrors) {
  RuleSet set;
  Status no_value = LoadRuleText(
      R"j({"extractors": {"t.cid": {"field": "client_id", "pattern": "cid_[a-z]{8}"}}})j",
      "x.jsonc", &set);
  EXPECT_THAT(no_value.message(),
              AllOf(HasSubstr("x.jsonc"), HasSubstr("t.cid"), HasSubstr("value")));
  Status unknown = LoadRuleText(
      R"j({"extractors": {"t.cid": {"field": "client_id", "pattern": "(?P<value>a)", "x": 1}}})j",
      "x.jsonc", &set);
  EXPECT_THAT(unknown.message(), AllOf(HasSubstr("t.cid"), HasSubstr("'x'")));
  Status no_field =
      LoadRuleText(R"j({"extractors": {"t.cid": {"pattern": "(?P<value>a)"}}})j", "x.jsonc", &set);
  EXPECT_THAT(no_field.message(), AllOf(HasSubstr("t.cid"), HasSubstr("field")));
}

TEST(LoaderErrorTest, DuplicateIdInOneFile) {
  RuleSet set;
  Status status = LoadRuleText(RuleFile({RuleJson("t.twice", "a_(?P<secret>[a-z]{8})"),
                                         RuleJson("t.other", "b_(?P<secret>[a-z]{8})"),
                                         RuleJson("t.twice", "c_(?P<secret>[a-z]{8})")}),
                               "dup.jsonc", &set);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(status.message(), AllOf(HasSubstr("dup.jsonc"), HasSubstr("t.twice")));
  EXPECT_TRUE(set.rules().empty());  // nothing of a broken file is added
}

TEST(LoaderTest, LaterFileReplacesRuleWithSameId) {
  RuleSet set;
  ASSERT_TRUE(LoadRuleText(RuleFile({RuleJson("t.a", "a_(?P<secret>[a-z]{8})"),
                                     RuleJson("t.b", "b_(?P<secret>[a-z]{8})")}),
                           "builtin.jsonc", &set)
                  .ok());
  ASSERT_TRUE(LoadRuleText(RuleFile({RuleJson("t.a", "new_(?P<secret>[a-z]{8})", "", "low"),
                                     RuleJson("t.c", "c_(?P<secret>[a-z]{8})")}),
                           "user.jsonc", &set)
                  .ok());
  ASSERT_EQ(set.rules().size(), 3u);
  const Rule* replaced = set.FindRule("t.a");
  ASSERT_NE(replaced, nullptr);
  EXPECT_EQ(replaced->patterns, (std::vector<std::string>{"new_(?P<secret>[a-z]{8})"}));
  EXPECT_EQ(replaced->severity, Severity::kLow);
  EXPECT_EQ(replaced->origin, "user.jsonc");
  // Replacement keeps the original position; new rules are appended.
  EXPECT_EQ(set.rules()[0].id, "t.a");
  EXPECT_EQ(set.rules()[1].id, "t.b");
  EXPECT_EQ(set.rules()[2].id, "t.c");
}

TEST(LoadRulePathTest, FolderIsLoadedInNameOrderAndNotRecursively) {
  TempDir dir;
  dir.Write("b.jsonc", RuleFile({RuleJson("t.same", "from_b_(?P<secret>[a-z]{8})")}));
  dir.Write("a.json", RuleFile({RuleJson("t.same", "from_a_(?P<secret>[a-z]{8})"),
                                RuleJson("t.only_a", "oa_(?P<secret>[a-z]{8})")}));
  dir.Write("notes.txt", "not a rule file {");
  dir.Write("sub/c.jsonc", "{ broken");
  RuleSet set;
  Status status = LoadRulePath(dir.path(), &set);
  ASSERT_TRUE(status.ok()) << status.message();
  ASSERT_EQ(set.rules().size(), 2u);
  EXPECT_EQ(set.FindRule("t.same")->patterns[0], "from_b_(?P<secret>[a-z]{8})");  // b after a
  EXPECT_THAT(set.FindRule("t.same")->origin, HasSubstr("b.jsonc"));
}

TEST(LoadRulePathTest, ErrorsNameThePath) {
  TempDir dir;
  RuleSet set;
  Status missing = LoadRulePath(dir.path() + "/nope.jsonc", &set);
  EXPECT_FALSE(missing.ok());
  EXPECT_THAT(missing.message(), HasSubstr("nope.jsonc"));

  std::filesystem::create_directories(dir.path() + "/empty");
  Status empty = LoadRulePath(dir.path() + "/empty", &set);
  EXPECT_FALSE(empty.ok());
  EXPECT_THAT(empty.message(), HasSubstr("empty"));

  std::string broken = dir.Write("broken.jsonc", RuleFile({RuleJson("t.x", "no_group")}));
  Status bad = LoadRulePath(broken, &set);
  EXPECT_FALSE(bad.ok());
  EXPECT_THAT(bad.message(), AllOf(HasSubstr(broken), HasSubstr("t.x")));
}

TEST(LoadBuiltinRulesTest, EmbeddedPackLoadsAndValidates) {
  RuleSet set;
  Status status = LoadBuiltinRules(&set);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_TRUE(set.Validate().ok()) << set.Validate().message();
  for (const Rule& rule : set.rules()) EXPECT_THAT(rule.origin, HasSubstr("patterns/"));
}

}  // namespace
}  // namespace nhiscan::rules
