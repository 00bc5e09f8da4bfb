// The built-in rule pack, every rule, on random inputs: the Hyperscan-prefiltered pipeline must
// report exactly what RE2 alone reports (differential_test.cc does the same for a synthetic rule
// set that uses every rule feature). Inputs are random mixtures of every rule's examples and
// negative examples, their fragments, Base64 of them, and noise, under paths every rule's globs
// can match, in one window and in small ones.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "scanner/scan/pipeline.h"
#include "tests/support/test_support.h"

namespace nhiscan::match {
namespace {

using ::nhiscan::testing::BuiltinDatabase;
using ::nhiscan::testing::BuiltinRules;

std::string Describe(const std::vector<findings::Finding>& found) {
  std::ostringstream out;
  for (const findings::Finding& f : found) {
    out << f.rule->id << ' ' << f.path << ' ' << f.line << ':' << f.column << '-' << f.end_line
        << ':' << f.end_column << " [" << f.secret << ']';
    for (const auto& [k, v] : f.context) out << ' ' << k << '=' << v;
    out << '\n';
  }
  return out.str();
}

// Every text the rule pack carries, whole.
std::vector<std::string> ExampleTexts() {
  std::vector<std::string> texts;
  for (const rules::Rule& rule : BuiltinRules().rules()) {
    for (const auto* examples : {&rule.examples, &rule.negative_examples}) {
      for (const rules::Example& e : *examples) {
        if (!e.text.empty()) texts.push_back(e.text);
        for (const auto& [path, text] : e.files) texts.push_back(text);
      }
    }
  }
  return texts;
}

std::vector<std::string> ExamplePaths() {
  std::set<std::string> paths = {"app.env", "src/Main.java", "config/settings.yaml"};
  for (const rules::Rule& rule : BuiltinRules().rules()) {
    for (const auto* examples : {&rule.examples, &rule.negative_examples}) {
      for (const rules::Example& e : *examples) {
        paths.insert(e.path);
        for (const auto& [path, text] : e.files) paths.insert(path);
      }
    }
  }
  return {paths.begin(), paths.end()};
}

class Mixer {
 public:
  explicit Mixer(uint64_t seed) : rng_(seed), synth_(seed) {}

  std::string Make(const std::vector<std::string>& texts, size_t approx) {
    static const std::vector<std::string> kNoise = {
        " ", "\n", "\r\n", "\t", "=", ":", "\"", "'", "/", "@", ".", "-", "_", "\\", "%",
        "https://", "force://", "3MVG9", "00D", "5Aep861", "client_secret", "Authorization: Basic ",
        "\xc3\xa9", "\xff", "&", "?", "<", ">"};
    std::string out;
    while (out.size() < approx) {
      const std::string& text = texts[Pick(texts.size())];
      switch (Pick(6)) {
        case 0:
        case 1:
          out += text;
          break;
        case 2: {  // a fragment of an example
          const size_t from = Pick(text.size() + 1);
          out += text.substr(from, Pick(text.size() - from + 1));
          break;
        }
        case 3:
          out += synth_.Base64(text);
          break;
        case 4: {  // an example with one byte changed
          std::string changed = text;
          if (!changed.empty()) changed[Pick(changed.size())] = "aZ9+/=_-. \n"[Pick(11)];
          out += changed;
          break;
        }
        default:
          out += kNoise[Pick(kNoise.size())];
      }
      out += kNoise[Pick(kNoise.size())];
    }
    return out;
  }

  size_t Pick(size_t n) { return n ? std::uniform_int_distribution<size_t>(0, n - 1)(rng_) : 0; }

 private:
  std::mt19937_64 rng_;
  testing::Synth synth_;
};

TEST(BuiltinDifferentialTest, EveryRuleAgreesInBothEnginesOnRandomMixtures) {
  const std::vector<std::string> texts = ExampleTexts();
  const std::vector<std::string> paths = ExamplePaths();
  ASSERT_GT(texts.size(), BuiltinRules().rules().size());
  std::set<std::string> rules_seen;
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    Mixer mixer(seed);
    const std::string text = mixer.Make(texts, 2000 + seed * 20);
    const std::string& path = paths[mixer.Pick(paths.size())];
    for (size_t window : {size_t{8} << 20, size_t{300} + seed}) {
      auto fast = scan::ScanText(text, path, BuiltinDatabase(), Engine::kHyperscan, window);
      auto reference = scan::ScanText(text, path, BuiltinDatabase(), Engine::kRe2Only, window);
      // A mixture can nest Base64 deeper than the decode limit (a Kubernetes pull secret inside
      // another encoded example): both engines must then stop with the same message.
      ASSERT_EQ(fast.ok(), reference.ok())
          << (fast.ok() ? reference.status().message() : fast.status().message());
      if (!fast.ok()) {
        EXPECT_EQ(fast.status().message(), reference.status().message());
        continue;
      }
      ASSERT_EQ(Describe(*fast), Describe(*reference))
          << "seed " << seed << " path " << path << " window " << window << "\n" << text;
      for (const auto& f : *reference) rules_seen.insert(f.rule->id);
    }
  }
  // The mixtures really exercise the pack: most rules report something.
  size_t secret_rules = 0;
  for (const rules::Rule& rule : BuiltinRules().rules()) secret_rules += rule.check.empty();
  EXPECT_GE(rules_seen.size() * 10, secret_rules * 7)
      << rules_seen.size() << " of " << secret_rules << " pattern rules reported anything";
}

}  // namespace
}  // namespace nhiscan::match
