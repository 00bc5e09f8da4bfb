#include "scanner/scan/encoded.h"

#include <algorithm>

#include "scanner/checks/callback_key.h"
#include "scanner/checks/salesforce_hosts.h"
#include "scanner/decode/base64.h"

namespace nhiscan::scan {

namespace {

// Shorter Base64 decodes to fewer than 15 bytes: too little for any credential with its context.
constexpr size_t kMinEncodedLength = 20;

// How far around a callback key to look for the URL it is registered with.
constexpr size_t kCallbackUrlReach = 2048;

// URLs that are never where OneSpan posts events: OneSpan's own API (the registration endpoint
// …/api/callback sits right next to the key in a curl call) and Salesforce's OAuth endpoints
// (a token request in the same file is not a callback).
bool CannotBeCallback(std::string_view url) {
  const std::string host = checks::UrlHost(url);
  return host.find("esignlive.") != std::string::npos ||
         host.find("e-signlive.") != std::string::npos ||
         checks::UrlPath(url).find("/services/oauth2/") != std::string::npos;
}

// The https URL nearest to `offset` within reach, preferring Apex REST endpoints: the callback
// a key is registered with sits next to it ({"url": …, "key": …}, withUrl(…).withKey(…), curl).
std::string NearestCallbackUrl(std::string_view window, size_t offset) {
  const size_t from = offset > kCallbackUrlReach ? offset - kCallbackUrlReach : 0;
  const size_t to = std::min(window.size(), offset + kCallbackUrlReach);
  std::string_view area = window.substr(from, to - from);
  std::string best;
  size_t best_distance = SIZE_MAX;
  bool best_is_apex = false;
  for (size_t at = area.find("https://"); at != std::string_view::npos;
       at = area.find("https://", at + 8)) {
    size_t end = at;
    while (end < area.size() && checks::IsUrlChar(area[end])) ++end;
    std::string_view url = area.substr(at, end - at);
    if (CannotBeCallback(url)) continue;
    const bool apex = url.find("/services/apexrest/") != std::string_view::npos;
    const size_t position = from + at;
    const size_t distance = position > offset ? position - offset : offset - position;
    if ((apex && !best_is_apex) || (apex == best_is_apex && distance < best_distance)) {
      best = std::string(url);
      best_distance = distance;
      best_is_apex = apex;
    }
  }
  return best;
}

}  // namespace

Status ScanEncodedRuns(match::Scanner& scanner, const rules::Rule* callback_key_rule,
                       const DecodeLimits& limits, std::string_view window, size_t own_begin,
                       size_t own_end, std::string_view path, int depth,
                       std::vector<match::Match>* out, DecodeLimitsHit* hit) {
  size_t oversized = 0;
  std::vector<decode::Base64Run> runs = decode::FindBase64Text(
      window, own_begin, own_end, kMinEncodedLength, limits.max_size, &oversized);
  hit->size += oversized;
  if (depth >= limits.max_depth) {
    // Text hidden one layer deeper than we follow: reported, never silently dropped.
    hit->depth += runs.size();
    return Status::Ok();
  }
  for (decode::Base64Run& run : runs) {
    if (auto bundle = checks::ClassifyCredentialBundle(run.decoded)) {
      if (callback_key_rule == nullptr) continue;
      match::Match m;
      m.rule = callback_key_rule;
      m.begin = m.secret_begin = run.begin;
      m.end = m.secret_end = run.end;
      m.secret = std::string(window.substr(run.begin, run.end - run.begin));
      m.context["flow"] = bundle->flow;
      m.context["client_id"] = bundle->client_id;
      m.context["encoding"] = "base64";
      std::string url = NearestCallbackUrl(window, run.begin);
      if (!url.empty()) m.context["callback_url"] = url;
      out->push_back(std::move(m));
      continue;
    }
    std::vector<match::Match> inner;
    NHISCAN_RETURN_IF_ERROR(scanner.Scan(run.decoded, 0, run.decoded.size(), path, &inner));
    NHISCAN_RETURN_IF_ERROR(ScanEncodedRuns(scanner, callback_key_rule, limits, run.decoded, 0,
                                            run.decoded.size(), path, depth + 1, &inner, hit));
    for (match::Match& m : inner) {
      m.begin = m.secret_begin = run.begin;
      m.end = m.secret_end = run.end;
      m.context["encoding"] = "base64";
      out->push_back(std::move(m));
    }
  }
  return Status::Ok();
}

}  // namespace nhiscan::scan
