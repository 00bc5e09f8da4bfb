// The structured checks through the real pipeline (scan::RunScan over in-memory files with the
// built-in rules): config findings carry the rule of their check, at the offending element; a
// literal consumer secret in metadata is one finding; safe configurations produce nothing.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "scanner/scan/pipeline.h"
#include "scanner/source/memory.h"
#include "tests/checks/sf_fixtures.h"
#include "tests/support/test_support.h"

namespace nhiscan {
namespace {

namespace sf = testing::sf;

struct Found {
  std::string rule, path, secret;
  uint64_t line, column, end_column;
  std::map<std::string, std::string> context;
};

std::vector<Found> ScanFiles(const std::vector<sf::File>& files, bool project_checks = true) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const sf::File& f : files) pairs.emplace_back(f.path, f.text);
  source::MemorySource source(pairs);
  scan::ScanOptions options;
  options.threads = 3;
  options.project_checks = project_checks;
  auto result = scan::RunScan(source, testing::BuiltinDatabase(), options);
  EXPECT_TRUE(result.ok());
  std::vector<Found> out;
  if (!result.ok()) return out;
  for (const findings::Finding& f : result->findings) {
    out.push_back({f.rule->id, f.path, f.secret, f.line, f.column, f.end_column, f.context});
  }
  return out;
}

std::string Describe(const std::vector<Found>& found) {
  std::string out;
  for (const Found& f : found) {
    out += "  " + f.rule + " " + f.path + ":" + std::to_string(f.line) + ":" +
           std::to_string(f.column) + " [" + f.secret.substr(0, 50) + "]\n";
  }
  return out.empty() ? "  (none)\n" : out;
}

class ChecksPipelineTest : public ::testing::Test {
 protected:
  testing::Synth synth_{4242};
  const std::string key_ = synth_.ConsumerKey();
  const std::string secret_ = synth_.ConsumerSecretHex();
};

TEST_F(ChecksPipelineTest, LiteralConsumerSecretInMetadataIsOneFinding) {
  sf::ConnectedApp a;
  a.consumer_key = key_;
  a.consumer_secret = secret_;
  a.client_credentials = "true";
  a.run_as_user = "integration@acme.test";
  const std::string xml = sf::ConnectedAppXml(a);
  const std::string path = sf::ConnectedAppPath("OneSpan_Callback");
  auto found = ScanFiles({{path, xml}});
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].rule, "salesforce.metadata_consumer_secret");
  EXPECT_EQ(found[0].secret, secret_);
  EXPECT_EQ(found[0].line, sf::LineOf(xml, "<consumerSecret>"));
  EXPECT_EQ(found[0].column, 25u);  // 8 spaces + <consumerSecret>
  EXPECT_EQ(found[0].context.at("client_id"), key_);
}

TEST_F(ChecksPipelineTest, LiteralConsumerSecretInExternalClientAppIsOneFinding) {
  sf::ExternalClientApp e;
  e.name = "OneSpan_Listener";
  e.consumer_key = key_;
  e.consumer_secret = synth_.ConsumerSecretDigits();
  e.client_credentials = "true";
  e.run_as_user = "integration@acme.test";
  auto files = sf::ExternalClientAppFiles(e);
  auto found = ScanFiles(files);
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].rule, "salesforce.metadata_consumer_secret");
  EXPECT_EQ(found[0].secret, e.consumer_secret);
  EXPECT_EQ(found[0].path, files[1].path);
  EXPECT_EQ(found[0].line, sf::LineOf(files[1].text, "<consumerSecret>"));
}

TEST_F(ChecksPipelineTest, RiskyConnectedAppFindingsAtTheirElements) {
  sf::ConnectedApp a;
  a.client_credentials = "true";
  a.scopes = {"Api", "RefreshToken", "Full"};
  a.ip_relaxation = "BYPASS";
  a.refresh_policy = "infinite";
  a.secret_optional = "true";
  const std::string xml = sf::ConnectedAppXml(a);
  const std::string path = sf::ConnectedAppPath("Risky");
  auto found = ScanFiles({{path, xml}});
  std::map<std::string, Found> by_rule;
  for (const Found& f : found) by_rule.emplace(f.rule, f);
  ASSERT_EQ(found.size(), 6u) << Describe(found);
  struct Expect {
    const char* rule;
    const char* element;
    const char* value;
  } expected[] = {
      {"salesforce.app_client_credentials_with_refresh_scope", "<scopes>RefreshToken",
       "RefreshToken"},
      {"salesforce.app_client_credentials_without_run_as_user", "<isClientCredentialEnabled>",
       "true"},
      {"salesforce.app_full_scope", "<scopes>Full", "Full"},
      {"salesforce.app_infinite_refresh_token", "<refreshTokenPolicy>", "infinite"},
      {"salesforce.app_ip_relaxation_bypass", "<ipRelaxation>", "BYPASS"},
      {"salesforce.app_consumer_secret_optional", "<isConsumerSecretOptional>", "true"},
  };
  for (const Expect& e : expected) {
    ASSERT_TRUE(by_rule.count(e.rule)) << e.rule << "\n" << Describe(found);
    const Found& f = by_rule.at(e.rule);
    EXPECT_EQ(f.path, path);
    EXPECT_EQ(f.line, sf::LineOf(xml, e.element)) << e.rule;
    EXPECT_EQ(f.secret, e.value) << e.rule;
    EXPECT_EQ(f.end_column, f.column + std::string(e.value).size()) << e.rule;
    EXPECT_EQ(f.context.at("app"), "Risky");
  }
}

TEST_F(ChecksPipelineTest, SafeConfigurationsProduceNothing) {
  sf::ConnectedApp server;
  server.client_credentials = "true";
  server.run_as_user = "integration@acme.test";
  server.scopes = {"Api"};
  server.ip_relaxation = "ENFORCE";
  server.refresh_policy = "zero";
  sf::ConnectedApp mobile;
  mobile.scopes = {"Api", "Web", "RefreshToken", "OpenID"};
  mobile.callback_urls = {"com.acme.field://oauth/callback"};
  mobile.refresh_policy = "specific_lifetime:30:DAYS";
  sf::ExternalClientApp eca;
  eca.name = "OneSpan_Listener";
  eca.scopes = "Api";
  eca.client_credentials = "true";
  eca.run_as_user = "integration@acme.test";
  std::vector<sf::File> files = {
      {sf::ConnectedAppPath("Server"), sf::ConnectedAppXml(server)},
      {sf::ConnectedAppPath("Field_Mobile"), sf::ConnectedAppXml(mobile)}};
  for (auto& f : sf::ExternalClientAppFiles(eca)) files.push_back(f);
  files.push_back({"sfdx-project.json", sf::SfdxProjectJson("")});
  files.push_back({sf::ApexClassPath("OneSpanCallback"),
                   sf::ApexRestClass("OneSpanCallback", "/onespan/callback")});
  files.push_back(
      {"scripts/urls.txt", "https://acme.my.salesforce.com/services/apexrest/onespan/callback\n"});
  auto found = ScanFiles(files);
  EXPECT_TRUE(found.empty()) << Describe(found);
}

TEST_F(ChecksPipelineTest, ProjectChecksCanBeTurnedOff) {
  sf::ConnectedApp a;
  a.client_credentials = "true";
  a.scopes = {"Full"};
  auto found = ScanFiles({{sf::ConnectedAppPath("X"), sf::ConnectedAppXml(a)},
                          {"a.sh", "curl https://login.salesforce.com/services/apexrest/x\n"}},
                         /*project_checks=*/false);
  EXPECT_TRUE(found.empty()) << Describe(found);
}

TEST_F(ChecksPipelineTest, CallbackMismatchFindingAtTheUrl) {
  const std::string url = "https://acme.my.salesforce.com/services/apexrest/onespan/callback";
  const std::string script = "#!/bin/sh\nURL=\"" + url + "\"\n";
  auto found = ScanFiles({{"sfdx-project.json", sf::SfdxProjectJson("acmesign")},
                          {sf::ApexClassPath("Cb"), sf::ApexRestClass("Cb", "/onespan/callback")},
                          {"scripts/register.sh", script}});
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].rule, "salesforce.callback_namespace_mismatch");
  EXPECT_EQ(found[0].path, "scripts/register.sh");
  EXPECT_EQ(found[0].line, 2u);
  EXPECT_EQ(found[0].column, 6u);
  EXPECT_EQ(found[0].secret, url);
  EXPECT_EQ(found[0].context.at("url"), url);
}

}  // namespace
}  // namespace nhiscan
