// What a run scanned and could not scan: the "stats" object of every report.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace nhiscan::findings {

struct ScanStats {
  uint64_t files = 0;        // items listed for scanning (files, or blob paths in git)
  uint64_t blobs = 0;        // distinct contents actually scanned
  uint64_t bytes = 0;        // bytes scanned
  std::map<std::string, uint64_t> skipped;                  // reason -> count
  std::vector<std::pair<std::string, std::string>> errors;  // (path, message)
  double duration_ms = 0;
  size_t rules = 0;
  bool rule_cache_hit = false;
  bool interrupted = false;

  // Less was scanned than asked: the run must not exit 0.
  bool incomplete() const { return interrupted || !errors.empty(); }
};

}  // namespace nhiscan::findings
