#include "scanner/match/scanner.h"

#include <algorithm>
#include <climits>
#include <optional>

#include "scanner/base/glob.h"
#include "scanner/base/text.h"
#include "scanner/match/database_impl.h"
#include "scanner/match/filters.h"
#include "scanner/match/value_checks.h"

namespace nhiscan::match {

namespace {

// An expression to confirm with RE2 in window[from, until).
struct Candidate {
  size_t expression;
  size_t from;
  size_t until;
};

// Turns Hyperscan's match ends into RE2 search regions. A bounded expression's ends that lie
// within its maximum width of each other share one region; an expression Hyperscan reports only
// once (unbounded or prefilter) is searched from the window's start.
struct HitCollector {
  const DatabaseImpl* db;
  size_t window_size;
  std::vector<Candidate> candidates;
  std::vector<int> open;  // per expression: its last region in candidates, or -1
  uint32_t marks = 0;     // bit i: db->markers[i] occurs in the window

  void Add(unsigned int id, size_t to) {
    if (id >= db->expressions.size()) {
      marks |= uint32_t{1} << (id - db->expressions.size());
      return;
    }
    const Expression& e = db->expressions[id];
    int& last = open[id];
    if (e.mode != ExpressionMode::kExact || e.max_width == UINT32_MAX) {
      if (last < 0) {
        last = static_cast<int>(candidates.size());
        candidates.push_back({id, 0, window_size});
      }
      return;
    }
    const size_t from = to > e.max_width ? to - e.max_width : 0;
    // Ends come in order, except that matches anchored at the end of the data ($) are reported
    // last: a region grows both ways.
    if (last >= 0) {
      Candidate& region = candidates[static_cast<size_t>(last)];
      if (to <= region.until + e.max_width && to + e.max_width >= region.from) {
        region.from = std::min(region.from, from);
        region.until = std::max(region.until, to);
        return;
      }
    }
    last = static_cast<int>(candidates.size());
    candidates.push_back({id, from, to});
  }
};

int CollectHit(unsigned int id, unsigned long long /*from*/, unsigned long long to,
               unsigned int /*flags*/, void* context) {
  static_cast<HitCollector*>(context)->Add(id, static_cast<size_t>(to));
  return 0;  // keep scanning: other rules may match further on
}

struct ExtractorHit {
  size_t offset;
  std::string value;
};

}  // namespace

// Everything worth computing at most once per window, and only when a match needs it.
struct Scanner::State {
  std::string_view window;
  std::string_view path;
  std::optional<LineIndex> lines;
  std::vector<std::optional<std::vector<ExtractorHit>>> extractor_hits;
  std::vector<int8_t> rule_applies;  // -1 unknown, 0 no, 1 yes

  const LineIndex& Lines() {
    if (!lines) lines.emplace(window);
    return *lines;
  }
};

namespace {

bool RuleAppliesToPath(const rules::Rule& rule, std::string_view path) {
  return rule.paths.empty() || AnyGlobMatches(rule.paths, path);
}

// Context is attached from this far around a match at most: in a large file, a client id
// megabytes away is not the one that goes with the secret, and searching the whole window for
// every match would cost more than the scan itself.
constexpr size_t kAttachReach = 16 * 1024;

// Every non-placeholder value of an extractor in window[from, to).
std::vector<ExtractorHit> FindExtractorHits(const DatabaseImpl& db, size_t extractor,
                                            std::string_view window, size_t from, size_t to) {
  std::vector<ExtractorHit> hits;
  const re2::RE2& re = db.extractor_regexes[extractor]->Get();
  const auto& names = re.NamedCapturingGroups();
  auto value_group = names.find("value");
  if (!re.ok() || value_group == names.end()) return hits;
  const int n = 1 + re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> sub(static_cast<size_t>(n));
  re2::StringPiece text(window.data(), window.size());
  size_t pos = from;
  while (pos <= to && re.Match(text, pos, to, re2::RE2::UNANCHORED, sub.data(), n)) {
    size_t begin = static_cast<size_t>(sub[0].data() - window.data());
    const re2::StringPiece& value = sub[static_cast<size_t>(value_group->second)];
    if (value.data() != nullptr && !LooksLikePlaceholder({value.data(), value.size()})) {
      hits.push_back({static_cast<size_t>(value.data() - window.data()),
                      std::string(value.data(), value.size())});
    }
    size_t end = begin + sub[0].size();
    pos = end > begin ? end : begin + 1;
  }
  return hits;
}

// The extractor's value nearest to `offset` (within kAttachReach), other than the secret itself.
std::optional<std::string> NearestExtractorValue(const DatabaseImpl& db, size_t extractor,
                                                 std::string_view window, size_t offset,
                                                 const std::string& secret,
                                                 std::optional<std::vector<ExtractorHit>>* cache) {
  std::vector<ExtractorHit> local;
  const std::vector<ExtractorHit>* hits;
  if (window.size() <= 2 * kAttachReach) {
    if (!*cache) *cache = FindExtractorHits(db, extractor, window, 0, window.size());
    hits = &**cache;
  } else {
    size_t from = offset > kAttachReach ? offset - kAttachReach : 0;
    local = FindExtractorHits(db, extractor, window, from,
                              std::min(window.size(), offset + kAttachReach));
    hits = &local;
  }
  const ExtractorHit* nearest = nullptr;
  size_t best = SIZE_MAX;
  for (const ExtractorHit& hit : *hits) {
    if (hit.value == secret) continue;
    size_t distance = hit.offset > offset ? hit.offset - offset : offset - hit.offset;
    if (distance < best && distance <= kAttachReach) {
      best = distance;
      nearest = &hit;
    }
  }
  if (nearest == nullptr) return std::nullopt;
  return nearest->value;
}

bool PassesFilters(const rules::Rule& rule, std::string_view secret) {
  if (!rule.allow_placeholders && (LooksLikePlaceholder(secret) || LooksLowInformation(secret))) {
    return false;
  }
  if (rule.min_entropy > 0 && ShannonEntropy(secret) < rule.min_entropy) return false;
  for (const std::string& check : rule.checks) {
    if (!PassesValueCheck(check, secret)) return false;
  }
  return true;
}

}  // namespace

Scanner::Scanner(const Database& database, Engine engine) : database_(database), engine_(engine) {
  const DatabaseImpl& db = database_.impl();
  if (hs_scratch_t* prototype = db.PrototypeScratch()) {
    hs_scratch_t* scratch = nullptr;
    if (hs_clone_scratch(prototype, &scratch) == HS_SUCCESS) scratch_ = scratch;
  }
}

Scanner::~Scanner() { hs_free_scratch(static_cast<hs_scratch_t*>(scratch_)); }

Status Scanner::Scan(std::string_view window, size_t own_begin, size_t own_end,
                     std::string_view path, std::vector<Match>* out, uint32_t* marks) {
  const DatabaseImpl& db = database_.impl();
  if (window.size() > UINT_MAX) return Status::InvalidArgument("scan window larger than 4 GiB");
  if (marks) *marks = ~uint32_t{0};  // unless Hyperscan looked for them: every marker may occur

  // 1. Candidates: which expressions may match, and from where RE2 must look.
  std::vector<Candidate> candidates;
  if (engine_ == Engine::kHyperscan && db.hs) {
    if (scratch_ == nullptr) {
      return Status::Internal(
          "no Hyperscan scratch space: Hyperscan refused the compiled rule database or memory ran "
          "out");
    }
    HitCollector hits{&db, window.size(), {}, std::vector<int>(db.expressions.size(), -1)};
    hs_error_t err = hs_scan(db.hs, window.data(), static_cast<unsigned int>(window.size()), 0,
                             static_cast<hs_scratch_t*>(scratch_), CollectHit, &hits);
    if (err != HS_SUCCESS) return Status::Internal("Hyperscan scan failed (" + std::to_string(err) + ")");
    candidates = std::move(hits.candidates);
    if (marks) *marks = hits.marks;
    for (size_t i = 0; i < db.expressions.size(); ++i) {
      if (db.expressions[i].mode == ExpressionMode::kRe2Only) {
        candidates.push_back({i, 0, window.size()});
      }
    }
  } else {
    for (size_t i = 0; i < db.expressions.size(); ++i) candidates.push_back({i, 0, window.size()});
  }
  if (candidates.empty()) return Status::Ok();

  // 2. Confirmation and extraction with RE2, then the filters.
  State state;
  state.window = window;
  state.path = path;
  state.extractor_hits.resize(db.extractor_regexes.size());
  state.rule_applies.assign(db.rules->rules().size(), -1);
  const size_t first_new = out->size();
  for (const Candidate& candidate : candidates) {
    const Expression& e = db.expressions[candidate.expression];
    const rules::Rule& rule = db.rules->rules()[e.rule_index];
    int8_t& applies = state.rule_applies[e.rule_index];
    if (applies < 0) applies = RuleAppliesToPath(rule, path) ? 1 : 0;
    if (!applies) continue;
    // Group names and numbers: the relaxed regex has the same as the exact one.
    const re2::RE2& re = e.relaxed ? e.relaxed->Get() : e.regex->Get();
    if (!re.ok()) return Status::Internal("rule '" + rule.id + "': " + re.error());
    const auto& names = re.NamedCapturingGroups();
    auto secret_group = names.find("secret");
    if (secret_group == names.end()) continue;
    const int n = 1 + re.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> sub(static_cast<size_t>(n));
    re2::StringPiece text(window.data(), window.size());
    size_t pos = candidate.from;
    while (pos <= candidate.until &&
           e.NextMatch(text, pos, candidate.until, secret_group->second, sub.data(), n)) {
      const size_t begin = static_cast<size_t>(sub[0].data() - window.data());
      const size_t end = begin + sub[0].size();
      pos = end > begin ? end : begin + 1;
      if (begin >= own_end) break;
      if (begin < own_begin) continue;
      const re2::StringPiece& secret = sub[static_cast<size_t>(secret_group->second)];
      if (secret.data() == nullptr || secret.empty()) continue;
      std::string_view secret_view(secret.data(), secret.size());
      if (!PassesFilters(rule, secret_view)) continue;
      if (const auto& context = db.context_regexes[e.rule_index]) {
        const LineIndex& lines = state.Lines();
        size_t from = lines.LineStartNear(begin, -rule.context_lines);
        size_t to = lines.LineStartNear(begin, rule.context_lines + 1);
        if (!re2::RE2::PartialMatch(
                re2::StringPiece(window.data() + from, to - from), context->Get())) {
          continue;
        }
      }
      Match match;
      match.rule = &rule;
      match.begin = begin;
      match.end = end;
      match.secret_begin = static_cast<size_t>(secret.data() - window.data());
      match.secret_end = match.secret_begin + secret.size();
      match.secret.assign(secret.data(), secret.size());
      for (const auto& [name, index] : names) {
        const re2::StringPiece& group = sub[static_cast<size_t>(index)];
        if (name != "secret" && group.data() != nullptr && !group.empty()) {
          match.context[name] = std::string(group.data(), group.size());
        }
      }
      for (size_t x : db.rule_extractors[e.rule_index]) {
        const std::string& field = db.rules->extractors()[x].field;
        if (match.context.count(field)) continue;
        if (auto value = NearestExtractorValue(db, x, window, begin, match.secret,
                                               &state.extractor_hits[x])) {
          match.context[field] = std::move(*value);
        }
      }
      out->push_back(std::move(match));
    }
  }

  // 3. Order, and one match per rule and secret span (several patterns of a rule can agree).
  auto first = out->begin() + static_cast<std::ptrdiff_t>(first_new);
  std::sort(first, out->end(), [](const Match& a, const Match& b) {
    if (a.secret_begin != b.secret_begin) return a.secret_begin < b.secret_begin;
    if (a.secret_end != b.secret_end) return a.secret_end < b.secret_end;
    return a.rule->id < b.rule->id;
  });
  out->erase(std::unique(first, out->end(),
                         [](const Match& a, const Match& b) {
                           return a.rule == b.rule && a.secret_begin == b.secret_begin &&
                                  a.secret_end == b.secret_end;
                         }),
             out->end());
  return Status::Ok();
}

}  // namespace nhiscan::match
