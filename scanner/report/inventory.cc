#include "scanner/report/inventory.h"

#include <nlohmann/json.hpp>

#include "scanner/findings/finding.h"

namespace nhiscan::report {

namespace {

using Json = nlohmann::ordered_json;

std::string Join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string ShownId(const inventory::Identity& identity, const ReportOptions& options) {
  if (identity.client_id.empty()) return identity.id;
  return options.show_secrets ? identity.client_id : findings::ShortenIdentifier(identity.client_id);
}

std::string Where(const findings::Finding& f) {
  std::string where = f.path + ":" + std::to_string(f.line);
  if (!f.source.commit.empty()) where += " @" + f.source.commit.substr(0, 12);
  return where;
}

Json FindingRef(const findings::Finding& f, const ReportOptions& options) {
  Json j = {{"rule_id", f.rule->id}, {"path", f.path}, {"line", f.line},
            {"secret", ShownSecret(f, options)}, {"fingerprint", f.fingerprint}};
  if (!f.source.commit.empty()) j["commit"] = f.source.commit;
  if (f.source.in_head) j["still_in_head"] = *f.source.in_head;
  j["validation"] = f.validation.status;
  return j;
}

}  // namespace

void WriteInventoryJson(const std::vector<inventory::Identity>& identities,
                        const ReportOptions& options, std::ostream& out) {
  Json list = Json::array();
  for (const inventory::Identity& identity : identities) {
    Json j;
    j["id"] = ShownId(identity, options);
    Json apps = Json::array();
    for (const checks::AppConfig* app : identity.apps) {
      apps.push_back({{"name", app->name}, {"kind", app->kind}, {"files", app->files}});
    }
    j["apps"] = apps;
    j["flows"] = identity.flows;
    j["scopes"] = identity.scopes;
    j["run_as_user"] = identity.run_as_user;
    j["hosts"] = identity.hosts;
    Json callbacks = Json::array();
    for (const inventory::CallbackTarget& c : identity.callbacks) {
      callbacks.push_back({{"url", c.url.value}, {"path", c.url.path}, {"line", c.url.line},
                           {"apex_class", c.apex_class}, {"apex_file", c.apex_file}});
    }
    j["callbacks"] = callbacks;
    Json secrets = Json::array();
    for (const findings::Finding* f : identity.secrets) secrets.push_back(FindingRef(*f, options));
    j["secrets"] = secrets;
    Json risks = Json::array();
    for (const findings::Finding* f : identity.risks) {
      risks.push_back({{"rule_id", f->rule->id}, {"severity", rules::SeverityName(f->rule->severity)},
                       {"path", f->path}, {"line", f->line}, {"value", f->secret}});
    }
    j["risks"] = risks;
    j["owners"] = identity.owners;
    list.push_back(j);
  }
  Json doc = {{"identities", list}};
  out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

void WriteInventoryText(const std::vector<inventory::Identity>& identities,
                        const ReportOptions& options, std::ostream& out) {
  if (identities.empty()) {
    out << "No integration identities found.\n";
    return;
  }
  for (const inventory::Identity& identity : identities) {
    out << "Identity " << ShownId(identity, options) << '\n';
    for (const checks::AppConfig* app : identity.apps) {
      out << "  app         " << app->name << " (" << app->kind << "): " << Join(app->files) << '\n';
    }
    out << "  flows       " << (identity.flows.empty() ? "-" : Join(identity.flows)) << '\n';
    out << "  scopes      " << (identity.scopes.empty() ? "-" : Join(identity.scopes)) << '\n';
    out << "  run-as user " << (identity.run_as_user.empty() ? "-" : identity.run_as_user) << '\n';
    if (!identity.hosts.empty()) out << "  org hosts   " << Join(identity.hosts) << '\n';
    for (const inventory::CallbackTarget& c : identity.callbacks) {
      out << "  callback    " << c.url.value << "  -> "
          << (c.apex_class.empty() ? "no Apex REST resource in this repository"
                                   : c.apex_class + " (" + c.apex_file + ")")
          << "  [" << c.url.path << ':' << c.url.line << "]\n";
    }
    for (const findings::Finding* f : identity.secrets) {
      out << "  secret      " << f->rule->id << "  " << ShownSecret(*f, options) << "  " << Where(*f)
          << "  validation: " << f->validation.status << '\n';
    }
    for (const findings::Finding* f : identity.risks) {
      out << "  risk        " << rules::SeverityName(f->rule->severity) << "  " << f->rule->name
          << "  " << f->path << ':' << f->line << '\n';
    }
    out << "  owners      " << (identity.owners.empty() ? "-" : Join(identity.owners, " ")) << "\n\n";
  }
}

}  // namespace nhiscan::report
