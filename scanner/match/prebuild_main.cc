// Build-time tool: compiles the built-in rules into a Hyperscan database for the build machine
// and writes its image (Database::Image) to the file named by its argument. The build embeds the
// image in nhiscan (scanner/match/prebuilt_database.h), so that even the very first run on this
// machine, with an empty cache, does not pay the compile.
#include <iostream>

#include "scanner/base/file_io.h"
#include "scanner/match/database.h"
#include "scanner/match/prebuilt_database.h"
#include "scanner/rules/loader.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: nhiscan_prebuild OUTPUT\n";
    return 2;
  }
  nhiscan::rules::RuleSet rules;
  nhiscan::Status loaded = nhiscan::rules::LoadBuiltinRules(&rules);
  if (!loaded.ok()) {
    std::cerr << "nhiscan_prebuild: " << loaded.message() << '\n';
    return 2;
  }
  auto database =
      nhiscan::match::Database::Build(rules, nhiscan::match::BuiltinDatabaseOptions("", {}));
  if (!database.ok()) {
    std::cerr << "nhiscan_prebuild: " << database.status().message() << '\n';
    return 2;
  }
  nhiscan::Status written = nhiscan::WriteFileAtomically(argv[1], database.value()->Image());
  if (!written.ok()) {
    std::cerr << "nhiscan_prebuild: " << written.message() << '\n';
    return 2;
  }
  return 0;
}
