// End-to-end: realistic Salesforce DX projects with OneSpan Sign integrations, generated at test
// time from synthetic credentials, scanned with the real `nhiscan` binary. Risky projects plant
// risky app configuration (Connected Apps and External Client Apps split over files), OneSpan
// callback keys (shell, JSON, Java SDK, Apex, HTTP Basic) and callback URLs that do not match the
// project's Apex REST resources, namespace or org host; every planted finding must be reported
// with the right rule at the right line, and nothing else. Safe projects must produce nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "tests/checks/sf_fixtures.h"
#include "tests/support/git_repo.h"
#include "tests/support/test_support.h"

namespace nhiscan {
namespace {

namespace sf = testing::sf;
using Json = nlohmann::json;

// A finding the scan must report: rule, file, and the line holding `needle` (its first
// occurrence in the file); optionally the exact secret and context fields.
struct Expect {
  std::string rule, path, needle;
  std::string secret;                          // empty: not checked
  std::map<std::string, std::string> context;  // fields that must be present with these values
};

struct Project {
  std::string name;
  std::vector<sf::File> files;
  std::vector<Expect> expected;  // empty for a safe project

  const std::string& Text(const std::string& path) const {
    for (const sf::File& f : files) {
      if (f.path == path) return f.text;
    }
    static const std::string kNone;
    ADD_FAILURE() << "no file " << path << " in " << name;
    return kNone;
  }
};

// ---- generators
// -----------------------------------------------------------------------------------

std::string ApexMeta() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<ApexClass xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
         "    <apiVersion>61.0</apiVersion>\n"
         "    <status>Active</status>\n"
         "</ApexClass>\n";
}

std::string ForceIgnore() {
  return "# List files or directories below to ignore them when running force:source:push, "
         "force:source:pull, and force:source:status\n"
         "package.xml\n**/jsconfig.json\n**/.eslintrc.json\n**/__tests__/**\n";
}

std::string Readme(const std::string& title) {
  return "# " + title +
         "\n\n"
         "Salesforce DX project that receives OneSpan Sign event notifications.\n\n"
         "<img alt=\"OneSpan\" "
         "src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ"
         "AAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\">\n\n"
         "## Deploy\n\n"
         "```sh\nsf org login web --instance-url https://login.salesforce.com\n"
         "sf project deploy start --source-dir force-app\n```\n";
}

std::string CurlRegistration(const std::string& url, const std::string& key_expr) {
  return "#!/usr/bin/env bash\n"
         "# Registers the OneSpan Sign callback for the Salesforce listener.\n"
         "set -euo pipefail\n"
         "ESL_HOST=\"https://apps.esignlive.com\"\n"
         "curl -sS -X POST \"$ESL_HOST/api/callback\" \\\n"
         "  -H \"Authorization: Basic ${ESL_API_KEY}\" \\\n"
         "  -H \"Content-Type: application/json\" \\\n"
         "  --data @- <<JSON\n"
         "{\n"
         "  \"url\": \"" +
         url +
         "\",\n"
         "  \"key\": \"" +
         key_expr +
         "\",\n"
         "  \"events\": [\"PACKAGE_COMPLETE\", \"PACKAGE_DECLINE\", \"DOCUMENT_SIGNED\"]\n"
         "}\n"
         "JSON\n";
}

std::string JavaRegistration(const std::string& url, const std::string& key_expr) {
  return "package com.acme.esign;\n"
         "\n"
         "import com.silanis.esl.sdk.EslClient;\n"
         "import com.silanis.esl.sdk.NotificationEvent;\n"
         "import com.silanis.esl.sdk.builder.EventNotificationConfigBuilder;\n"
         "\n"
         "public final class RegisterCallback {\n"
         "    public static void main(String[] args) {\n"
         "        EslClient client = new EslClient(System.getenv(\"ESL_API_KEY\"), "
         "\"https://sandbox.esignlive.com/api\");\n"
         "        client.getEventNotificationService().register(\n"
         "            EventNotificationConfigBuilder.newEventNotificationConfig(\"" +
         url +
         "\")\n"
         "                .withKey(" +
         key_expr +
         ")\n"
         "                .forEvent(NotificationEvent.PACKAGE_COMPLETE)\n"
         "                .forEvent(NotificationEvent.PACKAGE_DECLINE));\n"
         "    }\n"
         "}\n";
}

std::string ApexRegistration(const std::string& url, const std::string& key_literal) {
  return "public with sharing class OneSpanSetup {\n"
         "    // Registers this org's OneSpan Sign callback (run once from Anonymous Apex).\n"
         "    public static void registerCallback() {\n"
         "        String callbackUrl = '" +
         url +
         "';\n"
         "        String callbackKey = '" +
         key_literal +
         "';\n"
         "        HttpRequest req = new HttpRequest();\n"
         "        req.setEndpoint('callout:OneSpan_Sign/api/callback');\n"
         "        req.setMethod('POST');\n"
         "        req.setHeader('Content-Type', 'application/json');\n"
         "        req.setBody(JSON.serialize(new Map<String, Object>{\n"
         "            'url' => callbackUrl,\n"
         "            'key' => callbackKey,\n"
         "            'events' => new List<String>{ 'PACKAGE_COMPLETE' }\n"
         "        }));\n"
         "        new Http().send(req);\n"
         "    }\n"
         "}\n";
}

std::string WorkflowWithTokenUrl(const std::string& token_url) {
  return "name: deploy\n"
         "on:\n"
         "  push:\n"
         "    branches: [main]\n"
         "jobs:\n"
         "  deploy:\n"
         "    runs-on: ubuntu-latest\n"
         "    steps:\n"
         "      - uses: actions/checkout@v4\n"
         "      - name: Integration token\n"
         "        run: |\n"
         "          curl -sS -X POST " +
         token_url +
         " \\\n"
         "            -d grant_type=client_credentials \\\n"
         "            -d client_id=${{ secrets.SF_CLIENT_ID }} \\\n"
         "            -d client_secret=${{ secrets.SF_CLIENT_SECRET }}\n";
}

// ---- the corpus ---------------------------------------------------------------------------------

struct Corpus {
  std::vector<Project> risky, safe;
  // Values the inventory test checks.
  std::string key1, key2, key3, secret1, secret3, refresh2;
};

// Risky, namespaced ("acmesign") project: everything wrong that a OneSpan integration can get
// wrong.
Project ManagedRisky(testing::Synth& synth, Corpus* c) {
  c->key1 = synth.ConsumerKey();
  c->secret1 = synth.ConsumerSecretHex();
  c->key2 = synth.ConsumerKey();
  c->refresh2 = synth.RefreshToken();
  c->key3 = synth.ConsumerKey();
  c->secret3 = synth.ConsumerSecretHex();
  const std::string host = "acme.my.salesforce.com";
  const std::string good_url = "https://" + host + "/services/apexrest/acmesign/onespan/callback";
  const std::string no_ns_url = "https://" + host + "/services/apexrest/onespan/callback";
  const std::string lightning_url =
      "https://acme.lightning.force.com/services/apexrest/acmesign/onespan/callback";
  const std::string uat_url =
      "https://acme-uat.my.salesforce.com/services/apexrest/acmesign/esl/v2/events";
  const std::string key_cc = synth.Base64(c->key1 + ":" + c->secret1);
  const std::string key_cc_reversed = synth.Base64(c->secret1 + "|" + c->key1);
  const std::string key_apex = synth.Base64(c->key1 + "\n" + c->secret1);
  const std::string key_refresh = synth.Base64(c->refresh2 + ":" + c->key2);

  Project p;
  p.name = "acme-esign";
  const std::string base = "force-app/main/default/";

  sf::ConnectedApp callback_app;
  callback_app.label = "OneSpan Callback";
  callback_app.consumer_key = c->key1;
  callback_app.client_credentials = "true";  // no run-as user
  callback_app.scopes = {"Api", "RefreshToken"};
  sf::ConnectedApp mobile;
  mobile.label = "Field Mobile";
  mobile.callback_urls = {"com.acme.field://oauth/done"};
  mobile.scopes = {"Api", "Web", "RefreshToken"};
  mobile.ip_relaxation = "ENFORCE";
  mobile.refresh_policy = "infinite";
  sf::ConnectedApp admin;
  admin.label = "Admin Console";
  admin.scopes = {"Full"};
  admin.secret_optional = "true";
  admin.ip_relaxation = "BYPASS";
  sf::ExternalClientApp listener;
  listener.name = "OneSpan_Listener";
  listener.consumer_key = c->key3;
  listener.consumer_secret = c->secret3;  // hand-written into metadata
  listener.scopes = "Api";
  listener.client_credentials = "true";
  listener.run_as_user = "onespan.integration@acme.test";
  listener.ip_relaxation = "ENFORCE";
  sf::ExternalClientApp partner;
  partner.name = "Partner_Portal";
  partner.scopes = "Api, Web, RefreshToken";
  partner.client_credentials = "true";  // no run-as user
  partner.refresh_policy = "infinite";

  p.files = {
      {"sfdx-project.json", sf::SfdxProjectJson("acmesign")},
      {".forceignore", ForceIgnore()},
      {"README.md", Readme("Acme eSign (managed package)")},
      {"CODEOWNERS",
       "# Owners\n"
       "*                     @acme/platform\n"
       "/force-app/           @acme/salesforce\n"
       "connectedApps/        @acme/security\n"
       "/scripts/             @acme/ops\n"
       "*.java                @acme/java\n"},
      {base + "classes/OneSpanCallback.cls",
       sf::ApexRestClass("OneSpanCallback", "/onespan/callback")},
      {base + "classes/OneSpanCallback.cls-meta.xml", ApexMeta()},
      {base + "classes/EslEventsV2.cls",
       "@restResource(urlMapping=\"/esl/v2/*\")\n"
       "global inherited sharing class EslEventsV2 {\n"
       "    @HttpPost global static void events() {}\n"
       "}\n"},
      {base + "classes/EslEventsV2.cls-meta.xml", ApexMeta()},
      {base + "classes/OneSpanSetup.cls", ApexRegistration(good_url, key_apex)},
      {base + "classes/OneSpanSetup.cls-meta.xml", ApexMeta()},
      {sf::ConnectedAppPath("OneSpan_Callback"), sf::ConnectedAppXml(callback_app)},
      {sf::ConnectedAppPath("Field_Mobile"), sf::ConnectedAppXml(mobile)},
      {sf::ConnectedAppPath("Admin_Console"), sf::ConnectedAppXml(admin)},
      {"scripts/register_callback.sh", CurlRegistration(no_ns_url, key_cc)},
      {"config/onespan/callback.sandbox.json",
       "{\n"
       "  \"url\": \"" +
           lightning_url +
           "\",\n"
           "  \"key\": \"" +
           key_cc_reversed +
           "\",\n"
           "  \"events\": [\"PACKAGE_COMPLETE\"]\n"
           "}\n"},
      {"src/main/java/com/acme/esign/RegisterCallback.java",
       JavaRegistration(uat_url, "\"" + key_refresh + "\"")},
      {".github/workflows/deploy.yml",
       WorkflowWithTokenUrl("https://" + host + "/services/oauth2/token")},
  };
  for (const sf::File& f : sf::ExternalClientAppFiles(listener)) p.files.push_back(f);
  for (const sf::File& f : sf::ExternalClientAppFiles(partner)) p.files.push_back(f);

  const std::string ca1 = sf::ConnectedAppPath("OneSpan_Callback");
  const std::string ca_mobile = sf::ConnectedAppPath("Field_Mobile");
  const std::string ca_admin = sf::ConnectedAppPath("Admin_Console");
  const std::string eca_glbl =
      base + "extlClntAppGlobalOauthSets/OneSpan_Listener_glbloauth.ecaGlblOauth-meta.xml";
  const std::string partner_oauth =
      base + "extlClntAppOauthSettings/Partner_Portal_oauth.ecaOauth-meta.xml";
  const std::string partner_plcy =
      base + "extlClntAppOauthPolicies/Partner_Portal_plcy.ecaOauthPlcy-meta.xml";
  p.expected = {
      // Connected App for the OneSpan callback: client credentials, no run-as user, refresh scope.
      {"salesforce.consumer_key", ca1, "<consumerKey>", c->key1, {}},
      {"salesforce.app_client_credentials_without_run_as_user",
       ca1,
       "<isClientCredentialEnabled>",
       "true",
       {{"app", "OneSpan_Callback"}}},
      {"salesforce.app_client_credentials_with_refresh_scope",
       ca1,
       "<scopes>RefreshToken",
       "RefreshToken",
       {{"app", "OneSpan_Callback"}}},
      // Mobile app: refresh tokens that never expire, written down explicitly.
      {"salesforce.app_infinite_refresh_token", ca_mobile, "<refreshTokenPolicy>", "infinite", {}},
      // Admin app: Full scope, IP restrictions bypassed, secret optional.
      {"salesforce.app_full_scope", ca_admin, "<scopes>Full", "Full", {}},
      {"salesforce.app_consumer_secret_optional",
       ca_admin,
       "<isConsumerSecretOptional>",
       "true",
       {}},
      {"salesforce.app_ip_relaxation_bypass", ca_admin, "<ipRelaxation>", "BYPASS", {}},
      // External Client App with a literal consumer secret in metadata: one finding, naming the
      // key.
      {"salesforce.metadata_consumer_secret",
       eca_glbl,
       "<consumerSecret>",
       c->secret3,
       {{"client_id", c->key3}}},
      // External Client App split over files: risks at the file and line of each element.
      {"salesforce.app_client_credentials_with_refresh_scope",
       partner_oauth,
       "<commaSeparatedOauthScopes>",
       "RefreshToken",
       {{"app", "Partner_Portal"}}},
      {"salesforce.app_client_credentials_without_run_as_user",
       partner_plcy,
       "<isClientCredentialsFlowEnabled>",
       "true",
       {{"app", "Partner_Portal"}}},
      {"salesforce.app_infinite_refresh_token",
       partner_plcy,
       "<refreshTokenPolicyType>",
       "infinite",
       {}},
      // curl registration: the key, and a URL without the package namespace.
      {"onespan.callback_key",
       "scripts/register_callback.sh",
       "\"key\"",
       key_cc,
       {{"flow", "client_credentials"},
        {"client_id", c->key1},
        {"callback_url", no_ns_url},
        {"encoding", "base64"}}},
      {"salesforce.callback_namespace_mismatch",
       "scripts/register_callback.sh",
       "\"url\"",
       no_ns_url,
       {{"url", no_ns_url}}},
      // JSON registration on a Lightning host, secret first and '|' in the key.
      {"onespan.callback_key",
       "config/onespan/callback.sandbox.json",
       "\"key\"",
       key_cc_reversed,
       {{"flow", "client_credentials"}, {"client_id", c->key1}, {"callback_url", lightning_url}}},
      {"salesforce.callback_host_not_my_domain",
       "config/onespan/callback.sandbox.json",
       "\"url\"",
       lightning_url,
       {{"host", "acme.lightning.force.com"}}},
      // Java SDK: refresh-token key, callback on another org than the token endpoint's.
      {"onespan.callback_key",
       "src/main/java/com/acme/esign/RegisterCallback.java",
       ".withKey",
       key_refresh,
       {{"flow", "refresh_token"}, {"client_id", c->key2}, {"callback_url", uat_url}}},
      {"salesforce.callback_host_mismatch",
       "src/main/java/com/acme/esign/RegisterCallback.java",
       "newEventNotificationConfig",
       uat_url,
       {{"host", "acme-uat.my.salesforce.com"}}},
      // Apex registration: the key (newline-separated) is reported; the URL itself is right.
      {"onespan.callback_key",
       base + "classes/OneSpanSetup.cls",
       "callbackKey =",
       key_apex,
       {{"flow", "client_credentials"}, {"client_id", c->key1}, {"callback_url", good_url}}},
  };
  return p;
}

// Risky project without a namespace.
Project UnpackagedRisky(testing::Synth& synth) {
  const std::string key = synth.ConsumerKey(), secret = synth.ConsumerSecretDigits();
  const std::string host = "globex.my.salesforce.com";
  const std::string ns_url = "https://" + host + "/services/apexrest/acmesign/esign/webhook";
  const std::string login_url = "https://login.salesforce.com/services/apexrest/esign/webhook";
  const std::string instance_url = "https://na123.salesforce.com/services/apexrest/esign/webhook";
  const std::string typo_url = "https://" + host + "/services/apexrest/esign/webhooks";
  const std::string site_url = "https://globex.my.site.com/services/apexrest/esign/webhook";
  const std::string query_key = synth.Base64("client_id=" + key + "&client_secret=" + secret);
  const std::string basic_key = synth.Base64(key + ":" + secret);

  sf::ExternalClientApp eca;
  eca.name = "Esign_Integration";
  eca.callback_url = "https://" + host + "/services/oauth2/callback";
  eca.scopes = "api, refresh_token";  // wire names
  eca.client_credentials = "true";    // no run-as user

  Project p;
  p.name = "globex-esign";
  const std::string base = "force-app/main/default/";
  p.files = {
      {"sfdx-project.json", sf::SfdxProjectJson("")},
      {base + "classes/EsignWebhook.cls", sf::ApexRestClass("EsignWebhook", "/esign/webhook")},
      {base + "classes/EsignWebhook.cls-meta.xml", ApexMeta()},
      {"scripts/callback.sh", CurlRegistration(ns_url, query_key)},
      {"config/callbacks.json",
       "{\n"
       "  \"production\": {\n"
       "    \"url\": \"" +
           login_url +
           "\",\n"
           "    \"events\": [\"PACKAGE_COMPLETE\"]\n"
           "  },\n"
           "  \"legacy\": {\n"
           "    \"url\": \"" +
           instance_url +
           "\",\n"
           "    \"events\": [\"PACKAGE_COMPLETE\"]\n"
           "  },\n"
           "  \"typo\": {\n"
           "    \"url\": \"" +
           typo_url +
           "\",\n"
           "    \"events\": [\"PACKAGE_COMPLETE\"]\n"
           "  },\n"
           "  \"community\": { \"url\": \"" +
           site_url +
           "\" }\n"
           "}\n"},
      {"config/salesforce.properties",
       "sf.token.url=https://" + host + "/services/oauth2/token\nsf.api.version=61.0\n"},
      {"docs/token-request.http",
       "### Client-credentials token\n"
       "POST https://" +
           host +
           "/services/oauth2/token\n"
           "Authorization: Basic " +
           basic_key +
           "\n"
           "Content-Type: application/x-www-form-urlencoded\n"
           "\n"
           "grant_type=client_credentials\n"},
  };
  for (const sf::File& f : sf::ExternalClientAppFiles(eca)) p.files.push_back(f);
  const std::string oauth =
      base + "extlClntAppOauthSettings/Esign_Integration_oauth.ecaOauth-meta.xml";
  const std::string plcy =
      base + "extlClntAppOauthPolicies/Esign_Integration_plcy.ecaOauthPlcy-meta.xml";
  p.expected = {
      {"onespan.callback_key",
       "scripts/callback.sh",
       "\"key\"",
       query_key,
       {{"flow", "client_credentials"}, {"client_id", key}, {"callback_url", ns_url}}},
      {"salesforce.callback_namespace_mismatch", "scripts/callback.sh", "\"url\"", ns_url, {}},
      {"salesforce.callback_host_not_my_domain",
       "config/callbacks.json",
       login_url,
       login_url,
       {{"host", "login.salesforce.com"}}},
      {"salesforce.callback_host_not_my_domain",
       "config/callbacks.json",
       instance_url,
       instance_url,
       {{"host", "na123.salesforce.com"}}},
      {"salesforce.callback_missing_apex_resource",
       "config/callbacks.json",
       typo_url,
       typo_url,
       {}},
      {"salesforce.callback_host_not_my_domain",
       "config/callbacks.json",
       site_url,
       site_url,
       {{"host", "globex.my.site.com"}}},
      {"onespan.callback_key",
       "docs/token-request.http",
       "Authorization: Basic",
       basic_key,
       {{"flow", "client_credentials"}, {"client_id", key}}},
      {"salesforce.app_client_credentials_with_refresh_scope",
       oauth,
       "<commaSeparatedOauthScopes>",
       "refresh_token",
       {{"app", "Esign_Integration"}}},
      {"salesforce.app_client_credentials_without_run_as_user",
       plcy,
       "<isClientCredentialsFlowEnabled>",
       "true",
       {{"app", "Esign_Integration"}}},
  };
  return p;
}

// Safe, namespaced ("esl"): client credentials with a run-as user and Api only, a mobile app with
// refresh tokens but no client-credentials flow, callbacks that match, keys from the environment.
Project ManagedSafe() {
  const std::string host = "acme--uat.sandbox.my.salesforce.com";
  const std::string url = "https://" + host + "/services/apexrest/esl/onespan/v1/events";
  sf::ConnectedApp server;
  server.label = "OneSpan Integration";
  server.callback_urls = {"https://" + host + "/services/oauth2/callback"};
  server.client_credentials = "true";
  server.run_as_user = "onespan.integration@acme.test.uat";
  server.scopes = {"Api"};
  server.ip_relaxation = "ENFORCE";
  server.refresh_policy = "zero";
  server.secret_optional = "false";
  sf::ConnectedApp mobile;
  mobile.label = "Field Mobile";
  mobile.callback_urls = {"com.acme.field://oauth/done"};
  mobile.client_credentials = "false";
  mobile.scopes = {"Api", "RefreshToken", "OpenID"};
  mobile.refresh_policy = "specific_lifetime:30:DAYS";
  mobile.ip_relaxation = "BYPASS_2FACTOR";
  sf::ExternalClientApp sync;
  sync.name = "Server_Sync";
  sync.callback_url = "https://" + host + "/services/oauth2/callback";
  sync.scopes = "Api";
  sync.client_credentials = "true";
  sync.run_as_user = "sync.integration@acme.test.uat";
  sync.ip_relaxation = "ENFORCE";
  sf::ExternalClientApp sales;
  sales.name = "Mobile_Sales";
  sales.scopes = "Api, RefreshToken, OpenID";
  sales.client_credentials = "false";
  sales.refresh_policy = "SpecificLifetime";

  Project p;
  p.name = "acme-esign-safe";
  const std::string base = "force-app/main/default/";
  p.files = {
      {"sfdx-project.json", sf::SfdxProjectJson("esl")},
      {".forceignore", ForceIgnore()},
      {"README.md", Readme("Acme eSign (safe)")},
      {base + "classes/OneSpanListener.cls", sf::ApexRestClass("OneSpanListener", "/onespan/v1/*")},
      {base + "classes/OneSpanListener.cls-meta.xml", ApexMeta()},
      {sf::ConnectedAppPath("OneSpan_Integration"), sf::ConnectedAppXml(server)},
      {sf::ConnectedAppPath("Field_Mobile"), sf::ConnectedAppXml(mobile)},
      {"scripts/register_callback.sh", CurlRegistration(url, "${ONESPAN_CALLBACK_KEY}")},
      {"src/main/java/com/acme/esign/RegisterCallback.java",
       JavaRegistration(url, "System.getenv(\"ONESPAN_CALLBACK_KEY\")")},
      {"config/auth.json", "{\n  \"tokenUrl\": \"https://" + host +
                               "/services/oauth2/token\",\n"
                               "  \"clientId\": \"${SF_CLIENT_ID}\",\n  \"clientSecret\": "
                               "\"${SF_CLIENT_SECRET}\"\n}\n"},
      {".github/workflows/deploy.yml",
       WorkflowWithTokenUrl("https://" + host + "/services/oauth2/token")},
  };
  for (const sf::File& f : sf::ExternalClientAppFiles(sync)) p.files.push_back(f);
  for (const sf::File& f : sf::ExternalClientAppFiles(sales)) p.files.push_back(f);
  return p;
}

// Safe, without a namespace: wildcard mapping, JSON and Apex test callbacks, harmless Base64.
Project UnpackagedSafe(testing::Synth& synth) {
  const std::string host = "globex.my.salesforce.com";
  const std::string url = "https://" + host + "/services/apexrest/esign/completed";
  sf::ExternalClientApp portal;
  portal.name = "Customer_Portal";
  portal.callback_url = "https://" + host + "/services/oauth2/callback";
  portal.scopes = "Api, Web, OpenID";
  Project p;
  p.name = "globex-esign-safe";
  const std::string base = "force-app/main/default/";
  p.files = {
      {"sfdx-project.json",
       "{\n  \"packageDirectories\": [{\"path\": \"force-app\", \"default\": true}],\n"
       "  \"sourceApiVersion\": \"61.0\"\n}\n"},
      {"README.md", Readme("Globex eSign")},
      {base + "classes/EsignHook.cls", sf::ApexRestClass("EsignHook", "/esign/*", "@RESTRESOURCE")},
      {base + "classes/EsignHook.cls-meta.xml", ApexMeta()},
      {base + "classes/EsignHookTest.cls",
       "@IsTest\n"
       "private class EsignHookTest {\n"
       "    @IsTest static void receivesEvent() {\n"
       "        RestRequest req = new RestRequest();\n"
       "        req.requestURI = '" +
           url +
           "';\n"
           "        req.httpMethod = 'POST';\n"
           "        req.requestBody = Blob.valueOf('{\"name\": \"PACKAGE_COMPLETE\"}');\n"
           "        RestContext.request = req;\n"
           "        EsignHook.receive();\n"
           "    }\n"
           "}\n"},
      {"config/callback.json", "{\n  \"url\": \"" + url +
                                   "\",\n  \"key\": \"${ONESPAN_CALLBACK_KEY}\",\n"
                                   "  \"events\": [\"PACKAGE_COMPLETE\"]\n}\n"},
      {".env.example", "SF_TOKEN_URL=https://" + host +
                           "/services/oauth2/token\n"
                           "SF_CLIENT_ID=your_client_id_here\n"
                           "SF_CLIENT_SECRET=changeme\n"},
      {"test/fixtures/event.json",
       "{\n  \"name\": \"PACKAGE_COMPLETE\",\n  \"documentId\": \"" +
           synth.Base64("document-1234: Master Services Agreement.pdf") + "\"\n}\n"},
  };
  for (const sf::File& f : sf::ExternalClientAppFiles(portal)) p.files.push_back(f);
  return p;
}

// ---- running the scanner ------------------------------------------------------------------------

struct Reported {
  std::string rule, path, secret;
  uint64_t line;
  Json context;
};

class SfdxCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    corpus_ = new Corpus();
    testing::Synth synth(20260101);
    corpus_->risky.push_back(ManagedRisky(synth, corpus_));
    corpus_->risky.push_back(UnpackagedRisky(synth));
    corpus_->safe.push_back(ManagedSafe());
    corpus_->safe.push_back(UnpackagedSafe(synth));
    for (const auto* list : {&corpus_->risky, &corpus_->safe}) {
      for (const Project& p : *list) {
        for (const sf::File& f : p.files) dir_->Write(p.name + "/" + f.path, f.text);
      }
    }
  }
  static void TearDownTestSuite() {
    delete corpus_;
    delete dir_;
  }

  static std::string Root(const Project& p) { return dir_->path() + "/" + p.name; }

  // Scans one project with the real binary; returns the findings (and the exit code).
  static std::vector<Reported> Scan(const Project& p, int* exit_code) {
    auto run = testing::RunNhiscan({"scan", Root(p), "--format", "json", "--show-secrets"});
    *exit_code = run.exit_code;
    std::vector<Reported> out;
    Json doc = Json::parse(run.out, nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << run.out << run.err;
    if (doc.is_discarded()) return out;
    EXPECT_TRUE(doc["stats"]["errors"].empty()) << doc["stats"].dump();
    EXPECT_FALSE(doc["stats"]["incomplete"].get<bool>());
    for (const Json& f : doc["findings"]) {
      out.push_back(
          {f["rule_id"], f["path"], f["secret"], f["line"].get<uint64_t>(), f["context"]});
    }
    return out;
  }

  static std::string Describe(const std::vector<Reported>& found) {
    std::string out;
    for (const Reported& f : found) {
      out += "  " + f.rule + " " + f.path + ":" + std::to_string(f.line) + " [" +
             f.secret.substr(0, 60) + "] " + f.context.dump().substr(0, 160) + "\n";
    }
    return out.empty() ? "  (none)\n" : out;
  }

  static testing::TempDir* dir_;
  static Corpus* corpus_;
};

testing::TempDir* SfdxCorpusTest::dir_ = nullptr;
Corpus* SfdxCorpusTest::corpus_ = nullptr;

TEST_F(SfdxCorpusTest, CorpusIsRealistic) {
  // Sanity of the generated projects themselves.
  for (const auto* list : {&corpus_->risky, &corpus_->safe}) {
    for (const Project& p : *list) {
      EXPECT_GE(p.files.size(), 8u) << p.name;
      EXPECT_NE(p.Text("sfdx-project.json").find("packageDirectories"), std::string::npos);
      for (const Expect& e : p.expected) {
        EXPECT_GT(sf::LineOf(p.Text(e.path), e.needle), 0u)
            << p.name << ": " << e.path << " / " << e.needle;
      }
    }
  }
}

TEST_F(SfdxCorpusTest, EveryPlantedRiskIsFoundAtItsLineAndNothingElse) {
  for (const Project& p : corpus_->risky) {
    SCOPED_TRACE(p.name);
    int exit_code = -1;
    const std::vector<Reported> found = Scan(p, &exit_code);
    EXPECT_EQ(exit_code, 1);

    std::multiset<std::tuple<std::string, std::string, uint64_t>> want, got;
    for (const Expect& e : p.expected)
      want.emplace(e.rule, e.path, sf::LineOf(p.Text(e.path), e.needle));
    for (const Reported& f : found) got.emplace(f.rule, f.path, f.line);
    for (const auto& w : want) {
      EXPECT_EQ(got.count(w), want.count(w))
          << "expected " << std::get<0>(w) << " at " << std::get<1>(w) << ":" << std::get<2>(w)
          << "\nreported:\n"
          << Describe(found);
    }
    for (const auto& g : got) {
      EXPECT_EQ(want.count(g), got.count(g))
          << "unexpected " << std::get<0>(g) << " at " << std::get<1>(g) << ":" << std::get<2>(g)
          << "\nreported:\n"
          << Describe(found);
    }

    // Secrets and context of each planted finding.
    for (const Expect& e : p.expected) {
      const uint64_t line = sf::LineOf(p.Text(e.path), e.needle);
      auto it = std::find_if(found.begin(), found.end(), [&](const Reported& f) {
        return f.rule == e.rule && f.path == e.path && f.line == line &&
               (e.secret.empty() || f.secret == e.secret);
      });
      ASSERT_NE(it, found.end()) << e.rule << " " << e.path << ":" << line << " secret " << e.secret
                                 << "\n"
                                 << Describe(found);
      for (const auto& [field, value] : e.context) {
        ASSERT_TRUE(it->context.contains(field))
            << e.rule << " " << e.path << ": no context." << field << " in " << it->context.dump();
        EXPECT_EQ(it->context[field].get<std::string>(), value)
            << e.rule << " " << e.path << " " << field;
      }
    }
  }
}

TEST_F(SfdxCorpusTest, CallbackKeysAreOneFindingEach) {
  for (const Project& p : corpus_->risky) {
    int exit_code = -1;
    const std::vector<Reported> found = Scan(p, &exit_code);
    size_t keys = 0;
    for (const Reported& f : found) {
      if (f.rule != "onespan.callback_key") continue;
      ++keys;
      // Nothing else was reported for the same place (no api-key, no decoded consumer secret).
      for (const Reported& other : found) {
        if (&other == &f) continue;
        EXPECT_FALSE(other.path == f.path && other.line == f.line &&
                     other.rule.rfind("salesforce.callback_", 0) != 0)
            << p.name << ": " << other.rule << " next to a callback key at " << f.path << ":"
            << f.line;
      }
    }
    size_t planted = std::count_if(p.expected.begin(), p.expected.end(), [](const Expect& e) {
      return e.rule == "onespan.callback_key";
    });
    EXPECT_EQ(keys, planted) << p.name;
  }
}

TEST_F(SfdxCorpusTest, SafeProjectsProduceNothing) {
  for (const Project& p : corpus_->safe) {
    SCOPED_TRACE(p.name);
    int exit_code = -1;
    const std::vector<Reported> found = Scan(p, &exit_code);
    EXPECT_TRUE(found.empty()) << Describe(found);
    EXPECT_EQ(exit_code, 0);
  }
}

TEST_F(SfdxCorpusTest, WholeCorpusAtOnceGivesTheSameFindingsAsEachProject) {
  // Scanning the folder that holds every project (a monorepo): each callback is checked against
  // its own project's namespace, Apex classes and token hosts, and apps of the same name in two
  // projects stay apart, so the findings are exactly the per-project ones.
  auto run = testing::RunNhiscan({"scan", dir_->path(), "--format", "json", "--show-secrets"});
  EXPECT_EQ(run.exit_code, 1);
  Json doc = Json::parse(run.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  std::multiset<std::tuple<std::string, std::string, uint64_t>> got, want;
  for (const Json& f : doc["findings"]) {
    got.emplace(f["rule_id"].get<std::string>(), f["path"].get<std::string>(),
                f["line"].get<uint64_t>());
  }
  for (const Project& p : corpus_->risky) {
    for (const Expect& e : p.expected) {
      want.emplace(e.rule, p.name + "/" + e.path, sf::LineOf(p.Text(e.path), e.needle));
    }
  }
  std::string missing, extra;
  for (const auto& [rule, path, line] : want) {
    if (!got.count({rule, path, line}))
      missing += "  " + rule + " " + path + ":" + std::to_string(line) + "\n";
  }
  for (const auto& [rule, path, line] : got) {
    if (!want.count({rule, path, line}))
      extra += "  " + rule + " " + path + ":" + std::to_string(line) + "\n";
  }
  EXPECT_TRUE(missing.empty()) << "missing:\n" << missing;
  EXPECT_TRUE(extra.empty()) << "unexpected:\n" << extra;
  EXPECT_EQ(got.size(), want.size());
}

TEST_F(SfdxCorpusTest, InventoryOfTheManagedProject) {
  const Project& p = corpus_->risky[0];
  auto run = testing::RunNhiscan({"inventory", Root(p), "--format", "json", "--show-secrets"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  Json doc = Json::parse(run.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << run.out;
  std::map<std::string, Json> by_id;
  for (const Json& identity : doc["identities"])
    by_id[identity["id"].get<std::string>()] = identity;
  std::string ids;
  for (const auto& [id, _] : by_id) ids += " " + id;

  auto strings = [](const Json& list) {
    std::vector<std::string> out;
    for (const Json& v : list) out.push_back(v.get<std::string>());
    std::sort(out.begin(), out.end());
    return out;
  };
  auto rules_of = [](const Json& list) {
    std::vector<std::string> out;
    for (const Json& v : list) out.push_back(v["rule_id"].get<std::string>());
    std::sort(out.begin(), out.end());
    return out;
  };

  // Identities: three client ids and three apps known only by name.
  EXPECT_EQ(by_id.size(), 6u) << ids;
  for (const std::string& id :
       {corpus_->key1, corpus_->key2, corpus_->key3, std::string("app:Field_Mobile"),
        std::string("app:Admin_Console"), std::string("app:Partner_Portal")}) {
    EXPECT_TRUE(by_id.count(id)) << id << " not in" << ids;
  }

  // The OneSpan callback identity: its Connected App, flows, scopes, callbacks and keys.
  ASSERT_TRUE(by_id.count(corpus_->key1));
  const Json& cb = by_id[corpus_->key1];
  ASSERT_EQ(cb["apps"].size(), 1u);
  EXPECT_EQ(cb["apps"][0]["name"], "OneSpan_Callback");
  EXPECT_EQ(cb["apps"][0]["kind"], "connected_app");
  EXPECT_EQ(strings(cb["flows"]),
            (std::vector<std::string>{"client_credentials", "refresh_token"}));
  EXPECT_EQ(strings(cb["scopes"]), (std::vector<std::string>{"Api", "RefreshToken"}));
  EXPECT_EQ(cb["run_as_user"], "");
  std::vector<std::string> secret_places;
  for (const Json& s : cb["secrets"]) {
    secret_places.push_back(s["rule_id"].get<std::string>() + "@" + s["path"].get<std::string>() +
                            ":" + std::to_string(s["line"].get<uint64_t>()));
    EXPECT_EQ(s["validation"], "not_validated");
  }
  std::sort(secret_places.begin(), secret_places.end());
  const std::string setup = "force-app/main/default/classes/OneSpanSetup.cls";
  const std::string json_cb = "config/onespan/callback.sandbox.json";
  std::vector<std::string> want_places = {
      "onespan.callback_key@" + json_cb + ":" +
          std::to_string(sf::LineOf(p.Text(json_cb), "\"key\"")),
      "onespan.callback_key@" + setup + ":" +
          std::to_string(sf::LineOf(p.Text(setup), "callbackKey =")),
      "onespan.callback_key@scripts/register_callback.sh:" +
          std::to_string(sf::LineOf(p.Text("scripts/register_callback.sh"), "\"key\"")),
      "salesforce.consumer_key@" + sf::ConnectedAppPath("OneSpan_Callback") + ":" +
          std::to_string(
              sf::LineOf(p.Text(sf::ConnectedAppPath("OneSpan_Callback")), "<consumerKey>")),
  };
  std::sort(want_places.begin(), want_places.end());
  EXPECT_EQ(secret_places, want_places);

  // Callbacks with their Apex targets (the class behind the namespaced path, or none).
  std::map<std::string, std::string> callback_class;
  for (const Json& c : cb["callbacks"]) callback_class[c["url"]] = c["apex_class"];
  EXPECT_EQ(
      callback_class["https://acme.my.salesforce.com/services/apexrest/acmesign/onespan/callback"],
      "OneSpanCallback");
  EXPECT_EQ(callback_class["https://acme.my.salesforce.com/services/apexrest/onespan/callback"],
            "OneSpanCallback");  // served once the namespace is added
  EXPECT_EQ(callback_class
                ["https://acme.lightning.force.com/services/apexrest/acmesign/onespan/callback"],
            "OneSpanCallback");
  EXPECT_EQ(rules_of(cb["risks"]),
            (std::vector<std::string>{"salesforce.app_client_credentials_with_refresh_scope",
                                      "salesforce.app_client_credentials_without_run_as_user",
                                      "salesforce.callback_host_not_my_domain",
                                      "salesforce.callback_namespace_mismatch"}));
  EXPECT_EQ(strings(cb["owners"]),
            (std::vector<std::string>{"@acme/ops", "@acme/platform", "@acme/salesforce",
                                      "@acme/security"}));

  // The refresh-token identity registered from Java.
  ASSERT_TRUE(by_id.count(corpus_->key2));
  const Json& java = by_id[corpus_->key2];
  EXPECT_EQ(strings(java["flows"]), (std::vector<std::string>{"refresh_token"}));
  EXPECT_TRUE(java["apps"].empty());
  ASSERT_EQ(java["callbacks"].size(), 1u);
  EXPECT_EQ(java["callbacks"][0]["url"],
            "https://acme-uat.my.salesforce.com/services/apexrest/acmesign/esl/v2/events");
  EXPECT_EQ(java["callbacks"][0]["apex_class"], "EslEventsV2");
  EXPECT_EQ(rules_of(java["risks"]),
            (std::vector<std::string>{"salesforce.callback_host_mismatch"}));
  EXPECT_EQ(strings(java["owners"]), (std::vector<std::string>{"@acme/java"}));

  // The External Client App with a secret in its metadata: joined over its four files.
  ASSERT_TRUE(by_id.count(corpus_->key3));
  const Json& eca = by_id[corpus_->key3];
  ASSERT_EQ(eca["apps"].size(), 1u);
  EXPECT_EQ(eca["apps"][0]["name"], "OneSpan_Listener");
  EXPECT_EQ(eca["apps"][0]["kind"], "external_client_app");
  EXPECT_EQ(eca["apps"][0]["files"].size(), 4u);
  EXPECT_EQ(eca["run_as_user"], "onespan.integration@acme.test");
  EXPECT_EQ(strings(eca["flows"]), (std::vector<std::string>{"client_credentials"}));
  ASSERT_EQ(eca["secrets"].size(), 1u);
  EXPECT_EQ(eca["secrets"][0]["rule_id"], "salesforce.metadata_consumer_secret");
  EXPECT_EQ(eca["secrets"][0]["secret"], corpus_->secret3);
  EXPECT_TRUE(eca["risks"].empty());
  EXPECT_EQ(strings(eca["owners"]), (std::vector<std::string>{"@acme/salesforce"}));

  // Apps without a key in the repository: their risks.
  EXPECT_EQ(rules_of(by_id["app:Admin_Console"]["risks"]),
            (std::vector<std::string>{"salesforce.app_consumer_secret_optional",
                                      "salesforce.app_full_scope",
                                      "salesforce.app_ip_relaxation_bypass"}));
  EXPECT_EQ(strings(by_id["app:Admin_Console"]["owners"]),
            (std::vector<std::string>{"@acme/security"}));
  EXPECT_EQ(rules_of(by_id["app:Field_Mobile"]["risks"]),
            (std::vector<std::string>{"salesforce.app_infinite_refresh_token"}));
  EXPECT_EQ(strings(by_id["app:Field_Mobile"]["flows"]),
            (std::vector<std::string>{"refresh_token"}));
  EXPECT_EQ(rules_of(by_id["app:Partner_Portal"]["risks"]),
            (std::vector<std::string>{"salesforce.app_client_credentials_with_refresh_scope",
                                      "salesforce.app_client_credentials_without_run_as_user",
                                      "salesforce.app_infinite_refresh_token"}));
  EXPECT_EQ(strings(by_id["app:Partner_Portal"]["flows"]),
            (std::vector<std::string>{"client_credentials", "refresh_token"}));
}

TEST_F(SfdxCorpusTest, InventoryWithGitHistoryListsCommitsOfRemovedKeys) {
  const Project& p = corpus_->risky[0];
  testing::TempDir tmp;
  testing::GitRepo repo(tmp.path() + "/repo");
  for (const sf::File& f : p.files) repo.Write(f.path, f.text);
  const std::string initial = repo.Commit("Acme eSign project");
  // A second callback key for the same client id, committed and then removed again.
  testing::Synth synth(99);
  const std::string old_key = synth.Base64(corpus_->key1 + ":" + synth.ConsumerSecretHex());
  repo.Write("legacy/old_callback.properties",
             "# superseded\nonespan.callback.key=" + old_key + "\n");
  const std::string added = repo.Commit("Old callback key");
  repo.Remove("legacy/old_callback.properties");
  repo.Commit("Remove the old callback key");

  auto run = testing::RunNhiscanEnv(
      {"inventory", "--git", repo.dir(), "--format", "json", "--show-secrets"}, "");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  Json doc = Json::parse(run.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << run.out;
  const Json* cb = nullptr;
  for (const Json& identity : doc["identities"]) {
    if (identity["id"] == corpus_->key1) cb = &identity;
  }
  ASSERT_NE(cb, nullptr) << doc.dump(2);
  bool removed_found = false, current_with_commit = false, current_in_tree = false;
  for (const Json& s : (*cb)["secrets"]) {
    if (s["path"] == "legacy/old_callback.properties") {
      removed_found = true;
      EXPECT_EQ(s["rule_id"], "onespan.callback_key");
      EXPECT_EQ(s["secret"], old_key);
      EXPECT_EQ(s["line"], 2);
      EXPECT_EQ(s.value("commit", ""), added);
      EXPECT_EQ(s.value("still_in_head", true), false);
    }
    if (s["path"] == "scripts/register_callback.sh") {
      if (s.contains("commit")) {
        current_with_commit = true;
        EXPECT_EQ(s["commit"], initial);
      } else {
        current_in_tree = true;
      }
    }
  }
  EXPECT_TRUE(removed_found) << (*cb)["secrets"].dump(2);
  EXPECT_TRUE(current_with_commit) << (*cb)["secrets"].dump(2);
  EXPECT_TRUE(current_in_tree) << (*cb)["secrets"].dump(2);
  // Configuration comes from the work tree only: the app and its risks are still there once.
  EXPECT_EQ((*cb)["apps"].size(), 1u);
  std::vector<std::string> risks;
  for (const Json& r : (*cb)["risks"]) risks.push_back(r["rule_id"]);
  std::sort(risks.begin(), risks.end());
  EXPECT_EQ(risks.size(), 4u) << (*cb)["risks"].dump(2);
  EXPECT_TRUE(std::adjacent_find(risks.begin(), risks.end()) == risks.end());
}

TEST_F(SfdxCorpusTest, InventoryTextAndRedaction) {
  const Project& p = corpus_->risky[0];
  auto run = testing::RunNhiscan({"inventory", Root(p)});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Identity app:Partner_Portal"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("OneSpanCallback"), std::string::npos);
  // Without --show-secrets neither the callback keys nor the consumer secrets appear.
  EXPECT_EQ(run.out.find(corpus_->secret1), std::string::npos);
  EXPECT_EQ(run.out.find(corpus_->secret3), std::string::npos);
  EXPECT_EQ(run.out.find(corpus_->key1), std::string::npos);  // client ids are shortened
}

}  // namespace
}  // namespace nhiscan
