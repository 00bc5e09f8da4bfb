#include "scanner/inventory/identity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "scanner/checks/project.h"
#include "scanner/scan/pipeline.h"
#include "scanner/source/memory.h"
#include "tests/checks/sf_fixtures.h"
#include "tests/support/test_support.h"

namespace nhiscan::inventory {
namespace {

namespace sf = nhiscan::testing::sf;

// A scan of in-memory files and the identities assembled from it; owns everything the
// identities point into.
struct Inventory {
  scan::ScanResult result;
  std::vector<checks::AppConfig> apps;
  std::vector<Identity> identities;

  const Identity* Find(const std::string& id) const {
    for (const Identity& i : identities) {
      if (i.id == id) return &i;
    }
    return nullptr;
  }
  std::string Ids() const {
    std::string out;
    for (const Identity& i : identities) out += " " + i.id;
    return out;
  }
};

std::unique_ptr<Inventory> Assemble(const std::vector<sf::File>& files,
                                    const std::string& codeowners = "") {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const sf::File& f : files) pairs.emplace_back(f.path, f.text);
  source::MemorySource source(pairs);
  scan::ScanOptions options;
  options.threads = 2;
  auto result = scan::RunScan(source, nhiscan::testing::BuiltinDatabase(), options);
  EXPECT_TRUE(result.ok());
  auto inv = std::make_unique<Inventory>();
  inv->result = std::move(result).value();
  inv->apps = checks::JoinApps(inv->result.facts);
  inv->identities = AssembleIdentities(inv->result.facts, inv->apps, inv->result.findings,
                                       CodeOwners(codeowners));
  return inv;
}

std::vector<std::string> RuleIds(const std::vector<const findings::Finding*>& found) {
  std::vector<std::string> ids;
  for (const findings::Finding* f : found) ids.push_back(f->rule->id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool Has(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

class InventoryAssembleTest : public ::testing::Test {
 protected:
  nhiscan::testing::Synth synth_{8080};
  const std::string key_ = synth_.ConsumerKey();
  const std::string secret_ = synth_.ConsumerSecretHex();
  const std::string url_ =
      "https://acme.my.salesforce.com/services/apexrest/acmesign/onespan/callback";

  std::vector<sf::File> Project() {
    sf::ConnectedApp app;
    app.label = "OneSpan Callback";
    app.consumer_key = key_;
    app.client_credentials = "true";
    app.run_as_user = "integration@acme.test";
    app.scopes = {"Api", "RefreshToken"};  // risky: refresh scope with client credentials
    const std::string callback_key = synth_.Base64(key_ + ":" + secret_);
    return {
        {"sfdx-project.json", sf::SfdxProjectJson("acmesign")},
        {sf::ConnectedAppPath("OneSpan_Callback"), sf::ConnectedAppXml(app)},
        {sf::ApexClassPath("OneSpanCallback"), sf::ApexRestClass("OneSpanCallback", "/onespan/*")},
        {"scripts/register_callback.sh",
         "#!/bin/sh\n"
         "curl -X POST \"https://apps.esignlive.com/api/callback\" \\\n"
         "  -H \"Authorization: Basic $ESL_API_KEY\" -H \"Content-Type: application/json\" \\\n"
         "  -d '{\"url\": \"" +
             url_ + "\", \"key\": \"" + callback_key +
             "\", \"events\": [\"PACKAGE_COMPLETE\"]}'\n"},
        {"config/salesforce.env",
         "SF_CLIENT_ID=" + key_ + "\nSF_CLIENT_SECRET=" + secret_ +
             "\nSF_TOKEN_URL=https://acme.my.salesforce.com/services/oauth2/token\n"},
    };
  }
};

TEST_F(InventoryAssembleTest, AppSecretAndCallbackKeyJoinByClientId) {
  auto inv =
      Assemble(Project(), "* @acme/platform\n/force-app/ @acme/salesforce\n/scripts/ @acme/ops\n");
  ASSERT_EQ(inv->identities.size(), 1u) << inv->Ids();
  const Identity& id = inv->identities[0];
  EXPECT_EQ(id.id, key_);
  EXPECT_EQ(id.client_id, key_);
  ASSERT_EQ(id.apps.size(), 1u);
  EXPECT_EQ(id.apps[0]->name, "OneSpan_Callback");
  EXPECT_TRUE(Has(id.flows, "client_credentials"));
  EXPECT_TRUE(Has(id.flows, "refresh_token"));  // the app grants the RefreshToken scope
  EXPECT_TRUE(std::is_sorted(id.flows.begin(), id.flows.end()));
  EXPECT_EQ(id.scopes, (std::vector<std::string>{"Api", "RefreshToken"}));
  EXPECT_EQ(id.run_as_user, "integration@acme.test");

  // Secrets: the callback key and the consumer secret in the env file, with their places.
  std::vector<std::string> where;
  for (const findings::Finding* f : id.secrets) where.push_back(f->rule->id + "@" + f->path);
  std::sort(where.begin(), where.end());
  // The consumer key in the app metadata is listed too (an identifier, not a secret).
  EXPECT_EQ(where, (std::vector<std::string>{
                       "onespan.callback_key@scripts/register_callback.sh",
                       "salesforce.consumer_key@" + sf::ConnectedAppPath("OneSpan_Callback"),
                       "salesforce.consumer_secret@config/salesforce.env"}));
  for (const findings::Finding* f : id.secrets) {
    if (f->rule->id == "onespan.callback_key") {
      EXPECT_EQ(f->line, 4u);
    }
    if (f->rule->id == "salesforce.consumer_secret") {
      EXPECT_EQ(f->line, 2u);
    }
  }

  // The callback registered with the key resolves to the Apex class behind the namespace.
  ASSERT_EQ(id.callbacks.size(), 1u);
  EXPECT_EQ(id.callbacks[0].url.value, url_);
  EXPECT_EQ(id.callbacks[0].url.path, "scripts/register_callback.sh");
  EXPECT_EQ(id.callbacks[0].apex_class, "OneSpanCallback");
  EXPECT_EQ(id.callbacks[0].apex_file, sf::ApexClassPath("OneSpanCallback"));

  // The app's risk is attached.
  EXPECT_EQ(RuleIds(id.risks),
            (std::vector<std::string>{"salesforce.app_client_credentials_with_refresh_scope"}));

  // Owners of every file that holds the identity's configuration or secrets.
  EXPECT_TRUE(Has(id.owners, "@acme/salesforce")) << ::testing::PrintToString(id.owners);
  EXPECT_TRUE(Has(id.owners, "@acme/ops"));
  EXPECT_TRUE(Has(id.owners, "@acme/platform"));  // config/salesforce.env
}

TEST_F(InventoryAssembleTest, AppWithoutKeyIsKeyedByName) {
  sf::ExternalClientApp eca;
  eca.name = "OneSpan_Listener";
  eca.scopes = "Api";
  eca.client_credentials = "true";  // no run-as user: a risk
  auto inv = Assemble(sf::ExternalClientAppFiles(eca));
  ASSERT_EQ(inv->identities.size(), 1u) << inv->Ids();
  const Identity& id = inv->identities[0];
  EXPECT_EQ(id.id, "app:OneSpan_Listener");
  EXPECT_TRUE(id.client_id.empty());
  ASSERT_EQ(id.apps.size(), 1u);
  EXPECT_EQ(id.apps[0]->files.size(), 4u);
  EXPECT_EQ(id.flows, (std::vector<std::string>{"client_credentials"}));
  EXPECT_TRUE(id.run_as_user.empty());
  EXPECT_EQ(RuleIds(id.risks),
            (std::vector<std::string>{"salesforce.app_client_credentials_without_run_as_user"}));
  EXPECT_TRUE(id.secrets.empty());
}

TEST_F(InventoryAssembleTest, CallbackRisksAttachToTheIdentityOfTheCallback) {
  auto files = Project();
  files[0].text = sf::SfdxProjectJson("");  // now the namespace in the URL is wrong
  auto inv = Assemble(files);
  ASSERT_EQ(inv->identities.size(), 1u) << inv->Ids();
  const Identity& id = inv->identities[0];
  EXPECT_EQ(RuleIds(id.risks),
            (std::vector<std::string>{"salesforce.app_client_credentials_with_refresh_scope",
                                      "salesforce.callback_namespace_mismatch"}));
  // Without the namespace, the path still finds the class behind it.
  ASSERT_EQ(id.callbacks.size(), 1u);
  EXPECT_EQ(id.callbacks[0].apex_class, "OneSpanCallback");
}

TEST_F(InventoryAssembleTest, CallbackWithoutApexResource) {
  auto files = Project();
  files.erase(files.begin() + 2);  // no Apex class
  auto inv = Assemble(files);
  ASSERT_EQ(inv->identities.size(), 1u);
  const Identity& id = inv->identities[0];
  ASSERT_EQ(id.callbacks.size(), 1u);
  EXPECT_TRUE(id.callbacks[0].apex_class.empty());
  EXPECT_TRUE(id.callbacks[0].apex_file.empty());
  EXPECT_TRUE(Has(RuleIds(id.risks), "salesforce.callback_missing_apex_resource"));
}

TEST_F(InventoryAssembleTest, TwoIdentitiesStaySeparate) {
  const std::string other_key = synth_.ConsumerKey();
  const std::string refresh = synth_.RefreshToken();
  auto files = Project();
  files.push_back(
      {"legacy/onespan.properties", "# old refresh-token callback\nonespan.callback.key=" +
                                        synth_.Base64(other_key + ":" + refresh) + "\n"});
  auto inv = Assemble(files, "/legacy/ @acme/legacy\n");
  ASSERT_EQ(inv->identities.size(), 2u) << inv->Ids();
  const Identity* ours = inv->Find(key_);
  const Identity* legacy = inv->Find(other_key);
  ASSERT_TRUE(ours);
  ASSERT_TRUE(legacy);
  EXPECT_EQ(legacy->flows, (std::vector<std::string>{"refresh_token"}));
  EXPECT_TRUE(legacy->apps.empty());
  EXPECT_TRUE(legacy->callbacks.empty());
  EXPECT_TRUE(legacy->risks.empty());
  ASSERT_EQ(legacy->secrets.size(), 1u);
  EXPECT_EQ(legacy->secrets[0]->rule->id, "onespan.callback_key");
  EXPECT_EQ(legacy->secrets[0]->line, 2u);
  EXPECT_EQ(legacy->owners, (std::vector<std::string>{"@acme/legacy"}));
  EXPECT_TRUE(ours->owners.empty());
}

TEST_F(InventoryAssembleTest, HostsOfTheCredentialsAreListed) {
  auto inv = Assemble({{"auth/sfdx.txt", "force://PlatformCLI::" + synth_.RefreshToken() +
                                             "@acme.my.salesforce.com\n"},
                       {"config/salesforce.env",
                        "SF_CLIENT_ID=" + key_ + "\nSF_CLIENT_SECRET=" + secret_ +
                            "\nSF_LOGIN_URL=https://acme--uat.sandbox.my.salesforce.com\n"}});
  const Identity* id = inv->Find(key_);
  ASSERT_TRUE(id) << inv->Ids();
  EXPECT_TRUE(Has(id->hosts, "acme--uat.sandbox.my.salesforce.com"))
      << ::testing::PrintToString(id->hosts);
  const Identity* cli = inv->Find("PlatformCLI");
  ASSERT_TRUE(cli) << inv->Ids();
  EXPECT_TRUE(Has(cli->flows, "sfdx_auth_url"));
  EXPECT_TRUE(Has(cli->hosts, "acme.my.salesforce.com"));
}

TEST_F(InventoryAssembleTest, RisksOfSameNamedAppsGoToTheRightIdentity) {
  const std::string key_a = synth_.ConsumerKey(), key_b = synth_.ConsumerKey();
  sf::ConnectedApp risky;
  risky.consumer_key = key_b;
  risky.scopes = {"Api", "Full"};
  sf::ConnectedApp safe;
  safe.consumer_key = key_a;
  safe.scopes = {"Api"};
  auto inv = Assemble({{"a/" + sf::ConnectedAppPath("Admin"), sf::ConnectedAppXml(safe)},
                       {"b/" + sf::ConnectedAppPath("Admin"), sf::ConnectedAppXml(risky)}});
  ASSERT_EQ(inv->identities.size(), 2u) << inv->Ids();
  ASSERT_TRUE(inv->Find(key_a));
  ASSERT_TRUE(inv->Find(key_b));
  EXPECT_TRUE(inv->Find(key_a)->risks.empty());
  EXPECT_EQ(RuleIds(inv->Find(key_b)->risks),
            (std::vector<std::string>{"salesforce.app_full_scope"}));
}

TEST_F(InventoryAssembleTest, NothingToInventory) {
  auto inv = Assemble({{"README.md", "# nothing\n"}, {"src/app.js", "console.log('hi')\n"}});
  EXPECT_TRUE(inv->identities.empty()) << inv->Ids();
}

// AssembleIdentities on hand-made facts and findings, without a scan.
TEST(InventoryAssembleUnitTest, JoinsByClientIdContextAndIdentifier) {
  rules::Rule secret_rule;
  secret_rule.id = "salesforce.consumer_secret";
  secret_rule.kind = rules::Kind::kSecret;
  rules::Rule key_rule;
  key_rule.id = "salesforce.consumer_key";
  key_rule.kind = rules::Kind::kIdentifier;
  rules::Rule config_rule;
  config_rule.id = "salesforce.app_full_scope";
  config_rule.kind = rules::Kind::kConfig;
  rules::Rule unrelated;
  unrelated.id = "generic.token";

  const std::string key = "3MVG9" + std::string(80, 'k');
  checks::AppConfig app;
  app.name = "Admin";
  app.kind = "connected_app";
  app.files = {"force-app/main/default/connectedApps/Admin.connectedApp-meta.xml"};
  app.consumer_key = checks::Located{key, app.files[0], 7, 22};
  app.scopes = {checks::Located{"Full", app.files[0], 9, 17}};
  app.callback_urls = {
      checks::Located{"https://acme.my.salesforce.com/services/apexrest/v1/admin?x=1", app.files[0],
                      6, 22},
      checks::Located{"https://acme.my.salesforce.com/services/oauth2/callback", app.files[0], 6,
                      22}};
  checks::FileFacts apex;
  apex.path = "force-app/main/default/classes/AdminApi.cls";
  apex.resources = {checks::ApexResource{checks::Located{"/v1/*", apex.path, 1, 28}, "AdminApi"}};

  std::vector<findings::Finding> found(4);
  found[0].rule = &secret_rule;
  found[0].path = ".env";
  found[0].line = 2;
  found[0].secret = "SECRET";
  found[0].context = {{"client_id", key}, {"host", "acme.my.salesforce.com"}};
  found[1].rule = &key_rule;
  found[1].path = "docs/setup.md";
  found[1].line = 10;
  found[1].secret = key;
  found[2].rule = &config_rule;
  found[2].path = app.files[0];
  found[2].line = 9;
  found[2].secret = "Full";
  found[2].context = {{"app", "Admin"}};
  found[3].rule = &unrelated;
  found[3].path = "x.txt";
  found[3].secret = "tok";

  std::vector<checks::AppConfig> apps = {app};
  auto identities = AssembleIdentities({apex}, apps, found, CodeOwners("*.md @docs\n.env @ops\n"));
  ASSERT_EQ(identities.size(), 1u);
  const Identity& id = identities[0];
  EXPECT_EQ(id.id, key);
  EXPECT_EQ(id.scopes, (std::vector<std::string>{"Full"}));
  ASSERT_EQ(id.secrets.size(), 2u);
  EXPECT_EQ(id.secrets[0], &found[0]);
  EXPECT_EQ(id.secrets[1], &found[1]);
  ASSERT_EQ(id.risks.size(), 1u);
  EXPECT_EQ(id.risks[0], &found[2]);
  EXPECT_EQ(id.hosts, (std::vector<std::string>{"acme.my.salesforce.com"}));
  ASSERT_EQ(id.callbacks.size(), 1u);  // only the Apex REST callback URL
  EXPECT_EQ(id.callbacks[0].apex_class, "AdminApi");
  EXPECT_EQ(id.callbacks[0].apex_file, apex.path);
  EXPECT_EQ(id.owners, (std::vector<std::string>{"@ops", "@docs"}));
}

}  // namespace
}  // namespace nhiscan::inventory
