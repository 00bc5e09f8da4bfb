// Resource limits through the real binary: Base64 decoding depth and size, findings per file.
// A limit that leaves text unexamined makes the scan incomplete (exit 2, named in stats and on
// stderr); summarising findings does not, and every finding is still counted.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/hostile.h"

namespace nhiscan::testing {
namespace {

using ::testing::HasSubstr;

class LimitsTest : public ::testing::Test {
 protected:
  CommandResult Scan(std::vector<std::string> extra) {
    std::vector<std::string> args = {"scan", tree_.path(), "-f", "json", "--show-secrets"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunNhiscan(args);
  }
  Synth synth_{77};
  TempDir tree_;
};

TEST_F(LimitsTest, Base64NestedBeyondTheDepthLimitIsReportedAndIncomplete) {
  const std::string secret = synth_.ConsumerSecretHex();
  const std::string thrice =
      synth_.Base64(synth_.Base64(synth_.Base64("SF_CLIENT_SECRET=" + secret + "\n")));
  tree_.Write("deep.txt", "payload: " + thrice + "\n");
  CommandResult r = Scan({});
  EXPECT_EQ(r.exit_code, 2) << Show(r);
  Json doc = ParseOrNull(r.out);
  ASSERT_TRUE(doc.is_object()) << Show(r);
  EXPECT_TRUE(doc["findings"].empty());
  EXPECT_EQ(doc["stats"]["limits_hit"]["decode_depth"], 1);
  EXPECT_EQ(doc["stats"]["incomplete"], true);
  ASSERT_EQ(doc["stats"]["errors"].size(), 1u);
  EXPECT_EQ(doc["stats"]["errors"][0]["path"], "deep.txt");
  EXPECT_THAT(doc["stats"]["errors"][0]["message"].get<std::string>(),
              HasSubstr("--max-decode-depth 2"));
  EXPECT_THAT(r.err, HasSubstr("limit decode_depth reached"));

  // One more layer allowed: found, at the outermost run, and complete.
  CommandResult deeper = Scan({"--max-decode-depth", "3"});
  EXPECT_EQ(deeper.exit_code, 1) << Show(deeper);
  Json found = ParseOrNull(deeper.out);
  ASSERT_EQ(found["findings"].size(), 1u) << Show(deeper);
  EXPECT_EQ(found["findings"][0]["secret"], secret);
  EXPECT_EQ(found["findings"][0]["column"], 10);
  EXPECT_EQ(found["stats"]["incomplete"], false);
  EXPECT_TRUE(found["stats"]["limits_hit"].empty());

  // Hostile nesting far deeper than any limit: bounded work, still exit 2.
  std::string onion = "SF_CLIENT_SECRET=" + secret;
  for (int i = 0; i < 12; ++i) onion = synth_.Base64(onion);
  tree_.Write("onion.txt", onion + "\n");
  CommandResult onion_run = Scan({});
  EXPECT_EQ(onion_run.exit_code, 2) << Show(onion_run);
}

TEST_F(LimitsTest, Base64LongerThanTheSizeLimitIsReportedAndIncomplete) {
  const std::string secret = synth_.ConsumerSecretHex();
  std::string text = "SF_CLIENT_SECRET=" + secret + "\n";
  while (text.size() < 3000) text += "# padding line of configuration text\n";
  tree_.Write("big.b64", "blob " + synth_.Base64(text) + "\n");
  CommandResult r = Scan({"--max-decode-size", "1KiB"});
  EXPECT_EQ(r.exit_code, 2) << Show(r);
  Json doc = ParseOrNull(r.out);
  EXPECT_EQ(doc["stats"]["limits_hit"]["decode_size"], 1);
  EXPECT_TRUE(doc["findings"].empty());

  CommandResult defaults = Scan({});
  EXPECT_EQ(defaults.exit_code, 1) << Show(defaults);
  EXPECT_EQ(ParseOrNull(defaults.out)["findings"][0]["secret"], secret);

  EXPECT_EQ(Scan({"--max-decode-size", "zero"}).exit_code, 2);
  EXPECT_EQ(Scan({"--max-decode-depth", "-1"}).exit_code, 2);
}

TEST_F(LimitsTest, FindingsBeyondThePerFileLimitAreSummarised) {
  TempDir config;
  const std::string rules = config.Write("rules.jsonc", HostileRules());
  std::string many;
  for (int i = 0; i < 30; ++i) many += "t" + std::to_string(i) + " = zzh_" + synth_.Chars(kTokenAlphabet, 32) + "\n";
  tree_.Write("many.txt", many);
  tree_.Write("few.txt", "zzh_" + synth_.Chars(kTokenAlphabet, 32) + "\n");
  CommandResult r = Scan({"--rules", rules, "--max-findings-per-file", "10"});
  EXPECT_EQ(r.exit_code, 1) << Show(r);
  Json doc = ParseOrNull(r.out);
  ASSERT_EQ(doc["findings"].size(), 11u);
  EXPECT_EQ(doc["findings"][10]["path"], "many.txt");
  EXPECT_EQ(doc["findings"][10]["line"], 10);  // the first ten, in position order
  EXPECT_EQ(doc["stats"]["summarised"]["many.txt"], 20);
  EXPECT_EQ(doc["stats"]["limits_hit"]["findings_per_file"], 1);
  EXPECT_EQ(doc["stats"]["incomplete"], false);

  CommandResult text = RunNhiscan({"scan", tree_.path(), "--rules", rules, "--color", "never",
                                   "--max-findings-per-file", "10"});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_THAT(text.out, HasSubstr("many.txt: 20 more finding(s) not listed"));

  CommandResult all = Scan({"--rules", rules, "--max-findings-per-file", "0"});
  EXPECT_EQ(ParseOrNull(all.out)["findings"].size(), 31u);
}

}  // namespace
}  // namespace nhiscan::testing
