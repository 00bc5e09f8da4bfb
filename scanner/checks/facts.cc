#include "scanner/checks/facts.h"

#include <string.h>

#include <algorithm>
#include <cctype>

#include "scanner/base/text.h"
#include "scanner/checks/apex.h"
#include "scanner/checks/metadata.h"
#include "scanner/checks/salesforce_hosts.h"

namespace nhiscan::checks {

namespace {

// The literals every file is searched for, and their bits in ExtractFileFacts's `present`
// (their positions in FactMarkers()).
constexpr std::string_view kServicesPath = "/services/";
constexpr std::string_view kClientIdPrefix = "3MVG9";
constexpr uint32_t kServicesPathBit = 1u << 0, kClientIdPrefixBit = 1u << 1;

// glibc's memmem (two-way, vectorised) is several times faster than string_view::find, which
// stops at every occurrence of the needle's first byte ('/' is everywhere in code).
size_t Find(std::string_view text, std::string_view needle, size_t from) {
  if (from >= text.size()) return std::string_view::npos;
  const void* hit = ::memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
  return hit ? static_cast<size_t>(static_cast<const char*>(hit) - text.data()) : std::string_view::npos;
}

// Every http(s) URL that contains `marker`, with its position.
std::vector<std::pair<size_t, std::string_view>> UrlsContaining(std::string_view text,
                                                                std::string_view marker) {
  std::vector<std::pair<size_t, std::string_view>> urls;
  size_t at = 0;
  while ((at = Find(text, marker, at)) != std::string_view::npos) {
    size_t begin = at;
    while (begin > 0 && IsUrlChar(text[begin - 1])) --begin;
    size_t end = at + marker.size();
    while (end < text.size() && IsUrlChar(text[end])) ++end;
    std::string_view url = text.substr(begin, end - begin);
    size_t scheme = ToLower(url).find("http");
    if (scheme != std::string::npos) {
      url.remove_prefix(scheme);
      while (!url.empty() && (url.back() == '.' || url.back() == ';')) url.remove_suffix(1);
      if (!UrlHost(url).empty()) urls.emplace_back(begin + scheme, url);
    }
    at = end;
  }
  return urls;
}

void CollectClientIds(std::string_view text, std::vector<std::string>* out) {
  size_t at = 0;
  while ((at = Find(text, kClientIdPrefix, at)) != std::string_view::npos) {
    size_t end = at;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                 text[end] == '.' || text[end] == '_')) {
      ++end;
    }
    if (end - at >= 40 && (at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1])))) {
      out->emplace_back(text.substr(at, end - at));
    }
    at = end;
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace

void AppConfig::MergeFrom(const AppConfig& other) {
  for (const std::string& file : other.files) {
    if (std::find(files.begin(), files.end(), file) == files.end()) files.push_back(file);
  }
  auto fill = [](std::optional<Located>& mine, const std::optional<Located>& theirs) {
    if (!mine && theirs) mine = theirs;
  };
  fill(consumer_key, other.consumer_key);
  fill(consumer_secret, other.consumer_secret);
  fill(client_credentials, other.client_credentials);
  fill(run_as_user, other.run_as_user);
  fill(secret_optional, other.secret_optional);
  fill(refresh_policy, other.refresh_policy);
  fill(ip_relaxation, other.ip_relaxation);
  scopes.insert(scopes.end(), other.scopes.begin(), other.scopes.end());
  callback_urls.insert(callback_urls.end(), other.callback_urls.begin(), other.callback_urls.end());
}

bool FileFacts::empty() const {
  return apps.empty() && resources.empty() && !sfdx_namespace && callbacks.empty() &&
         token_hosts.empty() && client_ids.empty();
}

const std::vector<std::string>& FactMarkers() {
  static const std::vector<std::string> markers = {std::string(kServicesPath),
                                                   std::string(kClientIdPrefix)};
  return markers;
}

FileFacts ExtractFileFacts(const std::string& path, std::string_view content, uint32_t present) {
  FileFacts facts;
  facts.path = path;
  if (auto app = ParseAppMetadata(path, content)) facts.apps.push_back(std::move(*app));
  if (EndsWith(ToLower(path), ".cls")) facts.resources = FindRestResources(path, content);
  if (path == "sfdx-project.json" || EndsWith(path, "/sfdx-project.json")) {
    facts.sfdx_namespace = ReadSfdxNamespace(content);
  }
  std::optional<LineIndex> lines;
  auto locate = [&](size_t offset, std::string_view value) {
    if (!lines) lines.emplace(content);
    return Located{std::string(value), path, lines->LineOf(offset), lines->ColumnOf(offset)};
  };
  if (present & kClientIdPrefixBit) CollectClientIds(content, &facts.client_ids);
  // Most files mention no Salesforce service path at all: one search rules both kinds out.
  if (!(present & kServicesPathBit) || Find(content, kServicesPath, 0) == std::string_view::npos) {
    return facts;
  }
  for (const auto& [offset, url] : UrlsContaining(content, "/services/apexrest")) {
    std::string rest = UrlPath(url);
    size_t at = rest.find("/services/apexrest");
    if (at == std::string::npos) continue;
    rest.erase(0, at + std::string_view("/services/apexrest").size());
    if (rest.empty()) rest.push_back('/');
    facts.callbacks.push_back({locate(offset, url), UrlHost(url), rest});
  }
  for (const auto& [offset, url] : UrlsContaining(content, "/services/oauth2/token")) {
    facts.token_hosts.push_back(locate(offset, UrlHost(url)));
  }
  return facts;
}

}  // namespace nhiscan::checks
