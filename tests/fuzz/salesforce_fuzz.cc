// Salesforce DX parsing: metadata XML (Connected Apps, External Client Apps), Apex REST resources,
// sfdx-project.json and everything the structured checks extract from a file, then the project
// analysis over it. The first byte picks the file name; the rest is its content.
#include "scanner/checks/apex.h"
#include "scanner/checks/facts.h"
#include "scanner/checks/metadata.h"
#include "scanner/checks/project.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nhiscan;
  static const char* const kPaths[] = {
      "force-app/main/default/connectedApps/Acme.connectedApp-meta.xml",
      "force-app/main/default/connectedApps/Acme.connectedApp",
      "force-app/main/default/externalClientApps/Acme.eca-meta.xml",
      "force-app/main/default/extlClntAppGlobalOauthSets/Acme.ecaGlblOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthSettings/Acme.ecaOauth-meta.xml",
      "force-app/main/default/extlClntAppOauthPolicies/Acme.ecaOauthPlcy-meta.xml",
      "force-app/main/default/classes/Callback.cls",
      "sfdx-project.json",
      "config/onespan.properties"};
  if (size == 0) return 0;
  const std::string path = kPaths[data[0] % (sizeof(kPaths) / sizeof(kPaths[0]))];
  std::string_view content = fuzz::AsText(data + 1, size - 1);
  if (auto app = checks::ParseAppMetadata(path, content)) {
    for (const auto& scope : app->scopes) {
      fuzz::Check(scope.line >= 1, "scopes have a line");
    }
  }
  for (const checks::ApexResource& resource : checks::FindRestResources(path, content)) {
    checks::MappingMatches(resource.mapping.value, "/onespan/callback");
    checks::MappingMatches(resource.mapping.value, resource.mapping.value);
  }
  checks::ReadSfdxNamespace(content);
  checks::FileFacts facts = checks::ExtractFileFacts(path, content);
  std::vector<checks::FileFacts> files;
  files.push_back(facts);
  // A second copy under another project folder exercises joining and project boundaries.
  facts.path = "other/" + facts.path;
  files.push_back(std::move(facts));
  for (const checks::Issue& issue : checks::AnalyzeProject(files)) {
    fuzz::Check(!issue.check.empty(), "every issue names its check");
  }
  return 0;
}
