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
  // With --timings: where the command's wall time went, phase by phase in order (from main()'s
  // start to the report), and how long the source took to list its items (overlapped with
  // scanning, so part of the "scan" phase).
  std::vector<std::pair<std::string, double>> phases_ms;
  double listing_ms = 0;
  size_t rules = 0;
  bool rule_cache_hit = false;
  bool rule_cache_prebuilt = false;  // the hit was the database embedded at build time
  bool interrupted = false;  // stopped by SIGINT/SIGTERM before every item was scanned
  // Resource limits that were reached, by name, with how often (README "Hardening"):
  //   decode_depth, decode_size: Base64 text that was not decoded and scanned;
  //   memory: git blobs not read because they exceed the --max-memory budget;
  //   findings_per_file: files whose findings beyond the limit were summarised.
  std::map<std::string, uint64_t> limits_hit;
  // Files whose findings were cut at --max-findings-per-file: path -> findings not listed.
  std::map<std::string, uint64_t> summarised;

  // Less was scanned than asked: the run must not exit 0. A limit that left bytes unexamined
  // counts; summarising findings does not (every finding is still counted, and there are some).
  bool incomplete() const {
    if (interrupted || !errors.empty()) return true;
    for (const auto& [limit, count] : limits_hit) {
      if (limit != kSummarisedLimit && count) return true;
    }
    return false;
  }
  static constexpr const char* kSummarisedLimit = "findings_per_file";
};

}  // namespace nhiscan::findings
