#include "scanner/rules/snapshot.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "scanner/base/file_io.h"
#include "scanner/rules/loader.h"
#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::rules {
namespace {

using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::TempDir;

// Every field a scan or a report reads, compared one by one (examples are deliberately absent).
void ExpectSameRules(const RuleSet& a, const RuleSet& b) {
  ASSERT_EQ(a.rules().size(), b.rules().size());
  for (size_t i = 0; i < a.rules().size(); ++i) {
    const Rule& x = a.rules()[i];
    const Rule& y = b.rules()[i];
    SCOPED_TRACE(x.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.severity, y.severity);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.description, y.description);
    EXPECT_EQ(x.remediation, y.remediation);
    EXPECT_EQ(x.references, y.references);
    EXPECT_EQ(x.patterns, y.patterns);
    EXPECT_EQ(x.check, y.check);
    EXPECT_EQ(x.paths, y.paths);
    EXPECT_EQ(x.min_entropy, y.min_entropy);
    EXPECT_EQ(x.checks, y.checks);
    EXPECT_EQ(x.context, y.context);
    EXPECT_EQ(x.context_lines, y.context_lines);
    EXPECT_EQ(x.attach, y.attach);
    EXPECT_EQ(x.allow_placeholders, y.allow_placeholders);
    EXPECT_EQ(x.origin, y.origin);
  }
  ASSERT_EQ(a.extractors().size(), b.extractors().size());
  for (size_t i = 0; i < a.extractors().size(); ++i) {
    EXPECT_EQ(a.extractors()[i].id, b.extractors()[i].id);
    EXPECT_EQ(a.extractors()[i].field, b.extractors()[i].field);
    EXPECT_EQ(a.extractors()[i].pattern, b.extractors()[i].pattern);
  }
  EXPECT_EQ(a.MatchingHash(), b.MatchingHash());
}

TEST(SnapshotTest, BuiltinRulesRoundTrip) {
  RuleSet parsed;
  ASSERT_TRUE(LoadBuiltinRules(&parsed).ok());
  ASSERT_GT(parsed.rules().size(), 10u);
  RuleSet restored;
  ASSERT_TRUE(DeserializeRuleSet(SerializeRuleSet(parsed), &restored).ok());
  ExpectSameRules(parsed, restored);
  for (const Rule& rule : restored.rules()) EXPECT_TRUE(rule.examples.empty()) << rule.id;
}

TEST(SnapshotTest, EveryTruncationIsRejected) {
  RuleSet parsed;
  ASSERT_TRUE(LoadBuiltinRules(&parsed).ok());
  const std::string bytes = SerializeRuleSet(parsed);
  // Every prefix of a snapshot is incomplete; none may load (or crash).
  for (size_t size = 0; size < bytes.size(); size += 1 + size / 50) {
    RuleSet restored;
    EXPECT_FALSE(DeserializeRuleSet(std::string_view(bytes).substr(0, size), &restored).ok())
        << size;
    EXPECT_TRUE(restored.rules().empty());
  }
  RuleSet restored;
  EXPECT_FALSE(DeserializeRuleSet(bytes + "x", &restored).ok()) << "trailing bytes";
}

TEST(SnapshotTest, HugeCountsAreRejectedWithoutAllocating) {
  std::string bytes = SerializeRuleSet(RuleSet());
  // The rule count follows the magic string; claim four billion rules.
  const size_t count_at = bytes.size() - 8;
  bytes.replace(count_at, 4, std::string(4, '\xff'));
  RuleSet restored;
  EXPECT_FALSE(DeserializeRuleSet(bytes, &restored).ok());
}

class LoadRuleSetTest : public ::testing::Test {
 protected:
  RuleLoadOptions Options(const std::string& rule_file) const {
    return RuleLoadOptions{{rule_file}, cache_.path(), false};
  }
  size_t Snapshots() const {
    size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator(cache_.path())) {
      n += entry.path().filename().string().rfind("rules-", 0) == 0;
    }
    return n;
  }

  TempDir cache_, rules_dir_;
};

TEST_F(LoadRuleSetTest, SecondLoadComesFromTheSnapshotAndMatchesTheSources) {
  std::string file = rules_dir_.Write("a.jsonc", RuleFile({RuleJson("acme.token", "acme_(?P<secret>[a-z0-9]{16})")}));
  RuleSet first, second, parsed;
  std::string warning;
  ASSERT_TRUE(LoadRuleSet(Options(file), &first, &warning).ok());
  EXPECT_EQ(warning, "");
  EXPECT_EQ(Snapshots(), 1u);
  ASSERT_TRUE(LoadRuleSet(Options(file), &second, &warning).ok());
  EXPECT_EQ(Snapshots(), 1u);
  ASSERT_TRUE(LoadRuleSet(RuleLoadOptions{{file}, "", false}, &parsed, &warning).ok());
  ExpectSameRules(parsed, second);
  ASSERT_NE(second.FindRule("acme.token"), nullptr);
}

TEST_F(LoadRuleSetTest, AnEditedRuleFileIsReparsed) {
  std::string file = rules_dir_.Write("a.jsonc", RuleFile({RuleJson("acme.token", "acme_(?P<secret>[a-z0-9]{16})")}));
  RuleSet first, second;
  std::string warning;
  ASSERT_TRUE(LoadRuleSet(Options(file), &first, &warning).ok());
  rules_dir_.Write("a.jsonc", RuleFile({RuleJson("acme.key", "acmekey_(?P<secret>[a-z0-9]{16})")}));
  ASSERT_TRUE(LoadRuleSet(Options(file), &second, &warning).ok());
  EXPECT_EQ(second.FindRule("acme.token"), nullptr);
  EXPECT_NE(second.FindRule("acme.key"), nullptr);
  EXPECT_EQ(Snapshots(), 2u);
}

TEST_F(LoadRuleSetTest, ACorruptSnapshotIsRebuiltFromTheSources) {
  std::string file = rules_dir_.Write("a.jsonc", RuleFile({RuleJson("acme.token", "acme_(?P<secret>[a-z0-9]{16})")}));
  RuleSet first, second;
  std::string warning;
  ASSERT_TRUE(LoadRuleSet(Options(file), &first, &warning).ok());
  for (const auto& entry : std::filesystem::directory_iterator(cache_.path())) {
    if (entry.path().filename().string().rfind("rules-", 0) == 0) {
      ASSERT_TRUE(WriteFileAtomically(entry.path().string(), "NHISCANRULES1\ngarbage").ok());
    }
  }
  ASSERT_TRUE(LoadRuleSet(Options(file), &second, &warning).ok());
  ExpectSameRules(first, second);
}

TEST_F(LoadRuleSetTest, ExamplesAreLoadedWhenAsked) {
  RuleSet with_examples;
  std::string warning;
  ASSERT_TRUE(LoadRuleSet(RuleLoadOptions{{}, cache_.path(), true}, &with_examples, &warning).ok());
  const Rule* rule = with_examples.FindRule("salesforce.consumer_secret");
  ASSERT_NE(rule, nullptr);
  EXPECT_FALSE(rule->examples.empty());
  EXPECT_EQ(Snapshots(), 0u) << "the parse with examples writes no snapshot";
}

TEST_F(LoadRuleSetTest, AnInvalidRuleFileIsAnErrorEvenWithASnapshotOfTheBuiltins) {
  RuleSet builtins, bad;
  std::string warning;
  ASSERT_TRUE(LoadRuleSet(RuleLoadOptions{{}, cache_.path(), false}, &builtins, &warning).ok());
  std::string file = rules_dir_.Write("bad.jsonc", "{ \"rules\": [ {\"id\": \"x\"} ] }");
  Status status = LoadRuleSet(Options(file), &bad, &warning);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), ::testing::HasSubstr("bad.jsonc"));
}

}  // namespace
}  // namespace nhiscan::rules
