// End-to-end test on a realistic corpus of Salesforce / OneSpan Sign projects.
//
// At test time a handful of projects (Spring service, SFDX project, Node portal, Python sync job,
// .NET service, Terraform) is generated into a temporary folder with synthetic credentials of the
// right shape (fixed seeds), next to look-alikes that must stay quiet (placeholders, checksums,
// lock-file hashes, XSD lines, data: URIs, ids, UUIDs, commit SHAs, Base64 that is no id:secret
// pair). Every planted credential is recorded with its path, line, rule id and exact secret; the
// real binary scans the corpus and its JSON report must list exactly those credentials, nothing
// more, with the client id and host attached where the file holds them.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace nhiscan::testing {
namespace {

using Json = nlohmann::json;

const char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const char kLowerHex[] = "0123456789abcdef";

// Hosts used across the corpus.
const char kAcme[] = "acme.my.salesforce.com";
const char kAcmeUat[] = "acme--uat.sandbox.my.salesforce.com";
const char kAcmeHotfix[] = "acme--hotfix.sandbox.my.salesforce.com";
const char kAcmeDev[] = "acme-dev-ed.develop.my.salesforce.com";
const char kGlobex[] = "globex.my.salesforce.com";
const char kGlobexQa[] = "globex--qa.sandbox.my.salesforce.com";
const char kEslApps[] = "apps.esignlive.com";
const char kEslSandbox[] = "sandbox.esignlive.com";

// What a finding must carry besides rule, secret, path and line. nullopt: not checked;
// an empty string: the field must be absent.
struct Expect {
  std::optional<std::string> client_id;
  std::optional<std::string> host;
};

struct Planted {
  std::string path;
  std::string rule_id;
  std::string secret;
  uint64_t line = 0;
  Expect expect;
};

std::string Describe(const Planted& p) {
  std::ostringstream out;
  out << p.path << ":" << p.line << " " << p.rule_id << " secret=" << p.secret;
  if (p.expect.client_id) out << " client_id=" << *p.expect.client_id;
  if (p.expect.host) out << " host=" << *p.expect.host;
  return out.str();
}

// One generated file: text appended chunk by chunk; Plant() records a credential that occurs in
// the chunk appended last, with the line it is on.
class FileText {
 public:
  explicit FileText(std::string path) : path_(std::move(path)) {}

  FileText& Text(const std::string& chunk) {
    chunk_begin_ = text_.size();
    text_ += chunk;
    text_ += '\n';
    return *this;
  }

  FileText& Plant(const std::string& rule_id, const std::string& secret, Expect expect = {}) {
    size_t pos = text_.find(secret, chunk_begin_);
    if (pos == std::string::npos) {
      throw std::logic_error("planted secret not in the last chunk of " + path_);
    }
    Planted p;
    p.path = path_;
    p.rule_id = rule_id;
    p.secret = secret;
    p.line = 1 + static_cast<uint64_t>(std::count(text_.begin(), text_.begin() + pos, '\n'));
    p.expect = std::move(expect);
    planted_.push_back(std::move(p));
    return *this;
  }

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  const std::vector<Planted>& planted() const { return planted_; }

 private:
  std::string path_;
  std::string text_;
  size_t chunk_begin_ = 0;
  std::vector<Planted> planted_;
};

// The generated corpus: every file goes to `all`; files without a planted credential also go to
// `clean`, the look-alike-only corpus.
class Corpus {
 public:
  Corpus(const TempDir& all, const TempDir& clean) : all_(all), clean_(clean) {}

  void Add(const FileText& file) {
    if (!paths_.insert(file.path()).second) throw std::logic_error("duplicate " + file.path());
    all_.Write(file.path(), file.text());
    if (file.planted().empty()) {
      clean_.Write(file.path(), file.text());
      quiet_files_.push_back(file.path());
    }
    planted_.insert(planted_.end(), file.planted().begin(), file.planted().end());
  }

  const std::vector<Planted>& planted() const { return planted_; }
  const std::vector<std::string>& quiet_files() const { return quiet_files_; }
  size_t files() const { return paths_.size(); }

 private:
  const TempDir& all_;
  const TempDir& clean_;
  std::set<std::string> paths_;
  std::vector<Planted> planted_;
  std::vector<std::string> quiet_files_;
};

// Generators of synthetic values beyond what Synth offers.
std::string LowerHex(Synth& s, size_t n) { return s.Chars(kLowerHex, n); }
std::string RandomBytes(Synth& s, size_t n) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  return s.Chars(all, n);
}
// A OneSpan API key: Base64 of "<id>:<secret>".
std::string OneSpanApiKey(Synth& s, size_t id_len, size_t secret_len) {
  return s.Base64(s.Chars(kAlnum, id_len) + ":" + s.Chars(kAlnum, secret_len));
}
std::string Uuid(Synth& s) {
  return LowerHex(s, 8) + "-" + LowerHex(s, 4) + "-4" + LowerHex(s, 3) + "-a" + LowerHex(s, 3) +
         "-" + LowerHex(s, 12);
}
// An access token whose first 15 characters are the given org id.
std::string AccessToken(Synth& s, const std::string& org_id) {
  return org_id + "!AQ" + s.Chars(kAlnum, 3) +
         s.Chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._", 93);
}
std::string OrgId(Synth& s) { return "00D" + s.Chars("0123456789", 1) + "g" + s.Chars(kAlnum, 10); }

const char kSf[] = "salesforce.consumer_secret";
const char kSfMeta[] = "salesforce.metadata_consumer_secret";
const char kSfKey[] = "salesforce.consumer_key";
const char kSfAccess[] = "salesforce.access_token";
const char kSfRefresh[] = "salesforce.refresh_token";
const char kSfdxUrl[] = "salesforce.sfdx_auth_url";
const char kEslKey[] = "onespan.api_key";

// ---------------------------------------------------------------------------------------------
// acme-sf-integration: a Spring Boot service that syncs Salesforce and OneSpan Sign.
void AcmeIntegration(Corpus* c) {
  Synth s(0xACE1);
  const std::string p = "acme-sf-integration/";

  {  // .env with a production and a UAT block, then OneSpan.
    std::string key_p = s.ConsumerKey(), secret_p = s.ConsumerSecretHex();
    std::string key_u = s.ConsumerKey(), secret_u = s.ConsumerSecretHex();
    std::string esl = OneSpanApiKey(s, 12, 12);
    FileText f(p + ".env");
    f.Text("# Salesforce — production org");
    f.Text(std::string("SF_INSTANCE_URL=https://") + kAcme);
    f.Text("SF_CLIENT_ID=" + key_p);
    f.Text("SF_CLIENT_SECRET=" + secret_p).Plant(kSf, secret_p, {key_p, kAcme});
    f.Text("");
    f.Text("# Salesforce — UAT sandbox");
    f.Text(std::string("SF_UAT_INSTANCE_URL=https://") + kAcmeUat);
    f.Text("SF_UAT_CLIENT_ID=" + key_u);
    f.Text("SF_UAT_CLIENT_SECRET=\"" + secret_u + "\"").Plant(kSf, secret_u, {key_u, kAcmeUat});
    f.Text("");
    f.Text("# OneSpan Sign");
    f.Text(std::string("ESL_BASE_URL=https://") + kEslApps + "/api");
    f.Text("ESL_API_KEY=" + esl).Plant(kEslKey, esl, {std::nullopt, kEslApps});
    f.Text("");
    f.Text("LOG_LEVEL=info\nSYNC_BATCH_SIZE=200");
    c->Add(f);
  }
  {  // .env.example: placeholders only.
    FileText f(p + ".env.example");
    f.Text("# Copy to .env and fill in. Never commit real values.");
    f.Text("SF_INSTANCE_URL=https://<my-domain>.my.salesforce.com");
    f.Text(
        "SF_CLIENT_ID=3MVG9XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
        "XXXXXXX");
    f.Text("SF_CLIENT_SECRET=your_client_secret_here");
    f.Text("SF_UAT_CLIENT_SECRET=<secret>");
    f.Text(
        "SF_REFRESH_TOKEN=5Aep861XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
        "XXXXXXXXXXXXXXX");
    f.Text("ESL_BASE_URL=https://sandbox.esignlive.com/api");
    f.Text("ESL_API_KEY=your_api_key_here");
    f.Text("ESL_CALLBACK_URL=${PUBLIC_URL}/esl/callback");
    c->Add(f);
  }
  {  // Spring application.yml (UAT profile).
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    std::string esl = OneSpanApiKey(s, 12, 14);
    FileText f(p + "src/main/resources/application-uat.yml");
    f.Text(
        "spring:\n  application:\n    name: esign-sync\n  config:\n    activate:\n"
        "      on-profile: uat");
    f.Text("salesforce:\n  auth:");
    f.Text(std::string("    token-url: https://") + kAcmeUat + "/services/oauth2/token");
    f.Text("    client-id: " + key);
    f.Text("    client-secret: " + secret).Plant(kSf, secret, {key, kAcmeUat});
    f.Text("    grant-type: client_credentials");
    f.Text("onespan:");
    f.Text(std::string("  base-url: https://") + kEslSandbox + "/api");
    f.Text("  api-key: " + esl).Plant(kEslKey, esl, {std::nullopt, kEslSandbox});
    f.Text("management:\n  endpoints:\n    web:\n      exposure:\n        include: health,info");
    c->Add(f);
  }
  {  // Apache Camel Salesforce component in .properties; 19-digit secret of an older app.
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretDigits();
    std::string refresh = s.RefreshToken();
    std::string esl = OneSpanApiKey(s, 12, 13);
    FileText f(p + "src/main/resources/application-camel.properties");
    f.Text("# Camel Salesforce component (refresh-token flow)");
    f.Text("camel.component.salesforce.login-url=https://login.salesforce.com");
    f.Text("camel.component.salesforce.client-id=" + key);
    f.Text("camel.component.salesforce.client-secret=" + secret).Plant(kSf, secret, {key, {}});
    f.Text("camel.component.salesforce.refresh-token=" + refresh).Plant(kSfRefresh, refresh);
    f.Text("camel.component.salesforce.api-version=60.0");
    f.Text("");
    f.Text(std::string("esl.api.url=https://") + kEslSandbox + "/api");
    f.Text("esl.api.key=" + esl).Plant(kEslKey, esl, {std::nullopt, kEslSandbox});
    c->Add(f);
  }
  {  // Test profile: placeholders, a build SHA and a checksum.
    FileText f(p + "src/test/resources/application-test.properties");
    f.Text("salesforce.auth.client-id=${SF_CLIENT_ID}");
    f.Text("salesforce.auth.client-secret=${SF_CLIENT_SECRET}");
    f.Text("salesforce.auth.refresh-token=****************");
    f.Text("esl.api.key=${ESL_API_KEY}");
    f.Text("esl.api.url=http://localhost:${wiremock.server.port}/api");
    f.Text("app.build.commit=" + LowerHex(s, 40));
    f.Text("app.artifact.sha256=" + LowerHex(s, 64));
    f.Text("app.artifact.checksum=" + s.UpperHex(64));
    c->Add(f);
  }
  {  // OneSpan Java SDK configuration.
    std::string esl = OneSpanApiKey(s, 12, 12);
    FileText f(p + "src/main/java/com/acme/esign/config/EslConfig.java");
    f.Text(
        "package com.acme.esign.config;\n\nimport com.silanis.esl.sdk.EslClient;\n"
        "import org.springframework.context.annotation.Bean;\n"
        "import org.springframework.context.annotation.Configuration;\n\n@Configuration\n"
        "public class EslConfig {\n");
    f.Text("    private static final String API_KEY = \"" + esl + "\";")
        .Plant(kEslKey, esl, {std::nullopt, kEslApps});
    f.Text(std::string("    private static final String API_URL = \"https://") + kEslApps +
           "/api\";");
    f.Text(
        "\n    @Bean\n    public EslClient eslClient() {\n"
        "        return new EslClient(API_KEY, API_URL);\n    }\n}");
    c->Add(f);
  }
  {  // Application log: a token response and a request header with the same access token.
    std::string org = OrgId(s);
    std::string token = AccessToken(s, org);
    std::string sig = s.Base64(RandomBytes(s, 32));
    FileText f(p + "logs/esign-sync-2024-05-01.log");
    f.Text(
        "2024-05-01 10:22:09.871  INFO 4211 --- [           main] c.a.esign.SyncApplication      "
        ": Started SyncApplication in 4.213 seconds (process running for 4.9)");
    f.Text(std::string("2024-05-01 10:22:13.104 DEBUG 4211 --- [         sync-1] "
                       "c.a.esign.sf.TokenClient       "
                       ": POST https://") +
           kAcme +
           "/services/oauth2/token grant_type=client_credentials "
           "client_id=3MVG9Ab1x… client_secret=****");
    f.Text(
         "2024-05-01 10:22:13.902 DEBUG 4211 --- [         sync-1] c.a.esign.sf.TokenClient       "
         ": token response {\"access_token\":\"" +
         token + "\",\"signature\":\"" + sig + "\",\"scope\":\"api\",\"instance_url\":\"https://" +
         kAcme + "\",\"id\":\"https://login.salesforce.com/id/" + org +
         "AAA/0055g00000XyZ1bAAF\","
         "\"token_type\":\"Bearer\",\"issued_at\":\"1714558933902\"}")
        .Plant(kSfAccess, token, {std::nullopt, kAcme});
    f.Text(
         "2024-05-01 10:22:14.017 DEBUG 4211 --- [         sync-1] org.apache.http.headers        "
         ": http-outgoing-0 >> Authorization: Bearer " +
         token)
        .Plant(kSfAccess, token, {std::nullopt, kAcme});
    f.Text(
        "2024-05-01 10:22:14.230  INFO 4211 --- [         sync-1] c.a.esign.sf.AccountSync       "
        ": synced 200 accounts requestId=" +
        Uuid(s) + " orgId=" + org + " order=" + s.Digits(19));
    f.Text(
        "2024-05-01 10:22:15.001  WARN 4211 --- [         sync-2] c.a.esign.sf.AccountSync       "
        ": retrying with Authorization: Bearer " +
        org + "!AQ**************** (masked)");
    f.Text(
        "2024-05-01 10:22:15.420  INFO 4211 --- [         esl-1] c.a.esign.esl.PackageService   "
        ": package " +
        s.Base64(RandomBytes(s, 20)) +
        " created on https://apps.esignlive.com "
        "transactionId=" +
        Uuid(s));
    c->Add(f);
  }
  {  // Structured (JSON lines) log whose message embeds an escaped JSON request body.
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    FileText f(p + "logs/esign-api.jsonl");
    f.Text(
        "{\"ts\":\"2024-05-01T10:22:13.101Z\",\"level\":\"info\",\"msg\":\"starting token "
        "refresh\",\"requestId\":\"" +
        Uuid(s) + "\"}");
    f.Text("{\"ts\":\"2024-05-01T10:22:13.104Z\",\"level\":\"debug\",\"msg\":\"POST https://" +
           std::string(kAcme) +
           "/services/oauth2/token\",\"body\":\"{\\\"grant_type\\\":"
           "\\\"client_credentials\\\",\\\"client_id\\\":\\\"" +
           key + "\\\",\\\"client_secret\\\":\\\"" + secret + "\\\"}\"}")
        .Plant(kSf, secret, {key, kAcme});
    f.Text(
        "{\"ts\":\"2024-05-01T10:22:13.880Z\",\"level\":\"info\",\"msg\":\"token ok\","
        "\"orderId\":" +
        s.Digits(19) + ",\"sha256\":\"" + LowerHex(s, 64) + "\"}");
    c->Add(f);
  }
  {  // docker-compose with a UAT worker and look-alikes in other services.
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    std::string refresh = s.RefreshToken();
    std::string esl = OneSpanApiKey(s, 12, 12);
    FileText f(p + "docker-compose.yml");
    f.Text(
        "services:\n  esign-sync:\n    image: ghcr.io/acme/esign-sync:2.3.1\n"
        "    restart: unless-stopped\n    environment:\n      SPRING_PROFILES_ACTIVE: uat");
    f.Text(std::string("      SF_INSTANCE_URL: https://") + kAcmeUat);
    f.Text("      SF_CLIENT_ID: " + key);
    f.Text("      SF_CLIENT_SECRET: " + secret).Plant(kSf, secret, {key, kAcmeUat});
    f.Text("      SF_REFRESH_TOKEN: " + refresh)
        .Plant(kSfRefresh, refresh, {std::nullopt, kAcmeUat});
    f.Text(std::string("      ESL_URL: https://") + kEslSandbox + "/api");
    f.Text("      ESL_API_KEY: " + esl).Plant(kEslKey, esl, {std::nullopt, kEslSandbox});
    f.Text("    depends_on: [postgres]");
    f.Text("  postgres:\n    image: postgres:15.6@sha256:" + LowerHex(s, 64) +
           "\n    environment:\n      POSTGRES_DB: esign\n      POSTGRES_USER: esign\n"
           "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}");
    f.Text(
        "  replay-worker:\n    image: ghcr.io/acme/esign-replay:1.0.4\n    environment:\n"
        "      - SF_CLIENT_ID=${SF_CLIENT_ID}\n      - SF_CLIENT_SECRET=${SF_CLIENT_SECRET}\n"
        "      - ESL_API_KEY=${ESL_API_KEY}");
    c->Add(f);
  }
}

// ---------------------------------------------------------------------------------------------
// acme-salesforce: the SFDX project with the Connected App, the External Client App, Apex and CI.
void AcmeSalesforce(Corpus* c) {
  Synth s(0x5FDC);
  const std::string p = "acme-salesforce/";
  const std::string meta = p + "force-app/main/default/";

  {
    FileText f(p + "sfdx-project.json");
    f.Text(
        "{\n  \"packageDirectories\": [{ \"path\": \"force-app\", \"default\": true }],\n"
        "  \"name\": \"acme-salesforce\",\n  \"namespace\": \"\",\n"
        "  \"sfdcLoginUrl\": \"https://login.salesforce.com\",\n"
        "  \"sourceApiVersion\": \"60.0\"\n}");
    c->Add(f);
  }
  {  // Connected App with a hand-written consumer secret.
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    FileText f(meta + "connectedApps/OneSpan_Callback.connectedApp-meta.xml");
    f.Text(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
        "    <contactEmail>integration@acme.com</contactEmail>\n"
        "    <label>OneSpan Callback</label>\n    <oauthConfig>");
    f.Text(std::string("        <callbackUrl>https://") + kAcme +
           "/services/apexrest/esl/callback</callbackUrl>");
    f.Text("        <consumerKey>" + key + "</consumerKey>");
    f.Text("        <consumerSecret>" + secret + "</consumerSecret>")
        .Plant(kSfMeta, secret, {key, kAcme});
    f.Text(
        "        <isAdminApproved>true</isAdminApproved>\n"
        "        <isClientCredentialEnabled>true</isClientCredentialEnabled>\n"
        "        <isConsumerSecretOptional>false</isConsumerSecretOptional>\n"
        "        <isIntrospectAllTokens>false</isIntrospectAllTokens>\n"
        "        <isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>\n"
        "        <oauthClientCredentialUser>esl-integration@acme.com</oauthClientCredentialUser>\n"
        "        <scopes>Api</scopes>\n    </oauthConfig>\n    <oauthPolicy>\n"
        "        <ipRelaxation>ENFORCE</ipRelaxation>\n"
        "        <refreshTokenPolicy>zero</refreshTokenPolicy>\n    </oauthPolicy>\n"
        "</ConnectedApp>");
    c->Add(f);
  }
  {  // Template of a Connected App in the docs: placeholders.
    FileText f(p + "docs/templates/Partner_App.connectedApp-meta.xml");
    f.Text(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
        "    <label>Partner App</label>\n    <oauthConfig>\n"
        "        <callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>\n"
        "        "
        "<consumerKey>3MVG9XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
        "XXXXXXXXXXXXXX</consumerKey>\n"
        "        <consumerSecret>your_client_secret_here</consumerSecret>\n"
        "        <scopes>Api</scopes>\n    </oauthConfig>\n</ConnectedApp>");
    c->Add(f);
  }
  {  // External Client App: header, global OAuth settings with a custom secret, scopes, policies.
    std::string key = s.ConsumerKey(), secret = s.Chars(kAlnum, 40);
    FileText eca(meta + "externalClientApps/Esign_Listener.eca-meta.xml");
    eca.Text(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ExternalClientApplication xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
        "    <contactEmail>integration@acme.com</contactEmail>\n"
        "    <distributionState>Local</distributionState>\n"
        "    <isProtected>false</isProtected>\n    <label>Esign Listener</label>\n"
        "</ExternalClientApplication>");
    c->Add(eca);
    FileText f(meta + "extlClntAppGlobalOauthSets/Esign_Listener.ecaGlblOauth-meta.xml");
    f.Text(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ExtlClntAppGlobalOauthSettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">");
    f.Text(std::string("    <callbackUrl>https://") + kAcmeDev +
           "/services/apexrest/esl/callback</callbackUrl>");
    f.Text("    <consumerKey>" + key + "</consumerKey>");
    f.Text("    <consumerSecret>" + secret + "</consumerSecret>")
        .Plant(kSfMeta, secret, {key, kAcmeDev});
    f.Text(
        "    <externalClientApplication>Esign_Listener</externalClientApplication>\n"
        "    <isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>\n"
        "    <isConsumerSecretOptional>false</isConsumerSecretOptional>\n"
        "    <isPkceRequired>false</isPkceRequired>\n"
        "    <label>Esign Listener</label>\n</ExtlClntAppGlobalOauthSettings>");
    c->Add(f);
    FileText scopes(meta + "extlClntAppOauthSettings/Esign_Listener.ecaOauth-meta.xml");
    scopes.Text(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ExtlClntAppOauthSettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
        "    <commaSeparatedOauthScopes>Api</commaSeparatedOauthScopes>\n"
        "    <externalClientApplication>Esign_Listener</externalClientApplication>\n"
        "    <label>Esign Listener</label>\n</ExtlClntAppOauthSettings>");
    c->Add(scopes);
    FileText policy(meta + "extlClntAppOauthPolicies/Esign_Listener.ecaOauthPlcy-meta.xml");
    policy.Text(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ExtlClntAppOauthConfigurablePolicies xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
        "    <clientCredentialsFlowUser>esl-integration@acme.com.dev</clientCredentialsFlowUser>\n"
        "    <externalClientApplication>Esign_Listener</externalClientApplication>\n"
        "    <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>\n"
        "    <isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>\n"
        "    <label>Esign Listener</label>\n"
        "    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>\n"
        "    <refreshTokenPolicyType>Immediately</refreshTokenPolicyType>\n"
        "</ExtlClntAppOauthConfigurablePolicies>");
    c->Add(policy);
  }
  {  // The Apex REST resource OneSpan calls back: no secret.
    FileText f(meta + "classes/EslCallbackResource.cls");
    f.Text(
        "@RestResource(urlMapping='/esl/callback')\n"
        "global with sharing class EslCallbackResource {\n"
        "    // OneSpan Sign posts event notifications here with\n"
        "    // \"Authorization: Basic <callback key>\" (see docs/SETUP.md).\n"
        "    @HttpPost\n    global static void handle() {\n"
        "        RestRequest req = RestContext.request;\n"
        "        Map<String, Object> event = (Map<String, Object>) JSON.deserializeUntyped(\n"
        "            req.requestBody.toString());\n"
        "        String packageId = (String) event.get('packageId');\n"
        "        EslEventQueue.enqueue(packageId, (String) event.get('name'));\n"
        "        RestContext.response.statusCode = 204;\n    }\n}");
    c->Add(f);
    FileText m(meta + "classes/EslCallbackResource.cls-meta.xml");
    m.Text(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<ApexClass xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
        "    <apiVersion>60.0</apiVersion>\n    <status>Active</status>\n</ApexClass>");
    c->Add(m);
  }
  {  // Apex token callout with constants.
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    FileText f(meta + "classes/SalesforceTokenService.cls");
    f.Text("public with sharing class SalesforceTokenService {");
    f.Text(std::string("    private static final String TOKEN_URL = 'https://") + kAcme +
           "/services/oauth2/token';");
    f.Text("    private static final String CLIENT_ID = '" + key + "';");
    f.Text("    private static final String CLIENT_SECRET = '" + secret + "';")
        .Plant(kSf, secret, {key, kAcme});
    f.Text(
        "\n    public static String requestToken() {\n"
        "        HttpRequest req = new HttpRequest();\n        req.setEndpoint(TOKEN_URL);\n"
        "        req.setMethod('POST');\n"
        "        req.setHeader('Content-Type', 'application/x-www-form-urlencoded');\n"
        "        req.setBody('grant_type=client_credentials'\n"
        "            + '&client_id=' + EncodingUtil.urlEncode(CLIENT_ID, 'UTF-8')\n"
        "            + '&client_secret=' + EncodingUtil.urlEncode(CLIENT_SECRET, 'UTF-8'));\n"
        "        HttpResponse res = new Http().send(req);\n"
        "        Map<String, Object> body = (Map<String, Object>) "
        "JSON.deserializeUntyped(res.getBody());\n"
        "        return (String) body.get('access_token');\n    }\n}");
    c->Add(f);
  }
  {  // OneSpan Apex SDK settings set from code and from an anonymous Apex script.
    std::string esl1 = OneSpanApiKey(s, 12, 12), esl2 = OneSpanApiKey(s, 12, 14);
    FileText f(meta + "classes/OneSpanSetup.cls");
    f.Text(
        "public with sharing class OneSpanSetup {\n    public static void configure() {\n"
        "        OneSpan_Connection_Settings__c settings = "
        "OneSpan_Connection_Settings__c.getOrgDefaults();");
    f.Text(std::string("        settings.Endpoint__c = 'https://") + kEslApps + "';");
    f.Text("        settings.API_Key__c = '" + esl1 + "';")
        .Plant(kEslKey, esl1, {std::nullopt, kEslApps});
    f.Text("        upsert settings;\n    }\n}");
    c->Add(f);
    FileText a(p + "scripts/apex/configure-onespan.apex");
    a.Text("// sf apex run --file scripts/apex/configure-onespan.apex --target-org uat");
    a.Text(
        "insert new OneSpan_Connection_Settings__c(\n    SetupOwnerId = "
        "UserInfo.getOrganizationId(),");
    a.Text("    API_Key__c = '" + esl2 + "',").Plant(kEslKey, esl2, {std::nullopt, kEslSandbox});
    a.Text(std::string("    Endpoint__c = 'https://") + kEslSandbox + "'\n);");
    c->Add(a);
  }
  {  // Data seeding with `sf data import tree`.
    std::string esl = OneSpanApiKey(s, 12, 12);
    FileText f(p + "data/OneSpan_Connection_Settings__c.json");
    f.Text(
        "{\n  \"records\": [\n    {\n      \"attributes\": {\n"
        "        \"type\": \"OneSpan_Connection_Settings__c\",\n"
        "        \"referenceId\": \"OneSpan_Connection_Settings__cRef1\"\n      },\n"
        "      \"Name\": \"Default\",");
    f.Text("      \"API_Key__c\": \"" + esl + "\",").Plant(kEslKey, esl, {std::nullopt, kEslApps});
    f.Text(std::string("      \"Endpoint__c\": \"https://") + kEslApps + "\"\n    }\n  ]\n}");
    c->Add(f);
  }
  {  // `sf org display --verbose --json` saved into the repository.
    std::string org = OrgId(s);
    std::string token = AccessToken(s, org), refresh = s.RefreshToken();
    FileText f(p + "org-display.json");
    f.Text("{\n  \"status\": 0,\n  \"result\": {\n    \"id\": \"" + org +
           "EAA\",\n"
           "    \"apiVersion\": \"60.0\",");
    f.Text("    \"accessToken\": \"" + token + "\",")
        .Plant(kSfAccess, token, {std::nullopt, kAcme});
    f.Text(std::string("    \"instanceUrl\": \"https://") + kAcme +
           "\",\n"
           "    \"username\": \"ci@acme.com\",\n    \"clientId\": \"PlatformCLI\",\n"
           "    \"connectedStatus\": \"Connected\",");
    f.Text("    \"sfdxAuthUrl\": \"force://PlatformCLI::" + refresh + "@" + kAcme + "\",")
        .Plant(kSfdxUrl, refresh, {"PlatformCLI", kAcme});
    f.Text("    \"alias\": \"prod\"\n  },\n  \"warnings\": []\n}");
    c->Add(f);
  }
  {  // GitHub Actions: auth URL from a secret (quiet) and a hard-coded one for a hotfix sandbox.
    std::string refresh = s.RefreshToken();
    FileText f(p + ".github/workflows/deploy.yml");
    f.Text(
        "name: Deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n"
        "    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@" +
        LowerHex(s, 40) +
        " # v4.1.1\n"
        "      - uses: actions/setup-node@" +
        LowerHex(s, 40) +
        " # v4.0.2\n"
        "        with:\n          node-version: 20\n"
        "      - name: Install Salesforce CLI\n        run: npm install --global @salesforce/cli\n"
        "      - name: Authenticate production\n        run: |\n"
        "          echo \"${{ secrets.SFDX_AUTH_URL }}\" > ./authfile\n"
        "          sf org login sfdx-url --sfdx-url-file ./authfile --alias prod --set-default\n"
        "      - name: Authenticate hotfix sandbox\n        env:");
    f.Text("          SFDX_AUTH_URL: force://PlatformCLI::" + refresh + "@" + kAcmeHotfix)
        .Plant(kSfdxUrl, refresh, {"PlatformCLI", kAcmeHotfix});
    f.Text(
        "        run: |\n          echo \"$SFDX_AUTH_URL\" > ./hotfix-auth\n"
        "          sf org login sfdx-url --sfdx-url-file ./hotfix-auth --alias hotfix\n"
        "      - name: Deploy\n"
        "        run: sf project deploy start --target-org prod --test-level RunLocalTests");
    c->Add(f);
  }
  {  // GitHub Actions: JWT bearer flow with the consumer key inline (an identifier on its own).
    std::string key = s.ConsumerKey();
    FileText f(p + ".github/workflows/validate.yml");
    f.Text(
        "name: Validate\non: [pull_request]\njobs:\n  validate:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@" +
        LowerHex(s, 40) +
        "\n"
        "      - run: npm install --global @salesforce/cli\n"
        "      - name: Authorize (JWT)\n        run: |\n"
        "          openssl enc -nosalt -aes-256-cbc -d -in assets/server.key.enc -out "
        "assets/server.key "
        "-base64 -K ${{ secrets.DECRYPTION_KEY }} -iv ${{ secrets.DECRYPTION_IV }}");
    f.Text("          sf org login jwt --client-id " + key +
           " --jwt-key-file assets/server.key --username ci@acme.com --instance-url https://" +
           kAcme + " --alias ci")
        .Plant(kSfKey, key);
    f.Text("      - run: sf project deploy validate --target-org ci --test-level RunLocalTests");
    c->Add(f);
  }
  {  // GitLab CI: an auth URL of a custom Connected App, a curl client-credentials smoke test.
    std::string key1 = s.ConsumerKey(), secret1 = s.ConsumerSecretHex(), refresh = s.RefreshToken();
    std::string key2 = s.ConsumerKey(), secret2 = s.ConsumerSecretHex();
    FileText f(p + ".gitlab-ci.yml");
    f.Text("stages: [auth, deploy]\n\nvariables:");
    f.Text(std::string("  SF_INSTANCE_URL: \"https://") + kAcmeUat + "\"");
    f.Text("  SFDX_AUTH_URL_UAT: \"force://" + key1 + ":" + secret1 + ":" + refresh + "@" +
           kAcmeUat + "\"")
        .Plant(kSfdxUrl, refresh, {key1, kAcmeUat});
    f.Text(
        "\nsmoke-token:\n  stage: auth\n  image: curlimages/curl:8.7.1\n  script:\n    - >\n"
        "      curl --fail -s -X POST \"$SF_INSTANCE_URL/services/oauth2/token\"\n"
        "      -d grant_type=client_credentials");
    f.Text("      -d client_id=" + key2);
    f.Text("      -d client_secret=" + secret2).Plant(kSf, secret2, {key2, kAcmeUat});
    f.Text(
        "    - curl --fail -s -X POST \"$SF_INSTANCE_URL/services/oauth2/token\" -d "
        "grant_type=client_credentials -d client_id=$SF_CLIENT_ID -d "
        "client_secret=$SF_CLIENT_SECRET");
    f.Text(
        "\ndeploy-uat:\n  stage: deploy\n  image: salesforce/cli:latest-full\n  script:\n"
        "    - echo \"$SFDX_AUTH_URL_UAT\" | sf org login sfdx-url --sfdx-url-stdin --alias uat\n"
        "    - sf project deploy start --target-org uat");
    c->Add(f);
  }
  {  // A helper script with HTTP Basic client_id:client_secret.
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    FileText f(p + "scripts/get-token.sh");
    f.Text("#!/usr/bin/env bash\nset -euo pipefail\n# Smoke test of the client-credentials flow.");
    f.Text("curl -s -u \"" + key + ":" + secret + "\" -d grant_type=client_credentials https://" +
           kAcme + "/services/oauth2/token | jq .")
        .Plant(kSf, secret, {key, kAcme});
    c->Add(f);
  }
  {  // README with a leaked session in a troubleshooting snippet.
    std::string token = AccessToken(s, OrgId(s));
    FileText f(p + "README.md");
    f.Text(
        "# acme-salesforce\n\nSalesforce DX project of the OneSpan Sign callback listener.\n\n"
        "## Deploy\n\n```sh\nsf org login sfdx-url --sfdx-url-file authFile.txt --alias prod\n"
        "sf project deploy start --target-org prod\n```\n\n"
        "`authFile.txt` holds `force://PlatformCLI::<refresh_token>@<my-domain>.my.salesforce.com`"
        " (print it with `sf org display --verbose`). Never commit it.\n\n"
        "## Troubleshooting\n\nIf OneSpan callbacks fail with 401, check the session:\n\n```sh");
    f.Text(std::string("curl https://") + kAcme + "/services/data/v60.0/limits \\");
    f.Text("  -H \"Authorization: Bearer " + token + "\"")
        .Plant(kSfAccess, token, {std::nullopt, kAcme});
    f.Text("```");
    c->Add(f);
  }
  {  // Setup guide: placeholders only.
    FileText f(p + "docs/SETUP.md");
    f.Text(
        "# Setting up the OneSpan Sign callback\n\n"
        "1. Create the External Client App `Esign_Listener` with the client credentials flow and "
        "scope `Api`.\n"
        "2. Copy the consumer key (it starts with `3MVG9…`) and the secret into the vault:\n\n"
        "```sh\nvault kv put secret/esign SF_CLIENT_ID=3MVG9XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
        "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX SF_CLIENT_SECRET=<secret>\n```\n\n"
        "3. Test the pair:\n\n```sh\ncurl "
        "https://<my-domain>.my.salesforce.com/services/oauth2/token "
        "-d grant_type=client_credentials -d client_id=$SF_CLIENT_ID -d "
        "client_secret=$SF_CLIENT_SECRET\n```\n\n"
        "   The answer contains `\"access_token\": \"00D…!AQ…\"`; a wrong secret gives "
        "`invalid_client`.\n\n"
        "4. Register the callback in OneSpan Sign (`POST https://apps.esignlive.com/api/callback`)"
        " with `Authorization: Basic <api key>` and `\"key\": "
        "\"<base64(client_id:client_secret)>\"`"
        ".\n\n| setting | value |\n|---|---|\n| `ESL_API_KEY` | `****************` |\n"
        "| `SF_CLIENT_SECRET` | `${SF_CLIENT_SECRET}` |\n"
        "| `SF_REFRESH_TOKEN` | `5Aep861…` (not used by the client credentials flow) |");
    c->Add(f);
  }
  {  // The Metadata API WSDL: schema lines naming consumerSecret.
    FileText f(p + "wsdl/metadata.wsdl");
    f.Text(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<definitions targetNamespace=\"http://soap.sforce.com/2006/04/metadata\">\n <types>\n"
        "  <xsd:schema elementFormDefault=\"qualified\" "
        "targetNamespace=\"http://soap.sforce.com/2006/04/metadata\">\n"
        "   <xsd:complexType name=\"ConnectedAppOauthConfig\">\n    <xsd:sequence>\n"
        "     <xsd:element name=\"callbackUrl\" type=\"xsd:string\"/>\n"
        "     <xsd:element name=\"certificate\" minOccurs=\"0\" type=\"xsd:string\"/>\n"
        "     <xsd:element name=\"consumerKey\" minOccurs=\"0\" type=\"xsd:string\"/>\n"
        "     <xsd:element name=\"consumerSecret\" minOccurs=\"0\" type=\"xsd:string\"/>\n"
        "     <xsd:element name=\"isClientCredentialEnabled\" minOccurs=\"0\" "
        "type=\"xsd:boolean\"/>\n"
        "     <xsd:element name=\"oauthClientCredentialUser\" minOccurs=\"0\" "
        "type=\"xsd:string\"/>\n"
        "    </xsd:sequence>\n   </xsd:complexType>\n"
        "   <xsd:complexType name=\"ExtlClntAppGlobalOauthSettings\">\n    <xsd:complexContent>\n"
        "     <xsd:extension base=\"tns:Metadata\">\n      <xsd:sequence>\n"
        "       <xsd:element name=\"consumerKey\" minOccurs=\"0\" type=\"xsd:string\"/>\n"
        "       <xsd:element name=\"consumerSecret\" minOccurs=\"0\" type=\"xsd:string\"/>\n"
        "      </xsd:sequence>\n     </xsd:extension>\n    </xsd:complexContent>\n"
        "   </xsd:complexType>\n  </xsd:schema>\n </types>\n</definitions>");
    c->Add(f);
  }
  {  // Commit history notes.
    FileText f(p + "CHANGELOG.md");
    f.Text("# Changelog\n\n## 2.3.1 (2024-05-01)\n\n- Retry OneSpan callbacks on 503 (" +
           LowerHex(s, 40) + ")\n- Merge pull request #412 from acme/fix/esl-timeout (" +
           LowerHex(s, 7) +
           ")\n\n## 2.3.0 (2024-04-12)\n\n"
           "- Switch the OneSpan listener to the client credentials flow, reverted in " +
           LowerHex(s, 40) +
           "\n- Rotated the consumer secret; sha256(client_secret)=" + s.UpperHex(64) + "\n");
    c->Add(f);
  }
}

// ---------------------------------------------------------------------------------------------
// esign-portal: Node/TypeScript front end and its build output.
void EsignPortal(Corpus* c) {
  Synth s(0x9047A1);
  const std::string p = "esign-portal/";

  {  // jsforce connection: login host first, My Domain instance URL below.
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    std::string token = AccessToken(s, OrgId(s)), refresh = s.RefreshToken();
    FileText f(p + "src/salesforce.js");
    f.Text(
        "'use strict';\n\nconst jsforce = require('jsforce');\n\n"
        "const conn = new jsforce.Connection({\n  oauth2: {\n"
        "    loginUrl: 'https://login.salesforce.com',");
    f.Text("    clientId: '" + key + "',");
    f.Text("    clientSecret: '" + secret + "',").Plant(kSf, secret, {key, kGlobex});
    f.Text("    redirectUri: 'http://localhost:3000/oauth2/callback',\n  },");
    f.Text(std::string("  instanceUrl: 'https://") + kGlobex + "',");
    f.Text("  accessToken: '" + token + "',").Plant(kSfAccess, token, {std::nullopt, kGlobex});
    f.Text("  refreshToken: '" + refresh + "',")
        .Plant(kSfRefresh, refresh, {std::nullopt, kGlobex});
    f.Text(
        "});\n\nconn.on('refresh', (accessToken, res) => {\n"
        "  console.log('refreshed token for', res.instance_url);\n});\n\nmodule.exports = conn;");
    c->Add(f);
  }
  {  // OneSpan REST client with a Basic header.
    std::string esl = OneSpanApiKey(s, 12, 12);
    FileText f(p + "src/onespan.ts");
    f.Text("import axios from 'axios';\n\nexport const esl = axios.create({");
    f.Text(std::string("  baseURL: 'https://") + kEslApps + "/api',\n  headers: {");
    f.Text("    Authorization: 'Basic " + esl + "',").Plant(kEslKey, esl, {std::nullopt, kEslApps});
    f.Text(
        "    Accept: 'application/json',\n  },\n});\n\n"
        "export async function createPackage(pkg: unknown): Promise<string> {\n"
        "  const { data } = await esl.post('/packages', pkg);\n  return data.id;\n}");
    c->Add(f);
  }
  {  // Configuration read from the environment.
    FileText f(p + "src/config.ts");
    f.Text(
        "export const config = {\n  salesforce: {\n"
        "    instanceUrl: process.env.SF_INSTANCE_URL ?? 'https://login.salesforce.com',\n"
        "    clientId: process.env.SF_CLIENT_ID ?? '3MVG9XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
        "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',\n"
        "    clientSecret: process.env.SF_CLIENT_SECRET,\n  },\n  onespan: {\n"
        "    baseUrl: 'https://sandbox.esignlive.com/api',\n"
        "    apiKey: process.env.ESL_API_KEY ?? '',\n"
        "    authorization: `Basic ${process.env.ESL_API_KEY}`,\n  },\n};");
    c->Add(f);
  }
  {  // Minified production bundle with the credentials inlined by the build.
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    FileText f(p + "dist/main.4f9c2a1b.min.js");
    f.Text("/*! esign-portal v2.3.1 | (c) Acme Corp */");
    f.Text(
         "\"use "
         "strict\";(self.webpackChunkesign_portal=self.webpackChunkesign_portal||[]).push([[179],"
         "{4521:function(e,t,n){n.d(t,{Z:function(){return i}});var r=n(7294),o=n(9669),a={"
         "instanceUrl:\"https://" +
         std::string(kGlobex) + "\",clientId:\"" + key + "\",clientSecret:\"" + secret +
         "\",apiVersion:\"60.0\"};function i(){var e=(0,r.useState)"
         "(null),t=e[0],n=e[1];return(0,r.useEffect)(function(){o.post(a.instanceUrl+\"/services/"
         "oauth2/"
         "token\",\"grant_type=client_credentials&client_id=\"+a.clientId+\"&client_secret=\"+"
         "a.clientSecret).then(function(e){return "
         "n(e.data.access_token)})},[]),t}},7294:function(e)"
         "{e.exports=React}}]);")
        .Plant(kSf, secret, {key, kGlobex});
    c->Add(f);
  }
  {  // Vendor bundle: hashes, alphabets, data: URIs, code that handles secrets without holding one.
    FileText f(p + "dist/vendor.8b1e7d03.min.js");
    f.Text("/*! For license information please see vendor.8b1e7d03.min.js.LICENSE.txt */");
    f.Text(
        "(self.webpackChunkesign_portal=self.webpackChunkesign_portal||[]).push([[736],{3301:"
        "function(e,t){var n=\"0123456789abcdef\",r=\"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr"
        "stuvwxyz0123456789+/\",o={sha256:\"" +
        LowerHex(s, 64) + "\",checksum:\"" + s.UpperHex(64) +
        "\"};t.oauth=function(e){return\"grant_type=client_credentials&client_id=\"+"
        "encodeURIComponent"
        "(e.clientId)+\"&client_secret=\"+encodeURIComponent(e.clientSecret)},t.basic=function(e)"
        "{return{Authorization:\"Basic \"+btoa(e.apiKey+\":\"+e.apiSecret)}},t.icon=\"data:image/"
        "png;base64," +
        s.Base64(RandomBytes(s, 300)) + "\",t.font=\"data:font/woff2;base64," +
        s.Base64(RandomBytes(s, 600)) + "\",t.ids=[" + s.Digits(19) + "," + s.Digits(19) +
        "],t.session={clientSecret:e.clientSecret,client_secret:t,apiKey:null,sid:\"" + Uuid(s) +
        "\"}},8812:function(e){e.exports={integrity:\"sha384-" + s.Base64(RandomBytes(s, 48)) +
        "\"}}}]);");
    c->Add(f);
  }
  {  // Stylesheet with inline images.
    FileText f(p + "public/styles.css");
    f.Text(".esl-logo{background:url(data:image/png;base64," + s.Base64(RandomBytes(s, 240)) +
           ") no-repeat}\n.esl-spinner{background-image:url(\"data:image/gif;base64," +
           s.Base64(RandomBytes(s, 90)) + "\")}\n.sf-badge{color:#0176D3;border-color:#032D60}");
    c->Add(f);
  }
  {  // OneSpan package fixture: ids and a document as Base64, none an id:secret pair.
    std::string pdf =
        std::string("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n") +
        "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        "4 0 obj\n<< /Producer (OneSpan Sign) /CreationDate (D:20240501102213Z) "
        "/ModDate (D:20240501102244Z) >>\nendobj\n5 0 obj\n<< /Length 512 >>\nstream\n" +
        RandomBytes(s, 512) +
        "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R /Info 4 0 R >>\n"
        "%%EOF\n";
    FileText f(p + "test/fixtures/onespan-package.json");
    f.Text("{\n  \"id\": \"" + s.Base64(RandomBytes(s, 20)) +
           "\",\n"
           "  \"name\": \"Account opening - ACME\",\n  \"status\": \"COMPLETED\",\n"
           "  \"description\": \"" +
           s.Base64("Account opening agreement signed with OneSpan Sign") +
           "\",\n  \"sender\": { \"email\": \"ops@acme.com\" },\n  \"documents\": [\n    {\n"
           "      \"id\": \"" +
           LowerHex(s, 40) +
           "\",\n      \"name\": \"Agreement\",\n"
           "      \"data\": \"data:application/pdf;base64," +
           s.Base64(pdf) +
           "\"\n    }\n  ],\n"
           "  \"signature\": \"" +
           s.Base64(RandomBytes(s, 256)) +
           "\",\n"
           "  \"transactionId\": \"" +
           Uuid(s) +
           "\",\n"
           "  \"url\": \"https://apps.esignlive.com/api/packages\"\n}");
    c->Add(f);
  }
  {  // Postman collection (v2.1 export, tab-indented): variables, a refresh-token request whose
     // raw URL and query list repeat the secrets.
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex(), refresh = s.RefreshToken();
    const Expect secret_expect{key, kGlobex};
    FileText f(p + "postman/Salesforce.postman_collection.json");
    f.Text(
        "{\n\t\"info\": {\n\t\t\"_postman_id\": \"" + Uuid(s) +
        "\",\n"
        "\t\t\"name\": \"Salesforce OAuth\",\n"
        "\t\t\"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"\n"
        "\t},\n\t\"item\": [\n\t\t{\n\t\t\t\"name\": \"Client credentials token\",\n"
        "\t\t\t\"request\": {\n\t\t\t\t\"method\": \"POST\",\n\t\t\t\t\"header\": [],\n"
        "\t\t\t\t\"body\": {\n\t\t\t\t\t\"mode\": \"urlencoded\",\n\t\t\t\t\t\"urlencoded\": [\n"
        "\t\t\t\t\t\t{\n\t\t\t\t\t\t\t\"key\": \"grant_type\",\n"
        "\t\t\t\t\t\t\t\"value\": \"client_credentials\",\n\t\t\t\t\t\t\t\"type\": \"text\"\n"
        "\t\t\t\t\t\t},\n\t\t\t\t\t\t{\n\t\t\t\t\t\t\t\"key\": \"client_id\",\n"
        "\t\t\t\t\t\t\t\"value\": \"{{client_id}}\",\n\t\t\t\t\t\t\t\"type\": \"text\"\n"
        "\t\t\t\t\t\t},\n\t\t\t\t\t\t{\n\t\t\t\t\t\t\t\"key\": \"client_secret\",\n"
        "\t\t\t\t\t\t\t\"value\": \"{{client_secret}}\",\n\t\t\t\t\t\t\t\"type\": \"text\"\n"
        "\t\t\t\t\t\t}\n\t\t\t\t\t]\n\t\t\t\t},\n\t\t\t\t\"url\": {\n"
        "\t\t\t\t\t\"raw\": \"{{instance_url}}/services/oauth2/token\",\n"
        "\t\t\t\t\t\"host\": [\"{{instance_url}}\"],\n"
        "\t\t\t\t\t\"path\": [\"services\", \"oauth2\", \"token\"]\n\t\t\t\t}\n\t\t\t}\n\t\t},\n"
        "\t\t{\n\t\t\t\"name\": \"Refresh token\",\n\t\t\t\"request\": {\n"
        "\t\t\t\t\"method\": \"POST\",\n\t\t\t\t\"header\": [],\n\t\t\t\t\"url\": {");
    f.Text("\t\t\t\t\t\"raw\": \"https://" + std::string(kGlobex) +
           "/services/oauth2/token?grant_type=refresh_token&client_id=" + key +
           "&client_secret=" + secret + "&refresh_token=" + refresh + "\",")
        .Plant(kSf, secret, secret_expect)
        .Plant(kSfRefresh, refresh, {std::nullopt, kGlobex});
    f.Text(
        "\t\t\t\t\t\"protocol\": \"https\",\n"
        "\t\t\t\t\t\"host\": [\"globex\", \"my\", \"salesforce\", \"com\"],\n"
        "\t\t\t\t\t\"path\": [\"services\", \"oauth2\", \"token\"],\n\t\t\t\t\t\"query\": [\n"
        "\t\t\t\t\t\t{\n\t\t\t\t\t\t\t\"key\": \"grant_type\",\n"
        "\t\t\t\t\t\t\t\"value\": \"refresh_token\"\n\t\t\t\t\t\t},\n"
        "\t\t\t\t\t\t{\n\t\t\t\t\t\t\t\"key\": \"client_id\",\n"
        "\t\t\t\t\t\t\t\"value\": \"" +
        key +
        "\"\n\t\t\t\t\t\t},\n"
        "\t\t\t\t\t\t{\n\t\t\t\t\t\t\t\"key\": \"client_secret\",");
    f.Text("\t\t\t\t\t\t\t\"value\": \"" + secret + "\"").Plant(kSf, secret, secret_expect);
    f.Text("\t\t\t\t\t\t},\n\t\t\t\t\t\t{\n\t\t\t\t\t\t\t\"key\": \"refresh_token\",");
    f.Text("\t\t\t\t\t\t\t\"value\": \"" + refresh + "\"")
        .Plant(kSfRefresh, refresh, {std::nullopt, kGlobex});
    f.Text(
        "\t\t\t\t\t\t}\n\t\t\t\t\t]\n\t\t\t\t}\n\t\t\t}\n\t\t}\n\t],\n\t\"variable\": [\n"
        "\t\t{\n\t\t\t\"key\": \"instance_url\",\n\t\t\t\"value\": \"https://" +
        std::string(kGlobex) +
        "\",\n\t\t\t\"type\": \"string\"\n\t\t},\n"
        "\t\t{\n\t\t\t\"key\": \"client_id\",\n\t\t\t\"value\": \"" +
        key +
        "\",\n"
        "\t\t\t\"type\": \"string\"\n\t\t},\n\t\t{\n\t\t\t\"key\": \"client_secret\",");
    f.Text("\t\t\t\"value\": \"" + secret + "\",").Plant(kSf, secret, secret_expect);
    f.Text("\t\t\t\"type\": \"string\"\n\t\t}\n\t]\n}");
    c->Add(f);
  }
  {  // Dockerfile of the API: the secret baked in, the key given at run time.
    std::string secret = s.ConsumerSecretHex();
    FileText f(p + "Dockerfile");
    f.Text("FROM node:20-alpine@sha256:" + LowerHex(s, 64) +
           "\nWORKDIR /app\nCOPY . .\n"
           "RUN npm ci --omit=dev");
    f.Text(std::string("ENV SF_INSTANCE_URL=https://") + kGlobex);
    f.Text("ENV SF_CLIENT_SECRET " + secret).Plant(kSf, secret, {"", kGlobex});
    f.Text("CMD [\"node\", \"server.js\"]");
    c->Add(f);
  }
  {  // npm lock file.
    FileText f(p + "package-lock.json");
    f.Text(
        "{\n  \"name\": \"esign-portal\",\n  \"version\": \"2.3.1\",\n  \"lockfileVersion\": 3,\n"
        "  \"requires\": true,\n  \"packages\": {\n"
        "    \"node_modules/jsforce\": {\n      \"version\": \"3.2.0\",\n"
        "      \"resolved\": \"https://registry.npmjs.org/jsforce/-/jsforce-3.2.0.tgz\",\n"
        "      \"integrity\": \"sha512-" +
        s.Base64(RandomBytes(s, 64)) +
        "\"\n    },\n"
        "    \"node_modules/axios\": {\n      \"version\": \"1.6.8\",\n"
        "      \"resolved\": \"https://registry.npmjs.org/axios/-/axios-1.6.8.tgz\",\n"
        "      \"integrity\": \"sha512-" +
        s.Base64(RandomBytes(s, 64)) +
        "\"\n    },\n"
        "    \"node_modules/onespan-sign-client\": {\n      \"version\": \"0.4.2\",\n"
        "      \"resolved\": "
        "\"https://registry.npmjs.org/onespan-sign-client/-/onespan-sign-client-0.4.2.tgz\",\n"
        "      \"integrity\": \"sha1-" +
        s.Base64(RandomBytes(s, 20)) + "\"\n    }\n  }\n}");
    c->Add(f);
  }
}

// ---------------------------------------------------------------------------------------------
// python-sync: a small Python job.
void PythonSync(Corpus* c) {
  Synth s(0x9F7110);
  const std::string p = "python-sync/";

  {
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    FileText f(p + "sync/salesforce_client.py");
    f.Text(
        "\"\"\"Client-credentials token helper for the Acme org.\"\"\"\nimport os\n\nimport "
        "requests\n");
    f.Text(std::string("SF_DOMAIN = \"https://") + kAcme + "\"");
    f.Text("CLIENT_ID = \"" + key + "\"");
    f.Text("CLIENT_SECRET = \"" + secret + "\"").Plant(kSf, secret, {key, kAcme});
    f.Text(
        "TIMEOUT = float(os.environ.get(\"SF_TIMEOUT\", \"10\"))\n\n\n"
        "def fetch_token() -> str:\n    response = requests.post(\n"
        "        f\"{SF_DOMAIN}/services/oauth2/token\",\n        data={\n"
        "            \"grant_type\": \"client_credentials\",\n"
        "            \"client_id\": CLIENT_ID,\n            \"client_secret\": CLIENT_SECRET,\n"
        "        },\n        timeout=TIMEOUT,\n    )\n    response.raise_for_status()\n"
        "    return response.json()[\"access_token\"]");
    c->Add(f);
  }
  {
    std::string token = AccessToken(s, OrgId(s));
    FileText f(p + "sync/legacy_session.py");
    f.Text(
        "from simple_salesforce import Salesforce\n\n# TODO: remove once the JWT flow is live\n"
        "sf = Salesforce(");
    f.Text(std::string("    instance=\"") + kAcme + "\",");
    f.Text("    session_id=\"" + token + "\",").Plant(kSfAccess, token, {std::nullopt, kAcme});
    f.Text(")");
    c->Add(f);
  }
  {
    FileText f(p + "sync/settings.py");
    f.Text(
        "import hashlib\nimport os\n\n"
        "SF_CLIENT_ID = os.environ.get(\"SF_CLIENT_ID\", \"3MVG9XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
        "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\")\n"
        "SF_CLIENT_SECRET = os.environ.get(\"SF_CLIENT_SECRET\")\n"
        "ESL_API_KEY = os.environ[\"ESL_API_KEY\"]\nESL_BASE_URL = "
        "\"https://apps.esignlive.com/api\"\n\n"
        "# sha256 of the approved partner WSDL, checked at start-up\n"
        "WSDL_SHA256 = \"" +
        LowerHex(s, 64) + "\"\nWSDL_CHECKSUM = \"" + s.UpperHex(64) +
        "\"\n\n\n"
        "def wsdl_ok(data: bytes) -> bool:\n"
        "    return hashlib.sha256(data).hexdigest() == WSDL_SHA256\n");
    c->Add(f);
  }
  {  // Hash-checking requirements.
    FileText f(p + "requirements.txt");
    f.Text("requests==2.31.0 \\\n    --hash=sha256:" + LowerHex(s, 64) +
           " \\\n    --hash=sha256:" + LowerHex(s, 64) +
           "\nsimple-salesforce==1.12.6 \\\n    --hash=sha256:" + LowerHex(s, 64) +
           "\nvcrpy==6.0.1 \\\n    --hash=sha256:" + LowerHex(s, 64));
    c->Add(f);
  }
  {  // A vcrpy cassette that recorded the OneSpan API key.
    std::string esl = OneSpanApiKey(s, 12, 12);
    FileText f(p + "tests/cassettes/test_list_packages.yaml");
    f.Text(
        "interactions:\n- request:\n    body: null\n    headers:\n      Accept:\n"
        "      - application/json\n      Authorization:");
    f.Text("      - Basic " + esl).Plant(kEslKey, esl, {std::nullopt, kEslSandbox});
    f.Text("      User-Agent:\n      - python-requests/2.31.0\n    method: GET");
    f.Text(std::string("    uri: https://") + kEslSandbox + "/api/packages?from=0&to=10");
    f.Text("  response:\n    body:\n      string: '{\"count\":1,\"results\":[{\"id\":\"" +
           s.Base64(RandomBytes(s, 20)) +
           "\",\"status\":\"COMPLETED\"}]}'\n    headers:\n"
           "      Content-Type:\n      - application/json\n    status:\n      code: 200\n"
           "      message: OK\nversion: 1");
    c->Add(f);
  }
  {  // Order export: 19-digit numbers and record ids.
    FileText f(p + "data/orders.csv");
    std::string text = "order_number,account_id,org_id,amount,created_at";
    for (int i = 0; i < 6; ++i) {
      text += "\n" + s.Digits(19) + ",001" + s.Chars(kAlnum, 15) + "," + OrgId(s) + "," +
              s.Digits(3) + ".00,2024-04-2" + std::to_string(i) + "T09:1" + std::to_string(i) +
              ":00Z";
    }
    f.Text(text);
    c->Add(f);
  }
}

// ---------------------------------------------------------------------------------------------
// dotnet-esign: an ASP.NET service.
void DotnetEsign(Corpus* c) {
  Synth s(0xD07E7);
  const std::string p = "dotnet-esign/EsignService/";

  {
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    FileText f(p + "Salesforce/SalesforceAuth.cs");
    f.Text(
        "using System.Collections.Generic;\nusing System.Net.Http;\nusing "
        "System.Threading.Tasks;\n\n"
        "namespace Acme.Esign.Salesforce\n{\n    public sealed class SalesforceAuth\n    {");
    f.Text(std::string("        private const string TokenUrl = \"https://") + kGlobexQa +
           "/services/oauth2/token\";");
    f.Text(
        "        private readonly HttpClient _http;\n\n"
        "        public SalesforceAuth(HttpClient http) => _http = http;\n\n"
        "        public async Task<string> GetTokenAsync()\n        {\n"
        "            var form = new FormUrlEncodedContent(new Dictionary<string, string>\n"
        "            {\n                { \"grant_type\", \"client_credentials\" },");
    f.Text("                { \"client_id\", \"" + key + "\" },");
    f.Text("                { \"client_secret\", \"" + secret + "\" },")
        .Plant(kSf, secret, {key, kGlobexQa});
    f.Text(
        "            });\n            using var response = await _http.PostAsync(TokenUrl, form);\n"
        "            response.EnsureSuccessStatusCode();\n"
        "            return await response.Content.ReadAsStringAsync();\n        }\n    }\n}");
    c->Add(f);
  }
  {
    std::string esl = OneSpanApiKey(s, 12, 12);
    FileText f(p + "OneSpan/OneSpanClientFactory.cs");
    f.Text(
        "using Silanis.ESL.SDK;\n\nnamespace Acme.Esign.OneSpan\n{\n"
        "    public static class OneSpanClientFactory\n    {");
    f.Text("        private const string ApiKey = \"" + esl + "\";")
        .Plant(kEslKey, esl, {std::nullopt, kEslApps});
    f.Text(std::string("        private const string BaseUrl = \"https://") + kEslApps + "/api\";");
    f.Text(
        "\n        public static EslClient Create() => new EslClient(ApiKey, BaseUrl);\n    }\n}");
    c->Add(f);
  }
  {
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretDigits();
    std::string esl = OneSpanApiKey(s, 12, 13);
    FileText f(p + "appsettings.json");
    f.Text(
        "{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n"
        "  \"Salesforce\": {");
    f.Text(std::string("    \"InstanceUrl\": \"https://") + kGlobexQa + "\",");
    f.Text("    \"ClientId\": \"" + key + "\",");
    f.Text("    \"ClientSecret\": \"" + secret + "\"").Plant(kSf, secret, {key, kGlobexQa});
    f.Text("  },\n  \"OneSpan\": {");
    f.Text(std::string("    \"BaseUrl\": \"https://") + kEslSandbox + "/api\",");
    f.Text("    \"ApiKey\": \"" + esl + "\"").Plant(kEslKey, esl, {std::nullopt, kEslSandbox});
    f.Text("  }\n}");
    c->Add(f);
  }
  {  // Legacy ASP.NET appSettings.
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    FileText f("dotnet-esign/LegacyPortal/Web.config");
    f.Text("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <appSettings>");
    f.Text(std::string("    <add key=\"SF_INSTANCE_URL\" value=\"https://") + kGlobexQa + "\" />");
    f.Text("    <add key=\"SF_CLIENT_ID\" value=\"" + key + "\" />");
    f.Text("    <add key=\"SF_CLIENT_SECRET\" value=\"" + secret + "\" />")
        .Plant(kSf, secret, {key, kGlobexQa});
    f.Text(
        "    <add key=\"webpages:Version\" value=\"3.0.0.0\" />\n  </appSettings>\n"
        "  <system.web>\n    <compilation debug=\"false\" targetFramework=\"4.8\" />\n"
        "  </system.web>\n</configuration>");
    c->Add(f);
  }
  {
    FileText f(p + "appsettings.Development.json");
    f.Text(
        "{\n  \"Salesforce\": {\n    \"InstanceUrl\": \"https://login.salesforce.com\",\n"
        "    \"ClientId\": "
        "\"3MVG9XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
        "XXXXXXXXXXXXX\",\n    \"ClientSecret\": \"<secret>\"\n  },\n  \"OneSpan\": {\n"
        "    \"BaseUrl\": \"https://sandbox.esignlive.com/api\",\n    \"ApiKey\": \"****\"\n  "
        "}\n}");
    c->Add(f);
  }
  {
    FileText f(p + "packages.lock.json");
    f.Text(
        "{\n  \"version\": 1,\n  \"dependencies\": {\n    \"net8.0\": {\n"
        "      \"OneSpanSign.Sdk\": {\n        \"type\": \"Direct\",\n"
        "        \"requested\": \"[11.47.0, )\",\n        \"resolved\": \"11.47.0\",\n"
        "        \"contentHash\": \"" +
        s.Base64(RandomBytes(s, 64)) +
        "\"\n      },\n"
        "      \"Newtonsoft.Json\": {\n        \"type\": \"Transitive\",\n"
        "        \"resolved\": \"13.0.3\",\n"
        "        \"contentHash\": \"" +
        s.Base64(RandomBytes(s, 64)) + "\"\n      }\n    }\n  }\n}");
    c->Add(f);
  }
}

// ---------------------------------------------------------------------------------------------
// infra: Terraform.
void Infra(Corpus* c) {
  Synth s(0x7F0A11);
  const std::string p = "infra/";

  {
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    FileText f(p + "main.tf");
    f.Text(
        "resource \"aws_secretsmanager_secret\" \"salesforce\" {\n  name = "
        "\"esign/salesforce\"\n}\n\n"
        "resource \"aws_secretsmanager_secret_version\" \"salesforce\" {\n"
        "  secret_id = aws_secretsmanager_secret.salesforce.id\n  secret_string = jsonencode({");
    f.Text(std::string("    instance_url  = \"https://") + kAcme + "\"");
    f.Text("    client_id     = \"" + key + "\"");
    f.Text("    client_secret = \"" + secret + "\"").Plant(kSf, secret, {key, kAcme});
    f.Text("  })\n}");
    c->Add(f);
  }
  {
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex();
    std::string esl = OneSpanApiKey(s, 12, 12);
    FileText f(p + "prod.tfvars");
    f.Text(std::string("salesforce_instance_url  = \"https://") + kAcme + "\"");
    f.Text("salesforce_client_id     = \"" + key + "\"");
    f.Text("salesforce_client_secret = \"" + secret + "\"").Plant(kSf, secret, {key, kAcme});
    f.Text("onespan_api_key          = \"" + esl + "\"")
        .Plant(kEslKey, esl, {std::nullopt, kEslApps});
    f.Text(std::string("onespan_base_url         = \"https://") + kEslApps + "/api\"");
    c->Add(f);
  }
  {  // Kubernetes Secret manifest (stringData: plain values).
    std::string key = s.ConsumerKey(), secret = s.ConsumerSecretHex(), refresh = s.RefreshToken();
    FileText f(p + "k8s/esign-sync-secret.yaml");
    f.Text(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: esign-sync\n  namespace: esign\n"
        "type: Opaque\nstringData:");
    f.Text(std::string("  SF_INSTANCE_URL: \"https://") + kAcmeUat + "\"");
    f.Text("  SF_CLIENT_ID: \"" + key + "\"");
    f.Text("  SF_CLIENT_SECRET: \"" + secret + "\"").Plant(kSf, secret, {key, kAcmeUat});
    f.Text("  SF_REFRESH_TOKEN: \"" + refresh + "\"")
        .Plant(kSfRefresh, refresh, {std::nullopt, kAcmeUat});
    c->Add(f);
  }
  {
    FileText f(p + "variables.tf");
    f.Text(
        "variable \"salesforce_client_id\" {\n  type = string\n}\n\n"
        "variable \"salesforce_client_secret\" {\n"
        "  description = \"Consumer secret of the Esign Listener app\"\n  type        = string\n"
        "  sensitive   = true\n}\n\nvariable \"onespan_api_key\" {\n  type      = string\n"
        "  sensitive = true\n  default   = \"\"\n}\n\nvariable \"sfdx_auth_url\" {\n"
        "  description = \"force://PlatformCLI::<refresh_token>@<instance>\"\n  type = string\n}");
    c->Add(f);
  }
  {
    FileText f(p + ".terraform.lock.hcl");
    std::string hashes;
    for (int i = 0; i < 5; ++i) hashes += "    \"zh:" + LowerHex(s, 64) + "\",\n";
    f.Text(
        "# This file is maintained automatically by \"terraform init\".\n\n"
        "provider \"registry.terraform.io/hashicorp/aws\" {\n  version     = \"5.46.0\"\n"
        "  constraints = \"~> 5.40\"\n  hashes = [\n    \"h1:" +
        s.Base64(RandomBytes(s, 32)) + "\",\n" + hashes + "  ]\n}");
    c->Add(f);
  }
  {
    FileText f(p + "release/checksums.txt");
    f.Text("Algorithm : SHA256\nHash      : " + s.UpperHex(64) +
           "\nPath      : C:\\build\\EsignService-2.3.1.zip\n\n" + LowerHex(s, 64) +
           "  esign-sync-2.3.1.jar\n" + LowerHex(s, 64) +
           "  esign-sync-2.3.1-sources.jar\n"
           "checksum: " +
           s.UpperHex(64) + "\nsha256=" + s.UpperHex(64));
    c->Add(f);
  }
}

struct Findings {
  CommandResult run;
  Json report;
};

class SalesforceCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    all_ = new TempDir();
    clean_ = new TempDir();
    corpus_ = new Corpus(*all_, *clean_);
    AcmeIntegration(corpus_);
    AcmeSalesforce(corpus_);
    EsignPortal(corpus_);
    PythonSync(corpus_);
    DotnetEsign(corpus_);
    Infra(corpus_);
    scan_ = new Findings();
    scan_->run = RunNhiscan({"scan", all_->path(), "--format", "json", "--show-secrets"});
    scan_->report = Json::parse(scan_->run.out, nullptr, /*allow_exceptions=*/false);
  }

  static void TearDownTestSuite() {
    delete scan_;
    delete corpus_;
    delete clean_;
    delete all_;
  }

  static const Json& FindingsJson() { return scan_->report["findings"]; }

  static std::string DescribeFinding(const Json& f) {
    std::ostringstream out;
    out << f.value("path", "?") << ":" << f.value("line", 0) << " " << f.value("rule_id", "?")
        << " secret=" << f.value("secret", "?")
        << " context=" << f.value("context", Json::object()).dump();
    return out.str();
  }

  static bool Matches(const Json& f, const Planted& p) {
    return f.value("path", "") == p.path && f.value("rule_id", "") == p.rule_id &&
           f.value("secret", "") == p.secret && f.value("line", 0ull) == p.line;
  }

  static TempDir* all_;
  static TempDir* clean_;
  static Corpus* corpus_;
  static Findings* scan_;
};

TempDir* SalesforceCorpusTest::all_ = nullptr;
TempDir* SalesforceCorpusTest::clean_ = nullptr;
Corpus* SalesforceCorpusTest::corpus_ = nullptr;
Findings* SalesforceCorpusTest::scan_ = nullptr;

TEST_F(SalesforceCorpusTest, ReportIsValidJsonAndExitIsOne) {
  ASSERT_FALSE(scan_->report.is_discarded()) << "stdout is not JSON:\n"
                                             << scan_->run.out << "\nstderr:\n"
                                             << scan_->run.err;
  EXPECT_EQ(scan_->run.exit_code, 1) << scan_->run.err;
  const Json& stats = scan_->report["stats"];
  EXPECT_EQ(stats.value("files", 0u), corpus_->files());
  EXPECT_EQ(stats.value("blobs", 0u), corpus_->files());
  EXPECT_TRUE(stats["errors"].empty()) << stats["errors"].dump();
  EXPECT_FALSE(stats.value("incomplete", true));
}

TEST_F(SalesforceCorpusTest, EveryPlantedCredentialIsFoundExactlyAndNothingElse) {
  ASSERT_FALSE(scan_->report.is_discarded());
  const Json& findings = FindingsJson();
  std::vector<bool> used(findings.size(), false);
  std::vector<std::string> missing;
  for (const Planted& p : corpus_->planted()) {
    bool found = false;
    for (size_t i = 0; i < findings.size(); ++i) {
      if (!used[i] && Matches(findings[i], p)) {
        used[i] = found = true;
        break;
      }
    }
    if (!found) missing.push_back(Describe(p));
  }
  std::vector<std::string> unexpected;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (!used[i]) unexpected.push_back(DescribeFinding(findings[i]));
  }
  std::string missing_text, unexpected_text;
  for (const std::string& m : missing) missing_text += "\n  MISSING    " + m;
  for (const std::string& u : unexpected) unexpected_text += "\n  UNEXPECTED " + u;
  EXPECT_TRUE(missing.empty()) << missing.size() << " of " << corpus_->planted().size()
                               << " planted credentials not reported as planted:" << missing_text;
  EXPECT_TRUE(unexpected.empty()) << unexpected.size()
                                  << " findings not planted:" << unexpected_text;
  EXPECT_EQ(findings.size(), corpus_->planted().size());
}

TEST_F(SalesforceCorpusTest, LookAlikeOnlyFilesHaveNoFinding) {
  ASSERT_FALSE(scan_->report.is_discarded());
  ASSERT_GE(corpus_->quiet_files().size(), 20u);
  std::set<std::string> quiet(corpus_->quiet_files().begin(), corpus_->quiet_files().end());
  for (const Json& f : FindingsJson()) {
    EXPECT_EQ(quiet.count(f.value("path", "")), 0u)
        << "finding in a look-alike-only file: " << DescribeFinding(f);
  }
}

TEST_F(SalesforceCorpusTest, KeyAndSecretInOneFileGiveOneFindingNamingTheKey) {
  ASSERT_FALSE(scan_->report.is_discarded());
  std::set<std::string> planted_keys;
  for (const Planted& p : corpus_->planted()) {
    if (p.rule_id == kSfKey) planted_keys.insert(p.path + "\n" + p.secret);
  }
  for (const Json& f : FindingsJson()) {
    if (f.value("rule_id", "") != kSfKey) continue;
    EXPECT_EQ(planted_keys.count(f.value("path", "") + "\n" + f.value("secret", "")), 1u)
        << "consumer key reported on its own although its secret is in the file: "
        << DescribeFinding(f);
  }
  for (const Planted& p : corpus_->planted()) {
    if (!p.expect.client_id) continue;
    for (const Json& f : FindingsJson()) {
      if (!Matches(f, p)) continue;
      const Json& context = f["context"];
      if (p.expect.client_id->empty()) {
        EXPECT_FALSE(context.contains("client_id")) << DescribeFinding(f);
      } else {
        EXPECT_EQ(context.value("client_id", ""), *p.expect.client_id)
            << "wrong or missing client_id for " << Describe(p) << "\n  got " << DescribeFinding(f);
      }
    }
  }
}

TEST_F(SalesforceCorpusTest, HostInTheFileIsAttached) {
  ASSERT_FALSE(scan_->report.is_discarded());
  size_t checked = 0;
  for (const Planted& p : corpus_->planted()) {
    if (!p.expect.host) continue;
    for (const Json& f : FindingsJson()) {
      if (!Matches(f, p)) continue;
      ++checked;
      const Json& context = f["context"];
      if (p.expect.host->empty()) {
        EXPECT_FALSE(context.contains("host")) << DescribeFinding(f);
      } else {
        EXPECT_EQ(context.value("host", ""), *p.expect.host)
            << "wrong or missing host for " << Describe(p) << "\n  got " << DescribeFinding(f);
      }
    }
  }
  EXPECT_GT(checked, 0u);
}

TEST_F(SalesforceCorpusTest, LookAlikeCorpusIsClean) {
  CommandResult run = RunNhiscan({"scan", clean_->path(), "--format", "json", "--show-secrets"});
  Json report = Json::parse(run.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << run.out << run.err;
  std::string listed;
  for (const Json& f : report["findings"]) listed += "\n  " + DescribeFinding(f);
  EXPECT_EQ(run.exit_code, 0) << run.err << listed;
  EXPECT_TRUE(report["findings"].empty()) << listed;
  EXPECT_EQ(report["stats"].value("files", 0u), corpus_->quiet_files().size());
}

TEST_F(SalesforceCorpusTest, OutputDoesNotDependOnThreadCount) {
  CommandResult one =
      RunNhiscan({"scan", all_->path(), "--format", "json", "--show-secrets", "--threads", "1"});
  CommandResult two =
      RunNhiscan({"scan", all_->path(), "--format", "json", "--show-secrets", "--threads", "2"});
  EXPECT_EQ(one.exit_code, 1) << one.err;
  EXPECT_EQ(two.exit_code, 1) << two.err;
  EXPECT_FALSE(one.out.empty());
  EXPECT_TRUE(one.out == two.out) << "--threads 1 and --threads 2 reports differ";
  EXPECT_TRUE(one.out == scan_->run.out) << "--threads 1 and default thread count reports differ";
}

}  // namespace
}  // namespace nhiscan::testing
