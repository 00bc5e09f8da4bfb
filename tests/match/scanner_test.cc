#include "scanner/match/scanner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::match {
namespace {

using ::nhiscan::testing::Compile;
using ::nhiscan::testing::Compiled;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::Scan;
using ::nhiscan::testing::SecretsOf;
using ::nhiscan::testing::Synth;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr char kSecret[] = "Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb";  // 24 chars, varied

Compiled MustCompile(const std::string& text) {
  auto compiled = Compile(text);
  if (!compiled.ok()) throw std::runtime_error(compiled.status().message());
  return std::move(compiled).value();
}

std::vector<Match> RawScan(const Compiled& c, std::string_view window, size_t own_begin,
                           size_t own_end, std::string_view path = "f.txt",
                           Engine engine = Engine::kHyperscan) {
  Scanner scanner(*c.database, engine);
  std::vector<Match> out;
  Status status = scanner.Scan(window, own_begin, own_end, path, &out);
  if (!status.ok()) throw std::runtime_error(status.message());
  return out;
}

// ---- markers -------------------------------------------------------------------------------

// The marks one Hyperscan scan of `window` reports.
uint32_t MarksOf(const Compiled& c, std::string_view window, Engine engine = Engine::kHyperscan) {
  Scanner scanner(*c.database, engine);
  std::vector<Match> out;
  uint32_t marks = 0;
  Status status = scanner.Scan(window, 0, window.size(), "f.txt", &out, &marks);
  if (!status.ok()) throw std::runtime_error(status.message());
  return marks;
}

TEST(ScannerMarkersTest, ReportsWhichMarkersTheWholeWindowHolds) {
  auto compiled = Compile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})")}), "",
                          {}, {"/services/", "3MVG9", "a.b(c)"});
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  const Compiled& c = *compiled;
  EXPECT_THAT(c.database->markers(), ElementsAre("/services/", "3MVG9", "a.b(c)"));
  EXPECT_EQ(MarksOf(c, ""), 0u);
  EXPECT_EQ(MarksOf(c, "GET /service/data and 3MVG and /services"), 0u);
  EXPECT_EQ(MarksOf(c, "/services/apexrest/cb"), 1u);            // at the window's start
  EXPECT_EQ(MarksOf(c, "client 3MVG9"), 2u);                     // at its end
  EXPECT_EQ(MarksOf(c, "3MVG9x /services/ 3MVG9y /services/"), 3u);  // each once
  // Markers are literals: regular-expression characters in them mean themselves.
  EXPECT_EQ(MarksOf(c, "axb(c) a.bc"), 0u);
  EXPECT_EQ(MarksOf(c, "x a.b(c) y"), 4u);
  // A marker in the window counts even outside the owned part and next to a rule's match.
  const std::string text = std::string("key=") + kSecret + "/services/";
  Scanner scanner(*c.database);
  std::vector<Match> out;
  uint32_t marks = 0;
  ASSERT_TRUE(scanner.Scan(text, 0, 4, "f.txt", &out, &marks).ok());
  EXPECT_EQ(marks, 1u);
  EXPECT_EQ(out.size(), 1u);
  // The RE2 engine does not look for markers: every one may occur.
  EXPECT_EQ(MarksOf(c, "nothing here", Engine::kRe2Only), ~uint32_t{0});
}

TEST(ScannerMarkersTest, WithoutMarkersMatchesAreTheSame) {
  const std::string rules = RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})")});
  auto with = Compile(rules, "", {}, {"key="});
  auto without = Compile(rules);
  ASSERT_TRUE(with.ok() && without.ok());
  const std::string text = std::string("a key=") + kSecret + "\nkey=short\n";
  EXPECT_EQ(SecretsOf(Scan(*with, text), "t.key"), SecretsOf(Scan(*without, text), "t.key"));
  EXPECT_EQ(SecretsOf(Scan(*with, text), "t.key"), std::vector<std::string>{kSecret});
  EXPECT_EQ(MarksOf(*with, text), 1u);
}

TEST(ScannerMarkersTest, EmptyOrTooManyMarkersAreRefused) {
  const std::string rules = RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})")});
  auto empty = Compile(rules, "", {}, {"ok", ""});
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().message(), ::testing::HasSubstr("empty marker"));
  std::vector<std::string> many;
  for (size_t i = 0; i <= kMaxMarkers; ++i) many.push_back("<m" + std::to_string(i) + ">");
  EXPECT_FALSE(Compile(rules, "", {}, many).ok());
  many.pop_back();
  auto most = Compile(rules, "", {}, many);
  ASSERT_TRUE(most.ok()) << most.status().message();
  EXPECT_EQ(MarksOf(*most, "<m31> <m0> <m"), (uint32_t{1} << 31) | 1u);
}

class BothEngines : public ::testing::TestWithParam<Engine> {};
INSTANTIATE_TEST_SUITE_P(Engines, BothEngines,
                         ::testing::Values(Engine::kHyperscan, Engine::kRe2Only),
                         [](const auto& info) {
                           return info.param == Engine::kHyperscan ? "Hyperscan" : "Re2Only";
                         });

TEST_P(BothEngines, ReportsSecretGroupAndWholeMatch) {
  Compiled c = MustCompile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})")}));
  const std::string text = std::string("x: 1\nkey=") + kSecret + "\n";
  auto matches = RawScan(c, text, 0, text.size(), "f.txt", GetParam());
  ASSERT_EQ(matches.size(), 1u);
  const Match& m = matches[0];
  EXPECT_EQ(m.rule->id, "t.key");
  EXPECT_EQ(m.secret, kSecret);
  EXPECT_EQ(m.begin, text.find("key="));
  EXPECT_EQ(m.end, text.find("key=") + 4 + 24);
  EXPECT_EQ(m.secret_begin, text.find(kSecret));
  EXPECT_EQ(m.secret_end, m.secret_begin + 24);
  EXPECT_TRUE(m.context.empty());
}

TEST_P(BothEngines, OnlyMatchesStartingInTheOwnedRangeAreReported) {
  Compiled c = MustCompile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})")}));
  Synth synth(3);
  std::string a = synth.Chars("abcdefghijkmnpqrstuvwxyz23456789", 24);
  std::string b = synth.Chars("abcdefghijkmnpqrstuvwxyz23456789", 24);
  const std::string text = "key=" + a + " ... key=" + b + " end";
  const size_t second = text.rfind("key=");
  EXPECT_EQ(RawScan(c, text, 0, second, "f.txt", GetParam()).size(), 1u);
  auto tail = RawScan(c, text, second, text.size(), "f.txt", GetParam());
  ASSERT_EQ(tail.size(), 1u);
  EXPECT_EQ(tail[0].secret, b);
  // A match that starts at own_end belongs to the next window.
  auto head = RawScan(c, text, 0, second, "f.txt", GetParam());
  ASSERT_EQ(head.size(), 1u);
  EXPECT_EQ(head[0].secret, a);
  EXPECT_EQ(RawScan(c, text, 1, second, "f.txt", GetParam()).size(), 0u);
  EXPECT_EQ(RawScan(c, text, second, second + 1, "f.txt", GetParam()).size(), 1u);
}

TEST_P(BothEngines, NamedGroupsAreCopiedIntoContext) {
  Compiled c = MustCompile(RuleFile({RuleJson(
      "t.url",
      "https://(?P<user>[a-z]{3,16}):(?P<secret>[A-Za-z0-9]{24})@(?P<host>[a-z.]{4,64})")}));
  const std::string text = std::string("url: https://deploy:") + kSecret + "@db.internal.example\n";
  auto matches = RawScan(c, text, 0, text.size(), "f.txt", GetParam());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].secret, kSecret);
  EXPECT_THAT(matches[0].context,
              UnorderedElementsAre(Pair("user", "deploy"), Pair("host", "db.internal.example")));
}

TEST_P(BothEngines, SeveralPatternsOfOneRuleGiveOneMatchPerSpan) {
  Compiled c = MustCompile(RuleFile({RuleJson(
      "t.key", "key=(?P<secret>[A-Za-z0-9]{24})",
      R"j("patterns": ["(?P<secret>[A-Za-z0-9]{24})\\b", "\\bkey=(?P<secret>[A-Za-z0-9]{24})"])j")}));
  const std::string text = std::string("key=") + kSecret + "\n";
  auto matches = RawScan(c, text, 0, text.size(), "f.txt", GetParam());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].secret, kSecret);
}

TEST_P(BothEngines, MatchesAreSortedByPosition) {
  Compiled c = MustCompile(RuleFile({RuleJson("t.zz", "zz_(?P<secret>[a-z0-9]{12})"),
                                     RuleJson("t.aa", "aa_(?P<secret>[a-z0-9]{12})")}));
  const std::string text = "aa_k3j9x0q2m5n8 zz_p1r4t6v8w2y4 aa_b7c5d3f1g9h2 zz_m4n6q8r2s5t7";
  auto matches = RawScan(c, text, 0, text.size(), "f.txt", GetParam());
  ASSERT_EQ(matches.size(), 4u);
  for (size_t i = 1; i < matches.size(); ++i) {
    EXPECT_LT(matches[i - 1].secret_begin, matches[i].secret_begin);
  }
  EXPECT_EQ(matches[0].rule->id, "t.aa");
  EXPECT_EQ(matches[1].rule->id, "t.zz");
}

// --- filters, each with a positive and a negative case -------------------------------------------

TEST_P(BothEngines, PlaceholderFilter) {
  Compiled c = MustCompile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9_$*{}]{8,40})"),
                                     RuleJson("t.raw", "raw=(?P<secret>[A-Za-z0-9_$*{}]{8,40})",
                                              "\"allow_placeholders\": true")}));
  auto found = Scan(c,
                    "key=your_secret_here\nkey=XXXXXXXXXXXXXXXX\nkey=${SECRET_VALUE}\n"
                    "key=****************\nraw=XXXXXXXXXXXXXXXX\n" +
                        std::string("key=") + kSecret + "\n",
                    "f.txt", GetParam());
  EXPECT_THAT(SecretsOf(found, "t.key"), ElementsAre(kSecret));
  EXPECT_THAT(SecretsOf(found, "t.raw"), ElementsAre("XXXXXXXXXXXXXXXX"));
}

TEST_P(BothEngines, LowInformationFilter) {
  Compiled c = MustCompile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{12,40})")}));
  auto found = Scan(c,
                    "key=aaaaaaaaaaaaaaaa\nkey=abababababababab\nkey=0123456789012345\n"
                    "key=abcdefghijklmnop\nkey=" +
                        std::string(kSecret) + "\n",
                    "f.txt", GetParam());
  EXPECT_THAT(SecretsOf(found, "t.key"), ElementsAre(kSecret));
}

TEST_P(BothEngines, EntropyFilter) {
  const std::string low = "aabbccddaabbccddaabbccdd";  // 2 bits per char, no straight run
  Compiled strict = MustCompile(
      RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})", "\"min_entropy\": 3.0")}));
  Compiled lax = MustCompile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})")}));
  const std::string text = "key=" + low + "\nkey=" + kSecret + "\n";
  EXPECT_THAT(SecretsOf(Scan(strict, text, "f.txt", GetParam()), "t.key"), ElementsAre(kSecret));
  EXPECT_THAT(SecretsOf(Scan(lax, text, "f.txt", GetParam()), "t.key"), ElementsAre(low, kSecret));
}

TEST_P(BothEngines, ValueCheckFilter) {
  Synth synth(5);
  const std::string pair = synth.Base64("client-7f3k9:" + synth.ConsumerSecretHex());
  const std::string no_colon = synth.Base64("client-7f3k9-" + synth.ConsumerSecretHex());
  Compiled checked =
      MustCompile(RuleFile({RuleJson("t.b64", "apikey: (?P<secret>[A-Za-z0-9+/]{16,200}={0,2})",
                                     R"j("checks": ["base64_credential_pair"])j")}));
  Compiled unchecked =
      MustCompile(RuleFile({RuleJson("t.b64", "apikey: (?P<secret>[A-Za-z0-9+/]{16,200}={0,2})")}));
  const std::string text = "apikey: " + no_colon + "\napikey: " + pair + "\n";
  EXPECT_THAT(SecretsOf(Scan(checked, text, "f.txt", GetParam()), "t.b64"), ElementsAre(pair));
  EXPECT_THAT(SecretsOf(Scan(unchecked, text, "f.txt", GetParam()), "t.b64"),
              ElementsAre(no_colon, pair));
}

TEST_P(BothEngines, ContextFilterLooksWithinContextLines) {
  Compiled c = MustCompile(RuleFile({RuleJson("t.hex", "\\b(?P<secret>[0-9A-F]{32})\\b",
                                              R"j("context": "(?i)acme", "context_lines": 2)j")}));
  Synth synth(9);
  auto text_with_keyword_at = [&](int delta, std::string* secret) {
    *secret = synth.UpperHex(32);
    std::vector<std::string> lines(9, "filler line");
    if (delta == 0) {
      lines[4] = "acme_value = " + *secret;
    } else {
      lines[4] = "value = " + *secret;
      lines[static_cast<size_t>(4 + delta)] = "# ACME settings";
    }
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    return text;
  };
  for (int delta : {-2, -1, 0, 1, 2}) {
    std::string secret;
    std::string text = text_with_keyword_at(delta, &secret);
    EXPECT_THAT(SecretsOf(Scan(c, text, "f.txt", GetParam()), "t.hex"), ElementsAre(secret))
        << "keyword " << delta << " lines away";
  }
  for (int delta : {-4, -3, 3, 4}) {
    std::string secret;
    std::string text = text_with_keyword_at(delta, &secret);
    EXPECT_THAT(SecretsOf(Scan(c, text, "f.txt", GetParam()), "t.hex"), IsEmpty())
        << "keyword " << delta << " lines away";
  }
}

TEST_P(BothEngines, PathsFilter) {
  Compiled c = MustCompile(RuleFile({RuleJson("t.env", "SECRET=(?P<secret>[A-Za-z0-9]{24})",
                                              R"j("paths": ["*.env", "config/*"])j")}));
  const std::string text = std::string("SECRET=") + kSecret + "\n";
  for (const char* path : {"prod.env", "deploy/prod.env", "config/app.yml", "config/a/b.txt"}) {
    EXPECT_THAT(SecretsOf(Scan(c, text, path, GetParam()), "t.env"), ElementsAre(kSecret)) << path;
  }
  for (const char* path : {"prod.env.md", "src/config/app.yml", "README.md", "env"}) {
    EXPECT_THAT(SecretsOf(Scan(c, text, path, GetParam()), "t.env"), IsEmpty()) << path;
  }
}

// --- attachments
// ----------------------------------------------------------------------------------

constexpr char kClientIdExtractor[] =
    R"j({"t.cid": {"field": "client_id", "pattern": "\\b(?P<value>cid_[a-z0-9]{12})\\b"}})j";

TEST_P(BothEngines, AttachPicksTheNearestExtractorHit) {
  Compiled c = MustCompile(RuleFile(
      {RuleJson("t.sec", "secret=(?P<secret>[A-Za-z0-9]{24})", R"j("attach": ["t.cid"])j")},
      kClientIdExtractor));
  const std::string text =
      "id: cid_aaaa1111bbbb\n\n\n\n\n\nid: cid_cccc2222dddd\nsecret=" + std::string(kSecret) +
      "\n\n\n\n\n\n\n\n\nid: cid_eeee3333ffff\n";
  auto matches = RawScan(c, text, 0, text.size(), "f.txt", GetParam());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_THAT(matches[0].context, ElementsAre(Pair("client_id", "cid_cccc2222dddd")));

  // Nearest after the match wins over one further before it.
  const std::string after =
      "id: cid_aaaa1111bbbb" + std::string(40, '\n') + "secret=" + kSecret + " cid_eeee3333ffff\n";
  matches = RawScan(c, after, 0, after.size(), "f.txt", GetParam());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_THAT(matches[0].context, ElementsAre(Pair("client_id", "cid_eeee3333ffff")));
}

TEST_P(BothEngines, AttachIgnoresPlaceholdersAndMissingHits) {
  Compiled c = MustCompile(RuleFile(
      {RuleJson("t.sec", "secret=(?P<secret>[A-Za-z0-9]{24})", R"j("attach": ["t.cid"])j")},
      kClientIdExtractor));
  const std::string none = "secret=" + std::string(kSecret) + "\n";
  auto matches = RawScan(c, none, 0, none.size(), "f.txt", GetParam());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_TRUE(matches[0].context.empty());

  const std::string placeholder =
      "cid_realvalue123\n\n\nsecret=" + std::string(kSecret) + " cid_xxxxxxxxxxxx\n";
  matches = RawScan(c, placeholder, 0, placeholder.size(), "f.txt", GetParam());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_THAT(matches[0].context, ElementsAre(Pair("client_id", "cid_realvalue123")));
}

TEST_P(BothEngines, NamedGroupWinsOverExtractorOfSameField) {
  Compiled c = MustCompile(
      RuleFile({RuleJson("t.pair", "(?P<client_id>cid_[a-z0-9]{12}):(?P<secret>[A-Za-z0-9]{24})",
                         R"j("attach": ["t.cid"])j")},
               kClientIdExtractor));
  const std::string text = "cid_other0000001 cid_inline000001:" + std::string(kSecret) + "\n";
  auto matches = RawScan(c, text, 0, text.size(), "f.txt", GetParam());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_THAT(matches[0].context, ElementsAre(Pair("client_id", "cid_inline000001")));
}

TEST(ScannerTest, ScannersOfOneDatabaseWorkInParallelThreads) {
  Compiled c = MustCompile(RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})")}));
  std::string text;
  for (int i = 0; i < 200; ++i) text += "line " + std::to_string(i) + " key=" + kSecret + "\n";
  std::vector<size_t> counts(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&, t] {
      Scanner scanner(*c.database);
      for (int round = 0; round < 20; ++round) {
        std::vector<Match> out;
        if (scanner.Scan(text, 0, text.size(), "f.txt", &out).ok()) counts[t] += out.size();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (size_t count : counts) EXPECT_EQ(count, 200u * 20);
}

}  // namespace
}  // namespace nhiscan::match
