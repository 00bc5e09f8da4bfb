#include "scanner/rules/snapshot.h"

#include <cstdint>
#include <cstring>

namespace nhiscan::rules {

namespace {

// Bump when Rule or Extractor gain a field.
constexpr std::string_view kMagic = "NHISCANRULES1\n";

class Writer {
 public:
  void U32(uint32_t v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void F64(double v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void Strs(const std::vector<std::string>& list) {
    U32(static_cast<uint32_t>(list.size()));
    for (const std::string& s : list) Str(s);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what Writer wrote; any overrun sets failed() and yields empty values from then on.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool failed() const { return failed_; }
  bool at_end() const { return in_.empty(); }

  uint32_t U32() {
    uint32_t v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  double F64() {
    double v = 0;
    Raw(&v, sizeof v);
    return v;
  }
  std::string Str() {
    uint32_t n = U32();
    if (failed_ || n > in_.size()) return Fail();
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  std::vector<std::string> Strs() {
    uint32_t n = U32();
    std::vector<std::string> list;
    for (uint32_t i = 0; i < n && !failed_; ++i) list.push_back(Str());
    return list;
  }

 private:
  void Raw(void* out, size_t n) {
    if (failed_ || in_.size() < n) {
      Fail();
      return;
    }
    std::memcpy(out, in_.data(), n);
    in_.remove_prefix(n);
  }
  std::string Fail() {
    failed_ = true;
    in_ = {};
    return {};
  }

  std::string_view in_;
  bool failed_ = false;
};

void WriteRule(const Rule& rule, Writer* w) {
  w->Str(rule.id);
  w->Str(rule.name);
  w->U32(static_cast<uint32_t>(rule.severity));
  w->U32(static_cast<uint32_t>(rule.kind));
  w->Str(rule.description);
  w->Str(rule.remediation);
  w->Strs(rule.references);
  w->Strs(rule.patterns);
  w->Str(rule.check);
  w->Strs(rule.paths);
  w->F64(rule.min_entropy);
  w->Strs(rule.checks);
  w->Str(rule.context);
  w->U32(static_cast<uint32_t>(rule.context_lines));
  w->Strs(rule.attach);
  w->U32(rule.allow_placeholders ? 1 : 0);
  w->Str(rule.origin);
}

bool ReadRule(Reader* r, Rule* rule) {
  rule->id = r->Str();
  rule->name = r->Str();
  uint32_t severity = r->U32();
  uint32_t kind = r->U32();
  rule->description = r->Str();
  rule->remediation = r->Str();
  rule->references = r->Strs();
  rule->patterns = r->Strs();
  rule->check = r->Str();
  rule->paths = r->Strs();
  rule->min_entropy = r->F64();
  rule->checks = r->Strs();
  rule->context = r->Str();
  rule->context_lines = static_cast<int>(r->U32());
  rule->attach = r->Strs();
  rule->allow_placeholders = r->U32() != 0;
  rule->origin = r->Str();
  if (severity > static_cast<uint32_t>(Severity::kCritical) ||
      kind > static_cast<uint32_t>(Kind::kConfig)) {
    return false;
  }
  rule->severity = static_cast<Severity>(severity);
  rule->kind = static_cast<Kind>(kind);
  return !r->failed();
}

}  // namespace

std::string_view SnapshotFormat() { return kMagic; }

std::string SerializeRuleSet(const RuleSet& set) {
  Writer w;
  w.Str(kMagic);
  w.U32(static_cast<uint32_t>(set.rules().size()));
  for (const Rule& rule : set.rules()) WriteRule(rule, &w);
  w.U32(static_cast<uint32_t>(set.extractors().size()));
  for (const Extractor& extractor : set.extractors()) {
    w.Str(extractor.id);
    w.Str(extractor.field);
    w.Str(extractor.pattern);
  }
  return w.Take();
}

Status DeserializeRuleSet(std::string_view bytes, RuleSet* set) {
  const Status corrupt = Status::Parse("rule snapshot is truncated or corrupt");
  Reader r(bytes);
  if (r.Str() != kMagic) return corrupt;
  // Counts are checked against the input size before anything is allocated for them.
  uint32_t rule_count = r.U32();
  if (r.failed() || rule_count > bytes.size()) return corrupt;
  std::vector<Rule> rules(rule_count);
  for (Rule& rule : rules) {
    if (!ReadRule(&r, &rule)) return corrupt;
  }
  uint32_t extractor_count = r.U32();
  if (r.failed() || extractor_count > bytes.size()) return corrupt;
  std::vector<Extractor> extractors(extractor_count);
  for (Extractor& extractor : extractors) {
    extractor.id = r.Str();
    extractor.field = r.Str();
    extractor.pattern = r.Str();
  }
  if (r.failed() || !r.at_end()) return corrupt;
  set->Add(std::move(rules), std::move(extractors));
  return Status::Ok();
}

}  // namespace nhiscan::rules
