#include "scanner/rules/loader.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "scanner/base/file_io.h"
#include "scanner/base/sha256.h"
#include "scanner/rules/embedded.h"
#include "scanner/rules/snapshot.h"

namespace nhiscan::rules {

namespace {

using nlohmann::json;

// Reads fields of one JSON object, remembering which keys were used so that unknown (misspelled)
// keys can be reported instead of silently ignored.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string where) : object_(object), where_(std::move(where)) {}

  Status String(const char* key, bool required, std::string* out) {
    used_.insert(key);
    auto it = object_.find(key);
    if (it == object_.end()) return required ? Missing(key) : Status::Ok();
    if (!it->is_string()) return Wrong(key, "a string");
    *out = it->get<std::string>();
    if (required && out->empty()) return Wrong(key, "a non-empty string");
    return Status::Ok();
  }

  Status StringList(const char* key, std::vector<std::string>* out) {
    used_.insert(key);
    auto it = object_.find(key);
    if (it == object_.end()) return Status::Ok();
    if (!it->is_array()) return Wrong(key, "a list of strings");
    for (const json& item : *it) {
      if (!item.is_string()) return Wrong(key, "a list of strings");
      out->push_back(item.get<std::string>());
    }
    return Status::Ok();
  }

  Status Number(const char* key, double* out) {
    used_.insert(key);
    auto it = object_.find(key);
    if (it == object_.end()) return Status::Ok();
    if (!it->is_number()) return Wrong(key, "a number");
    *out = it->get<double>();
    return Status::Ok();
  }

  Status Bool(const char* key, bool* out) {
    used_.insert(key);
    auto it = object_.find(key);
    if (it == object_.end()) return Status::Ok();
    if (!it->is_boolean()) return Wrong(key, "true or false");
    *out = it->get<bool>();
    return Status::Ok();
  }

  const json* Raw(const char* key) {
    used_.insert(key);
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  Status NoUnknownKeys() const {
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (!used_.count(it.key())) {
        return Status::InvalidArgument(where_ + ": unknown field '" + it.key() + "'");
      }
    }
    return Status::Ok();
  }

  Status Wrong(const std::string& key, const std::string& expected) const {
    return Status::InvalidArgument(where_ + ": field '" + key + "' must be " + expected);
  }

 private:
  Status Missing(const std::string& key) const {
    return Status::InvalidArgument(where_ + ": missing required field '" + key + "'");
  }

  const json& object_;
  std::string where_;
  std::set<std::string> used_;
};

Status ParseExamples(const json* list, const std::string& where, std::vector<Example>* out) {
  if (list == nullptr) return Status::Ok();
  if (!list->is_array()) return Status::InvalidArgument(where + " must be a list");
  for (const json& item : *list) {
    Example example;
    if (item.is_string()) {
      example.text = item.get<std::string>();
    } else if (item.is_object()) {
      ObjectReader reader(item, where);
      const json* files = reader.Raw("files");
      NHISCAN_RETURN_IF_ERROR(reader.String("text", files == nullptr, &example.text));
      NHISCAN_RETURN_IF_ERROR(reader.String("path", false, &example.path));
      NHISCAN_RETURN_IF_ERROR(reader.String("secret", false, &example.secret));
      NHISCAN_RETURN_IF_ERROR(reader.NoUnknownKeys());
      if (files != nullptr) {
        if (!files->is_object() || files->empty()) {
          return reader.Wrong("files", "an object of path: text");
        }
        for (auto it = files->begin(); it != files->end(); ++it) {
          if (!it->is_string()) return reader.Wrong("files", "an object of path: text");
          example.files.emplace_back(it.key(), it->get<std::string>());
        }
      }
      if (example.path.empty()) example.path = "example.txt";
    } else {
      return Status::InvalidArgument(where + ": each example is a string or an object");
    }
    out->push_back(std::move(example));
  }
  return Status::Ok();
}

bool ValidId(const std::string& id) {
  if (id.find('.') == std::string::npos || id.front() == '.' || id.back() == '.') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

Status ParseRule(const json& object, const std::string& origin, size_t index, Rule* rule) {
  if (!object.is_object()) {
    return Status::InvalidArgument(origin + ": rule #" + std::to_string(index + 1) +
                                   " is not an object");
  }
  rule->origin = origin;
  {
    std::string where = origin + ": rule #" + std::to_string(index + 1);
    NHISCAN_RETURN_IF_ERROR(ObjectReader(object, where).String("id", true, &rule->id));
    if (!ValidId(rule->id)) {
      return Status::InvalidArgument(where + ": id '" + rule->id +
                                     "' must be dotted lower case, provider first (aws.access_key)");
    }
  }
  const std::string where = origin + ": rule '" + rule->id + "'";
  ObjectReader reader(object, where);
  std::string severity, kind, pattern;
  NHISCAN_RETURN_IF_ERROR(reader.String("id", true, &rule->id));
  NHISCAN_RETURN_IF_ERROR(reader.String("name", true, &rule->name));
  NHISCAN_RETURN_IF_ERROR(reader.String("severity", true, &severity));
  NHISCAN_RETURN_IF_ERROR(reader.String("kind", false, &kind));
  NHISCAN_RETURN_IF_ERROR(reader.String("description", true, &rule->description));
  NHISCAN_RETURN_IF_ERROR(reader.String("remediation", true, &rule->remediation));
  NHISCAN_RETURN_IF_ERROR(reader.StringList("references", &rule->references));
  NHISCAN_RETURN_IF_ERROR(reader.String("pattern", false, &pattern));
  NHISCAN_RETURN_IF_ERROR(reader.StringList("patterns", &rule->patterns));
  NHISCAN_RETURN_IF_ERROR(reader.String("check", false, &rule->check));
  NHISCAN_RETURN_IF_ERROR(reader.StringList("paths", &rule->paths));
  NHISCAN_RETURN_IF_ERROR(reader.Number("min_entropy", &rule->min_entropy));
  NHISCAN_RETURN_IF_ERROR(reader.StringList("checks", &rule->checks));
  NHISCAN_RETURN_IF_ERROR(reader.String("context", false, &rule->context));
  double context_lines = rule->context_lines;
  NHISCAN_RETURN_IF_ERROR(reader.Number("context_lines", &context_lines));
  NHISCAN_RETURN_IF_ERROR(reader.StringList("attach", &rule->attach));
  NHISCAN_RETURN_IF_ERROR(reader.Bool("allow_placeholders", &rule->allow_placeholders));
  NHISCAN_RETURN_IF_ERROR(
      ParseExamples(reader.Raw("examples"), where + ": examples", &rule->examples));
  NHISCAN_RETURN_IF_ERROR(ParseExamples(reader.Raw("negative_examples"),
                                        where + ": negative_examples", &rule->negative_examples));
  NHISCAN_RETURN_IF_ERROR(reader.NoUnknownKeys());

  auto parsed_severity = ParseSeverity(severity);
  if (!parsed_severity) {
    return reader.Wrong("severity", "one of critical, high, medium, low, info");
  }
  rule->severity = *parsed_severity;
  if (kind.empty() || kind == "secret") {
    rule->kind = Kind::kSecret;
  } else if (kind == "identifier") {
    rule->kind = Kind::kIdentifier;
  } else if (kind == "config") {
    rule->kind = Kind::kConfig;
  } else {
    return reader.Wrong("kind", "\"secret\", \"identifier\" or \"config\"");
  }
  if (!pattern.empty()) rule->patterns.insert(rule->patterns.begin(), pattern);
  if (!rule->check.empty() && !rule->patterns.empty()) {
    return reader.Wrong("check", "absent when the rule has a pattern (a rule is one or the other)");
  }
  if (rule->patterns.empty() && rule->check.empty()) {
    return reader.Wrong("pattern", "present (or \"patterns\", or \"check\")");
  }
  for (const std::string& p : rule->patterns) {
    if (p.find("(?P<secret>") == std::string::npos) {
      return Status::InvalidArgument(where + ": pattern /" + p +
                                     "/ has no (?P<secret>…) group");
    }
  }
  if (context_lines < 0 || context_lines > 1000) return reader.Wrong("context_lines", "0..1000");
  rule->context_lines = static_cast<int>(context_lines);
  if (rule->min_entropy < 0 || rule->min_entropy > 8) return reader.Wrong("min_entropy", "0..8");
  if (rule->examples.empty()) return reader.Wrong("examples", "a non-empty list");
  if (rule->negative_examples.empty()) return reader.Wrong("negative_examples", "a non-empty list");
  return Status::Ok();
}

Status ParseExtractors(const json* object, const std::string& origin,
                       std::vector<Extractor>* out) {
  if (object == nullptr) return Status::Ok();
  if (!object->is_object()) {
    return Status::InvalidArgument(origin + ": \"extractors\" must be an object");
  }
  for (auto it = object->begin(); it != object->end(); ++it) {
    Extractor extractor;
    extractor.id = it.key();
    std::string where = origin + ": extractor '" + extractor.id + "'";
    if (!it->is_object()) return Status::InvalidArgument(where + " must be an object");
    ObjectReader reader(*it, where);
    NHISCAN_RETURN_IF_ERROR(reader.String("field", true, &extractor.field));
    NHISCAN_RETURN_IF_ERROR(reader.String("pattern", true, &extractor.pattern));
    NHISCAN_RETURN_IF_ERROR(reader.NoUnknownKeys());
    if (extractor.pattern.find("(?P<value>") == std::string::npos) {
      return Status::InvalidArgument(where + ": pattern has no (?P<value>…) group");
    }
    out->push_back(std::move(extractor));
  }
  return Status::Ok();
}

}  // namespace

Status LoadRuleText(std::string_view text, const std::string& origin, RuleSet* set) {
  json doc;
  try {
    doc = json::parse(text, nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const json::exception& e) {
    // parse_error for bad syntax, out_of_range for a number no double holds (1e999).
    return Status::Parse(origin + ": not valid JSON (with comments): " + e.what());
  }
  if (!doc.is_object()) return Status::Parse(origin + ": top level must be an object");
  ObjectReader top(doc, origin);
  std::vector<Extractor> extractors;
  NHISCAN_RETURN_IF_ERROR(ParseExtractors(top.Raw("extractors"), origin, &extractors));
  const json* rules_json = top.Raw("rules");
  NHISCAN_RETURN_IF_ERROR(top.NoUnknownKeys());
  if (rules_json == nullptr && extractors.empty()) {
    return Status::InvalidArgument(origin + ": no \"rules\" and no \"extractors\"");
  }
  std::vector<Rule> rules;
  if (rules_json != nullptr) {
    if (!rules_json->is_array()) return Status::InvalidArgument(origin + ": \"rules\" must be a list");
    std::set<std::string> ids;
    for (size_t i = 0; i < rules_json->size(); ++i) {
      Rule rule;
      NHISCAN_RETURN_IF_ERROR(ParseRule((*rules_json)[i], origin, i, &rule));
      if (!ids.insert(rule.id).second) {
        return Status::InvalidArgument(origin + ": rule id '" + rule.id + "' appears twice");
      }
      rules.push_back(std::move(rule));
    }
  }
  set->Add(std::move(rules), std::move(extractors));
  return Status::Ok();
}

Result<std::vector<RuleSource>> ReadRuleSources(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".jsonc" || ext == ".json")) {
        files.push_back(entry.path().string());
      }
    }
    if (ec) return Status::Io("cannot read rule folder " + path + ": " + ec.message());
    if (files.empty()) return Status::NotFound("no *.jsonc or *.json rule files in " + path);
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  std::vector<RuleSource> sources;
  for (const std::string& file : files) {
    auto text = ReadWholeFile(file);
    if (!text.ok()) return Status::Io("cannot read rule file " + file);
    sources.push_back({file, std::move(text).value()});
  }
  return sources;
}

Status LoadRulePath(const std::string& path, RuleSet* set) {
  auto sources = ReadRuleSources(path);
  if (!sources.ok()) return sources.status();
  for (const RuleSource& source : sources.value()) {
    NHISCAN_RETURN_IF_ERROR(LoadRuleText(source.text, source.origin, set));
  }
  return Status::Ok();
}

Status LoadBuiltinRules(RuleSet* set) {
  for (const EmbeddedFile& file : EmbeddedRuleFiles()) {
    NHISCAN_RETURN_IF_ERROR(LoadRuleText(file.text, "patterns/" + std::string(file.name), set));
  }
  return Status::Ok();
}

namespace {

// Names the snapshot of exactly these sources (built-in digest first, then each user file).
std::string SnapshotFile(const std::string& cache_dir, const std::vector<RuleSource>& user) {
  Sha256 hash;
  hash.Update(SnapshotFormat());
  hash.Update(EmbeddedRuleFilesDigest());
  for (const RuleSource& source : user) {
    hash.Update(std::to_string(source.origin.size()) + ":" + source.origin);
    hash.Update(std::to_string(source.text.size()) + ":" + source.text);
  }
  return (std::filesystem::path(cache_dir) / ("rules-" + hash.HexDigest() + ".bin")).string();
}

Status ParseSources(const std::vector<RuleSource>& user, RuleSet* set) {
  NHISCAN_RETURN_IF_ERROR(LoadBuiltinRules(set));
  for (const RuleSource& source : user) {
    NHISCAN_RETURN_IF_ERROR(LoadRuleText(source.text, source.origin, set));
  }
  return set->Validate();
}

}  // namespace

Status LoadRuleSet(const RuleLoadOptions& options, RuleSet* set, std::string* cache_warning) {
  std::vector<RuleSource> user;
  for (const std::string& path : options.paths) {
    auto sources = ReadRuleSources(path);
    if (!sources.ok()) return sources.status();
    for (RuleSource& source : sources.value()) user.push_back(std::move(source));
  }
  if (options.cache_dir.empty() || options.with_examples) return ParseSources(user, set);
  const std::string file = SnapshotFile(options.cache_dir, user);
  // Mapped: read, its quarter megabyte was copied into as many fresh pages on every start.
  // Snapshots are written through a rename (WriteFileAtomically), never rewritten in place.
  if (auto mapped = MapWholeFile(file); mapped.ok()) {
    RuleSet cached;
    if (DeserializeRuleSet(mapped->bytes(), &cached).ok()) {
      *set = std::move(cached);
      return Status::Ok();
    }
  }
  NHISCAN_RETURN_IF_ERROR(ParseSources(user, set));
  if (Status stored = WriteFileAtomically(file, SerializeRuleSet(*set)); !stored.ok()) {
    *cache_warning = "rule cache not written: " + stored.message();
  }
  return Status::Ok();
}

}  // namespace nhiscan::rules
