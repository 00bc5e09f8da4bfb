#include "scanner/findings/baseline.h"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

namespace nhiscan::findings {

namespace {

using Json = nlohmann::json;

constexpr int kBaselineVersion = 1;

bool IsFingerprint(const std::string& s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Status Error(const std::string& file_name, const std::string& key, const std::string& problem) {
  return Status::InvalidArgument(file_name + ": " + key + ": " + problem);
}

Status CheckKeys(const Json& object, const std::set<std::string>& known,
                 const std::string& file_name, const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (!known.count(key)) return Error(file_name, where + key, "unknown key");
  }
  return Status::Ok();
}

Result<BaselineEntry> ParseEntry(const Json& j, const std::string& file_name,
                                 const std::string& where) {
  if (!j.is_object()) return Error(file_name, where, "expected an object");
  NHISCAN_RETURN_IF_ERROR(CheckKeys(j, {"fingerprint", "rule_id", "path"}, file_name, where + "."));
  BaselineEntry entry;
  for (auto [key, out] : {std::pair{"fingerprint", &entry.fingerprint},
                          std::pair{"rule_id", &entry.rule_id}, std::pair{"path", &entry.path}}) {
    auto it = j.find(key);
    if (it == j.end()) return Error(file_name, where + "." + key, "missing");
    if (!it->is_string()) return Error(file_name, where + "." + key, "expected a string");
    *out = it->get<std::string>();
  }
  if (!IsFingerprint(entry.fingerprint)) {
    return Error(file_name, where + ".fingerprint", "expected 32 lowercase hex digits");
  }
  return entry;
}

Baseline Normalized(std::vector<BaselineEntry> entries) {
  std::sort(entries.begin(), entries.end(), [](const BaselineEntry& a, const BaselineEntry& b) {
    return std::tie(a.fingerprint, a.rule_id, a.path) < std::tie(b.fingerprint, b.rule_id, b.path);
  });
  entries.erase(std::unique(entries.begin(), entries.end(),
                            [](const BaselineEntry& a, const BaselineEntry& b) {
                              return a.fingerprint == b.fingerprint;
                            }),
                entries.end());
  return Baseline{std::move(entries)};
}

}  // namespace

Result<Baseline> ParseBaseline(std::string_view text, const std::string& file_name) {
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (doc.is_discarded()) return Status::Parse(file_name + ": not valid JSON");
  if (!doc.is_object()) return Error(file_name, "(top level)", "expected an object");
  NHISCAN_RETURN_IF_ERROR(CheckKeys(doc, {"version", "tool", "findings"}, file_name, ""));
  auto version = doc.find("version");
  if (version == doc.end()) return Error(file_name, "version", "missing");
  if (!version->is_number_integer() || version->get<int64_t>() != kBaselineVersion) {
    return Error(file_name, "version", "expected 1");
  }
  auto tool = doc.find("tool");
  if (tool != doc.end() && !tool->is_string()) return Error(file_name, "tool", "expected a string");
  auto list = doc.find("findings");
  if (list == doc.end()) return Error(file_name, "findings", "missing");
  if (!list->is_array()) return Error(file_name, "findings", "expected a list");
  std::vector<BaselineEntry> entries;
  for (size_t i = 0; i < list->size(); ++i) {
    auto entry = ParseEntry((*list)[i], file_name, "findings[" + std::to_string(i) + "]");
    if (!entry.ok()) return entry.status();
    entries.push_back(std::move(entry).value());
  }
  return Normalized(std::move(entries));
}

std::string FormatBaseline(const Baseline& baseline) {
  std::string out = "{\n  \"version\": 1,\n  \"tool\": \"nhiscan\",\n  \"findings\": [\n";
  for (size_t i = 0; i < baseline.entries.size(); ++i) {
    const BaselineEntry& e = baseline.entries[i];
    nlohmann::ordered_json line = {{"fingerprint", e.fingerprint}, {"rule_id", e.rule_id}, {"path", e.path}};
    out += "    " + line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out += i + 1 < baseline.entries.size() ? ",\n" : "\n";
  }
  out += "  ]\n}\n";
  return out;
}

Baseline BaselineOf(const std::vector<Finding>& found) {
  std::vector<BaselineEntry> entries;
  for (const Finding& f : found) entries.push_back({f.fingerprint, f.rule->id, f.path});
  return Normalized(std::move(entries));
}

Baseline MergeBaselines(const Baseline& a, const Baseline& b) {
  std::vector<BaselineEntry> entries = a.entries;
  entries.insert(entries.end(), b.entries.begin(), b.entries.end());
  return Normalized(std::move(entries));
}

}  // namespace nhiscan::findings
