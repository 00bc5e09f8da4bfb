#include "scanner/report/report_reader.h"

#include <nlohmann/json.hpp>

namespace nhiscan::report {

namespace {

using Json = nlohmann::json;

std::string Text(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

uint64_t Number(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_unsigned() ? it->get<uint64_t>() : 0;
}

Result<ReadFinding> ReadOne(const Json& j, size_t index, const rules::RuleSet& rules) {
  const std::string where = "finding " + std::to_string(index + 1);
  if (!j.is_object()) return Status::Parse(where + " is not an object");
  const std::string rule_id = Text(j, "rule_id");
  const rules::Rule* rule = rules.FindRule(rule_id);
  if (rule == nullptr) {
    return Status::Parse(where + ": unknown rule '" + rule_id + "' (pass the --rules the scan used)");
  }
  ReadFinding read;
  findings::Finding& f = read.finding;
  f.rule = rule;
  f.path = Text(j, "path");
  f.line = Number(j, "line");
  f.column = Number(j, "column");
  f.end_line = Number(j, "end_line");
  f.end_column = Number(j, "end_column");
  f.secret = Text(j, "secret");
  f.fingerprint = Text(j, "fingerprint");
  if (f.path.empty() || f.fingerprint.empty()) return Status::Parse(where + " has no path or fingerprint");
  if (auto context = j.find("context"); context != j.end() && context->is_object()) {
    for (const auto& [field, value] : context->items()) {
      if (value.is_string()) f.context[field] = value.get<std::string>();
    }
  }
  if (auto source = j.find("source"); source != j.end() && source->is_object()) {
    f.source.kind = Text(*source, "kind").empty() ? "file" : Text(*source, "kind");
    f.source.commit = Text(*source, "commit");
    f.source.author = Text(*source, "author");
    f.source.date = Text(*source, "date");
    f.source.blob = Text(*source, "blob");
    if (auto head = source->find("still_in_head"); head != source->end() && head->is_boolean()) {
      f.source.in_head = head->get<bool>();
    }
  }
  // The secret is complete when it has the recorded length and is not a redaction, and the
  // fingerprint (rule, path, secret) confirms it.
  read.secret_revealed = f.secret.size() == Number(j, "secret_length") &&
                         findings::Fingerprint(rule_id, f.path, f.secret) == f.fingerprint;
  return read;
}

}  // namespace

Result<ReadReport> ParseJsonReport(std::string_view text, const rules::RuleSet& rules) {
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::Parse("not JSON (expected a report written with --format json)");
  if (!doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array()) {
    return Status::Parse("not an nhiscan JSON report: no \"findings\" list");
  }
  ReadReport report;
  const Json& list = doc["findings"];
  for (size_t i = 0; i < list.size(); ++i) {
    auto read = ReadOne(list[i], i, rules);
    if (!read.ok()) return read.status();
    report.findings.push_back(std::move(read).value());
  }
  if (auto stats = doc.find("stats"); stats != doc.end() && stats->is_object()) {
    report.stats.files = Number(*stats, "files");
    report.stats.blobs = Number(*stats, "blobs");
    report.stats.bytes = Number(*stats, "bytes");
  }
  return report;
}

}  // namespace nhiscan::report
