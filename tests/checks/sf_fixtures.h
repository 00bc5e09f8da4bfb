// Synthetic Salesforce DX metadata for the structured-check tests: Connected Apps, the four files
// of an External Client App, Apex REST resources and sfdx-project.json, in the layout the
// Salesforce CLI writes. Also shared by tests/sfdx_corpus/.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nhiscan::testing::sf {

// 1-based line of the first occurrence of `needle` (0 when absent).
inline uint64_t LineOf(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  if (at == std::string::npos) return 0;
  return 1 + static_cast<uint64_t>(
                 std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

struct ConnectedApp {
  std::string label = "Integration";
  std::vector<std::string> callback_urls = {
      "https://acme.my.salesforce.com/services/oauth2/callback"};
  std::string consumer_key;                       // empty: no element
  std::string consumer_secret;                    // empty: no element
  std::optional<std::string> client_credentials;  // isClientCredentialEnabled
  std::optional<std::string> secret_optional;     // isConsumerSecretOptional
  std::optional<std::string> run_as_user;         // oauthClientCredentialUser
  std::vector<std::string> scopes = {"Api"};
  std::optional<std::string> ip_relaxation;
  std::optional<std::string> refresh_policy;
};

inline std::string ConnectedAppXml(const ConnectedApp& a) {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
      "    <contactEmail>integrations@acme.test</contactEmail>\n"
      "    <label>" +
      a.label +
      "</label>\n"
      "    <oauthConfig>\n";
  if (!a.callback_urls.empty()) {
    std::string urls;
    for (const std::string& u : a.callback_urls) urls += (urls.empty() ? "" : "\n") + u;
    x += "        <callbackUrl>" + urls + "</callbackUrl>\n";
  }
  if (!a.consumer_key.empty()) x += "        <consumerKey>" + a.consumer_key + "</consumerKey>\n";
  if (!a.consumer_secret.empty()) {
    x += "        <consumerSecret>" + a.consumer_secret + "</consumerSecret>\n";
  }
  x += "        <isAdminApproved>true</isAdminApproved>\n";
  if (a.client_credentials) {
    x += "        <isClientCredentialEnabled>" + *a.client_credentials +
         "</isClientCredentialEnabled>\n";
  }
  if (a.secret_optional) {
    x +=
        "        <isConsumerSecretOptional>" + *a.secret_optional + "</isConsumerSecretOptional>\n";
  }
  x += "        <isIntrospectAllTokens>false</isIntrospectAllTokens>\n";
  if (a.run_as_user) {
    x += "        <oauthClientCredentialUser>" + *a.run_as_user + "</oauthClientCredentialUser>\n";
  }
  for (const std::string& s : a.scopes) x += "        <scopes>" + s + "</scopes>\n";
  x += "    </oauthConfig>\n";
  if (a.ip_relaxation || a.refresh_policy) {
    x += "    <oauthPolicy>\n";
    if (a.ip_relaxation) x += "        <ipRelaxation>" + *a.ip_relaxation + "</ipRelaxation>\n";
    if (a.refresh_policy) {
      x += "        <refreshTokenPolicy>" + *a.refresh_policy + "</refreshTokenPolicy>\n";
    }
    x += "    </oauthPolicy>\n";
  }
  x += "</ConnectedApp>\n";
  return x;
}

inline std::string ConnectedAppPath(const std::string& name,
                                    const std::string& root = "force-app") {
  return root + "/main/default/connectedApps/" + name + ".connectedApp-meta.xml";
}

// An External Client App: header, global OAuth settings, OAuth settings, policies.
struct ExternalClientApp {
  std::string name;
  std::string callback_url = "https://acme.my.salesforce.com/services/oauth2/callback";
  std::string consumer_key, consumer_secret;             // global settings; empty: no element
  std::optional<std::string> global_client_credentials;  // isClientCredentialsFlowEnabled (global)
  std::optional<std::string> secret_optional;
  std::string scopes = "Api";                     // commaSeparatedOauthScopes
  std::optional<std::string> client_credentials;  // isClientCredentialsFlowEnabled (policy)
  std::optional<std::string> run_as_user;         // clientCredentialsFlowUser
  std::optional<std::string> ip_relaxation;       // ipRelaxationPolicyType
  std::optional<std::string> refresh_policy;      // refreshTokenPolicyType
};

struct File {
  std::string path, text;
};

inline std::vector<File> ExternalClientAppFiles(const ExternalClientApp& e,
                                                const std::string& root = "force-app") {
  const std::string base = root + "/main/default/";
  std::vector<File> files;
  files.push_back({base + "externalClientApps/" + e.name + ".eca-meta.xml",
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<ExternalClientApplication xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
                   "    <contactEmail>it@acme.test</contactEmail>\n"
                   "    <distributionState>Local</distributionState>\n"
                   "    <isProtected>false</isProtected>\n"
                   "    <label>" +
                       e.name +
                       "</label>\n"
                       "</ExternalClientApplication>\n"});
  std::string g =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ExtlClntAppGlobalOauthSettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
      "    <callbackUrl>" +
      e.callback_url + "</callbackUrl>\n";
  if (!e.consumer_key.empty()) g += "    <consumerKey>" + e.consumer_key + "</consumerKey>\n";
  if (!e.consumer_secret.empty())
    g += "    <consumerSecret>" + e.consumer_secret + "</consumerSecret>\n";
  g += "    <externalClientApplication>" + e.name + "</externalClientApplication>\n";
  if (e.global_client_credentials) {
    g += "    <isClientCredentialsFlowEnabled>" + *e.global_client_credentials +
         "</isClientCredentialsFlowEnabled>\n";
  }
  g += "    <isConsumerSecretOptional>" + e.secret_optional.value_or("false") +
       "</isConsumerSecretOptional>\n"
       "    <isPkceRequired>true</isPkceRequired>\n"
       "    <label>" +
       e.name +
       "_glbloauth</label>\n"
       "</ExtlClntAppGlobalOauthSettings>\n";
  files.push_back(
      {base + "extlClntAppGlobalOauthSets/" + e.name + "_glbloauth.ecaGlblOauth-meta.xml", g});
  files.push_back({base + "extlClntAppOauthSettings/" + e.name + "_oauth.ecaOauth-meta.xml",
                   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<ExtlClntAppOauthSettings xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
                   "    <commaSeparatedOauthScopes>" +
                       e.scopes +
                       "</commaSeparatedOauthScopes>\n"
                       "    <externalClientApplication>" +
                       e.name +
                       "</externalClientApplication>\n"
                       "    <label>" +
                       e.name +
                       "_oauth</label>\n"
                       "</ExtlClntAppOauthSettings>\n"});
  std::string p =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ExtlClntAppOauthConfigurablePolicies xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n";
  if (e.run_as_user)
    p += "    <clientCredentialsFlowUser>" + *e.run_as_user + "</clientCredentialsFlowUser>\n";
  p += "    <externalClientApplication>" + e.name + "</externalClientApplication>\n";
  if (e.ip_relaxation)
    p += "    <ipRelaxationPolicyType>" + *e.ip_relaxation + "</ipRelaxationPolicyType>\n";
  if (e.client_credentials) {
    p += "    <isClientCredentialsFlowEnabled>" + *e.client_credentials +
         "</isClientCredentialsFlowEnabled>\n";
  }
  p += "    <label>" + e.name +
       "_plcy</label>\n"
       "    <permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>\n";
  if (e.refresh_policy)
    p += "    <refreshTokenPolicyType>" + *e.refresh_policy + "</refreshTokenPolicyType>\n";
  p += "</ExtlClntAppOauthConfigurablePolicies>\n";
  files.push_back({base + "extlClntAppOauthPolicies/" + e.name + "_plcy.ecaOauthPlcy-meta.xml", p});
  return files;
}

inline std::string ApexRestClass(const std::string& class_name, const std::string& mapping,
                                 const std::string& annotation = "@RestResource") {
  return "/**\n"
         " * Receives OneSpan Sign event notifications.\n"
         " */\n" +
         annotation + "(urlMapping='" + mapping +
         "')\n"
         "global with sharing class " +
         class_name +
         " {\n"
         "    @HttpPost\n"
         "    global static void receive() {\n"
         "        RestRequest req = RestContext.request;\n"
         "        Map<String, Object> event = (Map<String, Object>) "
         "JSON.deserializeUntyped(req.requestBody.toString());\n"
         "        System.debug(LoggingLevel.INFO, 'OneSpan event ' + event.get('name'));\n"
         "    }\n"
         "}\n";
}

inline std::string ApexClassPath(const std::string& class_name,
                                 const std::string& root = "force-app") {
  return root + "/main/default/classes/" + class_name + ".cls";
}

inline std::string SfdxProjectJson(const std::string& ns, const std::string& root = "force-app") {
  return "{\n"
         "  \"packageDirectories\": [\n"
         "    {\n"
         "      \"path\": \"" +
         root +
         "\",\n"
         "      \"default\": true\n"
         "    }\n"
         "  ],\n"
         "  \"name\": \"onespan-integration\",\n"
         "  \"namespace\": \"" +
         ns +
         "\",\n"
         "  \"sfdcLoginUrl\": \"https://login.salesforce.com\",\n"
         "  \"sourceApiVersion\": \"61.0\"\n"
         "}\n";
}

}  // namespace nhiscan::testing::sf
