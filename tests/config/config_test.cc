#include "scanner/config/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/test_support.h"

namespace nhiscan::config {
namespace {

using ::nhiscan::testing::TempDir;
using ::testing::ElementsAre;

TEST(ConfigTest, EveryKey) {
  auto config = ParseConfig(R"({
    // comments are allowed
    "rules": ["rules/extra.jsonc"],
    "disable": ["generic.entropy"],
    "exclude": ["docs/*", "*.snap"],
    "default_excludes": false,
    "generic_excludes": ["fixtures"],
    "allow": {
      "t.key": ["exact-value", {"regex": "^EXAMPLE", "reason": "samples"}],
      "*": [{"value": "changeme", "reason": "default password of the demo"}]
    },
    "fail_on": "high",
    "baseline": ".nhiscan-baseline.json"
  })", "proj/.nhiscan.jsonc");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->file, "proj/.nhiscan.jsonc");
  EXPECT_THAT(config->rules, ElementsAre("rules/extra.jsonc"));
  EXPECT_THAT(config->disable, ElementsAre("generic.entropy"));
  EXPECT_THAT(config->exclude, ElementsAre("docs/*", "*.snap"));
  EXPECT_FALSE(config->default_excludes);
  EXPECT_THAT(config->generic_excludes, ElementsAre("fixtures"));
  ASSERT_EQ(config->allow.size(), 3u);
  // nlohmann-json orders object keys: "*" before "t.key".
  EXPECT_EQ(config->allow[0].rule_id, "*");
  EXPECT_EQ(config->allow[0].value, "changeme");
  EXPECT_EQ(config->allow[0].reason, "default password of the demo");
  EXPECT_EQ(config->allow[1].rule_id, "t.key");
  EXPECT_EQ(config->allow[1].value, "exact-value");
  EXPECT_EQ(config->allow[1].origin, "proj/.nhiscan.jsonc: allow.t.key[0]");
  EXPECT_EQ(config->allow[2].regex, "^EXAMPLE");
  EXPECT_EQ(config->fail_on, "high");
  EXPECT_EQ(config->baseline, ".nhiscan-baseline.json");
}

TEST(ConfigTest, EmptyObjectMeansDefaults) {
  auto config = ParseConfig("{}", "c.jsonc");
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->default_excludes);
  EXPECT_TRUE(config->rules.empty());
  EXPECT_TRUE(config->fail_on.empty());
  EXPECT_TRUE(config->baseline.empty());
}

TEST(ConfigTest, StarterFileParsesToTheDefaults) {
  auto config = ParseConfig(StarterConfig(), ".nhiscan.jsonc");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_TRUE(config->default_excludes);
  EXPECT_TRUE(config->allow.empty());
  EXPECT_TRUE(config->disable.empty());
}

TEST(ConfigTest, UnknownKeysAndBadValuesNameTheKeyAndTheFile) {
  struct Case {
    const char* text;
    const char* expected;
  } cases[] = {
      {"{\"rules\": [\"a\",]}", "c.jsonc: not valid JSON with comments (trailing commas are not allowed)"},
      {"[1]", "c.jsonc: (top level): expected an object"},
      {R"({"exclude": ["a"], "excludes": ["b"]})", "c.jsonc: excludes: unknown key"},
      {R"({"rules": "x.jsonc"})", "c.jsonc: rules: expected a list of strings"},
      {R"({"disable": ["a", 3]})", "c.jsonc: disable[1]: expected a non-empty string"},
      {R"({"exclude": [""]})", "c.jsonc: exclude[0]: expected a non-empty string"},
      {R"({"default_excludes": "no"})", "c.jsonc: default_excludes: expected true or false"},
      {R"({"fail_on": "severe"})", "c.jsonc: fail_on: expected one of critical, high, medium, low, info, live"},
      {R"({"fail_on": 3})", "c.jsonc: fail_on: expected one of critical, high, medium, low, info, live"},
      {R"({"baseline": ""})", "c.jsonc: baseline: expected a non-empty string"},
      {R"({"allow": ["x"]})", "c.jsonc: allow: expected an object of rule id -> list of values"},
      {R"({"allow": {"t.key": "x"}})", "c.jsonc: allow.t.key: expected a list of values"},
      {R"({"allow": {"t.key": [3]}})", "c.jsonc: allow.t.key[0]: expected a string or {\"value\"|\"regex\", \"reason\"}"},
      {R"({"allow": {"t.key": [{"regex": "(unclosed"}]}})", "c.jsonc: allow.t.key[0].regex: bad regex: missing ): (unclosed"},
      {R"({"allow": {"t.key": [{"value": "a", "regex": "b"}]}})", "c.jsonc: allow.t.key[0]: expected exactly one of \"value\" and \"regex\""},
      {R"({"allow": {"t.key": [{"reason": "why"}]}})", "c.jsonc: allow.t.key[0]: expected exactly one of \"value\" and \"regex\""},
      {R"({"allow": {"t.key": [{"value": "a", "why": "b"}]}})", "c.jsonc: allow.t.key[0].why: unknown key (expected value, regex or reason)"},
  };
  for (const Case& c : cases) {
    auto config = ParseConfig(c.text, "c.jsonc");
    ASSERT_FALSE(config.ok()) << c.text;
    EXPECT_THAT(config.status().message(), ::testing::StartsWith(c.expected)) << c.text;
  }
}

TEST(ConfigTest, FileLoadingResolvesPathsAgainstTheFilesFolder) {
  TempDir dir;
  const std::string file = dir.Write("proj/.nhiscan.jsonc",
                                     R"({"rules": ["r/x.jsonc", "/abs/y.jsonc"], "baseline": "b.json"})");
  auto config = LoadConfigFile(file);
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_THAT(config->rules, ElementsAre(dir.path() + "/proj/r/x.jsonc", "/abs/y.jsonc"));
  EXPECT_EQ(config->baseline, dir.path() + "/proj/b.json");
  auto missing = LoadConfigFile(dir.path() + "/nothing.jsonc");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), ::testing::HasSubstr("nothing.jsonc"));
}

TEST(ConfigTest, ProjectConfigIsFoundUpToTheRepositoryRoot) {
  TempDir dir;
  dir.Write("repo/.git/HEAD", "ref: refs/heads/main\n");
  dir.Write("repo/.nhiscan.jsonc", "{}");
  dir.Write("repo/src/deep/file.txt", "x");
  dir.Write("other/src/file.txt", "x");
  dir.Write(".nhiscan.jsonc", "{}");  // above the repository: never used for it
  EXPECT_EQ(FindProjectConfig(dir.path() + "/repo/src/deep"), dir.path() + "/repo/.nhiscan.jsonc");
  EXPECT_EQ(FindProjectConfig(dir.path() + "/repo/src/deep/file.txt"),
            dir.path() + "/repo/.nhiscan.jsonc");
  std::filesystem::remove(dir.path() + "/repo/.nhiscan.jsonc");
  EXPECT_FALSE(FindProjectConfig(dir.path() + "/repo/src"));
  // Outside a repository only the scanned folder's own file counts.
  EXPECT_FALSE(FindProjectConfig(dir.path() + "/other/src"));
  dir.Write("other/.nhiscan.jsonc", "{}");
  EXPECT_EQ(FindProjectConfig(dir.path() + "/other"), dir.path() + "/other/.nhiscan.jsonc");
}

}  // namespace
}  // namespace nhiscan::config
