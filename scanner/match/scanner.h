// Per-thread matcher. Hyperscan says which rules may match a window of bytes; RE2 confirms each
// of those rules from just before the first hit and extracts the named groups; then the filters
// (placeholders, entropy, value checks, required context) decide, and extractors attach nearby
// context such as the client id or host that goes with a secret.
//
// A Scanner owns its Hyperscan scratch space: one Scanner per thread, never shared. The Database
// must outlive it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"
#include "scanner/match/database.h"

namespace nhiscan::match {

enum class Engine {
  kHyperscan,  // Hyperscan finds candidate rules, RE2 confirms (the normal engine)
  kRe2Only,    // every rule runs with RE2 over the whole window (reference engine for checks)
};

struct Match {
  const rules::Rule* rule = nullptr;
  size_t begin = 0, end = 0;                // the whole match, offsets in the window
  size_t secret_begin = 0, secret_end = 0;  // the secret group
  std::string secret;
  std::map<std::string, std::string> context;  // other named groups and attached extractor fields
};

class Scanner {
 public:
  explicit Scanner(const Database& database, Engine engine = Engine::kHyperscan);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // Appends to `out` every accepted match in `window` that starts in [own_begin, own_end), for a
  // file at `path` (rules with "paths" only apply to matching files). Context and attachments are
  // looked for inside the window only. Matches come sorted by position, then rule order.
  // `marks`, when given, gets bit i clear when the whole window lacks Database::markers()[i]; a
  // set bit means it occurs, or that this scan could not tell (the RE2 engine, no rule for
  // Hyperscan).
  Status Scan(std::string_view window, size_t own_begin, size_t own_end, std::string_view path,
              std::vector<Match>* out, uint32_t* marks = nullptr);

 private:
  struct State;
  const Database& database_;
  Engine engine_;
  void* scratch_ = nullptr;  // hs_scratch_t*
};

}  // namespace nhiscan::match
