// Shared by the hostile-input tests (tests/cli/hostile_*_test.cc, tests/git/git_hostile_*): a
// user rule that the tests plant tokens for, and running the real binary as root without the
// privilege to bypass file permissions when needed.
#pragma once

#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/git_repo.h"
#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::testing {

using Json = nlohmann::json;

constexpr char kTokenAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// "zzh.token": zzh_ followed by 32 alphanumerics.
inline std::string HostileRules() {
  return RuleFile({RuleJson("zzh.token", "zzh_(?P<secret>[A-Za-z0-9]{32})",
                            R"j("examples": ["t = zzh_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2"])j",
                            "high")});
}

inline std::string Show(const CommandResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out.substr(0, 4000) +
         "\nstderr:\n" + r.err.substr(0, 4000);
}

// Root reads every file whatever its mode. Tests of unreadable files run nhiscan as root without
// CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (setpriv, util-linux), so that permissions apply.
inline std::vector<std::string> WithoutFileOverride(std::vector<std::string> argv) {
  if (::geteuid() != 0) return argv;
  std::vector<std::string> out = {"setpriv", "--bounding-set=-dac_override,-dac_read_search",
                                  "--inh-caps=-dac_override,-dac_read_search"};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

inline Json ParseOrNull(const std::string& text) {
  Json doc = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  return doc.is_discarded() ? Json() : doc;
}

}  // namespace nhiscan::testing
