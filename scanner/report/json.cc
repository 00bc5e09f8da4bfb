// JSON ({"findings": [...], "stats": {...}}) and JSON Lines (one finding per line) reports.
#include <nlohmann/json.hpp>

#include "scanner/report/formats.h"
#include "scanner/report/json_fields.h"

namespace nhiscan::report {

namespace {

using Json = nlohmann::ordered_json;

class JsonReporter : public Reporter {
 public:
  JsonReporter(const ReportOptions& options, bool lines) : options_(options), lines_(lines) {}

  void Write(const Report& report, std::ostream& out) override {
    if (lines_) {
      for (const findings::Finding& f : report.findings) {
        out << FindingJson(f, options_).dump(-1, ' ', false, Json::error_handler_t::replace)
            << '\n';
      }
      if (options_.show_suppressed && report.suppressed) {
        for (const findings::Finding& f : *report.suppressed) {
          out << FindingJson(f, options_).dump(-1, ' ', false, Json::error_handler_t::replace)
              << '\n';
        }
      }
      return;
    }
    Json doc;
    doc["tool"] = {{"name", "nhiscan"}, {"version", options_.tool_version}};
    doc["findings"] = Json::array();
    for (const findings::Finding& f : report.findings) {
      doc["findings"].push_back(FindingJson(f, options_));
    }
    if (options_.show_suppressed && report.suppressed) {
      doc["suppressed"] = Json::array();
      for (const findings::Finding& f : *report.suppressed) {
        doc["suppressed"].push_back(FindingJson(f, options_));
      }
    }
    if (options_.baseline_report && report.stale) {
      doc["baseline"] = {{"stale", Json::array()}};
      for (const findings::BaselineEntry& e : *report.stale) {
        doc["baseline"]["stale"].push_back(
            {{"fingerprint", e.fingerprint}, {"rule_id", e.rule_id}, {"path", e.path}});
      }
    }
    doc["stats"] = StatsJson(report, options_);
    out << doc.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  }

 private:
  ReportOptions options_;
  bool lines_;
};

}  // namespace

nlohmann::ordered_json FindingJson(const findings::Finding& f, const ReportOptions& options) {
  Json j;
  j["rule_id"] = f.rule->id;
  j["rule_name"] = f.rule->name;
  j["severity"] = rules::SeverityName(f.rule->severity);
  j["kind"] = f.rule->kind == rules::Kind::kIdentifier ? "identifier"
              : f.rule->kind == rules::Kind::kConfig   ? "config"
                                                        : "secret";
  j["path"] = f.path;
  j["line"] = f.line;
  j["column"] = f.column;
  j["end_line"] = f.end_line;
  j["end_column"] = f.end_column;
  j["secret"] = ShownSecret(f, options);
  j["secret_length"] = f.secret.size();
  j["fingerprint"] = f.fingerprint;
  Json context = Json::object();
  for (const auto& [field, value] : f.context) context[field] = ShownContext(field, value, options);
  j["context"] = context;
  Json source = {{"kind", f.source.kind}};
  if (!f.source.commit.empty()) source["commit"] = f.source.commit;
  if (!f.source.author.empty()) source["author"] = f.source.author;
  if (!f.source.date.empty()) source["date"] = f.source.date;
  if (!f.source.blob.empty()) source["blob"] = f.source.blob;
  if (f.source.in_head) source["still_in_head"] = *f.source.in_head;
  j["source"] = source;
  Json validation = {{"status", f.validation.status}};
  if (!f.validation.detail.empty()) validation["detail"] = f.validation.detail;
  if (!f.validation.checked_at.empty()) validation["checked_at"] = f.validation.checked_at;
  j["validation"] = validation;
  if (f.suppression) {
    j["suppression"] = {{"kind", f.suppression->kind},
                        {"detail", f.suppression->detail},
                        {"reason", f.suppression->reason}};
  }
  return j;
}

nlohmann::ordered_json StatsJson(const Report& report, const ReportOptions& options) {
  const findings::ScanStats& s = report.stats;
  Json j;
  j["files"] = s.files;
  j["blobs"] = s.blobs;
  j["bytes"] = s.bytes;
  j["skipped"] = Json::object();
  for (const auto& [reason, count] : s.skipped) j["skipped"][reason] = count;
  j["errors"] = Json::array();
  for (const auto& [path, message] : s.errors) {
    j["errors"].push_back({{"path", path}, {"message", message}});
  }
  j["incomplete"] = s.incomplete();
  j["interrupted"] = s.interrupted;
  j["limits_hit"] = Json::object();
  for (const auto& [limit, count] : s.limits_hit) j["limits_hit"][limit] = count;
  j["summarised"] = Json::object();
  for (const auto& [path, count] : s.summarised) j["summarised"][path] = count;
  j["rules"] = s.rules;
  j["findings"] = report.findings.size();
  Json by_severity = Json::object();
  for (int sev = static_cast<int>(rules::Severity::kCritical); sev >= 0; --sev) {
    size_t n = 0;
    for (const findings::Finding& f : report.findings) n += static_cast<int>(f.rule->severity) == sev;
    by_severity[std::string(rules::SeverityName(static_cast<rules::Severity>(sev)))] = n;
  }
  j["by_severity"] = by_severity;
  Json suppressed = Json::object();
  for (const auto& [kind, n] : SuppressedByKind(report)) suppressed[kind] = n;
  j["suppressed"] = suppressed;
  if (report.stale) j["baseline_stale"] = report.stale->size();
  if (options.timings) {
    j["duration_ms"] = static_cast<uint64_t>(s.duration_ms + 0.5);
    j["rule_cache"] = s.rule_cache_prebuilt ? "prebuilt" : s.rule_cache_hit ? "hit" : "miss";
    // In order, as {"phase": …, "ms": …}; the report itself is written after them.
    Json phases = Json::array();
    for (const auto& [phase, ms] : s.phases_ms) phases.push_back({{"phase", phase}, {"ms", ms}});
    j["phases"] = phases;
    j["listing_ms"] = s.listing_ms;
  }
  return j;
}

std::unique_ptr<Reporter> MakeJsonReporter(const ReportOptions& options, bool lines) {
  return std::make_unique<JsonReporter>(options, lines);
}

}  // namespace nhiscan::report
