#include "scanner/rules/rule.h"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>

#include "scanner/base/sha256.h"

namespace nhiscan::rules {

namespace {
constexpr std::array<std::string_view, 5> kSeverityNames = {"info", "low", "medium", "high",
                                                            "critical"};
}  // namespace

std::string_view SeverityName(Severity s) { return kSeverityNames[static_cast<size_t>(s)]; }

std::optional<Severity> ParseSeverity(std::string_view name) {
  for (size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (kSeverityNames[i] == name) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

namespace {

// Appends `added` to `items`; an item whose id is already there replaces it in place. Linear in
// the total (a snapshot adds hundreds of rules at once).
template <typename T>
void AddOrReplace(std::vector<T>* items, std::vector<T> added) {
  std::unordered_map<std::string, size_t> index;
  index.reserve(items->size() + added.size());
  for (size_t i = 0; i < items->size(); ++i) index.emplace((*items)[i].id, i);
  items->reserve(items->size() + added.size());
  for (T& item : added) {
    auto [at, inserted] = index.emplace(item.id, items->size());
    if (inserted) {
      items->push_back(std::move(item));
    } else {
      (*items)[at->second] = std::move(item);
    }
  }
}

}  // namespace

void RuleSet::Add(std::vector<Rule> rules, std::vector<Extractor> extractors) {
  AddOrReplace(&rules_, std::move(rules));
  AddOrReplace(&extractors_, std::move(extractors));
}

Status RuleSet::Validate() const {
  for (const Rule& rule : rules_) {
    for (const std::string& id : rule.attach) {
      if (FindExtractor(id) == nullptr) {
        return Status::InvalidArgument("rule '" + rule.id + "' (" + rule.origin +
                                       "): attaches unknown extractor '" + id + "'");
      }
    }
  }
  return Status::Ok();
}

const Rule* RuleSet::FindRule(std::string_view id) const {
  for (const Rule& rule : rules_) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

const Extractor* RuleSet::FindExtractor(std::string_view id) const {
  for (const Extractor& extractor : extractors_) {
    if (extractor.id == id) return &extractor;
  }
  return nullptr;
}

std::string RuleSet::MatchingHash() const {
  // Everything that is compiled into a regex or decides a match, so that a cached database is
  // only ever reused for a rule set that was fully validated when the cache was written.
  Sha256 hash;
  auto put = [&hash](std::string_view field) {
    hash.Update(field);
    hash.Update(std::string_view("\0", 1));
  };
  for (const Rule& rule : rules_) {
    put(rule.id);
    for (const std::string& pattern : rule.patterns) put(pattern);
    put(rule.context);
    put(rule.check);
    for (const std::string& check : rule.checks) put(check);
    put("\1");
  }
  for (const Extractor& extractor : extractors_) {
    put(extractor.id);
    put(extractor.pattern);
  }
  return hash.HexDigest();
}

}  // namespace nhiscan::rules
