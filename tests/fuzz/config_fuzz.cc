// The project configuration (.nhiscan.jsonc) and baseline loaders on arbitrary text: errors, never
// crashes; what parses is well formed (a baseline is sorted with one entry per fingerprint).
#include "scanner/config/config.h"
#include "scanner/findings/baseline.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nhiscan;
  const std::string_view text = fuzz::AsText(data, size);
  auto config = config::ParseConfig(text, ".nhiscan.jsonc");
  if (!config.ok()) {
    fuzz::Check(!config.status().message().empty(), "a config error says why");
  }
  auto baseline = findings::ParseBaseline(text, "baseline.json");
  if (baseline.ok()) {
    const auto& entries = baseline->entries;
    for (size_t i = 1; i < entries.size(); ++i) {
      fuzz::Check(entries[i - 1].fingerprint < entries[i].fingerprint,
                  "baseline entries are sorted, one per fingerprint");
    }
  } else {
    fuzz::Check(!baseline.status().message().empty(), "a baseline error says why");
  }
  return 0;
}
