#include "scanner/inventory/identity.h"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "scanner/base/text.h"
#include "scanner/checks/apex.h"

namespace nhiscan::inventory {

namespace {

template <typename T>
void AddUnique(std::vector<T>* list, const T& value) {
  if (!value.empty() && std::find(list->begin(), list->end(), value) == list->end()) {
    list->push_back(value);
  }
}

bool IsRefreshScope(const std::string& scope) {
  std::string s = ToLower(scope);
  return s == "refreshtoken" || s == "offlineaccess" || s == "refresh_token" || s == "offline_access";
}

// Which flows an app's configuration enables.
void AddAppFlows(const checks::AppConfig& app, Identity* identity) {
  if (app.client_credentials && ToLower(app.client_credentials->value) == "true") {
    AddUnique(&identity->flows, std::string("client_credentials"));
  }
  for (const checks::Located& scope : app.scopes) {
    AddUnique(&identity->scopes, scope.value);
    if (IsRefreshScope(scope.value)) AddUnique(&identity->flows, std::string("refresh_token"));
  }
  if (app.run_as_user && !app.run_as_user->value.empty()) identity->run_as_user = app.run_as_user->value;
}

CallbackTarget ResolveCallback(const checks::Located& url, const std::string& rest_path,
                               const std::vector<checks::FileFacts>& facts) {
  CallbackTarget target{url, "", ""};
  for (const checks::FileFacts& f : facts) {
    for (const checks::ApexResource& r : f.resources) {
      size_t second = rest_path.find('/', 1);
      bool serves = checks::MappingMatches(r.mapping.value, rest_path) ||
                    (second != std::string::npos &&
                     checks::MappingMatches(r.mapping.value, rest_path.substr(second)));
      if (serves) {
        target.apex_class = r.class_name;
        target.apex_file = r.mapping.path;
        return target;
      }
    }
  }
  return target;
}

std::string RestPath(const std::string& url) {
  size_t at = url.find("/services/apexrest");
  if (at == std::string::npos) return "";
  std::string rest = url.substr(at + std::string("/services/apexrest").size());
  size_t end = rest.find_first_of("?#");
  return end == std::string::npos ? rest : rest.substr(0, end);
}

}  // namespace

CodeOwners::CodeOwners(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string pattern, owner;
    if (!(words >> pattern) || pattern[0] == '#') continue;
    std::vector<std::string> owners;
    while (words >> owner && owner[0] != '#') owners.push_back(owner);
    rules_.emplace_back(pattern, owners);
  }
}

std::vector<std::string> CodeOwners::OwnersOf(const std::string& path) const {
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    std::string pattern = it->first;
    const bool anchored = pattern.front() == '/' || pattern.find('/') < pattern.size() - 1;
    if (pattern.front() == '/') pattern.erase(0, 1);
    if (!pattern.empty() && pattern.back() == '/') pattern += "*";
    bool match = fnmatch(pattern.c_str(), path.c_str(), 0) == 0 ||
                 fnmatch((pattern + "/*").c_str(), path.c_str(), 0) == 0;
    if (!match && !anchored) {
      match = fnmatch(("*/" + pattern).c_str(), path.c_str(), 0) == 0 ||
              fnmatch(("*/" + pattern + "/*").c_str(), path.c_str(), 0) == 0;
    }
    if (match) return it->second;
  }
  return {};
}

std::vector<Identity> AssembleIdentities(const std::vector<checks::FileFacts>& facts,
                                         const std::vector<checks::AppConfig>& apps,
                                         const std::vector<findings::Finding>& found,
                                         const CodeOwners& owners) {
  std::map<std::string, Identity> by_id;
  auto identity_for = [&](const std::string& client_id, const std::string& app_name) -> Identity& {
    std::string id = client_id.empty() ? "app:" + app_name : client_id;
    Identity& identity = by_id[id];
    identity.id = id;
    identity.client_id = client_id;
    return identity;
  };
  std::map<std::string, std::string> app_to_id;
  for (const checks::AppConfig& app : apps) {
    std::string key = app.consumer_key ? app.consumer_key->value : "";
    Identity& identity = identity_for(key, app.name);
    identity.apps.push_back(&app);
    AddAppFlows(app, &identity);
    app_to_id[app.name] = identity.id;
    for (const checks::Located& url : app.callback_urls) {
      std::string rest = RestPath(url.value);
      if (!rest.empty()) identity.callbacks.push_back(ResolveCallback(url, rest, facts));
    }
  }
  std::vector<const findings::Finding*> config_findings;
  for (const findings::Finding& f : found) {
    if (f.rule->kind == rules::Kind::kConfig) {
      config_findings.push_back(&f);
      continue;
    }
    std::string client_id;
    if (f.rule->kind == rules::Kind::kIdentifier && StartsWith(f.secret, "3MVG")) client_id = f.secret;
    if (auto it = f.context.find("client_id"); it != f.context.end()) client_id = it->second;
    if (client_id.empty()) continue;
    Identity& identity = identity_for(client_id, "");
    identity.secrets.push_back(&f);
    if (auto flow = f.context.find("flow"); flow != f.context.end()) AddUnique(&identity.flows, flow->second);
    if (f.rule->id == "salesforce.sfdx_auth_url") AddUnique(&identity.flows, std::string("sfdx_auth_url"));
    if (auto host = f.context.find("host"); host != f.context.end()) AddUnique(&identity.hosts, host->second);
    if (auto url = f.context.find("callback_url"); url != f.context.end()) {
      std::string rest = RestPath(url->second);
      checks::Located at{url->second, f.path, f.line, f.column};
      if (!rest.empty()) identity.callbacks.push_back(ResolveCallback(at, rest, facts));
    }
  }
  // A risk belongs to the app it names, or to the identities whose callback it is about.
  for (const findings::Finding* f : config_findings) {
    auto app = f->context.find("app");
    if (app != f->context.end() && app_to_id.count(app->second)) {
      by_id[app_to_id[app->second]].risks.push_back(f);
      continue;
    }
    auto url = f->context.find("url");
    if (url == f->context.end()) continue;
    for (auto& [id, identity] : by_id) {
      bool ours = std::any_of(identity.callbacks.begin(), identity.callbacks.end(),
                              [&](const CallbackTarget& c) { return c.url.value == url->second; });
      if (ours) identity.risks.push_back(f);
    }
  }
  std::vector<Identity> out;
  for (auto& [id, identity] : by_id) {
    std::set<std::string> files;
    for (const checks::AppConfig* app : identity.apps) files.insert(app->files.begin(), app->files.end());
    for (const findings::Finding* f : identity.secrets) files.insert(f->path);
    for (const std::string& file : files) {
      for (const std::string& owner : owners.OwnersOf(file)) AddUnique(&identity.owners, owner);
    }
    std::sort(identity.flows.begin(), identity.flows.end());
    out.push_back(std::move(identity));
  }
  return out;
}

}  // namespace nhiscan::inventory
