// SARIF 2.1.0, as GitHub code scanning accepts it: rule metadata with help and
// security-severity, one result per finding with a region and partialFingerprints.
#include <map>

#include <nlohmann/json.hpp>

#include "scanner/report/formats.h"
#include "scanner/report/json_fields.h"

namespace nhiscan::report {

namespace {

using Json = nlohmann::ordered_json;

const char* Level(rules::Severity s) {
  switch (s) {
    case rules::Severity::kCritical:
    case rules::Severity::kHigh:
      return "error";
    case rules::Severity::kMedium:
      return "warning";
    default:
      return "note";
  }
}

// GitHub maps security-severity to critical (>= 9.0), high (>= 7.0), medium (>= 4.0), low.
const char* SecuritySeverity(rules::Severity s) {
  switch (s) {
    case rules::Severity::kCritical: return "9.5";
    case rules::Severity::kHigh: return "8.0";
    case rules::Severity::kMedium: return "5.5";
    case rules::Severity::kLow: return "3.0";
    default: return "1.0";
  }
}

// artifactLocation.uri must be a URI reference: a path is percent-encoded except for RFC 3986
// unreserved characters and '/', so spaces, newlines, quotes, '%', '#', '?', escape sequences
// and invalid UTF-8 in file names survive exactly.
std::string PathUri(std::string_view path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Why the run is incomplete, as notifications GitHub shows with the upload.
Json IncompleteNotifications(const findings::ScanStats& stats) {
  Json notes = Json::array();
  if (stats.interrupted) {
    notes.push_back({{"level", "error"}, {"message", {{"text", "interrupted before every file was scanned"}}}});
  }
  for (const auto& [path, message] : stats.errors) {
    notes.push_back({{"level", "error"}, {"message", {{"text", path + ": " + message}}}});
  }
  for (const auto& [limit, count] : stats.limits_hit) {
    notes.push_back({{"level", "warning"},
                     {"message", {{"text", "limit " + limit + " reached " + std::to_string(count) +
                                               " time(s)"}}}});
  }
  return notes;
}

Json RuleJson(const rules::Rule& rule) {
  Json help_markdown = rule.description + "\n\n**Remediation:** " + rule.remediation;
  for (const std::string& ref : rule.references) help_markdown = help_markdown.get<std::string>() + "\n- " + ref;
  Json j = {
      {"id", rule.id},
      {"name", rule.name},
      {"shortDescription", {{"text", rule.name}}},
      {"fullDescription", {{"text", rule.description}}},
      {"help", {{"text", rule.description + " Remediation: " + rule.remediation},
                {"markdown", help_markdown}}},
      {"defaultConfiguration", {{"level", Level(rule.severity)}}},
      {"properties",
       {{"tags", {"security", "secret", rule.id.substr(0, rule.id.find('.'))}},
        {"security-severity", SecuritySeverity(rule.severity)},
        {"severity", rules::SeverityName(rule.severity)}}}};
  if (!rule.references.empty()) j["helpUri"] = rule.references.front();
  return j;
}

class SarifReporter : public Reporter {
 public:
  explicit SarifReporter(const ReportOptions& options) : options_(options) {}

  void Write(const Report& report, std::ostream& out) override {
    Json rules_json = Json::array();
    std::map<std::string, size_t> rule_index;
    for (const rules::Rule& rule : report.rules.rules()) {
      rule_index[rule.id] = rules_json.size();
      rules_json.push_back(RuleJson(rule));
    }
    Json results = Json::array();
    for (const findings::Finding& f : report.findings) results.push_back(ResultJson(f, rule_index));
    // Suppressed results carry "suppressions", which code scanning shows as dismissed.
    if (options_.show_suppressed && report.suppressed) {
      for (const findings::Finding& f : *report.suppressed) {
        results.push_back(ResultJson(f, rule_index));
      }
    }
    Json run = {{"tool",
                 {{"driver",
                   {{"name", "nhiscan"},
                    {"semanticVersion", options_.tool_version},
                    {"rules", rules_json}}}}},
                {"columnKind", "unicodeCodePoints"},
                {"results", results},
                {"invocations",
                 {{{"executionSuccessful", !report.stats.incomplete()},
                   {"toolExecutionNotifications", IncompleteNotifications(report.stats)},
                   {"properties", StatsJson(report, options_)}}}}};
    Json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", {run}}};
    out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  }

 private:
  Json ResultJson(const findings::Finding& f, const std::map<std::string, size_t>& rule_index) const {
      Json finding = FindingJson(f, options_);
      Json properties = {{"severity", finding["severity"]}, {"secret", finding["secret"]},
                         {"context", finding["context"]}, {"source", finding["source"]},
                         {"validation", finding["validation"]}};
      Json result = {
          {"ruleId", f.rule->id},
          {"ruleIndex", rule_index.at(f.rule->id)},
          {"level", Level(f.rule->severity)},
          {"message", {{"text", f.rule->name + " found: " + finding["secret"].get<std::string>()}}},
          {"locations",
           {{{"physicalLocation",
              {{"artifactLocation", {{"uri", PathUri(f.path)}, {"uriBaseId", "%SRCROOT%"}}},
               {"region",
                {{"startLine", f.line},
                 {"startColumn", f.column},
                 {"endLine", f.end_line},
                 {"endColumn", f.end_column}}}}}}}},
          {"partialFingerprints", {{"nhiscan/v1", f.fingerprint}}},
          {"properties", properties},
      };
      if (f.suppression) {
        Json suppression = {{"kind", f.suppression->kind == "inline" ? "inSource" : "external"},
                            {"status", "accepted"}};
        std::string justification = f.suppression->kind;
        if (!f.suppression->detail.empty()) justification += ": " + f.suppression->detail;
        if (!f.suppression->reason.empty()) justification += ": " + f.suppression->reason;
        suppression["justification"] = justification;
        result["suppressions"] = Json::array({suppression});
      }
      return result;
  }

  ReportOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> MakeSarifReporter(const ReportOptions& options) {
  return std::make_unique<SarifReporter>(options);
}

}  // namespace nhiscan::report
