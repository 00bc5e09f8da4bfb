#include "scanner/checks/project.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "scanner/base/text.h"
#include "scanner/checks/apex.h"
#include "scanner/checks/salesforce_hosts.h"

namespace nhiscan::checks {

const char* const kCheckAppRefreshScope = "app_client_credentials_with_refresh_scope";
const char* const kCheckAppNoRunAsUser = "app_client_credentials_without_run_as_user";
const char* const kCheckAppFullScope = "app_full_scope";
const char* const kCheckAppInfiniteRefresh = "app_infinite_refresh_token";
const char* const kCheckAppIpBypass = "app_ip_relaxation_bypass";
const char* const kCheckAppSecretOptional = "app_consumer_secret_optional";
const char* const kCheckCallbackMissingResource = "callback_missing_apex_resource";
const char* const kCheckCallbackNamespace = "callback_namespace_mismatch";
const char* const kCheckCallbackHostKind = "callback_host_not_my_domain";
const char* const kCheckCallbackHostMismatch = "callback_host_mismatch";
const char* const kCheckCallbackKey = "onespan_callback_key";

const std::vector<std::string>& KnownChecks() {
  static const std::vector<std::string> kChecks = {
      kCheckAppRefreshScope,         kCheckAppNoRunAsUser,      kCheckAppFullScope,
      kCheckAppInfiniteRefresh,      kCheckAppIpBypass,         kCheckAppSecretOptional,
      kCheckCallbackMissingResource, kCheckCallbackNamespace,   kCheckCallbackHostKind,
      kCheckCallbackHostMismatch,    kCheckCallbackKey};
  return kChecks;
}

bool IsRefreshScope(const std::string& scope) {
  std::string s = ToLower(scope);
  return s == "refreshtoken" || s == "offlineaccess" || s == "refresh_token" ||
         s == "offline_access";
}

namespace {

bool IsTrue(const std::optional<Located>& field) {
  return field && ToLower(field->value) == "true";
}

void CheckApp(const AppConfig& app, std::vector<Issue>* issues) {
  auto issue = [&](const char* check, const Located& at) {
    issues->push_back({check, at, {{"app", app.name}}});
    return &issues->back();
  };
  const bool client_credentials = IsTrue(app.client_credentials);
  bool refresh_scopes = false;
  for (const Located& scope : app.scopes) {
    if (IsRefreshScope(scope.value)) {
      refresh_scopes = true;
      if (client_credentials) issue(kCheckAppRefreshScope, scope);
    }
    if (ToLower(scope.value) == "full") issue(kCheckAppFullScope, scope);
  }
  if (client_credentials && (!app.run_as_user || app.run_as_user->value.empty())) {
    issue(kCheckAppNoRunAsUser, *app.client_credentials);
  }
  if (refresh_scopes && app.refresh_policy && ToLower(app.refresh_policy->value) == "infinite") {
    issue(kCheckAppInfiniteRefresh, *app.refresh_policy);
  }
  if (app.ip_relaxation && ToLower(app.ip_relaxation->value) == "bypass") {
    issue(kCheckAppIpBypass, *app.ip_relaxation);
  }
  if (IsTrue(app.secret_optional)) issue(kCheckAppSecretOptional, *app.secret_optional);
}

struct ProjectShape {
  bool salesforce_project = false;  // has sfdx-project.json or Apex REST resources
  std::string ns;
  std::vector<ApexResource> resources;
};

// The folder of a file ("" for the root, else ending in '/').
std::string FolderOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

// The folder above a file's folder: "force-app/main/default/" for
// "force-app/main/default/extlClntAppOauthSettings/X_oauth.ecaOauth-meta.xml".
std::string ParentFolderOf(const std::string& path) {
  const std::string folder = FolderOf(path);
  return folder.empty() ? "" : FolderOf(folder.substr(0, folder.size() - 1));
}

// Which Salesforce DX project each file belongs to: the nearest sfdx-project.json above it, so
// that a folder holding several projects (a monorepo, or examples next to the main project)
// checks each callback against its own project's namespace and Apex classes. Files outside every
// project belong to the outermost one.
class ProjectLayout {
 public:
  explicit ProjectLayout(const std::vector<FileFacts>& files) {
    size_t best_depth = SIZE_MAX;
    for (const FileFacts& f : files) {
      if (!f.sfdx_namespace) continue;
      const std::string folder = FolderOf(f.path);
      namespaces_[folder] = *f.sfdx_namespace;
      const size_t depth = static_cast<size_t>(std::count(f.path.begin(), f.path.end(), '/'));
      if (depth < best_depth) {  // the outermost sfdx-project.json (first in path order on ties)
        best_depth = depth;
        outermost_ = folder;
      }
    }
  }

  // The folder of the sfdx-project.json that `path` belongs to ("" when there is none).
  std::string RootOf(const std::string& path) const {
    for (std::string folder = FolderOf(path);;
         folder = FolderOf(folder.substr(0, folder.size() - 1))) {
      if (namespaces_.count(folder)) return folder;
      if (folder.empty()) return outermost_;
    }
  }

  ProjectShape ShapeFor(const std::string& path, const std::vector<FileFacts>& files) const {
    ProjectShape shape;
    const std::string root = RootOf(path);
    if (auto it = namespaces_.find(root); it != namespaces_.end()) {
      shape.ns = it->second;
      shape.salesforce_project = true;
    }
    for (const FileFacts& f : files) {
      if (f.resources.empty() || RootOf(f.path) != root) continue;
      shape.resources.insert(shape.resources.end(), f.resources.begin(), f.resources.end());
    }
    if (!shape.resources.empty()) shape.salesforce_project = true;
    return shape;
  }

 private:
  std::map<std::string, std::string> namespaces_;  // folder of each sfdx-project.json -> namespace
  std::string outermost_;
};

bool AnyResourceServes(const std::vector<ApexResource>& resources, const std::string& path) {
  return std::any_of(resources.begin(), resources.end(), [&](const ApexResource& r) {
    return MappingMatches(r.mapping.value, path);
  });
}

// "/ns/rest" -> ("ns", "/rest"); ("", path) when there is no second segment.
std::pair<std::string, std::string> SplitFirstSegment(const std::string& path) {
  size_t second = path.find('/', 1);
  if (path.size() < 2 || second == std::string::npos) return {"", path};
  return {path.substr(1, second - 1), path.substr(second)};
}

void CheckCallbackTarget(const CallbackUrl& callback, const ProjectShape& project,
                         std::vector<Issue>* issues) {
  if (!project.salesforce_project) return;
  const std::string& path = callback.rest_path;
  auto [first, rest] = SplitFirstSegment(path);
  std::map<std::string, std::string> context = {{"url", callback.url.value}};
  if (!project.ns.empty()) {
    if (first == project.ns) {
      if (!AnyResourceServes(project.resources, rest)) {
        context["expected"] = "an @RestResource whose urlMapping serves " + rest;
        issues->push_back({kCheckCallbackMissingResource, callback.url, context});
      }
    } else if (AnyResourceServes(project.resources, path)) {
      context["expected"] = "/services/apexrest/" + project.ns + path +
                            " (the package namespace '" + project.ns + "' is missing)";
      issues->push_back({kCheckCallbackNamespace, callback.url, context});
    } else {
      context["expected"] = "/services/apexrest/" + project.ns + "/… served by an @RestResource";
      issues->push_back({kCheckCallbackMissingResource, callback.url, context});
    }
    return;
  }
  if (AnyResourceServes(project.resources, path)) return;
  if (!first.empty() && AnyResourceServes(project.resources, rest)) {
    context["expected"] = "/services/apexrest" + rest + " (the project has no namespace; '" +
                          first + "' is not part of the path)";
    issues->push_back({kCheckCallbackNamespace, callback.url, context});
    return;
  }
  context["expected"] = "an @RestResource whose urlMapping serves " + path;
  issues->push_back({kCheckCallbackMissingResource, callback.url, context});
}

// The org hosts an identity's token requests use: My Domain hosts of …/oauth2/token URLs in the
// files that mention one of the callback file's client ids; when the callback file names no
// client id (its key is Base64, say), those in the callback's own project (token URLs of another
// project in the same tree say nothing about this one's org).
std::set<std::string> ExpectedOrgHosts(const FileFacts& callback_file,
                                       const std::vector<FileFacts>& files,
                                       const ProjectLayout& layout) {
  std::set<std::string> linked, same_project;
  const std::string project = layout.RootOf(callback_file.path);
  for (const FileFacts& f : files) {
    if (f.token_hosts.empty()) continue;
    bool shares_identity = std::any_of(f.client_ids.begin(), f.client_ids.end(), [&](const std::string& id) {
      return std::find(callback_file.client_ids.begin(), callback_file.client_ids.end(), id) !=
             callback_file.client_ids.end();
    });
    const bool ours = layout.RootOf(f.path) == project;
    for (const Located& host : f.token_hosts) {
      if (ClassifySalesforceHost(host.value) != SalesforceHost::kMyDomain) continue;
      if (ours) same_project.insert(host.value);
      if (shares_identity) linked.insert(host.value);
    }
  }
  // A file that names its identity (a client id) is checked against that identity's token
  // requests only: when the repository shows none, other identities' hosts say nothing.
  if (!callback_file.client_ids.empty()) return linked;
  return same_project;
}

void CheckCallbackHost(const CallbackUrl& callback, const FileFacts& file,
                       const std::vector<FileFacts>& files, const ProjectLayout& layout,
                       std::vector<Issue>* issues) {
  SalesforceHost kind = ClassifySalesforceHost(callback.host);
  std::map<std::string, std::string> context = {{"url", callback.url.value}, {"host", callback.host}};
  if (kind != SalesforceHost::kMyDomain) {
    context["found"] = std::string(SalesforceHostName(kind));
    context["expected"] = "the org's My Domain host (<domain>.my.salesforce.com)";
    issues->push_back({kCheckCallbackHostKind, callback.url, context});
    return;
  }
  std::set<std::string> expected = ExpectedOrgHosts(file, files, layout);
  if (expected.empty() || expected.count(callback.host)) return;
  std::string list;
  for (const std::string& host : expected) list += (list.empty() ? "" : ", ") + host;
  context["expected"] = list + " (the host the integration's token requests use)";
  issues->push_back({kCheckCallbackHostMismatch, callback.url, context});
}

}  // namespace

std::vector<AppConfig> JoinApps(const std::vector<FileFacts>& files) {
  std::map<std::pair<std::string, std::string>, AppConfig> joined;
  for (const FileFacts& f : files) {
    for (const AppConfig& app : f.apps) {
      // A Connected App is one file: two files are two apps even with the same name (in two
      // projects of one repository). The files of an External Client App sit in sibling type
      // folders (externalClientApps/, extlClntAppOauthSettings/…) of one package folder, and are
      // joined by name within it.
      const std::string scope = app.kind == "connected_app" ? f.path : ParentFolderOf(f.path);
      auto key = std::make_pair(app.kind, scope + '\n' + app.name);
      auto it = joined.find(key);
      if (it == joined.end()) {
        joined.emplace(key, app);
      } else {
        it->second.MergeFrom(app);
      }
    }
  }
  std::vector<AppConfig> apps;
  for (auto& [key, app] : joined) apps.push_back(std::move(app));
  std::sort(apps.begin(), apps.end(), [](const AppConfig& a, const AppConfig& b) {
    return std::tie(a.name, a.kind, a.files.front()) < std::tie(b.name, b.kind, b.files.front());
  });
  return apps;
}

std::vector<Issue> AnalyzeProject(const std::vector<FileFacts>& files) {
  std::vector<Issue> issues;
  for (const AppConfig& app : JoinApps(files)) CheckApp(app, &issues);
  const ProjectLayout layout(files);
  for (const FileFacts& f : files) {
    if (f.callbacks.empty()) continue;
    const ProjectShape project = layout.ShapeFor(f.path, files);
    for (const CallbackUrl& callback : f.callbacks) {
      CheckCallbackHost(callback, f, files, layout, &issues);
      CheckCallbackTarget(callback, project, &issues);
    }
  }
  std::sort(issues.begin(), issues.end(), [](const Issue& a, const Issue& b) {
    return std::tie(a.at.path, a.at.line, a.at.column, a.check) <
           std::tie(b.at.path, b.at.line, b.at.column, b.check);
  });
  return issues;
}

}  // namespace nhiscan::checks
