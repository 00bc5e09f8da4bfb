// The identity inventory: one record per integration identity (a Salesforce client id, or an
// app's name when its key is not in the repository), joining its app configuration, flows,
// scopes, run-as user, callback URLs and their Apex targets, every place its secrets and callback
// keys appear, its owners from CODEOWNERS and its risk findings. Pure and deterministic.
#pragma once

#include <string>
#include <vector>

#include "scanner/checks/facts.h"
#include "scanner/findings/finding.h"

namespace nhiscan::inventory {

struct CallbackTarget {
  checks::Located url;
  std::string apex_class;  // the @RestResource class serving it; empty when none
  std::string apex_file;
};

struct Identity {
  std::string id;         // the client id, or "app:<name>"
  std::string client_id;  // empty when unknown
  std::vector<const checks::AppConfig*> apps;
  std::vector<std::string> flows;   // client_credentials, refresh_token, sfdx_auth_url…
  std::vector<std::string> scopes;
  std::string run_as_user;
  std::vector<std::string> hosts;   // org hosts seen with its credentials
  std::vector<CallbackTarget> callbacks;
  std::vector<const findings::Finding*> secrets;  // secret and identifier findings
  std::vector<const findings::Finding*> risks;    // configuration findings
  std::vector<std::string> owners;
};

// CODEOWNERS rules (gitignore-style patterns; the last matching line wins).
class CodeOwners {
 public:
  CodeOwners() = default;
  explicit CodeOwners(std::string_view text);
  std::vector<std::string> OwnersOf(const std::string& path) const;
  bool empty() const { return rules_.empty(); }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> rules_;
};

// Assembles identities from the facts of a tree and the findings of a scan (of the tree, and
// optionally of its history). The facts and findings must outlive the result.
std::vector<Identity> AssembleIdentities(const std::vector<checks::FileFacts>& facts,
                                         const std::vector<checks::AppConfig>& apps,
                                         const std::vector<findings::Finding>& found,
                                         const CodeOwners& owners);

}  // namespace nhiscan::inventory
