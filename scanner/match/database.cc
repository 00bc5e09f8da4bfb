#include "scanner/match/database.h"

#include <re2/filtered_re2.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "scanner/base/crc32.h"
#include "scanner/base/file_io.h"
#include "scanner/base/sha256.h"
#include "scanner/match/database_impl.h"
#include "scanner/match/dialect.h"
#include "scanner/match/repeats.h"
#include "scanner/match/value_checks.h"

namespace nhiscan::match {

namespace {

constexpr char kCacheMagic[] = "NHISCANDB9\n";
constexpr size_t kMagicSize = sizeof(kCacheMagic) - 1;
// The CRC-32 of a cache file's image follows the magic: a warm start checks the 2 MB database on
// every run, and SHA-256 over it cost more than the rest of a pre-commit scan.
constexpr size_t kChecksumSize = 4;
// Chunks of large inputs overlap by the longest possible match, but never by more than this: a
// pattern that could match more than 64 KiB is already a badly written rule.
constexpr size_t kMaxOverlap = 64 * 1024;

std::string RuleWhere(const rules::Rule& rule) { return "rule '" + rule.id + "' (" + rule.origin + ")"; }

// Compiles every regex once to report errors up front, naming the rule. Only runs when the
// database is built, never on a warm start (the cache key covers all regex text).
Status ValidateRegexes(const DatabaseImpl& db) {
  for (const Expression& e : db.expressions) {
    const re2::RE2& re = e.regex->Get();
    const rules::Rule& rule = db.rules->rules()[e.rule_index];
    if (!re.ok()) {
      return Status::InvalidArgument(RuleWhere(rule) + ": pattern /" + e.regex->pattern() +
                                     "/ is not valid RE2: " + re.error());
    }
    if (e.relaxed && !e.relaxed->Get().ok()) {
      return Status::Internal(RuleWhere(rule) + ": relaxed pattern /" + e.relaxed->pattern() +
                              "/ is not valid RE2: " + e.relaxed->Get().error());
    }
  }
  const auto& rules = db.rules->rules();
  for (size_t i = 0; i < rules.size(); ++i) {
    if (db.context_regexes[i] && !db.context_regexes[i]->Get().ok()) {
      return Status::InvalidArgument(RuleWhere(rules[i]) + ": context /" + rules[i].context +
                                     "/ is not valid RE2: " + db.context_regexes[i]->Get().error());
    }
    for (const std::string& check : rules[i].checks) {
      if (!IsKnownValueCheck(check)) {
        return Status::InvalidArgument(RuleWhere(rules[i]) + ": unknown check '" + check + "'");
      }
    }
  }
  const auto& extractors = db.rules->extractors();
  for (size_t i = 0; i < extractors.size(); ++i) {
    if (!db.extractor_regexes[i]->Get().ok()) {
      return Status::InvalidArgument("extractor '" + extractors[i].id + "': pattern is not valid RE2: " +
                                     db.extractor_regexes[i]->Get().error());
    }
  }
  return Status::Ok();
}

std::unique_ptr<DatabaseImpl> PrepareImpl(const rules::RuleSet& rules) {
  auto db = std::make_unique<DatabaseImpl>();
  db->rules = &rules;
  const auto& extractors = rules.extractors();
  for (const rules::Extractor& extractor : extractors) {
    db->extractor_regexes.push_back(std::make_unique<LazyRegex>(extractor.pattern));
  }
  for (size_t r = 0; r < rules.rules().size(); ++r) {
    const rules::Rule& rule = rules.rules()[r];
    for (const std::string& pattern : rule.patterns) {
      Expression e;
      e.rule_index = r;
      e.regex = std::make_unique<LazyRegex>(pattern);
      if (auto relaxed = RelaxSecretRepeat(pattern)) {
        e.relaxed = std::make_unique<LazyRegex>(std::move(relaxed->pattern));
        e.relaxed_max_secret = relaxed->max_length;
      }
      db->expressions.push_back(std::move(e));
    }
    db->context_regexes.push_back(rule.context.empty() ? nullptr
                                                       : std::make_unique<LazyRegex>(rule.context));
    std::vector<size_t> attached;
    for (const std::string& id : rule.attach) {
      for (size_t x = 0; x < extractors.size(); ++x) {
        if (extractors[x].id == id) attached.push_back(x);
      }
    }
    db->rule_extractors.push_back(std::move(attached));
  }
  db->info.expressions = db->expressions.size();
  return db;
}

// How Hyperscan can take one expression (ClassifyExpressions).
void ClassifyForHyperscan(Expression* expression) {
  Expression& e = *expression;
  if (!HyperscanReadsAsRe2(e.regex->pattern())) {
    e.mode = ExpressionMode::kRe2Only;
    e.max_width = UINT32_MAX;
    return;
  }
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  e.hyperscan_pattern = RelaxLongRepeats(e.regex->pattern());
  const bool relaxed = !e.hyperscan_pattern.empty();
  e.hyperscan_pattern = WithRe2Whitespace(relaxed ? e.hyperscan_pattern : e.regex->pattern());
  const char* pattern = e.hyperscan_pattern.c_str();
  if (!relaxed && hs_expression_info(pattern, HS_FLAG_SINGLEMATCH, &info, &error) == HS_SUCCESS) {
    e.mode = ExpressionMode::kExact;
    e.max_width = info->max_width == UINT_MAX ? UINT32_MAX : info->max_width;
  } else {
    if (error) hs_free_compile_error(error);
    error = nullptr;
    e.mode = hs_expression_info(pattern, HS_FLAG_SINGLEMATCH | HS_FLAG_PREFILTER, &info,
                                &error) == HS_SUCCESS
                 ? ExpressionMode::kPrefilter
                 : ExpressionMode::kRe2Only;
    e.max_width = UINT32_MAX;
    if (error) hs_free_compile_error(error);
    std::free(info);
    info = nullptr;
    error = nullptr;
    // A relaxed pattern still matches no more than the original does: chunks need only
    // overlap by the original's width.
    if (relaxed && e.mode == ExpressionMode::kPrefilter &&
        hs_expression_info(e.regex->pattern().c_str(), HS_FLAG_SINGLEMATCH, &info, &error) ==
            HS_SUCCESS &&
        info->max_width != UINT_MAX) {
      e.max_width = info->max_width;
    }
    if (error) hs_free_compile_error(error);
  }
  std::free(info);
}

// Whether every match of `pattern` contains a literal of three bytes or more, as RE2's prefilter
// works it out (alternatives each with one count).
bool HasRequiredLiteral(const std::string& pattern) {
  re2::FilteredRE2 filter(3);
  int id = 0;
  if (filter.Add(pattern, RegexOptions(), &id) != re2::RE2::NoError) return true;
  std::vector<std::string> atoms;
  filter.Compile(&atoms);
  std::vector<int> passing_without_atoms;
  filter.AllPotentials({}, &passing_without_atoms);
  return passing_without_atoms.empty();
}

// A rule limited to some paths whose pattern holds no literal is left to RE2 on the files it
// applies to: in the Hyperscan pass an automaton would run it over every byte of every file.
// (The .pgpass line pattern alone cost 12 % of a tree scan's CPU, for files almost no tree has.)
bool OnlyWorthRe2(const rules::Rule& rule, const Expression& e) {
  return !rule.paths.empty() && !HasRequiredLiteral(e.regex->pattern());
}

// Asks Hyperscan how each expression can be compiled: exact when it can and the pattern is cheap,
// as a prefilter (Hyperscan finds candidates, RE2 decides) when its long repetitions are relaxed
// or Hyperscan cannot take it exactly, RE2 only when not even that, or when OnlyWorthRe2. The
// longest match is kept for RE2-only expressions where Hyperscan could tell it.
void ClassifyExpressions(DatabaseImpl* db) {
  for (Expression& e : db->expressions) {
    ClassifyForHyperscan(&e);
    if (e.mode != ExpressionMode::kRe2Only && OnlyWorthRe2(db->rules->rules()[e.rule_index], e)) {
      e.mode = ExpressionMode::kRe2Only;
    }
  }
}

// A bounded exact expression reports every match end, so that RE2 confirms only the regions
// around them; the others report their first hit only, and RE2 searches the window from its start.
unsigned int HyperscanFlags(const Expression& e) {
  if (e.mode == ExpressionMode::kPrefilter) return HS_FLAG_SINGLEMATCH | HS_FLAG_PREFILTER;
  return e.max_width == UINT32_MAX ? HS_FLAG_SINGLEMATCH : 0;
}

// A Hyperscan pattern that matches exactly `literal`: every byte escaped.
std::string LiteralPattern(std::string_view literal) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string pattern;
  for (unsigned char c : literal) {
    pattern += "\\x";
    pattern += kHex[c >> 4];
    pattern += kHex[c & 15];
  }
  return pattern;
}

// hs_expression_info() accepts some patterns that hs_compile_multi() then rejects ("Pattern is too
// large", a pattern that can match the empty string): the expression it names is demoted (exact to
// prefilter, prefilter to RE2 only) and the set compiled again, so that no rule is ever dropped and
// one difficult pattern does not fail the whole rule set.
Status CompileHyperscan(DatabaseImpl* db) {
  for (;;) {
    std::vector<const char*> patterns;
    std::vector<unsigned int> flags, ids;
    for (size_t i = 0; i < db->expressions.size(); ++i) {
      const Expression& e = db->expressions[i];
      if (e.mode == ExpressionMode::kRe2Only) continue;
      patterns.push_back(e.hyperscan_pattern.c_str());
      flags.push_back(HyperscanFlags(e));
      ids.push_back(static_cast<unsigned int>(i));
    }
    if (patterns.empty()) return Status::Ok();  // without rules for Hyperscan, markers are unknown
    const size_t rule_patterns = patterns.size();
    std::vector<std::string> literals;
    for (const std::string& marker : db->markers) literals.push_back(LiteralPattern(marker));
    for (size_t i = 0; i < literals.size(); ++i) {
      patterns.push_back(literals[i].c_str());
      flags.push_back(HS_FLAG_SINGLEMATCH);
      ids.push_back(static_cast<unsigned int>(db->expressions.size() + i));
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(patterns.data(), flags.data(), ids.data(),
                         static_cast<unsigned int>(patterns.size()), HS_MODE_BLOCK, nullptr,
                         &db->hs, &error) == HS_SUCCESS) {
      return Status::Ok();
    }
    const std::string message = error ? error->message : "unknown error";
    const int failed = error ? error->expression : -1;
    hs_free_compile_error(error);
    if (failed >= 0 && static_cast<size_t>(failed) >= rule_patterns &&
        static_cast<size_t>(failed) < patterns.size()) {
      return Status::InvalidArgument("Hyperscan cannot compile the marker '" +
                                     db->markers[static_cast<size_t>(failed) - rule_patterns] +
                                     "': " + message);
    }
    if (failed < 0 || static_cast<size_t>(failed) >= rule_patterns) {
      return Status::InvalidArgument("Hyperscan cannot compile the rule set: " + message);
    }
    Expression& e = db->expressions[ids[static_cast<size_t>(failed)]];
    e.mode = e.mode == ExpressionMode::kExact ? ExpressionMode::kPrefilter
                                              : ExpressionMode::kRe2Only;
    e.max_width = UINT32_MAX;
  }
}

std::string CacheKey(const DatabaseImpl& db) {
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  std::string markers = "markers";  // each with its length: no two lists give the same text
  for (const std::string& marker : db.markers) {
    markers += ":" + std::to_string(marker.size()) + ":" + marker;
  }
  return Sha256Hex({kCacheMagic, db.rules->MatchingHash(), hs_version(),
                    std::to_string(platform.tune), std::to_string(platform.cpu_features), markers});
}

void AppendU32(std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), 4); }

// Each expression's mode and longest match: what a loaded database needs besides Hyperscan's.
void AppendModes(const DatabaseImpl& db, std::string* out) {
  AppendU32(out, static_cast<uint32_t>(db.expressions.size()));
  for (const Expression& e : db.expressions) {
    out->push_back(static_cast<char>(e.mode));
    AppendU32(out, e.max_width);
  }
}

// Reads what AppendModes wrote at the start of `data`; the offset after it, or 0 when it does not
// fit this rule set. Sets `any_hyperscan` when an expression is compiled into Hyperscan.
size_t ReadModes(std::string_view data, DatabaseImpl* db, bool* any_hyperscan) {
  uint32_t count = 0;
  if (data.size() < 4) return 0;
  std::memcpy(&count, data.data(), 4);
  if (count != db->expressions.size() || data.size() < 4 + count * 5ULL) return 0;
  size_t pos = 4;
  *any_hyperscan = false;
  for (Expression& e : db->expressions) {
    uint8_t mode = static_cast<uint8_t>(data[pos]);
    if (mode > 2) return 0;
    e.mode = static_cast<ExpressionMode>(mode);
    std::memcpy(&e.max_width, data.data() + pos + 1, 4);
    pos += 5;
    *any_hyperscan |= e.mode != ExpressionMode::kRe2Only;
  }
  return pos;
}

// A prebuilt image is the cache key, the expression modes, a CRC-32 of both, zeros up to a
// multiple of kImageAlignment, then the Hyperscan database as it lies in memory once deserialized at an
// address aligned that much (its layout depends on the address modulo 64). Embedded at such an
// address, it is used where it lies: no 2 MB allocation, zeroing and copy, and one checksum on
// every start instead of three. That one is Hyperscan's: it checks the database (magic, version,
// platform, alignment, CRC-32C of the bytecode) in hs_alloc_scratch, as it does for databases
// that applications map from files.
constexpr size_t kImageAlignment = 64;

size_t AlignUp(size_t n) { return (n + kImageAlignment - 1) / kImageAlignment * kImageAlignment; }

std::string PrebuiltImage(const std::string& key, const DatabaseImpl& db) {
  std::string image = key;
  AppendModes(db, &image);
  AppendU32(&image, Crc32(image));
  char* bytes = nullptr;
  size_t length = 0, size = 0;
  if (!db.hs || hs_serialize_database(db.hs, &bytes, &length) != HS_SUCCESS) return image;
  std::unique_ptr<char, decltype(&std::free)> serialized(bytes, &std::free);
  if (hs_serialized_database_size(bytes, length, &size) != HS_SUCCESS) return image;
  std::unique_ptr<void, decltype(&std::free)> placed(std::aligned_alloc(kImageAlignment, AlignUp(size)),
                                                     &std::free);
  if (!placed || hs_deserialize_database_at(bytes, length,
                                            static_cast<hs_database_t*>(placed.get())) != HS_SUCCESS) {
    return image;
  }
  image.resize(AlignUp(image.size()), '\0');
  return image.append(static_cast<const char*>(placed.get()), size);
}

// Points db->hs into `image` (or, when the image is not aligned as it was made, into an aligned
// copy), after the key and modes match this rule set.
bool LoadPrebuilt(std::string_view image, const std::string& key, DatabaseImpl* db) {
  if (image.size() <= key.size() || image.compare(0, key.size(), key) != 0) return false;
  bool any_hyperscan = false;
  const size_t modes_end = ReadModes(image.substr(key.size()), db, &any_hyperscan);
  if (modes_end == 0) return false;
  const size_t checked = key.size() + modes_end;
  uint32_t checksum = 0;
  if (image.size() < checked + kChecksumSize) return false;
  std::memcpy(&checksum, image.data() + checked, kChecksumSize);
  if (Crc32(image.substr(0, checked)) != checksum) return false;
  const size_t hs_begin = AlignUp(checked + kChecksumSize);
  if (!any_hyperscan) return image.size() == checked + kChecksumSize;
  if (image.size() <= hs_begin) return false;
  const char* placed = image.data() + hs_begin;
  if (reinterpret_cast<uintptr_t>(placed) % kImageAlignment != 0) {
    const size_t size = image.size() - hs_begin;
    db->hs_copy.reset(static_cast<char*>(std::aligned_alloc(kImageAlignment, AlignUp(size))));
    if (!db->hs_copy) return false;
    std::memcpy(db->hs_copy.get(), placed, size);
    placed = db->hs_copy.get();
  }
  db->hs = reinterpret_cast<hs_database_t*>(const_cast<char*>(placed));
  db->hs_owned = false;
  // The length in Hyperscan's header says how far its checks and scans read: not past the image.
  size_t size = 0;
  return hs_database_size(db->hs, &size) == HS_SUCCESS && size <= image.size() - hs_begin;
}

// A cache file is a 64-byte header (the magic, then a CRC-32 of all that follows it, then zeros)
// and the database's prebuilt image. Mapped, the image lies at an address aligned as it was made,
// so it is used in place like the embedded one. Loading it used to copy the file into fresh memory
// and then again into the Hyperscan database, 2 MB of pages to fault in each time: a start with
// user rules took 37.8 ms where it now takes 22.4 ms. The file's own CRC stays, because
// Hyperscan's checks trust the header they read the bytecode's place from.
constexpr size_t kCacheHeaderSize = kImageAlignment;
constexpr size_t kCacheChecked = kMagicSize + kChecksumSize;  // the CRC covers the rest

std::string CacheFileBytes(const std::string& key, const DatabaseImpl& db) {
  std::string checked(kCacheHeaderSize - kCacheChecked, '\0');
  checked += PrebuiltImage(key, db);
  std::string out(kCacheMagic);
  AppendU32(&out, Crc32(checked));
  return out + checked;
}

// Points db->hs into the mapped cache file, which db then keeps; false when the file is missing,
// truncated, corrupt, or was written for another rule set or build.
bool LoadCacheFile(const std::string& file, const std::string& key, DatabaseImpl* db) {
  Result<MappedFile> mapped = MapWholeFile(file);
  if (!mapped.ok()) return false;
  const std::string_view data = mapped->bytes();
  if (data.size() <= kCacheHeaderSize || data.compare(0, kMagicSize, kCacheMagic) != 0) {
    return false;
  }
  uint32_t checksum = 0;
  std::memcpy(&checksum, data.data() + kMagicSize, kChecksumSize);
  if (Crc32(data.substr(kCacheChecked)) != checksum) return false;
  if (!LoadPrebuilt(data.substr(kCacheHeaderSize), key, db)) return false;
  db->mapped_cache = std::move(mapped).value();
  return true;
}

// Concurrent runs never see half a file (see WriteFileAtomically).
std::string StoreCache(const std::string& file, const std::string& key, const DatabaseImpl& db) {
  Status stored = WriteFileAtomically(file, CacheFileBytes(key, db));
  return stored.ok() ? "" : "rule cache not written: " + stored.message();
}

size_t ComputeMaxWidth(const DatabaseImpl& db) {
  size_t width = 0;
  for (const Expression& e : db.expressions) {
    if (e.max_width != UINT32_MAX) {  // RE2-only too, when Hyperscan could tell the width
      width = std::max<size_t>(width, e.max_width);
    } else {
      width = kMaxOverlap;
    }
  }
  return std::min(width, kMaxOverlap);
}

}  // namespace

re2::RE2::Options RegexOptions() {
  re2::RE2::Options options;
  options.set_encoding(re2::RE2::Options::EncodingLatin1);
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

bool Expression::NextMatch(const re2::StringPiece& text, size_t pos, size_t until,
                           int secret_group, re2::StringPiece* sub, int n) const {
  if (relaxed) {
    if (!relaxed->Get().Match(text, pos, until, re2::RE2::UNANCHORED, sub, n)) return false;
    if (sub[secret_group].size() <= relaxed_max_secret) return true;
  }
  return regex->Get().Match(text, pos, until, re2::RE2::UNANCHORED, sub, n);
}

const re2::RE2& LazyRegex::Get() const {
  std::call_once(once_, [this] { regex_ = std::make_unique<re2::RE2>(pattern_, RegexOptions()); });
  return *regex_;
}

// hs_alloc_scratch is also where Hyperscan checks a database it did not allocate (LoadPrebuilt,
// LoadCacheFile): magic, version, platform and the CRC-32C of the bytecode. Those were made for
// this build and CPU (the cache key) and, for a cache file, passed its own CRC first; should
// Hyperscan still refuse one, every scan reports that it has no scratch space.
void DatabaseImpl::StartPrototypeScratch() {
  if (!hs) return;
  prototype_ready_ = std::async(std::launch::async, [this] {
                       if (hs_alloc_scratch(hs, &prototype_scratch_) != HS_SUCCESS) {
                         prototype_scratch_ = nullptr;
                       }
                     }).share();
}

void DatabaseImpl::WaitForPrototypeScratch() const {
  if (prototype_ready_.valid()) prototype_ready_.wait();
}

hs_scratch_t* DatabaseImpl::PrototypeScratch() const {
  WaitForPrototypeScratch();
  return prototype_scratch_;
}

DatabaseImpl::~DatabaseImpl() {
  WaitForPrototypeScratch();
  hs_free_scratch(prototype_scratch_);
  if (hs_owned) hs_free_database(hs);
}

void DatabaseImpl::DropHyperscan() {
  WaitForPrototypeScratch();
  prototype_ready_ = {};
  hs_free_scratch(prototype_scratch_);
  prototype_scratch_ = nullptr;
  if (hs_owned) hs_free_database(hs);
  hs = nullptr;
  hs_owned = true;
  hs_copy.reset();
  mapped_cache = MappedFile();
}

Result<std::unique_ptr<Database>> Database::Build(const rules::RuleSet& rules,
                                                  const DatabaseOptions& options) {
  auto started = std::chrono::steady_clock::now();
  NHISCAN_RETURN_IF_ERROR(rules.Validate());
  if (options.markers.size() > kMaxMarkers) {
    return Status::InvalidArgument("more than " + std::to_string(kMaxMarkers) + " markers");
  }
  for (const std::string& marker : options.markers) {
    if (marker.empty()) return Status::InvalidArgument("an empty marker");
  }
  std::unique_ptr<DatabaseImpl> db = PrepareImpl(rules);
  db->markers = options.markers;
  const std::string key = CacheKey(*db);
  std::string cache_file;
  if (!options.cache_dir.empty()) {
    cache_file = (std::filesystem::path(options.cache_dir) / (key + ".hsdb")).string();
    db->info.cache_file = cache_file;
  }
  bool loaded = false;
  if (!options.prebuilt.empty()) {
    loaded = LoadPrebuilt(options.prebuilt, key, db.get());
    db->info.prebuilt = loaded;
    if (!loaded) db->DropHyperscan();
  }
  if (!loaded && !cache_file.empty()) {
    loaded = LoadCacheFile(cache_file, key, db.get());
    if (!loaded) db->DropHyperscan();
  }
  db->info.from_cache = loaded;
  if (!loaded) {
    NHISCAN_RETURN_IF_ERROR(ValidateRegexes(*db));
    ClassifyExpressions(db.get());
    NHISCAN_RETURN_IF_ERROR(CompileHyperscan(db.get()));
    if (!cache_file.empty()) db->info.cache_warning = StoreCache(cache_file, key, *db);
  }
  db->StartPrototypeScratch();
  for (const Expression& e : db->expressions) {
    db->info.prefilter_expressions += e.mode == ExpressionMode::kPrefilter;
    db->info.re2_only_expressions += e.mode == ExpressionMode::kRe2Only;
  }
  db->max_match_width = ComputeMaxWidth(*db);
  db->info.load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                               started).count();
  return std::unique_ptr<Database>(new Database(std::move(db)));
}

std::string Database::Image() const { return PrebuiltImage(CacheKey(*impl_), *impl_); }

Database::Database(std::unique_ptr<DatabaseImpl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;
const rules::RuleSet& Database::rules() const { return *impl_->rules; }
const DatabaseInfo& Database::info() const { return impl_->info; }
const std::vector<std::string>& Database::markers() const { return impl_->markers; }
size_t Database::max_match_width() const { return impl_->max_match_width; }

std::string DefaultCacheDir() {
  if (const char* dir = std::getenv("NHISCAN_CACHE_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return (std::filesystem::path(xdg) / "nhiscan").string();
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return (std::filesystem::path(home) / ".cache" / "nhiscan").string();
  }
  return "";
}

}  // namespace nhiscan::match
