#include "scanner/report/reporter.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "scanner/base/text.h"
#include "scanner/report/formats.h"

namespace nhiscan::report {

namespace {
// Context fields that never hold a secret: shown as they are.
const std::set<std::string, std::less<>> kPlainFields = {
    "host",  "url",      "callback_url", "org_host", "instance_url", "flow",
    "app",   "user",     "username",     "encoding", "expected",     "found"};
const std::set<std::string, std::less<>> kIdentifierFields = {"client_id", "org_id", "key_id"};
}  // namespace

const std::vector<std::string>& ReportFormats() {
  static const std::vector<std::string> kFormats = {"text", "json", "jsonl", "sarif"};
  return kFormats;
}

std::unique_ptr<Reporter> MakeReporter(std::string_view format, const ReportOptions& options) {
  if (format == "text") return MakeTextReporter(options);
  if (format == "json") return MakeJsonReporter(options, /*lines=*/false);
  if (format == "jsonl") return MakeJsonReporter(options, /*lines=*/true);
  if (format == "sarif") return MakeSarifReporter(options);
  return nullptr;
}

std::string ShownSecret(const findings::Finding& finding, const ReportOptions& options) {
  if (options.show_secrets || finding.rule->kind == rules::Kind::kConfig) return finding.secret;
  if (finding.rule->kind == rules::Kind::kIdentifier) {
    return findings::ShortenIdentifier(finding.secret);
  }
  return findings::Redact(finding.secret);
}

std::map<std::string, size_t> SuppressedByKind(const Report& report) {
  std::map<std::string, size_t> counts;
  if (!report.suppressed) return counts;
  for (const findings::Finding& f : *report.suppressed) {
    ++counts[f.suppression ? f.suppression->kind : "other"];
  }
  return counts;
}

namespace {
constexpr char kEllipsis[] = "…";
constexpr int kMinPartial = 4;

// Replaces every whole occurrence of `secret` in an excerpt, and the part of it an excerpt that
// was cut to length may hold: its end at the excerpt's start, or its start at the excerpt's end.
void RedactAll(std::string* text, const std::string& secret, const std::string& shown) {
  if (secret.size() < static_cast<size_t>(kMinPartial)) return;
  for (size_t at = text->find(secret); at != std::string::npos; at = text->find(secret, at)) {
    text->replace(at, secret.size(), shown);
    at += shown.size();
  }
  const std::string ellipsis = kEllipsis;
  const int body = StartsWith(*text, ellipsis) ? static_cast<int>(ellipsis.size()) : 0;
  for (int k = std::min<int>(static_cast<int>(secret.size()) - 1, static_cast<int>(text->size()) - body);
       k >= kMinPartial; --k) {
    if (text->compare(body, k, secret, secret.size() - k, k) == 0) {
      text->replace(body, k, "[redacted]");
      break;
    }
  }
  const int end = static_cast<int>(text->size()) -
                  (EndsWith(*text, ellipsis) ? static_cast<int>(ellipsis.size()) : 0);
  for (int k = std::min<int>(static_cast<int>(secret.size()) - 1, end); k >= kMinPartial; --k) {
    if (text->compare(end - k, k, secret, 0, k) == 0) {
      text->replace(end - k, k, "[redacted]");
      break;
    }
  }
}
}  // namespace

std::string ShownExcerpt(const findings::Finding& finding, const Report& report,
                         const ReportOptions& options) {
  std::string before = finding.excerpt_before, after = finding.excerpt_after;
  if (!options.show_secrets) {
    // Another secret on the same line must not show through this finding's excerpt.
    // Findings are sorted by path and line (findings::SortFindings): only that line's are looked at.
    auto redact_others = [&](const std::vector<findings::Finding>& all) {
      auto key = [](const findings::Finding& f) { return std::tie(f.path, f.line); };
      auto [first, last] = std::equal_range(
          all.begin(), all.end(), finding,
          [&](const findings::Finding& a, const findings::Finding& b) { return key(a) < key(b); });
      for (auto it = first; it != last; ++it) {
        const findings::Finding& other = *it;
        if (other.rule->kind != rules::Kind::kSecret) continue;
        RedactAll(&before, other.secret, findings::Redact(other.secret));
        RedactAll(&after, other.secret, findings::Redact(other.secret));
      }
    };
    redact_others(report.findings);
    if (report.suppressed) redact_others(*report.suppressed);
  }
  return before + ShownSecret(finding, options) + after;
}

std::string ShownContext(const std::string& field, const std::string& value,
                         const ReportOptions& options) {
  if (options.show_secrets || kPlainFields.count(field)) return value;
  if (kIdentifierFields.count(field)) return findings::ShortenIdentifier(value);
  return findings::Redact(value);
}

}  // namespace nhiscan::report
