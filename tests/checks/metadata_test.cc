#include "scanner/checks/metadata.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace nhiscan::checks {
namespace {

// 1-based line of the first line containing `needle`.
uint64_t LineOf(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  if (at == std::string::npos) return 0;
  return 1 + static_cast<uint64_t>(std::count(text.begin(), text.begin() + at, '\n'));
}

// 1-based column (bytes; the texts are ASCII) where the value after `<tag>` starts on its line.
uint64_t ValueColumn(const std::string& text, const std::string& tag) {
  size_t at = text.find("<" + tag + ">");
  size_t value = at + tag.size() + 2;
  size_t line_start = text.rfind('\n', value);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  return value - line_start + 1;
}

const char kPath[] = "force-app/main/default/connectedApps/OneSpan_Callback.connectedApp-meta.xml";

class ChecksMetadataTest : public ::testing::Test {
 protected:
  nhiscan::testing::Synth synth_{99};
  const std::string key_ = synth_.ConsumerKey();
  const std::string secret_ = synth_.ConsumerSecretHex();

  std::string ConnectedApp() const {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
           "    <contactEmail>integrations@acme.test</contactEmail>\n"
           "    <label>OneSpan Callback</label>\n"
           "    <oauthConfig>\n"
           "        <callbackUrl>https://acme.my.salesforce.com/services/oauth2/callback\n"
           "https://acme.my.salesforce.com/services/apexrest/onespan/callback</callbackUrl>\n"
           "        <consumerKey>" +
           key_ +
           "</consumerKey>\n"
           "        <consumerSecret>" +
           secret_ +
           "</consumerSecret>\n"
           "        <isAdminApproved>true</isAdminApproved>\n"
           "        <isClientCredentialEnabled>true</isClientCredentialEnabled>\n"
           "        <isConsumerSecretOptional>false</isConsumerSecretOptional>\n"
           "        <oauthClientCredentialUser>integration@acme.test</oauthClientCredentialUser>\n"
           "        <scopes>Api</scopes>\n"
           "        <scopes>RefreshToken</scopes>\n"
           "        <scopes>Full</scopes>\n"
           "    </oauthConfig>\n"
           "    <oauthPolicy>\n"
           "        <ipRelaxation>BYPASS</ipRelaxation>\n"
           "        <refreshTokenPolicy>infinite</refreshTokenPolicy>\n"
           "    </oauthPolicy>\n"
           "</ConnectedApp>\n";
  }
};

TEST_F(ChecksMetadataTest, ConnectedAppFieldsAndTheirLines) {
  const std::string xml = ConnectedApp();
  auto app = ParseAppMetadata(kPath, xml);
  ASSERT_TRUE(app);
  EXPECT_EQ(app->name, "OneSpan_Callback");
  EXPECT_EQ(app->kind, "connected_app");
  EXPECT_EQ(app->files, std::vector<std::string>{kPath});

  ASSERT_TRUE(app->consumer_key);
  EXPECT_EQ(app->consumer_key->value, key_);
  EXPECT_EQ(app->consumer_key->path, kPath);
  EXPECT_EQ(app->consumer_key->line, LineOf(xml, "<consumerKey>"));
  EXPECT_EQ(app->consumer_key->column, ValueColumn(xml, "consumerKey"));

  ASSERT_TRUE(app->consumer_secret);
  EXPECT_EQ(app->consumer_secret->value, secret_);
  EXPECT_EQ(app->consumer_secret->line, LineOf(xml, "<consumerSecret>"));

  ASSERT_TRUE(app->client_credentials);
  EXPECT_EQ(app->client_credentials->value, "true");
  EXPECT_EQ(app->client_credentials->line, LineOf(xml, "<isClientCredentialEnabled>"));
  EXPECT_EQ(app->client_credentials->column, ValueColumn(xml, "isClientCredentialEnabled"));

  ASSERT_TRUE(app->run_as_user);
  EXPECT_EQ(app->run_as_user->value, "integration@acme.test");
  EXPECT_EQ(app->run_as_user->line, LineOf(xml, "<oauthClientCredentialUser>"));

  ASSERT_TRUE(app->secret_optional);
  EXPECT_EQ(app->secret_optional->value, "false");
  EXPECT_EQ(app->secret_optional->line, LineOf(xml, "<isConsumerSecretOptional>"));

  ASSERT_EQ(app->scopes.size(), 3u);
  EXPECT_EQ(app->scopes[0].value, "Api");
  EXPECT_EQ(app->scopes[0].line, LineOf(xml, "<scopes>Api"));
  EXPECT_EQ(app->scopes[1].value, "RefreshToken");
  EXPECT_EQ(app->scopes[1].line, LineOf(xml, "<scopes>RefreshToken"));
  EXPECT_EQ(app->scopes[2].value, "Full");
  EXPECT_EQ(app->scopes[2].line, LineOf(xml, "<scopes>Full"));

  ASSERT_TRUE(app->ip_relaxation);
  EXPECT_EQ(app->ip_relaxation->value, "BYPASS");
  EXPECT_EQ(app->ip_relaxation->line, LineOf(xml, "<ipRelaxation>"));
  ASSERT_TRUE(app->refresh_policy);
  EXPECT_EQ(app->refresh_policy->value, "infinite");
  EXPECT_EQ(app->refresh_policy->line, LineOf(xml, "<refreshTokenPolicy>"));

  // callbackUrl may list several URLs, one a line.
  ASSERT_EQ(app->callback_urls.size(), 2u);
  EXPECT_EQ(app->callback_urls[0].value, "https://acme.my.salesforce.com/services/oauth2/callback");
  EXPECT_EQ(app->callback_urls[1].value,
            "https://acme.my.salesforce.com/services/apexrest/onespan/callback");
  EXPECT_EQ(app->callback_urls[0].line, LineOf(xml, "<callbackUrl>"));
}

TEST_F(ChecksMetadataTest, ValuesAreTrimmed) {
  const std::string xml =
      "<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
      "  <oauthConfig>\n"
      "    <isClientCredentialEnabled>\n      true\n    </isClientCredentialEnabled>\n"
      "    <scopes> Api </scopes>\n"
      "  </oauthConfig>\n"
      "</ConnectedApp>\n";
  auto app = ParseAppMetadata("connectedApps/X.connectedApp-meta.xml", xml);
  ASSERT_TRUE(app);
  ASSERT_TRUE(app->client_credentials);
  EXPECT_EQ(app->client_credentials->value, "true");
  ASSERT_EQ(app->scopes.size(), 1u);
  EXPECT_EQ(app->scopes[0].value, "Api");
  EXPECT_EQ(app->scopes[0].line, 6u);
}

TEST_F(ChecksMetadataTest, CrlfLineEndingsKeepLineNumbers) {
  std::string xml = ConnectedApp();
  std::string crlf;
  for (char c : xml) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  auto app = ParseAppMetadata(kPath, crlf);
  ASSERT_TRUE(app);
  ASSERT_TRUE(app->client_credentials);
  EXPECT_EQ(app->client_credentials->line, LineOf(xml, "<isClientCredentialEnabled>"));
  ASSERT_TRUE(app->ip_relaxation);
  EXPECT_EQ(app->ip_relaxation->line, LineOf(xml, "<ipRelaxation>"));
}

TEST_F(ChecksMetadataTest, LegacyConnectedAppExtension) {
  auto app = ParseAppMetadata("src/connectedApps/Legacy.connectedApp", ConnectedApp());
  ASSERT_TRUE(app);
  EXPECT_EQ(app->name, "Legacy");
  EXPECT_EQ(app->kind, "connected_app");
}

TEST_F(ChecksMetadataTest, MissingElementsAreNullopt) {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
      "    <label>Bare</label>\n"
      "</ConnectedApp>\n";
  auto app = ParseAppMetadata("connectedApps/Bare.connectedApp-meta.xml", xml);
  ASSERT_TRUE(app);
  EXPECT_FALSE(app->consumer_key);
  EXPECT_FALSE(app->consumer_secret);
  EXPECT_FALSE(app->client_credentials);
  EXPECT_FALSE(app->run_as_user);
  EXPECT_FALSE(app->refresh_policy);
  EXPECT_FALSE(app->ip_relaxation);
  EXPECT_TRUE(app->scopes.empty());
  EXPECT_TRUE(app->callback_urls.empty());
}

TEST_F(ChecksMetadataTest, OtherFilesAreNotAppMetadata) {
  const std::string xml = ConnectedApp();
  EXPECT_FALSE(ParseAppMetadata("docs/example-connectedApp.xml", xml));
  EXPECT_FALSE(ParseAppMetadata("force-app/main/default/classes/X.cls-meta.xml", xml));
  EXPECT_FALSE(ParseAppMetadata("README.md", xml));
  // The right extension with another root element is not a Connected App.
  EXPECT_FALSE(ParseAppMetadata("connectedApps/X.connectedApp-meta.xml",
                                "<CustomObject><label>x</label></CustomObject>"));
}

TEST_F(ChecksMetadataTest, MalformedXmlIsNullopt) {
  for (const std::string& bad : {
           std::string(""),
           std::string("not xml at all"),
           std::string("<ConnectedApp><oauthConfig><scopes>Api</scopes></ConnectedApp>"),
           std::string("<ConnectedApp><oauthConfig>"),
           std::string("<ConnectedApp attr=\"unterminated></ConnectedApp>"),
           ConnectedApp().substr(0, ConnectedApp().size() / 2),
       }) {
    EXPECT_FALSE(ParseAppMetadata("connectedApps/X.connectedApp-meta.xml", bad)) << bad;
    EXPECT_FALSE(ParseAppMetadata("extlClntAppOauthPolicies/X.ecaOauthPlcy-meta.xml", bad)) << bad;
  }
}

TEST_F(ChecksMetadataTest, ExternalEntitiesAreNotExpanded) {
  nhiscan::testing::TempDir dir;
  const std::string secret_file = dir.Write("secret.txt", "TOP-SECRET-FILE-CONTENT");
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE ConnectedApp [\n"
      "  <!ENTITY xxe SYSTEM \"file://" +
      secret_file +
      "\">\n"
      "  <!ENTITY inner \"INNER-ENTITY-TEXT\">\n"
      "  <!ENTITY lol \"&inner;&inner;&inner;&inner;&inner;&inner;&inner;&inner;\">\n"
      "]>\n"
      "<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
      "    <oauthConfig>\n"
      "        <consumerKey>&xxe;</consumerKey>\n"
      "        <oauthClientCredentialUser>&lol;</oauthClientCredentialUser>\n"
      "        <isClientCredentialEnabled>true</isClientCredentialEnabled>\n"
      "        <scopes>Api &amp; more</scopes>\n"
      "    </oauthConfig>\n"
      "</ConnectedApp>\n";
  auto app = ParseAppMetadata("connectedApps/Evil.connectedApp-meta.xml", xml);
  // The DOCTYPE is skipped and entity references stay text: the file is never read, the
  // entities never expanded, and the rest of the app is still understood.
  ASSERT_TRUE(app);
  ASSERT_TRUE(app->consumer_key);
  EXPECT_EQ(app->consumer_key->value.find("TOP-SECRET"), std::string::npos)
      << app->consumer_key->value;
  EXPECT_EQ(app->consumer_key->line, 9u);
  ASSERT_TRUE(app->run_as_user);
  EXPECT_EQ(app->run_as_user->value.find("INNER-ENTITY-TEXT"), std::string::npos)
      << app->run_as_user->value;
  ASSERT_TRUE(app->client_credentials);
  EXPECT_EQ(app->client_credentials->line, 11u);
  ASSERT_EQ(app->scopes.size(), 1u);
  EXPECT_EQ(app->scopes[0].value, "Api & more");  // predefined entities still decode
}

// The four files of an External Client App, each naming the app it belongs to.
class ChecksMetadataEcaTest : public ChecksMetadataTest {};

TEST_F(ChecksMetadataEcaTest, HeaderFileIsNamedByItsStem) {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ExternalClientApplication xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
      "    <contactEmail>it@acme.test</contactEmail>\n"
      "    <distributionState>Local</distributionState>\n"
      "    <label>OneSpan Listener</label>\n"
      "</ExternalClientApplication>\n";
  auto app = ParseAppMetadata(
      "force-app/main/default/externalClientApps/OneSpan_Listener.eca-meta.xml", xml);
  ASSERT_TRUE(app);
  EXPECT_EQ(app->name, "OneSpan_Listener");
  EXPECT_EQ(app->kind, "external_client_app");
  auto legacy = ParseAppMetadata("src/externalClientApps/OneSpan_Listener.eca", xml);
  ASSERT_TRUE(legacy);
  EXPECT_EQ(legacy->name, "OneSpan_Listener");
}

TEST_F(ChecksMetadataEcaTest, GlobalOauthSettings) {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ExtlClntAppGlobalOauthSettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
      "    <callbackUrl>https://acme.my.salesforce.com/services/apexrest/esl/cb,"
      "https://acme.my.salesforce.com/services/oauth2/callback</callbackUrl>\n"
      "    <consumerKey>" +
      key_ +
      "</consumerKey>\n"
      "    <consumerSecret>" +
      secret_ +
      "</consumerSecret>\n"
      "    <externalClientApplication>OneSpan_Listener</externalClientApplication>\n"
      "    <isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>\n"
      "    <isConsumerSecretOptional>true</isConsumerSecretOptional>\n"
      "    <label>OneSpan_Listener_glbloauth</label>\n"
      "</ExtlClntAppGlobalOauthSettings>\n";
  auto app = ParseAppMetadata(
      "force-app/main/default/extlClntAppGlobalOauthSets/"
      "OneSpan_Listener_glbloauth.ecaGlblOauth-meta.xml",
      xml);
  ASSERT_TRUE(app);
  EXPECT_EQ(app->name, "OneSpan_Listener");  // from externalClientApplication, not the stem
  EXPECT_EQ(app->kind, "external_client_app");
  ASSERT_TRUE(app->consumer_key);
  EXPECT_EQ(app->consumer_key->value, key_);
  EXPECT_EQ(app->consumer_key->line, 4u);
  ASSERT_TRUE(app->consumer_secret);
  EXPECT_EQ(app->consumer_secret->line, 5u);
  ASSERT_TRUE(app->client_credentials);
  EXPECT_EQ(app->client_credentials->line, 7u);
  ASSERT_TRUE(app->secret_optional);
  EXPECT_EQ(app->secret_optional->value, "true");
  EXPECT_EQ(app->secret_optional->line, 8u);
  ASSERT_EQ(app->callback_urls.size(), 2u);
  EXPECT_EQ(app->callback_urls[0].value, "https://acme.my.salesforce.com/services/apexrest/esl/cb");
  EXPECT_EQ(app->callback_urls[0].line, 3u);
}

TEST_F(ChecksMetadataEcaTest, OauthSettingsSplitCommaSeparatedScopes) {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ExtlClntAppOauthSettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
      "    <commaSeparatedOauthScopes>Api, RefreshToken "
      ",OfflineAccess,,Web</commaSeparatedOauthScopes>\n"
      "    <externalClientApplication>OneSpan_Listener</externalClientApplication>\n"
      "    <label>OneSpan_Listener_oauth</label>\n"
      "</ExtlClntAppOauthSettings>\n";
  auto app = ParseAppMetadata(
      "force-app/main/default/extlClntAppOauthSettings/OneSpan_Listener_oauth.ecaOauth-meta.xml",
      xml);
  ASSERT_TRUE(app);
  EXPECT_EQ(app->name, "OneSpan_Listener");
  std::vector<std::string> scopes;
  for (const Located& s : app->scopes) {
    scopes.push_back(s.value);
    EXPECT_EQ(s.line, 3u);
  }
  EXPECT_EQ(scopes, (std::vector<std::string>{"Api", "RefreshToken", "OfflineAccess", "Web"}));
}

TEST_F(ChecksMetadataEcaTest, OauthPolicies) {
  const std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ExtlClntAppOauthConfigurablePolicies xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
      "    <clientCredentialsFlowUser>integration@acme.test</clientCredentialsFlowUser>\n"
      "    <externalClientApplication>OneSpan_Listener</externalClientApplication>\n"
      "    <ipRelaxationPolicyType>BYPASS</ipRelaxationPolicyType>\n"
      "    <isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>\n"
      "    <label>OneSpan_Listener_plcy</label>\n"
      "    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>\n"
      "    <refreshTokenPolicyType>infinite</refreshTokenPolicyType>\n"
      "</ExtlClntAppOauthConfigurablePolicies>\n";
  auto app = ParseAppMetadata(
      "force-app/main/default/extlClntAppOauthPolicies/OneSpan_Listener_plcy.ecaOauthPlcy-meta.xml",
      xml);
  ASSERT_TRUE(app);
  EXPECT_EQ(app->name, "OneSpan_Listener");
  ASSERT_TRUE(app->run_as_user);
  EXPECT_EQ(app->run_as_user->value, "integration@acme.test");
  EXPECT_EQ(app->run_as_user->line, 3u);
  ASSERT_TRUE(app->ip_relaxation);
  EXPECT_EQ(app->ip_relaxation->line, 5u);
  ASSERT_TRUE(app->client_credentials);
  EXPECT_EQ(app->client_credentials->line, 6u);
  ASSERT_TRUE(app->refresh_policy);
  EXPECT_EQ(app->refresh_policy->value, "infinite");
  EXPECT_EQ(app->refresh_policy->line, 9u);
}

TEST_F(ChecksMetadataEcaTest, FragmentWithoutAppNameFallsBackToStem) {
  const std::string xml =
      "<ExtlClntAppOauthSettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
      "    <commaSeparatedOauthScopes>Api</commaSeparatedOauthScopes>\n"
      "</ExtlClntAppOauthSettings>\n";
  auto app = ParseAppMetadata("extlClntAppOauthSettings/Lonely_oauth.ecaOauth-meta.xml", xml);
  ASSERT_TRUE(app);
  EXPECT_EQ(app->name, "Lonely_oauth");
}

}  // namespace
}  // namespace nhiscan::checks
