#include "scanner/inventory/identity.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "scanner/base/text.h"
#include "scanner/checks/apex.h"
#include "scanner/checks/project.h"

namespace nhiscan::inventory {

namespace {

template <typename T>
void AddUnique(std::vector<T>* list, const T& value) {
  if (!value.empty() && std::find(list->begin(), list->end(), value) == list->end()) {
    list->push_back(value);
  }
}

// Which flows an app's configuration enables.
void AddAppFlows(const checks::AppConfig& app, Identity* identity) {
  if (app.client_credentials && ToLower(app.client_credentials->value) == "true") {
    AddUnique(&identity->flows, std::string("client_credentials"));
  }
  for (const checks::Located& scope : app.scopes) {
    AddUnique(&identity->scopes, scope.value);
    if (checks::IsRefreshScope(scope.value)) AddUnique(&identity->flows, std::string("refresh_token"));
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

namespace {

// CODEOWNERS glob: '*' and '?' stay within one path segment, "**/" spans any number of segments
// (zero included), a trailing "**" matches everything. No character classes (GitHub has none).
bool OwnersGlob(std::string_view p, std::string_view s) {
  if (p.empty()) return s.empty();
  if (StartsWith(p, "**")) {
    std::string_view rest = p.substr(2);
    if (StartsWith(rest, "/")) {
      rest.remove_prefix(1);
      for (std::string_view t = s;;) {
        if (OwnersGlob(rest, t)) return true;
        size_t slash = t.find('/');
        if (slash == std::string_view::npos) return false;
        t.remove_prefix(slash + 1);
      }
    }
    for (size_t i = 0; i <= s.size(); ++i) {
      if (OwnersGlob(rest, s.substr(i))) return true;
    }
    return false;
  }
  if (p.front() == '*') {
    for (size_t i = 0; i <= s.size(); ++i) {
      if (OwnersGlob(p.substr(1), s.substr(i))) return true;
      if (i < s.size() && s[i] == '/') return false;
    }
    return false;
  }
  if (s.empty()) return false;
  if (p.front() == '?') return s.front() != '/' && OwnersGlob(p.substr(1), s.substr(1));
  return p.front() == s.front() && OwnersGlob(p.substr(1), s.substr(1));
}

// Whether a CODEOWNERS pattern covers `path`: the file itself, or a directory above it (a
// pattern naming a directory owns everything beneath it), except that "dir/*" owns only the
// files directly in dir. A pattern with a '/' before its end is anchored at the root; one
// without matches at any depth; a trailing '/' matches directories only.
bool OwnersPatternMatches(std::string pattern, const std::string& path) {
  const bool anchored = pattern.front() == '/' || pattern.find('/') < pattern.size() - 1;
  if (pattern.front() == '/') pattern.erase(0, 1);
  const bool directory_only = !pattern.empty() && pattern.back() == '/';
  if (directory_only) pattern.pop_back();
  if (pattern.empty()) return false;
  const bool direct_children = EndsWith(pattern, "/*");
  if (!anchored) pattern = "**/" + pattern;
  if (!directory_only && OwnersGlob(pattern, path)) return true;
  if (direct_children) return false;
  for (size_t slash = path.find('/'); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    if (OwnersGlob(pattern, std::string_view(path).substr(0, slash))) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> CodeOwners::OwnersOf(const std::string& path) const {
  for (auto it = rules_.rbegin(); it != rules_.rend(); ++it) {
    if (OwnersPatternMatches(it->first, path)) return it->second;
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
  std::vector<std::pair<const checks::AppConfig*, std::string>> app_ids;
  for (const checks::AppConfig& app : apps) {
    std::string key = app.consumer_key ? app.consumer_key->value : "";
    Identity& identity = identity_for(key, app.name);
    identity.apps.push_back(&app);
    AddAppFlows(app, &identity);
    app_ids.emplace_back(&app, identity.id);
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
    if (auto app = f->context.find("app"); app != f->context.end()) {
      // The app of that name whose files hold the finding (two projects may reuse a name).
      const std::string* owner = nullptr;
      for (const auto& [config, id] : app_ids) {
        if (config->name != app->second) continue;
        const bool here =
            std::find(config->files.begin(), config->files.end(), f->path) != config->files.end();
        if (here || owner == nullptr) owner = &id;
        if (here) break;
      }
      if (owner != nullptr) {
        by_id[*owner].risks.push_back(f);
        continue;
      }
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
