#include "scanner/findings/finding.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "scanner/base/sha256.h"

namespace nhiscan::findings {

std::string Fingerprint(std::string_view rule_id, std::string_view path, std::string_view secret) {
  return Sha256Hex({"nhiscan-fingerprint-v1", rule_id, path, secret}).substr(0, 32);
}

std::string Redact(std::string_view secret) {
  const size_t shown = secret.size() >= 24 ? 4 : secret.size() >= 12 ? 2 : 0;
  return std::string(secret.substr(0, shown)) + "…[redacted " + std::to_string(secret.size()) +
         " chars]";
}

std::string ShortenIdentifier(std::string_view value) {
  if (value.size() <= 16) return std::string(value);
  return std::string(value.substr(0, 8)) + "…" + std::string(value.substr(value.size() - 4));
}

namespace {

bool IsGenericRule(const rules::Rule& rule) { return rule.id.rfind("generic.", 0) == 0; }

// Which of two rules that found the same secret span reports it. A vendor rule always beats a
// generic.* one: it knows what the value is and how to revoke it, and the generic rule only saw a
// secret-looking name (its severity is a guess). Otherwise the more severe rule wins; at equal
// severity, the rule written for this kind of file (its "paths"), whose description and
// remediation fit best.
bool Outranks(const rules::Rule& challenger, const rules::Rule& incumbent) {
  if (IsGenericRule(challenger) != IsGenericRule(incumbent)) return !IsGenericRule(challenger);
  if (challenger.severity != incumbent.severity) return challenger.severity > incumbent.severity;
  return !challenger.paths.empty() && incumbent.paths.empty();
}

}  // namespace

void ResolveWithinBlob(std::vector<Finding>* findings) {
  std::set<std::string> attached;
  for (const Finding& f : *findings) {
    if (f.rule->kind != rules::Kind::kSecret) continue;
    for (const auto& [field, value] : f.context) attached.insert(value);
  }
  std::vector<Finding> kept;
  for (Finding& f : *findings) {
    if (f.rule->kind == rules::Kind::kIdentifier && attached.count(f.secret)) continue;
    auto same_span = std::find_if(kept.begin(), kept.end(), [&](const Finding& k) {
      return k.line == f.line && k.column == f.column && k.end_line == f.end_line &&
             k.end_column == f.end_column && k.secret == f.secret;
    });
    if (same_span == kept.end()) {
      kept.push_back(std::move(f));
    } else if (Outranks(*f.rule, *same_span->rule)) {
      *same_span = std::move(f);
    }
  }
  *findings = std::move(kept);
}

void SortFindings(std::vector<Finding>* findings) {
  std::sort(findings->begin(), findings->end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.path, a.line, a.column, a.rule->id, a.secret, a.source.commit) <
           std::tie(b.path, b.line, b.column, b.rule->id, b.secret, b.source.commit);
  });
}

}  // namespace nhiscan::findings
