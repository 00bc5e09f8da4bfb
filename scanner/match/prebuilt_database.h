// The Hyperscan database of the built-in rules, compiled for the build machine while nhiscan was
// built (scanner/match/prebuild_main.cc) and embedded in the executable. It spares the first run
// on that machine (an empty rule cache: a fresh CI runner, a new user) the second-long compile;
// on another CPU, or with user rules, it does not apply and the cache works as before.
// Empty when the build was configured with -DNHISCAN_PREBUILT_DATABASE=OFF.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "scanner/checks/facts.h"
#include "scanner/match/database.h"

namespace nhiscan::match {

std::string_view PrebuiltDatabase();

// The options of every database of the built-in rules. The image is built with them
// (prebuild_main.cc, with no image yet), and a build with other markers would have another cache
// key: it would compile for a second instead of using the image.
inline DatabaseOptions BuiltinDatabaseOptions(std::string cache_dir, std::string_view prebuilt) {
  DatabaseOptions options;
  options.cache_dir = std::move(cache_dir);
  options.prebuilt = prebuilt;
  options.markers = checks::FactMarkers();  // found in the rules' pass (facts.h)
  return options;
}

}  // namespace nhiscan::match
