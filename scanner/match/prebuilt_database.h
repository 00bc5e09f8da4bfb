// The Hyperscan database of the built-in rules, compiled for the build machine while nhiscan was
// built (scanner/match/prebuild_main.cc) and embedded in the executable. It spares the first run
// on that machine (an empty rule cache: a fresh CI runner, a new user) the second-long compile;
// on another CPU, or with user rules, it does not apply and the cache works as before.
// Empty when the build was configured with -DNHISCAN_PREBUILT_DATABASE=OFF.
#pragma once

#include <string_view>

namespace nhiscan::match {

std::string_view PrebuiltDatabase();

}  // namespace nhiscan::match
