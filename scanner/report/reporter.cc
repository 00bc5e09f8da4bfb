#include "scanner/report/reporter.h"

#include <set>

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

std::string ShownContext(const std::string& field, const std::string& value,
                         const ReportOptions& options) {
  if (options.show_secrets || kPlainFields.count(field)) return value;
  if (kIdentifierFields.count(field)) return findings::ShortenIdentifier(value);
  return findings::Redact(value);
}

}  // namespace nhiscan::report
