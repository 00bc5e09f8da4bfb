// Engine::kHyperscan (Hyperscan finds candidates, RE2 confirms) must report exactly what
// Engine::kRe2Only (RE2 over everything) reports: random texts with planted secrets and
// look-alikes, over a rule set that uses every rule feature, in one window and in many.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "scanner/match/scanner.h"
#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::match {
namespace {

using ::nhiscan::testing::Compile;
using ::nhiscan::testing::Compiled;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::Scan;

constexpr char kExtractors[] =
    R"j({"t.cid": {"field": "client_id", "pattern": "\\b(?P<value>cid_[a-z0-9]{12})\\b"},
        "t.host": {"field": "host", "pattern": "\\b(?P<value>[a-z0-9-]{3,20}\\.acme\\.test)\\b"}})j";

std::vector<std::string> ExactRules() {
  return {
      RuleJson("t.hex", "\\b(?P<secret>[0-9A-F]{32})\\b",
               R"j("context": "(?i)acme", "context_lines": 3, "attach": ["t.host"])j", "medium"),
      RuleJson("t.key", "(?i)api[_-]?key\\s{0,3}[:=]\\s{0,3}[\"']?(?P<secret>[A-Za-z0-9]{20,40})",
               R"j("min_entropy": 3.0, "attach": ["t.cid", "t.host"])j"),
      RuleJson("t.tok", "tok_(?P<secret>[A-Za-z0-9]{32})", "", "critical"),
      RuleJson("t.url",
               "https://"
               "(?P<user>[a-z]{3,12}):(?P<secret>[A-Za-z0-9]{12,32})@(?P<host>[a-z0-9.-]{4,40})"),
      RuleJson("t.env", "SECRET=(?P<secret>[A-Za-z0-9]{24})", R"j("paths": ["*.env"])j"),
      RuleJson(
          "t.multi", "ghx_(?P<secret>[A-Za-z0-9]{30})",
          R"j("patterns": ["ghy_(?P<secret>[A-Za-z0-9]{30})", "gh[xy]_(?P<secret>[A-Za-z0-9]{30})"])j"),
      RuleJson("t.cid", "\\b(?P<secret>cid_[a-z0-9]{12})\\b", R"j("kind": "identifier")j", "low"),
      RuleJson("t.b64", "basic (?P<secret>[A-Za-z0-9+/]{16,120}={0,2})",
               R"j("checks": ["base64_credential_pair"])j"),
      RuleJson("t.line", "(?m)^pw: (?P<secret>[A-Za-z0-9]{10,20})$"),
  };
}

std::vector<std::string> AllRules() {
  std::vector<std::string> rules = ExactRules();
  rules.push_back(RuleJson("t.prefilter", "(?s)pfx_(?P<secret>(?:[ab].{0,9}){1,60}c)"));
  rules.push_back(RuleJson("t.lazy", "(?U)lazy_(?P<secret>[a-z0-9]{16})"));
  return rules;
}

class TextMaker {
 public:
  explicit TextMaker(uint64_t seed) : rng_(seed), synth_(seed) {}

  // Random text with planted secrets and fragments that look like rule prefixes.
  std::string Make(size_t approx_size, std::vector<std::string>* planted) {
    static const std::vector<std::string> kFragments = {
        "tok_",       "pfx_",   "lazy_", "api_key=",   "API-KEY: '", "apikey = \"",
        "acme",       "ACME",   "cid_",  "https://",   "SECRET=",    "ghx_",
        "ghy_",       "basic ", "pw: ",  "a",          "b",          "c",
        "\n",         "\r\n",   " ",     "=",          ":",          "@",
        ".acme.test", "XXXX",   "${",    "0123456789", "\xc3\xa9",   "\xe2\x82\xac",
        "\xff",       "\t",     "\v",    "\f"};
    static const std::string kAlnum =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    while (out.size() < approx_size) {
      int what = Pick(100);
      if (what < 40) {
        out += synth_.Chars(kAlnum + " .,;-_/+", 1 + Pick(12));
      } else if (what < 75) {
        out += kFragments[Pick(kFragments.size())];
      } else {
        std::string secret = Plant(&out);
        if (!secret.empty()) planted->push_back(secret);
      }
    }
    return out;
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::string Plant(std::string* out) {
    static const std::string kAlnum =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string secret;
    switch (Pick(12)) {
      case 0:
        secret = synth_.Chars(kAlnum, 32);
        *out += " tok_" + secret + " ";
        return secret;
      case 1:
        secret = synth_.Chars(kAlnum, 30);
        *out += std::string(Pick(2) ? " ghx_" : " ghy_") + secret + " ";
        return secret;
      case 2:
        *out += "\nacme: " + synth_.UpperHex(32) + " on org-" + synth_.Chars("abc123", 4) +
                ".acme.test\n";
        return "";
      case 3:
        *out += "api_key: " + synth_.Chars(kAlnum, 20 + Pick(21)) + "\n";
        return "";
      case 4:
        *out += "https://" + synth_.Chars("abcdefgh", 3 + Pick(5)) + ":" +
                synth_.Chars(kAlnum, 12 + Pick(21)) + "@db-" + synth_.Chars("xyz", 3) +
                ".acme.test/";
        return "";
      case 5:
        *out += "\nSECRET=" + synth_.Chars(kAlnum, 24) + "\n";
        return "";
      case 6:
        *out += " cid_" + synth_.Chars("abcdefghijklmnopqrstuvwxyz0123456789", 12) + " ";
        return "";
      case 7:
        *out += "basic " +
                synth_.Base64(synth_.Chars(kAlnum, 4 + Pick(10)) + ":" +
                              synth_.Chars(kAlnum, 4 + Pick(30))) +
                "\n";
        return "";
      case 8:
        *out += "\npw: " + synth_.Chars(kAlnum, 10 + Pick(11)) + "\n";
        return "";
      case 9:
        *out += "pfx_" + synth_.Chars("ab", 1) + synth_.Chars(kAlnum, Pick(9)) + "c ";
        return "";
      case 10:
        *out += "lazy_" + synth_.Chars("abcdefghijklmnopqrstuvwxyz0123456789", 16 + Pick(4));
        return "";
      default:
        *out += "tok_" + synth_.Chars(kAlnum, Pick(32));  // too short: a look-alike
        return "";
    }
  }

  std::mt19937_64 rng_;
  testing::Synth synth_;
};

std::string Describe(const findings::Finding& f) {
  std::ostringstream out;
  out << f.rule->id << " " << f.line << ":" << f.column << "-" << f.end_line << ":" << f.end_column
      << " [" << f.secret << "]";
  for (const auto& [k, v] : f.context) out << " " << k << "=" << v;
  return out.str();
}

std::vector<std::string> DescribeAll(const std::vector<findings::Finding>& found) {
  std::vector<std::string> out;
  for (const auto& f : found) out.push_back(Describe(f));
  return out;
}

Compiled MustCompile(const std::vector<std::string>& rules) {
  auto compiled = Compile(RuleFile(rules, kExtractors));
  if (!compiled.ok()) throw std::runtime_error(compiled.status().message());
  return std::move(compiled).value();
}

TEST(DifferentialTest, EnginesAgreeOnRandomTexts) {
  Compiled all = MustCompile(AllRules());
  size_t total = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    TextMaker maker(seed);
    std::vector<std::string> planted;
    const std::string text = maker.Make(1500 + seed * 7, &planted);
    const char* path = seed % 3 == 0 ? "conf/prod.env" : "src/main.txt";
    auto reference = DescribeAll(Scan(all, text, path, Engine::kRe2Only));
    auto fast = DescribeAll(Scan(all, text, path, Engine::kHyperscan));
    ASSERT_EQ(fast, reference) << "seed " << seed << "\n" << text;
    total += reference.size();
  }
  EXPECT_GT(total, 1000u);  // the texts really exercise the rules
}

// Dense, overlapping candidates from a tiny alphabet: variable-length and anchored patterns whose
// Hyperscan match ends cluster, so RE2 must confirm exactly the matches a full search finds.
TEST(DifferentialTest, EnginesAgreeOnDenseOverlappingMatches) {
  Compiled dense = MustCompile({
      RuleJson("t.var", "k_(?P<secret>[a-z0-9]{8,40})"),
      RuleJson("t.word", "\\bw(?P<secret>[a-c0-9]{6,12})\\b"),
      RuleJson("t.tail", "tail=(?P<secret>[a-z0-9]{8,20})$"),
      RuleJson("t.head", "^head=(?P<secret>[a-z0-9]{8,20})"),
      RuleJson("t.lines", "(?m)^l=(?P<secret>[a-c0-9]{6,16})$"),
      RuleJson("t.alt", "(?:ab|ba)_(?P<secret>[0-9a-c]{6,10})(?:_x|y)?"),
      RuleJson("t.lazyrep", "z_(?P<secret>[a-c]{3,5}[0-9]{3,5}[a-c]{0,6})"),
  });
  std::mt19937_64 rng(99);
  const std::vector<std::string> pieces = {"k_", "w",  "tail=", "head=", "l=", "ab_", "ba_", "z_",
                                           "_x", "y",  "a",     "b",     "c",  "0",   "1",   "9",
                                           " ",  "\n", "-",     "k",     "_",  "="};
  size_t total = 0;
  for (int round = 0; round < 400; ++round) {
    std::string text = round % 2 ? "head=" : "";
    const size_t n = 20 + rng() % 400;
    for (size_t i = 0; i < n; ++i) {
      const std::string& piece = pieces[rng() % pieces.size()];
      // Runs of alphanumerics make long, overlapping candidates.
      text += rng() % 3 ? piece : std::string(1 + rng() % 12, "abc0123456789"[rng() % 13]);
    }
    if (round % 3 == 0) text += "tail=abc123abc1";
    auto reference = DescribeAll(Scan(dense, text, "f.txt", Engine::kRe2Only));
    auto fast = DescribeAll(Scan(dense, text, "f.txt", Engine::kHyperscan));
    ASSERT_EQ(fast, reference) << "round " << round << "\n" << text;
    total += reference.size();
  }
  EXPECT_GT(total, 800u);
}

TEST(DifferentialTest, EnginesAgreeAcrossWindowSizes) {
  Compiled exact = MustCompile(ExactRules());
  // (Repetitions up to 256 stay exact; longer ones are relaxed into prefilters, see database.cc.)
  ASSERT_EQ(exact.database->info().prefilter_expressions, 0u);
  ASSERT_EQ(exact.database->info().re2_only_expressions, 0u);
  ASSERT_LT(exact.database->max_match_width(), 1000u);
  for (uint64_t seed = 1000; seed < 1100; ++seed) {
    TextMaker maker(seed);
    std::vector<std::string> planted;
    const std::string text = maker.Make(4000, &planted);
    auto reference = DescribeAll(Scan(exact, text, "a.env", Engine::kRe2Only));
    std::set<std::string> found_secrets;
    for (const auto& f : Scan(exact, text, "a.env", Engine::kRe2Only)) {
      found_secrets.insert(f.secret);
    }
    for (const std::string& secret : planted) {
      EXPECT_TRUE(found_secrets.count(secret)) << "seed " << seed << ": planted " << secret;
    }
    for (size_t window : {size_t{64}, size_t{97}, size_t{500}}) {
      for (Engine engine : {Engine::kHyperscan, Engine::kRe2Only}) {
        auto windowed = DescribeAll(Scan(exact, text, "a.env", engine, window));
        // Context and attachments are looked for inside a window only, so small windows may
        // lose findings that depend on them (t.hex needs context; t.key attaches; t.cid is
        // dropped when attached); everything else must be identical.
        auto window_independent = [](const std::vector<std::string>& all) {
          std::vector<std::string> out;
          for (const auto& d : all) {
            if (d.rfind("t.hex ", 0) != 0 && d.rfind("t.key ", 0) != 0 &&
                d.rfind("t.cid ", 0) != 0) {
              out.push_back(d);
            }
          }
          return out;
        };
        std::vector<std::string> expected = window_independent(reference);
        std::vector<std::string> got = window_independent(windowed);
        ASSERT_EQ(got, expected) << "seed " << seed << " window " << window;
      }
    }
  }
}

}  // namespace
}  // namespace nhiscan::match

namespace nhiscan::match {
namespace {

// A private-key-sized repetition is compiled relaxed, as a prefilter, and still finds exactly
// what RE2 finds: the body at both ends of its allowed length, nothing when it is a byte too long.
TEST(RelaxedRepeatTest, LongRepetitionIsAPrefilterThatStaysExactThroughRe2) {
  auto compiled = testing::Compile(testing::RuleFile({testing::RuleJson(
      "t.block", "(?P<secret>-----BEGIN X-----[A-Za-z0-9]{40,1000}-----END X-----)")}));
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  EXPECT_EQ(compiled->database->info().prefilter_expressions, 1u);
  testing::Synth synth(7);
  for (size_t body : {size_t{40}, size_t{1000}, size_t{39}, size_t{1001}}) {
    const std::string block = "-----BEGIN X-----" + synth.Chars("AbCdEf0123456789", body) + "-----END X-----";
    for (Engine engine : {Engine::kHyperscan, Engine::kRe2Only}) {
      auto found = testing::Scan(*compiled, "key:\n" + block + "\n", "k.pem", engine);
      const bool in_range = body >= 40 && body <= 1000;
      ASSERT_EQ(found.size(), in_range ? 1u : 0u) << body;
      if (in_range) {
        EXPECT_EQ(found[0].secret, block);
      }
    }
  }
}

}  // namespace
}  // namespace nhiscan::match

namespace nhiscan::match {
namespace {

// `\s` is [\t\n\f\r ] to RE2 and also the vertical tab to Hyperscan; Hyperscan is given RE2's
// meaning (match/dialect.h), so a value with a vertical tab in it is the same finding to both.
TEST(DifferentialTest, EnginesAgreeOnEveryWhitespaceCharacter) {
  Compiled spaces = MustCompile({
      RuleJson("t.notspace", "SECRET=(?P<secret>[^\\s\"'#]{16,64})(?:[\\s,;]|$)"),
      RuleJson("t.nonspace", "tok:\\s{0,3}(?P<secret>\\S{12,40})\\s"),
      RuleJson("t.inclass", "pw=(?P<secret>[\\S]{10,30})[\\s]"),
  });
  const std::string value = "VTBGTVJWTkdUMUpEUlY5RFRFbEZU";
  size_t total = 0;
  for (char space : std::string("\t\n\v\f\r \x1c\x85\xa0", 9)) {
    for (const std::string& text :
         {"SECRET=" + value.substr(0, 10) + space + value.substr(10) + "\n",
          "tok: " + value.substr(0, 14) + space + value.substr(14) + " end\n",
          "pw=" + value.substr(0, 12) + space + value.substr(12) + "\n"}) {
      auto reference = DescribeAll(Scan(spaces, text, "app.env", Engine::kRe2Only));
      auto fast = DescribeAll(Scan(spaces, text, "app.env", Engine::kHyperscan));
      ASSERT_EQ(fast, reference) << "character 0x" << std::hex << (space & 0xff) << ": " << text;
      total += reference.size();
    }
  }
  EXPECT_GT(total, 20u);
  // \v is the vertical tab alone to RE2 (vertical whitespace to Hyperscan), and RE2 folds the
  // case of Latin-1 letters (Hyperscan of ASCII letters only).
  Compiled others = MustCompile({
      RuleJson("t.vt", "vt=(?P<secret>[^\\v\\n]{12,40})\\v"),
      RuleJson("t.latin", "(?i)caf\\xe9_(?P<secret>[a-z0-9]{12})"),
  });
  for (const std::string& text : {"vt=" + value.substr(0, 8) + "\r" + value.substr(8, 8) + "\v\n",
                                  std::string("CAF\xc9_abcdef123456\n"),
                                  std::string("caf\xe9_abcdef123456\n")}) {
    auto reference = DescribeAll(Scan(others, text, "app.env", Engine::kRe2Only));
    auto fast = DescribeAll(Scan(others, text, "app.env", Engine::kHyperscan));
    ASSERT_EQ(reference.size(), 1u) << text;
    EXPECT_EQ(fast, reference) << text;
  }
  // The fuzz target's input: the vertical tab is inside the secret.
  const std::string vt = "SECRET=" + value + "\v" + value + "\n";
  auto found = Scan(spaces, vt, "app.env", Engine::kHyperscan);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].secret, value + "\v" + value);
}

}  // namespace
}  // namespace nhiscan::match
