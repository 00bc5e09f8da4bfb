// Relaxed repetitions: which patterns RelaxSecretRepeat rewrites, and that a relaxed expression
// (relaxed regex, exact one when the secret is too long) finds exactly what the exact regex finds,
// for the tricky shapes and for every built-in pattern it applies to.
#include "scanner/match/repeats.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "scanner/match/database_impl.h"
#include "tests/support/test_support.h"

namespace nhiscan::match {
namespace {

using ::nhiscan::testing::BuiltinDatabase;
using ::nhiscan::testing::BuiltinRules;

TEST(RelaxSecretRepeatTest, RelaxesALongBoundedClassInTheSecretGroup) {
  auto r = RelaxSecretRepeat(R"(key=["'](?P<secret>[^\s"']{16,256})["'])");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->pattern, R"(key=["'](?P<secret>[^\s"']{16,})["'])");
  EXPECT_EQ(r->max_length, 256u);

  auto prefixed = RelaxSecretRepeat(R"(\b(?P<secret>3MVG9[A-Za-z0-9._]{60,120})\b)");
  ASSERT_TRUE(prefixed.has_value());
  EXPECT_EQ(prefixed->pattern, R"(\b(?P<secret>3MVG9[A-Za-z0-9._]{60,})\b)");
  EXPECT_EQ(prefixed->max_length, 125u);

  auto shorthand = RelaxSecretRepeat(R"(tok (?P<secret>\S{8,100}))");
  ASSERT_TRUE(shorthand.has_value());
  EXPECT_EQ(shorthand->pattern, R"(tok (?P<secret>\S{8,}))");

  // A class that starts with ':' is no POSIX class.
  auto colon = RelaxSecretRepeat(R"(key\s*[:=]\s*(?P<secret>[a-z]{16,256}))");
  ASSERT_TRUE(colon.has_value());
  EXPECT_EQ(colon->pattern, R"(key\s*[:=]\s*(?P<secret>[a-z]{16,}))");

  auto bracket = RelaxSecretRepeat(R"(x(?P<secret>[]a-z]{1,65})y)");
  ASSERT_TRUE(bracket.has_value());
  EXPECT_EQ(bracket->pattern, R"(x(?P<secret>[]a-z]{1,})y)");
}

TEST(RelaxSecretRepeatTest, LeavesEverythingElseAlone) {
  for (const char* pattern : {
           R"(key=(?P<secret>[a-z]{16,64}))",         // short enough already
           R"(key=(?P<secret>[a-z]{16,}))",           // unbounded already
           R"(key=(?P<secret>[a-z]{16,256}?))",       // lazy: another order of preference
           R"(key=(?P<secret>[a-z]{16,256})+)",       // the group itself repeated
           R"(key=(?P<secret>[a-z]{16,256}){2})",
           R"((?:key=(?P<secret>[a-z]{16,256}))*)",   // inside a repeated group
           R"((?:a|key=(?P<secret>[a-z]{16,256})))",  // inside any group
           R"(key=(?P<secret>[a-z]{16,256}[0-9]))",   // more than one token
           R"(key=(?P<secret>[[:alpha:]]{16,256}))",  // nested brackets: not parsed
           R"(key=(?P<secret>\pL{16,256}))",          // a Unicode class
           R"(key=(?P<secret>a{16,256}))",            // a literal run: the prefix eats it
           R"(key=(?P<value>[a-z]{16,256}))",         // no secret group
           R"(key=\((?P<secret>[a-z]{16,256}))",      // escaped parenthesis: still depth 0...
           // A literal ")" in \Q…\E or next to a [:name:] class must not hide a repeated group.
           R"((?:\Q)\E|x(?P<secret>[a-z]{65,100}))+)",
           R"((?:[[:digit:])]|x(?P<secret>[a-z]{65,100}))+)",
           R"([(?P<secret>]x(?P<secret2>[a-z]{65,100}))",  // the group's text inside a class
       }) {
    const bool escaped_paren = std::string(pattern).find("\\(") != std::string::npos;
    if (escaped_paren) {
      EXPECT_TRUE(RelaxSecretRepeat(pattern).has_value()) << pattern;
    } else {
      EXPECT_FALSE(RelaxSecretRepeat(pattern).has_value()) << pattern;
    }
  }
}

// Every match of `e` over `text`, as the scanner walks them, and the same with the exact regex.
std::vector<std::string> Walk(const Expression& e, const std::string& text, bool exact) {
  const re2::RE2& re = e.relaxed && !exact ? e.relaxed->Get() : e.regex->Get();
  const int n = 1 + re.NumberOfCapturingGroups();
  const int secret = re.NamedCapturingGroups().at("secret");
  std::vector<re2::StringPiece> sub(static_cast<size_t>(n));
  re2::StringPiece piece(text);
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    const bool found = exact ? e.regex->Get().Match(piece, pos, text.size(), re2::RE2::UNANCHORED,
                                                    sub.data(), n)
                             : e.NextMatch(piece, pos, text.size(), secret, sub.data(), n);
    if (!found) break;
    const size_t begin = static_cast<size_t>(sub[0].data() - text.data());
    std::string groups;
    for (int g = 0; g < n; ++g) {
      groups += std::to_string(sub[g].data() ? sub[g].data() - text.data() : -1) + "+" +
                std::to_string(sub[g].size()) + " ";
    }
    out.push_back(groups);
    const size_t end = begin + sub[0].size();
    pos = end > begin ? end : begin + 1;
  }
  return out;
}

Expression MakeExpression(const std::string& pattern) {
  Expression e;
  e.regex = std::make_unique<LazyRegex>(pattern);
  if (auto relaxed = RelaxSecretRepeat(pattern)) {
    e.relaxed = std::make_unique<LazyRegex>(relaxed->pattern);
    e.relaxed_max_secret = relaxed->max_length;
  }
  return e;
}

TEST(RelaxedExpressionTest, FindsWhatTheExactPatternFinds) {
  // A continuation that can also match after a shorter secret (`x?`), one that cannot (a quote),
  // and a prefix: secrets below, at and above the bound, and runs of both.
  const std::vector<std::string> patterns = {R"(k=(?P<secret>[a-z]{3,70})x?)",
                                             R"re(k="(?P<secret>[^"]{3,70})")re",
                                             R"(\b(?P<secret>ab[a-z0-9]{5,66})\b)"};
  std::mt19937 rng(7);
  for (const std::string& pattern : patterns) {
    Expression e = MakeExpression(pattern);
    ASSERT_NE(e.relaxed, nullptr) << pattern;
    for (int round = 0; round < 400; ++round) {
      std::string text;
      while (text.size() < 300) {
        switch (rng() % 5) {
          case 0: text += "k="; break;
          case 1: text += "k=\""; break;
          case 2: text += "\" "; break;
          case 3: text += " ab"; break;
          default: text += std::string(rng() % 90, static_cast<char>('a' + rng() % 3)); break;
        }
      }
      EXPECT_EQ(Walk(e, text, false), Walk(e, text, true)) << pattern << "\n" << text;
    }
  }
}

// Every built-in pattern the relaxation applies to, over its rule's examples and negative
// examples with their secrets stretched past the bound: the same matches as the exact regex.
TEST(RelaxedExpressionTest, BuiltinPatternsFindWhatTheirExactFormsFind) {
  const DatabaseImpl& db = BuiltinDatabase().impl();
  size_t relaxed = 0;
  for (const Expression& e : db.expressions) {
    if (!e.relaxed) continue;
    ++relaxed;
    const rules::Rule& rule = db.rules->rules()[e.rule_index];
    std::vector<std::string> texts;
    for (const auto* examples : {&rule.examples, &rule.negative_examples}) {
      for (const rules::Example& example : *examples) {
        if (!example.text.empty()) texts.push_back(example.text);
        for (const auto& [path, text] : example.files) texts.push_back(text);
      }
    }
    const size_t count = texts.size();
    for (size_t i = 0; i < count; ++i) {
      // Each alphanumeric run doubled, then grown past the bound.
      std::string stretched, grown;
      for (char c : texts[i]) {
        stretched += c;
        if (std::isalnum(static_cast<unsigned char>(c))) stretched += c;
      }
      for (char c : texts[i]) grown += std::isalnum(static_cast<unsigned char>(c)) ? std::string(5, c) : std::string(1, c);
      texts.push_back(stretched);
      texts.push_back(grown);
    }
    for (const std::string& text : texts) {
      EXPECT_EQ(Walk(e, text, false), Walk(e, text, true)) << rule.id << "\n" << text;
    }
  }
  EXPECT_GT(relaxed, 30u) << "the relaxation applies to the long generic and key patterns";
}

}  // namespace
}  // namespace nhiscan::match
