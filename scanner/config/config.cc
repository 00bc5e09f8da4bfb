#include "scanner/config/config.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "scanner/base/file_io.h"
#include "scanner/match/regex.h"

namespace nhiscan::config {

namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

// Reads one JSON object's keys for error messages that name the file and the full key path.
class Reader {
 public:
  Reader(const std::string& file) : file_(file) {}

  Status Error(const std::string& key, const std::string& problem) const {
    return Status::InvalidArgument(file_ + ": " + key + ": " + problem);
  }

  Status Strings(const Json& value, const std::string& key, std::vector<std::string>* out) const {
    if (!value.is_array()) return Error(key, "expected a list of strings");
    for (size_t i = 0; i < value.size(); ++i) {
      const std::string item_key = key + "[" + std::to_string(i) + "]";
      if (!value[i].is_string() || value[i].get<std::string>().empty()) {
        return Error(item_key, "expected a non-empty string");
      }
      out->push_back(value[i].get<std::string>());
    }
    return Status::Ok();
  }

  Status String(const Json& value, const std::string& key, std::string* out) const {
    if (!value.is_string() || value.get<std::string>().empty()) {
      return Error(key, "expected a non-empty string");
    }
    *out = value.get<std::string>();
    return Status::Ok();
  }

  // One entry of allow.RULE: "exact value" or {"value"|"regex": …, "reason": …}.
  Status AllowEntry(const Json& value, const std::string& rule_id, const std::string& key,
                    AllowSpec* out) const {
    out->rule_id = rule_id;
    out->origin = file_ + ": " + key;
    if (value.is_string()) return String(value, key, &out->value);
    if (!value.is_object()) return Error(key, "expected a string or {\"value\"|\"regex\", \"reason\"}");
    for (const auto& [field, item] : value.items()) {
      const std::string field_key = key + "." + field;
      if (field == "value") {
        NHISCAN_RETURN_IF_ERROR(String(item, field_key, &out->value));
      } else if (field == "regex") {
        NHISCAN_RETURN_IF_ERROR(String(item, field_key, &out->regex));
        auto compiled = match::Regex::Compile(out->regex);
        if (!compiled.ok()) return Error(field_key, "bad regex: " + compiled.status().message());
      } else if (field == "reason") {
        NHISCAN_RETURN_IF_ERROR(String(item, field_key, &out->reason));
      } else {
        return Error(field_key, "unknown key (expected value, regex or reason)");
      }
    }
    if (out->value.empty() == out->regex.empty()) {
      return Error(key, "expected exactly one of \"value\" and \"regex\"");
    }
    return Status::Ok();
  }

  Status Allow(const Json& value, std::vector<AllowSpec>* out) const {
    if (!value.is_object()) return Error("allow", "expected an object of rule id -> list of values");
    for (const auto& [rule_id, entries] : value.items()) {
      const std::string key = "allow." + rule_id;
      if (rule_id.empty()) return Error("allow", "empty rule id");
      if (!entries.is_array()) return Error(key, "expected a list of values");
      for (size_t i = 0; i < entries.size(); ++i) {
        AllowSpec spec;
        NHISCAN_RETURN_IF_ERROR(
            AllowEntry(entries[i], rule_id, key + "[" + std::to_string(i) + "]", &spec));
        out->push_back(std::move(spec));
      }
    }
    return Status::Ok();
  }

 private:
  std::string file_;
};

}  // namespace

const std::vector<std::string>& FailOnValues() {
  static const std::vector<std::string> kValues = {"critical", "high", "medium", "low", "info",
                                                   "live"};
  return kValues;
}

Result<Config> ParseConfig(std::string_view text, const std::string& file_name) {
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (doc.is_discarded()) {
    return Status::Parse(file_name + ": not valid JSON with comments (trailing commas are not allowed)");
  }
  Reader reader(file_name);
  if (!doc.is_object()) return reader.Error("(top level)", "expected an object");
  Config config;
  config.file = file_name;
  for (const auto& [key, value] : doc.items()) {
    if (key == "rules") {
      NHISCAN_RETURN_IF_ERROR(reader.Strings(value, key, &config.rules));
    } else if (key == "disable") {
      NHISCAN_RETURN_IF_ERROR(reader.Strings(value, key, &config.disable));
    } else if (key == "exclude") {
      NHISCAN_RETURN_IF_ERROR(reader.Strings(value, key, &config.exclude));
    } else if (key == "generic_excludes") {
      NHISCAN_RETURN_IF_ERROR(reader.Strings(value, key, &config.generic_excludes));
    } else if (key == "default_excludes") {
      if (!value.is_boolean()) return reader.Error(key, "expected true or false");
      config.default_excludes = value.get<bool>();
    } else if (key == "allow") {
      NHISCAN_RETURN_IF_ERROR(reader.Allow(value, &config.allow));
    } else if (key == "fail_on") {
      const auto& known = FailOnValues();
      if (!value.is_string() ||
          std::find(known.begin(), known.end(), value.get<std::string>()) == known.end()) {
        return reader.Error(key, "expected one of critical, high, medium, low, info, live");
      }
      config.fail_on = value.get<std::string>();
    } else if (key == "baseline") {
      NHISCAN_RETURN_IF_ERROR(reader.String(value, key, &config.baseline));
    } else {
      return reader.Error(key, "unknown key (known: rules, disable, exclude, default_excludes, "
                               "generic_excludes, allow, fail_on, baseline)");
    }
  }
  return config;
}

Result<Config> LoadConfigFile(const std::string& path) {
  auto text = ReadWholeFile(path);
  if (!text.ok()) return Status::Io(path + ": cannot read the configuration file");
  auto config = ParseConfig(text.value(), path);
  if (!config.ok()) return config;
  // Paths in the file are relative to the file's folder, wherever nhiscan runs from.
  const fs::path dir = fs::path(path).parent_path();
  auto resolve = [&](std::string* p) {
    if (!p->empty() && fs::path(*p).is_relative()) *p = (dir / *p).lexically_normal().string();
  };
  for (std::string& rule_path : config->rules) resolve(&rule_path);
  resolve(&config->baseline);
  return config;
}

std::optional<std::string> FindProjectConfig(const std::string& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start.empty() ? "." : start, ec);
  if (ec) return std::nullopt;
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  const fs::path start_dir = dir;
  // Inside a git work tree: the nearest file up to the work tree's root. Outside one, only the
  // scanned folder's own file: a stray .nhiscan.jsonc in a parent folder (a home or /tmp) must
  // not change the scan of an unrelated folder.
  std::optional<std::string> nearest;
  for (; !dir.empty(); dir = dir.parent_path()) {
    fs::path candidate = dir / kConfigFileName;
    if (!nearest && fs::is_regular_file(candidate, ec)) nearest = candidate.string();
    if (fs::exists(dir / ".git", ec)) return nearest;
    if (dir == dir.root_path()) break;
  }
  fs::path own = start_dir / kConfigFileName;
  if (fs::is_regular_file(own, ec)) return own.string();
  return std::nullopt;
}

std::string StarterConfig() {
  return R"(// nhiscan project configuration (JSON with comments; no trailing commas).
// Every key is optional; relative paths are relative to this file. Unknown keys are errors.
{
  // Extra rule files or folders of *.jsonc rule files (schema: patterns/README.md in nhiscan).
  // "rules": ["tools/nhiscan-rules"],

  // Rule ids to turn off (`nhiscan rules list` shows them).
  // "disable": ["generic.high_entropy_string"],

  // Paths never scanned (globs: a name without '/' matches at any depth; '*' also matches '/').
  // "exclude": ["docs/examples", "*.snap"],

  // Generic rules (ids "generic.*") skip lock files, vendored dependencies and minified
  // bundles; provider-shaped rules (AWS, Salesforce, ...) still scan them. false turns this off.
  // "default_excludes": true,
  // More globs where generic rules do not report:
  // "generic_excludes": ["fixtures"],

  // Accepted values per rule id ("*" = every rule): exact values or RE2 regexes, with a reason.
  // "allow": {
  //   "generic.password_assignment": [{"value": "changeme", "reason": "documented default"}],
  //   "*": [{"regex": "^EXAMPLE", "reason": "documentation samples"}]
  // },

  // Exit status 1 only for findings at or above this severity (critical, high, medium, low, info),
  // or "live" for findings that --validate found live.
  // "fail_on": "medium",

  // Findings accepted earlier (`nhiscan baseline create > .nhiscan-baseline.json`).
  // "baseline": ".nhiscan-baseline.json"
}
)";
}

}  // namespace nhiscan::config
