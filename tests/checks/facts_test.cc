#include "scanner/checks/facts.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace nhiscan::checks {
namespace {

TEST(ChecksFactsTest, PlainFilesHaveNoFacts) {
  EXPECT_TRUE(ExtractFileFacts("README.md", "Nothing to see here.\n").empty());
  EXPECT_TRUE(ExtractFileFacts("a.txt", "").empty());
}

TEST(ChecksFactsTest, CallbackUrlsInAnyFile) {
  const std::string text =
      "#!/bin/sh\n"
      "curl -X POST https://apps.esignlive.com/api/callback \\\n"
      "  -d '{\"url\": "
      "\"https://acme.my.salesforce.com/services/apexrest/acmesign/onespan/callback?x=1\"}'\n"
      "echo see (https://acme--uat.sandbox.my.salesforce.com/services/apexrest/esl/v1).\n"
      "<a href=\"https://acme.my.salesforce.com/services/apexrest\">root</a>\n";
  FileFacts facts = ExtractFileFacts("scripts/register.sh", text);
  ASSERT_EQ(facts.callbacks.size(), 3u);
  EXPECT_EQ(facts.callbacks[0].url.value,
            "https://acme.my.salesforce.com/services/apexrest/acmesign/onespan/callback?x=1");
  EXPECT_EQ(facts.callbacks[0].host, "acme.my.salesforce.com");
  EXPECT_EQ(facts.callbacks[0].rest_path, "/acmesign/onespan/callback");
  EXPECT_EQ(facts.callbacks[0].url.line, 3u);
  EXPECT_EQ(facts.callbacks[0].url.column, 16u);
  EXPECT_EQ(facts.callbacks[1].url.value,
            "https://acme--uat.sandbox.my.salesforce.com/services/apexrest/esl/v1");
  EXPECT_EQ(facts.callbacks[1].rest_path, "/esl/v1");
  EXPECT_EQ(facts.callbacks[1].url.line, 4u);
  EXPECT_EQ(facts.callbacks[2].rest_path, "/");
  EXPECT_EQ(facts.callbacks[2].url.line, 5u);
}

TEST(ChecksFactsTest, UrlWithoutSchemeIsNotACallback) {
  FileFacts facts = ExtractFileFacts("notes.txt",
                                     "path: /services/apexrest/onespan/callback\n"
                                     "host acme.my.salesforce.com/services/apexrest/x\n");
  EXPECT_TRUE(facts.callbacks.empty());
}

TEST(ChecksFactsTest, TokenHostsAndClientIds) {
  nhiscan::testing::Synth synth(5);
  const std::string key = synth.ConsumerKey();
  const std::string text =
      "SF_TOKEN_URL=https://acme.my.salesforce.com/services/oauth2/token\n"
      "SF_CLIENT_ID=" +
      key +
      "\n"
      "LOGIN=https://login.salesforce.com/services/oauth2/token\n"
      "AUTH=https://acme.my.salesforce.com/services/oauth2/authorize\n"
      "again " +
      key + "\n";
  FileFacts facts = ExtractFileFacts(".env", text);
  ASSERT_EQ(facts.token_hosts.size(), 2u);
  EXPECT_EQ(facts.token_hosts[0].value, "acme.my.salesforce.com");
  EXPECT_EQ(facts.token_hosts[0].line, 1u);
  EXPECT_EQ(facts.token_hosts[1].value, "login.salesforce.com");
  EXPECT_EQ(facts.token_hosts[1].line, 3u);
  EXPECT_EQ(facts.client_ids, std::vector<std::string>{key});  // unique
  EXPECT_TRUE(facts.callbacks.empty());
}

TEST(ChecksFactsTest, ClientIdInsideAWordIsNot) {
  nhiscan::testing::Synth synth(6);
  FileFacts facts = ExtractFileFacts("x.txt", "prefix" + synth.ConsumerKey() + "\n3MVG9short\n");
  EXPECT_TRUE(facts.client_ids.empty());
}

TEST(ChecksFactsTest, ApexOnlyInClsFiles) {
  const std::string apex = "@RestResource(urlMapping='/cb')\nglobal class Cb {}\n";
  FileFacts cls = ExtractFileFacts("force-app/main/default/classes/Cb.cls", apex);
  ASSERT_EQ(cls.resources.size(), 1u);
  EXPECT_EQ(cls.resources[0].class_name, "Cb");
  EXPECT_EQ(ExtractFileFacts("force-app/main/default/classes/Upper.CLS", apex).resources.size(),
            1u);
  EXPECT_TRUE(ExtractFileFacts("docs/Cb.md", apex).resources.empty());
  EXPECT_TRUE(
      ExtractFileFacts("force-app/main/default/classes/Cb.cls-meta.xml", apex).resources.empty());
}

TEST(ChecksFactsTest, SfdxProjectNamespace) {
  FileFacts root = ExtractFileFacts("sfdx-project.json", "{\"namespace\": \"acmesign\"}");
  ASSERT_TRUE(root.sfdx_namespace);
  EXPECT_EQ(*root.sfdx_namespace, "acmesign");
  FileFacts nested = ExtractFileFacts("pkg/sfdx-project.json", "{\"namespace\": \"\"}");
  ASSERT_TRUE(nested.sfdx_namespace);
  EXPECT_EQ(*nested.sfdx_namespace, "");
  EXPECT_FALSE(nested.empty());  // an empty namespace is still a fact
  EXPECT_FALSE(ExtractFileFacts("not-sfdx-project.json", "{\"namespace\": \"x\"}").sfdx_namespace);
}

TEST(ChecksFactsTest, AppMetadata) {
  FileFacts facts = ExtractFileFacts(
      "force-app/main/default/connectedApps/A.connectedApp-meta.xml",
      "<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\"><oauthConfig>"
      "<scopes>Api</scopes></oauthConfig></ConnectedApp>");
  ASSERT_EQ(facts.apps.size(), 1u);
  EXPECT_EQ(facts.apps[0].name, "A");
}

TEST(ChecksFactsTest, MergeFromFillsOnlyWhatIsMissing) {
  AppConfig a;
  a.name = "X";
  a.files = {"a.xml"};
  a.client_credentials = Located{"true", "a.xml", 3, 5};
  a.scopes = {Located{"Api", "a.xml", 4, 5}};
  AppConfig b;
  b.files = {"b.xml", "a.xml"};
  b.client_credentials = Located{"false", "b.xml", 7, 5};
  b.run_as_user = Located{"u@acme.test", "b.xml", 8, 5};
  b.scopes = {Located{"RefreshToken", "b.xml", 9, 5}};
  a.MergeFrom(b);
  EXPECT_EQ(a.files, (std::vector<std::string>{"a.xml", "b.xml"}));
  EXPECT_EQ(a.client_credentials->value, "true");
  ASSERT_TRUE(a.run_as_user);
  EXPECT_EQ(a.run_as_user->path, "b.xml");
  ASSERT_EQ(a.scopes.size(), 2u);
  EXPECT_EQ(a.scopes[1].value, "RefreshToken");
}

}  // namespace
}  // namespace nhiscan::checks
