#include "scanner/checks/project.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "scanner/base/text.h"
#include "tests/checks/sf_fixtures.h"
#include "tests/support/test_support.h"

namespace nhiscan::checks {
namespace {

namespace sf = nhiscan::testing::sf;
using sf::File;
using sf::LineOf;

std::vector<FileFacts> Facts(const std::vector<File>& files) {
  std::vector<FileFacts> facts;
  for (const File& f : files) {
    FileFacts one = ExtractFileFacts(f.path, f.text);
    if (!one.empty()) facts.push_back(std::move(one));
  }
  return facts;
}

std::vector<Issue> Analyze(const std::vector<File>& files) { return AnalyzeProject(Facts(files)); }

std::vector<Issue> Only(const std::vector<Issue>& issues, const std::string& check) {
  std::vector<Issue> out;
  for (const Issue& i : issues) {
    if (i.check == check) out.push_back(i);
  }
  return out;
}

std::string Describe(const std::vector<Issue>& issues) {
  std::string out;
  for (const Issue& i : issues) {
    out += "  " + i.check + " " + i.at.path + ":" + std::to_string(i.at.line) + " [" + i.at.value +
           "]\n";
  }
  return out.empty() ? "  (none)\n" : out;
}

class ChecksProjectTest : public ::testing::Test {
 protected:
  nhiscan::testing::Synth synth_{2024};
  const std::string key_ = synth_.ConsumerKey();

  sf::ConnectedApp SafeClientCredentialsApp() const {
    sf::ConnectedApp a;
    a.consumer_key = key_;
    a.client_credentials = "true";
    a.run_as_user = "integration@acme.test";
    a.scopes = {"Api"};
    return a;
  }
  std::vector<File> One(const sf::ConnectedApp& a, const std::string& name = "OneSpan_Callback") {
    return {{sf::ConnectedAppPath(name), sf::ConnectedAppXml(a)}};
  }
};

// ---- app configuration ----------------------------------------------------------------------

TEST_F(ChecksProjectTest, SafeConfigurationsHaveNoIssue) {
  EXPECT_TRUE(Analyze(One(SafeClientCredentialsApp())).empty());
  // A mobile app: refresh tokens, no client-credentials flow.
  sf::ConnectedApp mobile;
  mobile.consumer_key = key_;
  mobile.scopes = {"Api", "Web", "RefreshToken", "OpenID"};
  mobile.refresh_policy = "specific_lifetime:30:DAYS";
  mobile.ip_relaxation = "ENFORCE";
  mobile.secret_optional = "false";
  auto issues = Analyze(One(mobile, "Field_Mobile"));
  EXPECT_TRUE(issues.empty()) << Describe(issues);
  mobile.client_credentials = "false";
  issues = Analyze(One(mobile, "Field_Mobile"));
  EXPECT_TRUE(issues.empty()) << Describe(issues);
}

TEST_F(ChecksProjectTest, ClientCredentialsWithRefreshScopes) {
  for (const std::string scope :
       {"RefreshToken", "OfflineAccess", "refresh_token", "offline_access", "REFRESHTOKEN"}) {
    sf::ConnectedApp a = SafeClientCredentialsApp();
    a.scopes = {"Api", scope};
    const std::string xml = sf::ConnectedAppXml(a);
    auto issues = Analyze({{sf::ConnectedAppPath("OneSpan_Callback"), xml}});
    ASSERT_EQ(issues.size(), 1u) << scope << "\n" << Describe(issues);
    EXPECT_EQ(issues[0].check, kCheckAppRefreshScope);
    EXPECT_EQ(issues[0].at.value, scope);
    EXPECT_EQ(issues[0].at.path, sf::ConnectedAppPath("OneSpan_Callback"));
    EXPECT_EQ(issues[0].at.line, LineOf(xml, "<scopes>" + scope));
    EXPECT_EQ(issues[0].context.at("app"), "OneSpan_Callback");
  }
}

TEST_F(ChecksProjectTest, EachRefreshScopeIsReported) {
  sf::ConnectedApp a = SafeClientCredentialsApp();
  a.scopes = {"Api", "RefreshToken", "OfflineAccess"};
  const std::string xml = sf::ConnectedAppXml(a);
  auto issues = Only(Analyze({{sf::ConnectedAppPath("X"), xml}}), kCheckAppRefreshScope);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].at.line, LineOf(xml, "<scopes>RefreshToken"));
  EXPECT_EQ(issues[1].at.line, LineOf(xml, "<scopes>OfflineAccess"));
}

TEST_F(ChecksProjectTest, RefreshScopesWithoutClientCredentialsAreFine) {
  sf::ConnectedApp a;
  a.consumer_key = key_;
  a.scopes = {"Api", "RefreshToken", "OfflineAccess"};
  EXPECT_TRUE(Only(Analyze(One(a)), kCheckAppRefreshScope).empty());
  a.client_credentials = "false";
  EXPECT_TRUE(Only(Analyze(One(a)), kCheckAppRefreshScope).empty());
}

TEST_F(ChecksProjectTest, ClientCredentialsWithoutRunAsUser) {
  sf::ConnectedApp a = SafeClientCredentialsApp();
  a.run_as_user.reset();
  std::string xml = sf::ConnectedAppXml(a);
  auto issues = Analyze({{sf::ConnectedAppPath("X"), xml}});
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckAppNoRunAsUser);
  EXPECT_EQ(issues[0].at.value, "true");
  EXPECT_EQ(issues[0].at.line, LineOf(xml, "<isClientCredentialEnabled>"));

  a.run_as_user = "";  // an empty element names nobody
  xml = sf::ConnectedAppXml(a);
  issues = Only(Analyze({{sf::ConnectedAppPath("X"), xml}}), kCheckAppNoRunAsUser);
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].at.line, LineOf(xml, "<isClientCredentialEnabled>"));

  a.client_credentials = "TRUE";  // xsd:boolean is case-sensitive, but be lenient
  a.run_as_user.reset();
  EXPECT_EQ(
      Only(Analyze({{sf::ConnectedAppPath("X"), sf::ConnectedAppXml(a)}}), kCheckAppNoRunAsUser)
          .size(),
      1u);

  a.client_credentials = "false";
  EXPECT_TRUE(Analyze({{sf::ConnectedAppPath("X"), sf::ConnectedAppXml(a)}}).empty());
}

TEST_F(ChecksProjectTest, FullScope) {
  sf::ConnectedApp a;
  a.consumer_key = key_;
  a.scopes = {"Api", "Full"};
  const std::string xml = sf::ConnectedAppXml(a);
  auto issues = Analyze({{sf::ConnectedAppPath("Admin_Tool"), xml}});
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckAppFullScope);
  EXPECT_EQ(issues[0].at.value, "Full");
  EXPECT_EQ(issues[0].at.line, LineOf(xml, "<scopes>Full"));
  EXPECT_EQ(issues[0].context.at("app"), "Admin_Tool");
  a.scopes = {"Api", "Web", "Chatter", "CustomApplications"};
  EXPECT_TRUE(Analyze({{sf::ConnectedAppPath("Admin_Tool"), sf::ConnectedAppXml(a)}}).empty());
}

TEST_F(ChecksProjectTest, ExplicitInfiniteRefreshPolicyOnRefreshApp) {
  sf::ConnectedApp a;
  a.consumer_key = key_;
  a.scopes = {"Api", "RefreshToken"};
  a.refresh_policy = "infinite";
  const std::string xml = sf::ConnectedAppXml(a);
  auto issues = Analyze({{sf::ConnectedAppPath("Mobile"), xml}});
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckAppInfiniteRefresh);
  EXPECT_EQ(issues[0].at.value, "infinite");
  EXPECT_EQ(issues[0].at.line, LineOf(xml, "<refreshTokenPolicy>"));

  // Without refresh scopes the policy is moot; without an explicit policy nothing is written down.
  a.scopes = {"Api"};
  EXPECT_TRUE(Analyze({{sf::ConnectedAppPath("Mobile"), sf::ConnectedAppXml(a)}}).empty());
  a.scopes = {"Api", "OfflineAccess"};
  a.refresh_policy.reset();
  EXPECT_TRUE(Analyze({{sf::ConnectedAppPath("Mobile"), sf::ConnectedAppXml(a)}}).empty());
  for (const std::string policy :
       {"zero", "specific_lifetime:90:DAYS", "specific_inactivity:7:DAYS"}) {
    a.refresh_policy = policy;
    EXPECT_TRUE(Analyze({{sf::ConnectedAppPath("Mobile"), sf::ConnectedAppXml(a)}}).empty())
        << policy;
  }
}

TEST_F(ChecksProjectTest, IpRelaxationBypass) {
  sf::ConnectedApp a = SafeClientCredentialsApp();
  a.ip_relaxation = "BYPASS";
  const std::string xml = sf::ConnectedAppXml(a);
  auto issues = Analyze({{sf::ConnectedAppPath("X"), xml}});
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckAppIpBypass);
  EXPECT_EQ(issues[0].at.value, "BYPASS");
  EXPECT_EQ(issues[0].at.line, LineOf(xml, "<ipRelaxation>"));
  for (const std::string value : {"ENFORCE", "BYPASS_2FACTOR", "ENFORCE_RELAXREFRESH"}) {
    a.ip_relaxation = value;
    EXPECT_TRUE(Analyze({{sf::ConnectedAppPath("X"), sf::ConnectedAppXml(a)}}).empty()) << value;
  }
}

TEST_F(ChecksProjectTest, ConsumerSecretOptional) {
  sf::ConnectedApp a = SafeClientCredentialsApp();
  a.secret_optional = "true";
  const std::string xml = sf::ConnectedAppXml(a);
  auto issues = Analyze({{sf::ConnectedAppPath("X"), xml}});
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckAppSecretOptional);
  EXPECT_EQ(issues[0].at.line, LineOf(xml, "<isConsumerSecretOptional>"));
  a.secret_optional = "false";
  EXPECT_TRUE(Analyze({{sf::ConnectedAppPath("X"), sf::ConnectedAppXml(a)}}).empty());
}

TEST_F(ChecksProjectTest, EveryRiskOfOneAppIsReportedInLineOrder) {
  sf::ConnectedApp a;
  a.consumer_key = key_;
  a.client_credentials = "true";
  a.secret_optional = "true";
  a.scopes = {"Full", "RefreshToken"};
  a.ip_relaxation = "BYPASS";
  a.refresh_policy = "infinite";
  const std::string xml = sf::ConnectedAppXml(a);
  auto issues = Analyze({{sf::ConnectedAppPath("Everything"), xml}});
  std::vector<std::string> checks;
  for (const Issue& i : issues) checks.push_back(i.check);
  EXPECT_EQ(checks, (std::vector<std::string>{kCheckAppNoRunAsUser, kCheckAppSecretOptional,
                                              kCheckAppFullScope, kCheckAppRefreshScope,
                                              kCheckAppIpBypass, kCheckAppInfiniteRefresh}))
      << Describe(issues);
  for (size_t i = 1; i < issues.size(); ++i) EXPECT_LE(issues[i - 1].at.line, issues[i].at.line);
}

// ---- External Client Apps joined across files -------------------------------------------------

TEST_F(ChecksProjectTest, ExternalClientAppIsJoinedAcrossFiles) {
  sf::ExternalClientApp e;
  e.name = "OneSpan_Listener";
  e.consumer_key = key_;
  e.scopes = "Api, RefreshToken";
  e.client_credentials = "true";
  e.run_as_user = "integration@acme.test";
  auto files = sf::ExternalClientAppFiles(e);
  auto facts = Facts(files);
  auto apps = JoinApps(facts);
  ASSERT_EQ(apps.size(), 1u);
  EXPECT_EQ(apps[0].name, "OneSpan_Listener");
  EXPECT_EQ(apps[0].kind, "external_client_app");
  EXPECT_EQ(apps[0].files.size(), 4u);
  ASSERT_TRUE(apps[0].consumer_key);
  ASSERT_TRUE(apps[0].run_as_user);
  EXPECT_EQ(apps[0].scopes.size(), 2u);

  auto issues = AnalyzeProject(facts);
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckAppRefreshScope);
  EXPECT_EQ(issues[0].at.path, files[2].path);  // the .ecaOauth file with the scope
  EXPECT_EQ(issues[0].at.line, LineOf(files[2].text, "<commaSeparatedOauthScopes>"));
  EXPECT_EQ(issues[0].at.value, "RefreshToken");
  EXPECT_EQ(issues[0].context.at("app"), "OneSpan_Listener");
}

TEST_F(ChecksProjectTest, ExternalClientAppWireScopeNames) {
  sf::ExternalClientApp e;
  e.name = "Listener";
  e.scopes = "api, refresh_token, offline_access";
  e.client_credentials = "true";
  e.run_as_user = "integration@acme.test";
  auto issues = Only(Analyze(sf::ExternalClientAppFiles(e)), kCheckAppRefreshScope);
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].at.value, "refresh_token");
  EXPECT_EQ(issues[1].at.value, "offline_access");
}

TEST_F(ChecksProjectTest, ExternalClientAppPolicyRisksAtThePolicyFile) {
  sf::ExternalClientApp e;
  e.name = "Listener";
  e.scopes = "Api, OfflineAccess";
  e.client_credentials = "true";  // no run-as user
  e.ip_relaxation = "BYPASS";
  e.refresh_policy = "infinite";
  e.secret_optional = "true";
  auto files = sf::ExternalClientAppFiles(e);
  auto issues = Analyze(files);
  const std::string& global = files[1].path;
  const std::string& policy = files[3].path;
  auto at = [&](const std::string& check) -> const Issue* {
    for (const Issue& i : issues) {
      if (i.check == check) return &i;
    }
    return nullptr;
  };
  ASSERT_TRUE(at(kCheckAppNoRunAsUser)) << Describe(issues);
  EXPECT_EQ(at(kCheckAppNoRunAsUser)->at.path, policy);
  EXPECT_EQ(at(kCheckAppNoRunAsUser)->at.line,
            LineOf(files[3].text, "<isClientCredentialsFlowEnabled>"));
  ASSERT_TRUE(at(kCheckAppIpBypass));
  EXPECT_EQ(at(kCheckAppIpBypass)->at.path, policy);
  EXPECT_EQ(at(kCheckAppIpBypass)->at.line, LineOf(files[3].text, "<ipRelaxationPolicyType>"));
  ASSERT_TRUE(at(kCheckAppInfiniteRefresh));
  EXPECT_EQ(at(kCheckAppInfiniteRefresh)->at.line,
            LineOf(files[3].text, "<refreshTokenPolicyType>"));
  ASSERT_TRUE(at(kCheckAppSecretOptional));
  EXPECT_EQ(at(kCheckAppSecretOptional)->at.path, global);
  ASSERT_TRUE(at(kCheckAppRefreshScope));
  EXPECT_EQ(issues.size(), 5u) << Describe(issues);
  for (const Issue& i : issues) EXPECT_EQ(i.context.at("app"), "Listener");
}

TEST_F(ChecksProjectTest, ExternalClientAppPolicyEnumsInTheirOwnCasing) {
  // External Client App policies spell their values in camel case (Enforce, Bypass, Infinite…).
  sf::ExternalClientApp e;
  e.name = "Listener";
  e.scopes = "Api, RefreshToken";
  e.ip_relaxation = "Bypass";
  e.refresh_policy = "Infinite";
  auto files = sf::ExternalClientAppFiles(e);
  auto issues = Analyze(files);
  ASSERT_EQ(issues.size(), 2u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckAppIpBypass);
  EXPECT_EQ(issues[0].at.value, "Bypass");
  EXPECT_EQ(issues[1].check, kCheckAppInfiniteRefresh);
  e.ip_relaxation = "BypassUsing2fa";
  e.refresh_policy = "Immediately";
  EXPECT_TRUE(Analyze(sf::ExternalClientAppFiles(e)).empty());
}

TEST_F(ChecksProjectTest, ExternalClientAppRunAsUserInOneFileFlowInAnother) {
  sf::ExternalClientApp e;
  e.name = "Listener";
  e.global_client_credentials = "true";     // flow enabled in the global settings
  e.run_as_user = "integration@acme.test";  // user in the policy file
  auto issues = Analyze(sf::ExternalClientAppFiles(e));
  EXPECT_TRUE(issues.empty()) << Describe(issues);
}

TEST_F(ChecksProjectTest, SafeExternalClientApp) {
  sf::ExternalClientApp e;
  e.name = "OneSpan_Listener";
  e.consumer_key = key_;
  e.scopes = "Api";
  e.client_credentials = "true";
  e.run_as_user = "integration@acme.test";
  e.ip_relaxation = "ENFORCE";
  auto issues = Analyze(sf::ExternalClientAppFiles(e));
  EXPECT_TRUE(issues.empty()) << Describe(issues);
}

TEST_F(ChecksProjectTest, TwoExternalClientAppsAreNotMixedUp) {
  sf::ExternalClientApp risky;
  risky.name = "Alpha";
  risky.scopes = "Api, RefreshToken";
  risky.client_credentials = "false";
  sf::ExternalClientApp other;
  other.name = "Beta";
  other.scopes = "Api";
  other.client_credentials = "true";
  other.run_as_user = "integration@acme.test";
  auto files = sf::ExternalClientAppFiles(risky);
  for (auto& f : sf::ExternalClientAppFiles(other)) files.push_back(f);
  // Alpha grants refresh tokens but has no client-credentials flow; Beta has the flow but only
  // Api. Joined by name, neither is risky; joined wrongly, Alpha's scope would meet Beta's flow.
  auto issues = Analyze(files);
  EXPECT_TRUE(issues.empty()) << Describe(issues);
  EXPECT_EQ(JoinApps(Facts(files)).size(), 2u);
}

TEST_F(ChecksProjectTest, ConnectedAppAndExternalClientAppOfTheSameNameStaySeparate) {
  sf::ConnectedApp ca;
  ca.scopes = {"Api", "RefreshToken"};
  sf::ExternalClientApp eca;
  eca.name = "Same";
  eca.client_credentials = "true";
  eca.run_as_user = "integration@acme.test";
  auto files = sf::ExternalClientAppFiles(eca);
  files.push_back({sf::ConnectedAppPath("Same"), sf::ConnectedAppXml(ca)});
  EXPECT_TRUE(Analyze(files).empty());
  EXPECT_EQ(JoinApps(Facts(files)).size(), 2u);
}

// ---- callback endpoints ------------------------------------------------------------------------

std::string Registration(const std::string& url) {
  return "#!/bin/sh\n"
         "# Register the OneSpan Sign callback\n"
         "curl -X POST \"https://apps.esignlive.com/api/callback\" \\\n"
         "  -H \"Authorization: Basic $ESL_API_KEY\" -H \"Content-Type: application/json\" \\\n"
         "  -d '{\"url\": \"" +
         url + "\", \"key\": \"$CALLBACK_KEY\", \"events\": [\"PACKAGE_COMPLETE\"]}'\n";
}

const char kScript[] = "scripts/register_callback.sh";

std::vector<File> Project(const std::string& ns, const std::string& mapping,
                          const std::string& url) {
  return {{"sfdx-project.json", sf::SfdxProjectJson(ns)},
          {sf::ApexClassPath("OneSpanCallback"), sf::ApexRestClass("OneSpanCallback", mapping)},
          {kScript, Registration(url)}};
}

TEST_F(ChecksProjectTest, CallbackToAnExistingResourceWithoutNamespace) {
  auto issues =
      Analyze(Project("", "/onespan/callback",
                      "https://acme.my.salesforce.com/services/apexrest/onespan/callback"));
  EXPECT_TRUE(issues.empty()) << Describe(issues);
}

TEST_F(ChecksProjectTest, CallbackWithNamespaceInANamespacedProject) {
  auto issues = Analyze(
      Project("acmesign", "/onespan/callback",
              "https://acme.my.salesforce.com/services/apexrest/acmesign/onespan/callback"));
  EXPECT_TRUE(issues.empty()) << Describe(issues);
}

TEST_F(ChecksProjectTest, NamespaceMissingInANamespacedProject) {
  const std::string url = "https://acme.my.salesforce.com/services/apexrest/onespan/callback";
  auto files = Project("acmesign", "/onespan/callback", url);
  auto issues = Analyze(files);
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackNamespace);
  EXPECT_EQ(issues[0].at.value, url);
  EXPECT_EQ(issues[0].at.path, kScript);
  EXPECT_EQ(issues[0].at.line, LineOf(files[2].text, url));
  EXPECT_NE(issues[0].context.at("expected").find("/services/apexrest/acmesign/onespan/callback"),
            std::string::npos);
}

TEST_F(ChecksProjectTest, NamespaceInAProjectWithoutOne) {
  const std::string url =
      "https://acme.my.salesforce.com/services/apexrest/acmesign/onespan/callback";
  auto issues = Analyze(Project("", "/onespan/callback", url));
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackNamespace);
  EXPECT_EQ(issues[0].at.value, url);
}

TEST_F(ChecksProjectTest, WrongNamespaceInANamespacedProject) {
  auto issues = Analyze(
      Project("acmesign", "/onespan/callback",
              "https://acme.my.salesforce.com/services/apexrest/othername/onespan/callback"));
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  // Neither the path as given nor with the right namespace is served.
  EXPECT_TRUE(issues[0].check == kCheckCallbackNamespace ||
              issues[0].check == kCheckCallbackMissingResource)
      << Describe(issues);
}

TEST_F(ChecksProjectTest, MissingResource) {
  for (const std::string ns : {"", "acmesign"}) {
    const std::string prefix = ns.empty() ? "" : "/" + ns;
    const std::string url =
        "https://acme.my.salesforce.com/services/apexrest" + prefix + "/esign/events";
    auto issues = Analyze(Project(ns, "/onespan/callback", url));
    ASSERT_EQ(issues.size(), 1u) << ns << "\n" << Describe(issues);
    EXPECT_EQ(issues[0].check, kCheckCallbackMissingResource);
    EXPECT_EQ(issues[0].at.value, url);
  }
  // A sub-path of a literal mapping is not served either.
  auto issues =
      Analyze(Project("", "/onespan/callback",
                      "https://acme.my.salesforce.com/services/apexrest/onespan/callback/v2"));
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackMissingResource);
  // Mappings are case-sensitive.
  issues = Analyze(Project("", "/onespan/callback",
                           "https://acme.my.salesforce.com/services/apexrest/OneSpan/Callback"));
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackMissingResource);
}

TEST_F(ChecksProjectTest, SfdxProjectWithoutAnyResource) {
  std::vector<File> files = {
      {"sfdx-project.json", sf::SfdxProjectJson("")},
      {kScript, Registration("https://acme.my.salesforce.com/services/apexrest/cb")}};
  auto issues = Analyze(files);
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackMissingResource);
}

TEST_F(ChecksProjectTest, WildcardMappingsServeSubPaths) {
  for (const std::string url :
       {"https://acme.my.salesforce.com/services/apexrest/onespan/callback",
        "https://acme.my.salesforce.com/services/apexrest/onespan/v2/events"}) {
    auto issues = Analyze(Project("", "/onespan/*", url));
    EXPECT_TRUE(issues.empty()) << url << "\n" << Describe(issues);
    issues = Analyze(Project("acmesign", "/onespan/*",
                             "https://acme.my.salesforce.com/services/apexrest/acmesign" +
                                 url.substr(url.find("/onespan"))));
    EXPECT_TRUE(issues.empty()) << Describe(issues);
  }
}

TEST_F(ChecksProjectTest, AnnotationCasingAndQueryStringDoNotMatter) {
  std::vector<File> files = {
      {"sfdx-project.json", sf::SfdxProjectJson("")},
      {sf::ApexClassPath("Cb"), sf::ApexRestClass("Cb", "/esl/cb", "@restresource")},
      {kScript,
       Registration("https://acme.my.salesforce.com/services/apexrest/esl/cb?source=onespan")}};
  auto issues = Analyze(files);
  EXPECT_TRUE(issues.empty()) << Describe(issues);
}

TEST_F(ChecksProjectTest, TargetsAreNotCheckedOutsideASalesforceProject) {
  // No sfdx-project.json and no Apex: the repository cannot say which resources exist.
  auto issues = Analyze(
      {{kScript, Registration("https://acme.my.salesforce.com/services/apexrest/anything")}});
  EXPECT_TRUE(issues.empty()) << Describe(issues);
}

TEST_F(ChecksProjectTest, ApexAloneMakesASalesforceProjectWithoutNamespace) {
  std::vector<File> files = {
      {sf::ApexClassPath("Cb"), sf::ApexRestClass("Cb", "/onespan/callback")},
      {kScript, Registration("https://acme.my.salesforce.com/services/apexrest/other")}};
  auto issues = Analyze(files);
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackMissingResource);
}

TEST_F(ChecksProjectTest, OutermostSfdxProjectGivesTheNamespace) {
  std::vector<File> files = {
      {"sfdx-project.json", sf::SfdxProjectJson("acmesign")},
      {"examples/demo/sfdx-project.json", sf::SfdxProjectJson("")},
      {sf::ApexClassPath("Cb"), sf::ApexRestClass("Cb", "/onespan/callback")},
      {kScript,
       Registration("https://acme.my.salesforce.com/services/apexrest/acmesign/onespan/callback")}};
  auto issues = Analyze(files);
  EXPECT_TRUE(issues.empty()) << Describe(issues);
  std::swap(files[0].path, files[1].path);  // now the outer project has no namespace
  issues = Analyze(files);
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackNamespace);
}

TEST_F(ChecksProjectTest, SeveralProjectsInOneTreeUseTheirOwnNamespaceAndClasses) {
  const std::string a_url =
      "https://acme.my.salesforce.com/services/apexrest/acmesign/onespan/callback";
  const std::string b_url = "https://acme.my.salesforce.com/services/apexrest/esign/hook";
  std::vector<File> files = {
      {"proj-a/sfdx-project.json", sf::SfdxProjectJson("acmesign")},
      {"proj-a/" + sf::ApexClassPath("Cb"), sf::ApexRestClass("Cb", "/onespan/callback")},
      {"proj-a/scripts/register.sh", Registration(a_url)},
      {"proj-b/sfdx-project.json", sf::SfdxProjectJson("")},
      {"proj-b/" + sf::ApexClassPath("Hook"), sf::ApexRestClass("Hook", "/esign/hook")},
      {"proj-b/config/callback.json", "{\"url\": \"" + b_url + "\"}\n"},
  };
  auto issues = Analyze(files);
  EXPECT_TRUE(issues.empty()) << Describe(issues);
  // Project b has no /onespan/callback resource and no namespace.
  files.push_back({"proj-b/config/other.json", "{\"url\": \"" + a_url + "\"}\n"});
  issues = Analyze(files);
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].at.path, "proj-b/config/other.json");
  EXPECT_EQ(issues[0].check, kCheckCallbackMissingResource);
}

TEST_F(ChecksProjectTest, FilesOutsideEveryProjectBelongToTheOutermost) {
  std::vector<File> files = {
      {"sfdx-project.json", sf::SfdxProjectJson("acmesign")},
      {sf::ApexClassPath("Cb"), sf::ApexRestClass("Cb", "/onespan/callback")},
      {"examples/demo/sfdx-project.json", sf::SfdxProjectJson("")},
      {"examples/demo/" + sf::ApexClassPath("Demo"), sf::ApexRestClass("Demo", "/demo")},
      {"examples/demo/scripts/try.sh",
       Registration("https://acme.my.salesforce.com/services/apexrest/demo")},
      {kScript,
       Registration("https://acme.my.salesforce.com/services/apexrest/acmesign/onespan/callback")},
  };
  auto issues = Analyze(files);
  EXPECT_TRUE(issues.empty()) << Describe(issues);
}

TEST_F(ChecksProjectTest, SameNamedAppsInTwoProjectsStaySeparate) {
  sf::ConnectedApp risky;
  risky.scopes = {"Api", "RefreshToken"};
  risky.refresh_policy = "infinite";
  sf::ConnectedApp safe;
  safe.scopes = {"Api", "RefreshToken"};
  safe.refresh_policy = "specific_lifetime:30:DAYS";
  sf::ExternalClientApp eca_risky;
  eca_risky.name = "Listener";
  eca_risky.client_credentials = "true";
  sf::ExternalClientApp eca_safe = eca_risky;
  eca_safe.run_as_user = "integration@acme.test";
  std::vector<File> files = {
      {"a-safe/" + sf::ConnectedAppPath("Field_Mobile"), sf::ConnectedAppXml(safe)},
      {"b/" + sf::ConnectedAppPath("Field_Mobile"), sf::ConnectedAppXml(risky)}};
  for (auto& f : sf::ExternalClientAppFiles(eca_safe, "a-safe/force-app")) files.push_back(f);
  for (auto& f : sf::ExternalClientAppFiles(eca_risky, "b/force-app")) files.push_back(f);
  auto facts = Facts(files);
  EXPECT_EQ(JoinApps(facts).size(), 4u);
  auto issues = AnalyzeProject(facts);
  ASSERT_EQ(issues.size(), 2u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckAppInfiniteRefresh);
  EXPECT_EQ(issues[0].at.path, "b/" + sf::ConnectedAppPath("Field_Mobile"));
  EXPECT_EQ(issues[1].check, kCheckAppNoRunAsUser);
  EXPECT_EQ(issues[1].at.path.rfind("b/", 0), 0u);
}

TEST_F(ChecksProjectTest, JoinedAppsAreSortedByName) {
  sf::ConnectedApp a;
  sf::ExternalClientApp e;
  e.name = "Beta";
  auto files = sf::ExternalClientAppFiles(e);
  files.push_back({sf::ConnectedAppPath("Gamma"), sf::ConnectedAppXml(a)});
  files.push_back({sf::ConnectedAppPath("Alpha"), sf::ConnectedAppXml(a)});
  auto apps = JoinApps(Facts(files));
  ASSERT_EQ(apps.size(), 3u);
  EXPECT_EQ(apps[0].name, "Alpha");
  EXPECT_EQ(apps[1].name, "Beta");
  EXPECT_EQ(apps[2].name, "Gamma");
}

TEST_F(ChecksProjectTest, CallbackHostKinds) {
  struct Case {
    std::string host;
    bool my_domain;
  } cases[] = {
      {"login.salesforce.com", false},
      {"test.salesforce.com", false},
      {"acme.lightning.force.com", false},
      {"acme.my.site.com", false},
      {"acme.force.com", false},
      {"na123.salesforce.com", false},
      {"acme.my.salesforce-setup.com", false},
      {"hooks.example.com", false},
      {"acme.my.salesforce.com", true},
      {"acme--uat.sandbox.my.salesforce.com", true},
      {"acme-dev-ed.develop.my.salesforce.com", true},
      {"ACME.MY.SALESFORCE.COM", true},
  };
  for (const Case& c : cases) {
    const std::string url = "https://" + c.host + "/services/apexrest/onespan/callback";
    auto issues = Analyze(Project("", "/onespan/callback", url));
    if (c.my_domain) {
      EXPECT_TRUE(issues.empty()) << c.host << "\n" << Describe(issues);
      continue;
    }
    ASSERT_EQ(issues.size(), 1u) << c.host << "\n" << Describe(issues);
    EXPECT_EQ(issues[0].check, kCheckCallbackHostKind) << c.host;
    EXPECT_EQ(issues[0].at.value, url);
    EXPECT_EQ(issues[0].context.at("host"), nhiscan::ToLower(c.host));
  }
}

TEST_F(ChecksProjectTest, CallbackHostKindIsCheckedOutsideASalesforceProject) {
  auto issues =
      Analyze({{kScript, Registration("https://login.salesforce.com/services/apexrest/x")}});
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackHostKind);
}

TEST_F(ChecksProjectTest, CallbackHostMismatchWithTokenHost) {
  const std::string url = "https://acme.my.salesforce.com/services/apexrest/onespan/callback";
  auto files = Project("", "/onespan/callback", url);
  files.push_back(
      {".env", "SF_TOKEN_URL=https://acme-prod.my.salesforce.com/services/oauth2/token\n"});
  auto issues = Analyze(files);
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackHostMismatch);
  EXPECT_EQ(issues[0].at.value, url);
  EXPECT_EQ(issues[0].at.path, kScript);
  EXPECT_NE(issues[0].context.at("expected").find("acme-prod.my.salesforce.com"),
            std::string::npos);

  files.back().text = "SF_TOKEN_URL=https://acme.my.salesforce.com/services/oauth2/token\n";
  EXPECT_TRUE(Analyze(files).empty());
  files.back().text = "SF_TOKEN_URL=https://ACME.my.salesforce.com/services/oauth2/token\n";
  EXPECT_TRUE(Analyze(files).empty());
  // Generic login hosts say nothing about the org.
  files.back().text = "SF_TOKEN_URL=https://login.salesforce.com/services/oauth2/token\n";
  EXPECT_TRUE(Analyze(files).empty());
}

TEST_F(ChecksProjectTest, TokenHostOfTheSameIdentityWins) {
  nhiscan::testing::Synth synth(77);
  const std::string ours = synth.ConsumerKey(), theirs = synth.ConsumerKey();
  const std::string url = "https://acme.my.salesforce.com/services/apexrest/onespan/callback";
  auto files = Project("", "/onespan/callback", url);
  files[2].text += "# client id " + ours + "\n";
  files.push_back({"config/ours.properties",
                   "sf.client_id=" + ours +
                       "\nsf.token_url=https://acme.my.salesforce.com/services/oauth2/token\n"});
  files.push_back({"config/other.properties",
                   "sf.client_id=" + theirs +
                       "\nsf.token_url=https://other.my.salesforce.com/services/oauth2/token\n"});
  auto issues = Analyze(files);
  EXPECT_TRUE(issues.empty()) << Describe(issues);
  // Linked to the other identity instead, the callback host is wrong.
  files[2].text = Registration(url) + "# client id " + theirs + "\n";
  issues = Analyze(files);
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackHostMismatch);
}

TEST_F(ChecksProjectTest, KnownIdentityWithoutTokenRequestsIsNotCompared) {
  nhiscan::testing::Synth synth(78);
  const std::string ours = synth.ConsumerKey(), theirs = synth.ConsumerKey();
  // An External Client App whose callback sits on the developer org; the repository shows token
  // requests of another identity only.
  sf::ExternalClientApp eca;
  eca.name = "Dev_Listener";
  eca.consumer_key = ours;
  eca.callback_url =
      "https://acme-dev-ed.develop.my.salesforce.com/services/apexrest/onespan/callback";
  auto files = sf::ExternalClientAppFiles(eca);
  files.push_back({"sfdx-project.json", sf::SfdxProjectJson("")});
  files.push_back({sf::ApexClassPath("Cb"), sf::ApexRestClass("Cb", "/onespan/callback")});
  files.push_back({"config/prod.properties",
                   "sf.client_id=" + theirs +
                       "\nsf.token_url=https://acme.my.salesforce.com/services/oauth2/token\n"});
  auto issues = Analyze(files);
  EXPECT_TRUE(issues.empty()) << Describe(issues);
  // Once the repository shows the identity's own token requests, they decide.
  files.push_back(
      {"config/dev.properties",
       "sf.client_id=" + ours +
           "\nsf.token_url=https://acme--dev.sandbox.my.salesforce.com/services/oauth2/token\n"});
  issues = Analyze(files);
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackHostMismatch);
}

TEST_F(ChecksProjectTest, TokenHostsOfAnotherProjectDoNotCount) {
  const std::string url = "https://acme.my.salesforce.com/services/apexrest/onespan/callback";
  std::vector<File> files = {
      {"a/sfdx-project.json", sf::SfdxProjectJson("")},
      {"a/" + sf::ApexClassPath("Cb"), sf::ApexRestClass("Cb", "/onespan/callback")},
      {"a/scripts/register.sh", Registration(url)},
      {"b/sfdx-project.json", sf::SfdxProjectJson("")},
      {"b/.env", "SF_TOKEN_URL=https://globex.my.salesforce.com/services/oauth2/token\n"},
  };
  auto issues = Analyze(files);
  EXPECT_TRUE(issues.empty()) << Describe(issues);
  // Project a's own token host decides, whatever project b uses.
  files.push_back(
      {"a/.env", "SF_TOKEN_URL=https://acme-prod.my.salesforce.com/services/oauth2/token\n"});
  files[4].text = "SF_TOKEN_URL=https://acme.my.salesforce.com/services/oauth2/token\n";
  issues = Analyze(files);
  ASSERT_EQ(issues.size(), 1u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackHostMismatch);
  EXPECT_NE(issues[0].context.at("expected").find("acme-prod.my.salesforce.com"),
            std::string::npos);
  EXPECT_EQ(issues[0].context.at("expected").find("acme.my.salesforce.com"), std::string::npos);
}

TEST_F(ChecksProjectTest, EveryCallbackUrlIsChecked) {
  const std::string good = "https://acme.my.salesforce.com/services/apexrest/onespan/callback";
  const std::string bad_host = "https://login.salesforce.com/services/apexrest/onespan/callback";
  const std::string bad_path = "https://acme.my.salesforce.com/services/apexrest/nothing";
  auto files = Project("", "/onespan/callback", good);
  files.push_back({"config/callbacks.json",
                   "{\n  \"prod\": {\"url\": \"" + good + "\"},\n  \"old\": {\"url\": \"" +
                       bad_host + "\"},\n  \"typo\": {\"url\": \"" + bad_path + "\"}\n}\n"});
  auto issues = Analyze(files);
  ASSERT_EQ(issues.size(), 2u) << Describe(issues);
  EXPECT_EQ(issues[0].check, kCheckCallbackHostKind);
  EXPECT_EQ(issues[0].at.line, 3u);
  EXPECT_EQ(issues[1].check, kCheckCallbackMissingResource);
  EXPECT_EQ(issues[1].at.line, 4u);
}

TEST_F(ChecksProjectTest, KnownChecksListsEveryCheck) {
  const auto& known = KnownChecks();
  for (const char* check :
       {kCheckAppRefreshScope, kCheckAppNoRunAsUser, kCheckAppFullScope, kCheckAppInfiniteRefresh,
        kCheckAppIpBypass, kCheckAppSecretOptional, kCheckCallbackMissingResource,
        kCheckCallbackNamespace, kCheckCallbackHostKind, kCheckCallbackHostMismatch,
        kCheckCallbackKey}) {
    EXPECT_NE(std::find(known.begin(), known.end(), check), known.end()) << check;
  }
  EXPECT_EQ(known.size(), 11u);
}

}  // namespace
}  // namespace nhiscan::checks
