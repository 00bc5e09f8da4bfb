// Internals of match::Database shared by database.cc and scanner.cc. Private to scanner/match/:
// the only header of the project that includes Hyperscan and RE2.
#pragma once

#include <hs/hs.h>
#include <re2/re2.h>

#include <cstdint>
#include <cstdlib>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "scanner/base/file_io.h"
#include "scanner/match/database.h"

namespace nhiscan::match {

// An RE2 program compiled on first use. Byte-oriented (Latin-1) so that it sees the same bytes
// Hyperscan sees, whatever the encoding of the scanned file.
class LazyRegex {
 public:
  explicit LazyRegex(std::string pattern) : pattern_(std::move(pattern)) {}
  const re2::RE2& Get() const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<re2::RE2> regex_;
};

re2::RE2::Options RegexOptions();

enum class ExpressionMode : uint8_t { kExact = 0, kPrefilter = 1, kRe2Only = 2 };

struct Expression {
  size_t rule_index = 0;
  ExpressionMode mode = ExpressionMode::kExact;
  uint32_t max_width = 0;  // UINT32_MAX when unbounded or unknown
  std::unique_ptr<LazyRegex> regex;
  // A cheaper regex with the same matches (RelaxSecretRepeat in repeats.h), or null. When it has
  // one, `regex` is compiled and asked only for a match whose secret is longer than
  // relaxed_max_secret.
  std::unique_ptr<LazyRegex> relaxed;
  uint32_t relaxed_max_secret = 0;

  // The next match in text[pos, until), with its groups in sub[0, n): the relaxed regex's when
  // there is one and its secret (group number `secret_group`) is within the exact pattern's
  // bound, since it is then the exact regex's match too; else the exact regex's.
  bool NextMatch(const re2::StringPiece& text, size_t pos, size_t until, int secret_group,
                 re2::StringPiece* sub, int n) const;
  // What Hyperscan compiles: the pattern itself, or for a prefilter its relaxed form
  // (RelaxLongRepeats in repeats.h).
  std::string hyperscan_pattern;
};

class DatabaseImpl {
 public:
  const rules::RuleSet* rules = nullptr;
  std::vector<Expression> expressions;
  // DatabaseOptions::markers: compiled after the expressions, Hyperscan id expressions.size() + i.
  std::vector<std::string> markers;
  std::vector<std::unique_ptr<LazyRegex>> context_regexes;    // per rule; null when none
  std::vector<std::unique_ptr<LazyRegex>> extractor_regexes;  // per extractor
  std::vector<std::vector<size_t>> rule_extractors;           // per rule: extractor indexes
  hs_database_t* hs = nullptr;  // null when no expression is compiled into Hyperscan
  bool hs_owned = true;  // false: `hs` lies in the prebuilt image, mapped_cache or hs_copy
  std::unique_ptr<char, decltype(&std::free)> hs_copy{nullptr, &std::free};
  MappedFile mapped_cache;  // the cache file `hs` lies in, when it was loaded from one
  size_t max_match_width = 0;
  DatabaseInfo info;

  ~DatabaseImpl();
  // Back to no Hyperscan database (and no scratch), whatever held it.
  void DropHyperscan();
  // Allocates the scratch space that each Scanner clones, on a thread of its own: Hyperscan
  // checksums the whole database there (CRC-32C of 2 MB, a millisecond or two), which then
  // overlaps the caller's own start (opening a repository, reading its index).
  void StartPrototypeScratch();
  // Waits for StartPrototypeScratch; null when Hyperscan refused the database (or there is none).
  hs_scratch_t* PrototypeScratch() const;

 private:
  void WaitForPrototypeScratch() const;
  std::shared_future<void> prototype_ready_;
  hs_scratch_t* prototype_scratch_ = nullptr;
};

}  // namespace nhiscan::match
