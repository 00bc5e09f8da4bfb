#include "tests/support/rule_text.h"

#include <cstdio>
#include <stdexcept>

#include "scanner/rules/loader.h"
#include "scanner/scan/pipeline.h"

namespace nhiscan::testing {

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

std::string RuleJson(const std::string& id, const std::string& pattern, const std::string& extra,
                     const std::string& severity) {
  std::string out = "{\"id\": " + JsonString(id) + ", \"name\": " + JsonString("Test " + id) +
                    ", \"severity\": " + JsonString(severity) +
                    ", \"description\": \"test rule\", \"remediation\": \"rotate it\"" +
                    ", \"pattern\": " + JsonString(pattern);
  if (extra.find("\"examples\"") == std::string::npos) out += ", \"examples\": [\"unused\"]";
  if (extra.find("\"negative_examples\"") == std::string::npos) {
    out += ", \"negative_examples\": [\"unused\"]";
  }
  if (!extra.empty()) out += ", " + extra;
  return out + "}";
}

std::string RuleFile(const std::vector<std::string>& rules, const std::string& extractors) {
  std::string out = "{\n";
  if (!extractors.empty()) out += "  \"extractors\": " + extractors + ",\n";
  out += "  \"rules\": [\n";
  for (size_t i = 0; i < rules.size(); ++i) {
    out += "    " + rules[i] + (i + 1 < rules.size() ? ",\n" : "\n");
  }
  return out + "  ]\n}\n";
}

Result<Compiled> Compile(const std::string& rule_file_text, const std::string& cache_dir,
                         std::string_view prebuilt, const std::vector<std::string>& markers) {
  Compiled compiled;
  compiled.rules = std::make_unique<rules::RuleSet>();
  NHISCAN_RETURN_IF_ERROR(rules::LoadRuleText(rule_file_text, "test.jsonc", compiled.rules.get()));
  match::DatabaseOptions options;
  options.cache_dir = cache_dir;
  options.prebuilt = prebuilt;
  options.markers = markers;
  auto database = match::Database::Build(*compiled.rules, options);
  if (!database.ok()) return database.status();
  compiled.database = std::move(database).value();
  return compiled;
}

std::vector<findings::Finding> Scan(const Compiled& compiled, std::string_view text,
                                    std::string_view path, match::Engine engine,
                                    size_t window_size) {
  auto found = scan::ScanText(text, path, *compiled.database, engine, window_size);
  if (!found.ok()) throw std::runtime_error("ScanText failed: " + found.status().message());
  return std::move(found).value();
}

std::vector<std::string> SecretsOf(const std::vector<findings::Finding>& found,
                                   const std::string& rule_id) {
  std::vector<std::string> out;
  for (const findings::Finding& f : found) {
    if (f.rule->id == rule_id) out.push_back(f.secret);
  }
  return out;
}

}  // namespace nhiscan::testing
