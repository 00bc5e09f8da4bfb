#include "scanner/base/glob.h"

#include <fnmatch.h>

#include <string>

namespace nhiscan {

bool GlobMatch(std::string_view pattern, std::string_view path) {
  const std::string pat(pattern);
  const std::string full(path);
  if (fnmatch(pat.c_str(), full.c_str(), 0) == 0) return true;
  if (pat.find('/') != std::string::npos) {
    // "dir/" style and "dir" prefixes: everything below a matching directory is matched too.
    std::string prefix = pat;
    if (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    for (size_t slash = full.find('/'); slash != std::string::npos;
         slash = full.find('/', slash + 1)) {
      if (fnmatch(prefix.c_str(), full.substr(0, slash).c_str(), 0) == 0) return true;
    }
    return false;
  }
  size_t slash = full.rfind('/');
  std::string name = slash == std::string::npos ? full : full.substr(slash + 1);
  if (fnmatch(pat.c_str(), name.c_str(), 0) == 0) return true;
  // A bare directory name ("node_modules") excludes everything below a directory of that name.
  for (size_t start = 0, end; (end = full.find('/', start)) != std::string::npos; start = end + 1) {
    if (fnmatch(pat.c_str(), full.substr(start, end - start).c_str(), 0) == 0) return true;
  }
  return false;
}

bool AnyGlobMatches(const std::vector<std::string>& patterns, std::string_view path) {
  for (const std::string& pattern : patterns) {
    if (GlobMatch(pattern, path)) return true;
  }
  return false;
}

}  // namespace nhiscan
