// Facts that structured checks extract from single files, and their union over a project.
// Extraction runs per file, on any thread; the project-level analysis (project.h) joins them:
// External Client Apps split over several files, callback URLs against Apex REST resources and
// the project's namespace, callback hosts against the org's token hosts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace nhiscan::checks {

// A value at a place: file, 1-based line and column.
struct Located {
  std::string value;
  std::string path;
  uint64_t line = 0, column = 0;
};

// One Salesforce app's OAuth configuration. A Connected App comes from one file; an External
// Client App from up to four, joined by name.
struct AppConfig {
  std::string name;
  std::string kind;  // "connected_app" or "external_client_app"
  std::vector<std::string> files;
  std::optional<Located> consumer_key, consumer_secret, client_credentials, run_as_user,
      secret_optional, refresh_policy, ip_relaxation;
  std::vector<Located> scopes;
  std::vector<Located> callback_urls;

  void MergeFrom(const AppConfig& other);  // fills what this one lacks
};

struct ApexResource {
  Located mapping;        // urlMapping, e.g. "/onespan/callback" or "/v1/*"
  std::string class_name;
};

// A URL that targets an Apex REST endpoint: https://host/services/apexrest/…
struct CallbackUrl {
  Located url;
  std::string host;
  std::string rest_path;  // what follows /services/apexrest, starting with '/'
};

struct FileFacts {
  std::string path;
  std::vector<AppConfig> apps;
  std::vector<ApexResource> resources;
  std::optional<std::string> sfdx_namespace;  // set for sfdx-project.json ("" = no namespace)
  std::vector<CallbackUrl> callbacks;
  std::vector<Located> token_hosts;  // hosts of …/services/oauth2/token URLs
  std::vector<std::string> client_ids;  // 3MVG9 consumer keys in the file
  bool empty() const;
};

// The literals ExtractFileFacts searches every file for (a Salesforce service path, a consumer
// key's prefix), in the order of its `present` bits.
const std::vector<std::string>& FactMarkers();

// Extracts what the structured checks need from one file. Cheap for files that are not
// Salesforce metadata, Apex or sfdx-project.json: only substring searches for FactMarkers().
// A clear bit i in `present` says that the content lacks FactMarkers()[i] (the caller's scan
// looked for it), and the search for it is skipped.
FileFacts ExtractFileFacts(const std::string& path, std::string_view content,
                           uint32_t present = ~uint32_t{0});

}  // namespace nhiscan::checks
