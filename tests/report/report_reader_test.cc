// The JSON report reader used by `nhiscan validate`: a report written by the JSON reporter reads
// back into the same findings; redacted secrets are recognised as such; malformed input is an
// error, never a crash.
#include "scanner/report/report_reader.h"

#include <gtest/gtest.h>

#include <sstream>

#include "scanner/report/reporter.h"
#include "tests/support/test_support.h"

namespace nhiscan::report {
namespace {

using ::nhiscan::testing::BuiltinRules;
using ::nhiscan::testing::Synth;

findings::Finding SampleFinding() {
  Synth synth(11);
  findings::Finding f;
  f.rule = BuiltinRules().FindRule("salesforce.consumer_secret");
  f.path = "config/.env";
  f.line = 2;
  f.column = 18;
  f.end_line = 2;
  f.end_column = 82;
  f.secret = synth.ConsumerSecretHex();
  f.context = {{"client_id", synth.ConsumerKey()}, {"host", "acme.my.salesforce.com"}};
  f.fingerprint = findings::Fingerprint(f.rule->id, f.path, f.secret);
  f.source.kind = "git";
  f.source.commit = "0123456789abcdef0123456789abcdef01234567";
  f.source.in_head = false;
  f.validation = {"dead", "secret rejected: invalid_client", "2026-01-01T00:00:00Z"};
  return f;
}

std::string Written(const findings::Finding& f, bool show_secrets) {
  ReportOptions options;
  options.show_secrets = show_secrets;
  std::vector<findings::Finding> list = {f};
  findings::ScanStats stats;
  stats.files = 3;
  stats.bytes = 120;
  std::ostringstream out;
  MakeReporter("json", options)->Write(Report{list, stats, BuiltinRules()}, out);
  return out.str();
}

TEST(ReportReaderTest, RevealedReportReadsBackCompletely) {
  const findings::Finding f = SampleFinding();
  auto read = ParseJsonReport(Written(f, /*show_secrets=*/true), BuiltinRules());
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->findings.size(), 1u);
  const ReadFinding& r = read->findings[0];
  EXPECT_TRUE(r.secret_revealed);
  EXPECT_EQ(r.finding.rule, f.rule);
  EXPECT_EQ(r.finding.secret, f.secret);
  EXPECT_EQ(r.finding.context, f.context);
  EXPECT_EQ(r.finding.path, f.path);
  EXPECT_EQ(r.finding.line, 2u);
  EXPECT_EQ(r.finding.end_column, 82u);
  EXPECT_EQ(r.finding.fingerprint, f.fingerprint);
  EXPECT_EQ(r.finding.source.commit, f.source.commit);
  EXPECT_EQ(r.finding.source.in_head, std::optional<bool>(false));
  EXPECT_EQ(read->stats.files, 3u);
  EXPECT_EQ(read->stats.bytes, 120u);
}

TEST(ReportReaderTest, RedactedReportIsRecognisedAsRedacted) {
  const findings::Finding f = SampleFinding();
  auto read = ParseJsonReport(Written(f, /*show_secrets=*/false), BuiltinRules());
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->findings[0].secret_revealed);
  EXPECT_NE(read->findings[0].finding.secret, f.secret);
}

TEST(ReportReaderTest, ASecretThatDoesNotMatchItsFingerprintIsNotTrusted) {
  findings::Finding f = SampleFinding();
  std::string text = Written(f, true);
  const std::string swapped = std::string(f.secret.size(), 'A');
  text.replace(text.find(f.secret), f.secret.size(), swapped);
  auto read = ParseJsonReport(text, BuiltinRules());
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->findings[0].secret_revealed);
}

TEST(ReportReaderTest, MalformedInputIsAnError) {
  const char* bad[] = {
      "", "{", "[]", "null", "42", R"({"findings": {}})", R"({"findings": [1]})",
      R"({"findings": [{"rule_id": "nope", "path": "a", "fingerprint": "b"}]})",
      R"({"findings": [{"rule_id": "salesforce.consumer_secret"}]})",
      R"({"findings": [{"rule_id": 7, "path": [], "fingerprint": {}}]})",
  };
  for (const char* text : bad) EXPECT_FALSE(ParseJsonReport(text, BuiltinRules()).ok()) << text;
  // Wrong types in optional fields are ignored, not fatal.
  auto odd = ParseJsonReport(
      R"({"findings": [{"rule_id": "salesforce.consumer_secret", "path": "a", "fingerprint": "b", "line": "x",
          "context": [1], "source": 5, "secret": 9}], "stats": "none"})",
      BuiltinRules());
  ASSERT_TRUE(odd.ok()) << odd.status().message();
  EXPECT_FALSE(odd->findings[0].secret_revealed);
}

}  // namespace
}  // namespace nhiscan::report
