// Project-level structured checks over the facts of every scanned file: risky OAuth
// configuration of Salesforce apps, and callback URLs checked against the project's Apex REST
// resources, namespace and org hosts. Runs once, after the parallel scan; pure and deterministic.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "scanner/checks/facts.h"

namespace nhiscan::checks {

// A risky setting or a mismatch, at the place to fix it.
struct Issue {
  std::string check;                           // one of KnownChecks(); a rule names it in "check"
  Located at;                                  // value = the offending value (scope, URL, flag)
  std::map<std::string, std::string> context;  // app, expected, host…
};

// The checks, by the name a rule gives in its "check" field.
extern const char* const kCheckAppRefreshScope;
extern const char* const kCheckAppNoRunAsUser;
extern const char* const kCheckAppFullScope;
extern const char* const kCheckAppInfiniteRefresh;
extern const char* const kCheckAppIpBypass;
extern const char* const kCheckAppSecretOptional;
extern const char* const kCheckCallbackMissingResource;
extern const char* const kCheckCallbackNamespace;
extern const char* const kCheckCallbackHostKind;
extern const char* const kCheckCallbackHostMismatch;
extern const char* const kCheckCallbackKey;

// RefreshToken / OfflineAccess in metadata, refresh_token / offline_access on the wire: the same
// grant, under any case.
bool IsRefreshScope(const std::string& scope);

// The names rules may use in "check".
const std::vector<std::string>& KnownChecks();

// Apps joined across files (External Client Apps by name), sorted by name.
std::vector<AppConfig> JoinApps(const std::vector<FileFacts>& files);

// Every issue in the project, sorted by path and line.
std::vector<Issue> AnalyzeProject(const std::vector<FileFacts>& files);

}  // namespace nhiscan::checks
