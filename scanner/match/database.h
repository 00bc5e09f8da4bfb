// The compiled form of a RuleSet: one Hyperscan block-mode database for all rule patterns, plus
// the RE2 programs that confirm and extract. Built once per run and shared read-only by every
// scanning thread (all methods are const and thread-safe).
//
// Building costs hundreds of milliseconds, so the Hyperscan database is cached on disk, keyed by
// the rule set's hash, the Hyperscan version and the CPU features, and laid out as in memory: a
// warm start maps the file and uses the database where it lies. A stale or corrupt cache file is
// rebuilt transparently. RE2 programs are compiled lazily, the first time a rule's
// pattern is needed, so a warm start does no work proportional to the rule set.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/rules/rule.h"

namespace nhiscan::match {

struct DatabaseOptions {
  // Folder for the compiled-database cache; empty disables the cache.
  std::string cache_dir;
  // A database image made at build time (Database::Image of the built-in rules on the build
  // machine). Used, before the cache, when it was made for exactly this rule set, Hyperscan
  // version and CPU; otherwise ignored. Empty: none. Used where it lies when it is aligned as it
  // was made (the embedded image is), so it must outlive the database.
  std::string_view prebuilt;
  // Literals whose presence Scanner::Scan reports for each window (at most kMaxMarkers), so that
  // a caller can skip searching the window for them itself: they are found in the same pass as
  // the rules, where a search of its own would read every byte again. Part of the cache key.
  std::vector<std::string> markers;
};

constexpr size_t kMaxMarkers = 32;

struct DatabaseInfo {
  bool from_cache = false;          // not compiled: loaded from the cache or the prebuilt image
  bool prebuilt = false;            // loaded from DatabaseOptions::prebuilt
  size_t expressions = 0;          // patterns over all rules
  size_t prefilter_expressions = 0;  // compiled approximately; RE2 decides
  size_t re2_only_expressions = 0;   // Hyperscan could not take them at all; always run with RE2
  double load_ms = 0;
  std::string cache_file;          // the file used or written; empty without cache
  std::string cache_warning;       // why the cache could not be used or written, if it could not
};

class DatabaseImpl;

class Database {
 public:
  // Compiles (or loads from cache) the database for `rules`, which must outlive it. Errors name
  // the rule and pattern that failed.
  static Result<std::unique_ptr<Database>> Build(const rules::RuleSet& rules,
                                                 const DatabaseOptions& options);
  ~Database();

  const rules::RuleSet& rules() const;
  const DatabaseInfo& info() const;
  // DatabaseOptions::markers, in order: bit i of Scanner::Scan's `marks` stands for markers()[i].
  const std::vector<std::string>& markers() const;
  // The longest match any pattern can produce, capped; large inputs are scanned in chunks that
  // overlap by at least this much so no match is lost at a boundary.
  size_t max_match_width() const;
  // The database as a self-describing image (its cache key, the expression modes, then the
  // Hyperscan database as laid out in memory), for DatabaseOptions::prebuilt.
  std::string Image() const;

  const DatabaseImpl& impl() const { return *impl_; }

 private:
  explicit Database(std::unique_ptr<DatabaseImpl> impl);
  std::unique_ptr<DatabaseImpl> impl_;
};

// Default cache folder: $NHISCAN_CACHE_DIR, else $XDG_CACHE_HOME/nhiscan, else ~/.cache/nhiscan.
std::string DefaultCacheDir();

}  // namespace nhiscan::match
