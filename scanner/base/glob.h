// Glob matching for --exclude and rule "paths". A pattern without '/' is matched against the file
// name and against the whole relative path; a pattern with '/' only against the relative path.
// '*' and '?' match any character including '/', so "vendor/*" excludes a whole tree and
// "*.min.js" matches at any depth. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nhiscan {

bool GlobMatch(std::string_view pattern, std::string_view path);
bool AnyGlobMatches(const std::vector<std::string>& patterns, std::string_view path);

}  // namespace nhiscan
