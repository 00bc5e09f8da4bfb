// Arbitrary bytes through the whole pipeline with the built-in rules: Hyperscan prefilter, RE2
// confirmation, Base64 re-scan, callback keys, structured checks across files. The two engines
// must report exactly the same findings. Input layout: byte 0 picks the file names and the window
// size; the rest is split on 0x1E into at most four files.
#include <sstream>

#include "scanner/scan/pipeline.h"
#include "scanner/source/memory.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace nhiscan;

std::string Describe(const std::vector<findings::Finding>& found) {
  std::ostringstream out;
  for (const findings::Finding& f : found) {
    out << f.rule->id << ' ' << f.path << ' ' << f.line << ':' << f.column << '-' << f.end_line
        << ':' << f.end_column << ' ' << f.secret << ' ' << f.fingerprint << '\n';
    for (const auto& [key, value] : f.context) out << "  " << key << '=' << value << '\n';
  }
  return out.str();
}

std::string Scan(const std::vector<std::pair<std::string, std::string>>& files,
                 match::Engine engine, size_t window) {
  source::MemorySource source(files);
  scan::ScanOptions options;
  options.threads = 1;
  options.engine = engine;
  options.window_size = window;
  auto result = scan::RunScan(source, fuzz::BuiltinDatabase(), options);
  fuzz::Check(result.ok(), "a memory scan never fails");
  fuzz::Check(result->stats.errors.empty(), "a memory scan reads every file");
  for (const findings::Finding& f : result->findings) {
    fuzz::Check(f.line >= 1 && f.column >= 1, "positions are 1-based");
    fuzz::Check(f.end_line > f.line || (f.end_line == f.line && f.end_column >= f.column),
                "a finding ends after it starts");
  }
  return Describe(result->findings);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* const kPaths[] = {
      "app.env", "config/prod.properties", "src/Client.java",
      "force-app/main/default/connectedApps/Acme.connectedApp-meta.xml",
      "force-app/main/default/classes/Callback.cls", "sfdx-project.json", "scripts/deploy.sh",
      "docs/README.md"};
  static const size_t kWindows[] = {8 << 20, 4096, 700, 257};
  if (size == 0) return 0;
  const uint8_t pick = data[0];
  std::string_view rest = fuzz::AsText(data + 1, size - 1);
  std::vector<std::pair<std::string, std::string>> files;
  while (files.size() < 4) {
    const size_t cut = files.size() == 3 ? std::string_view::npos : rest.find('\x1e');
    files.emplace_back(kPaths[(pick + files.size()) % 8], std::string(rest.substr(0, cut)));
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
  const size_t window = kWindows[(pick >> 3) % 4];
  const std::string fast = Scan(files, match::Engine::kHyperscan, window);
  const std::string reference = Scan(files, match::Engine::kRe2Only, window);
  if (fast != reference) {
    std::fprintf(stderr, "hyperscan:\n%s\nre2:\n%s\n", fast.c_str(), reference.c_str());
    fuzz::Check(false, "Hyperscan and RE2-only scans agree");
  }
  return 0;
}
