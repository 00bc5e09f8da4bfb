#include "scanner/validate/libcurl.h"

#include <dlfcn.h>

#include <cstdlib>
#include <string>

namespace nhiscan::validate {

namespace {

// The soname of the libcurl the headers describe (libcurl4 on Debian, whatever its TLS flavour).
// $NHISCAN_LIBCURL names another one (a path or a soname), e.g. a libcurl outside the library path.
constexpr char kLibrary[] = "libcurl.so.4";

std::string LibraryName() {
  const char* chosen = std::getenv("NHISCAN_LIBCURL");
  return chosen != nullptr && *chosen != '\0' ? chosen : kLibrary;
}

template <typename Function>
bool Resolve(void* library, const char* name, Function* out, std::string* missing) {
  *out = reinterpret_cast<Function>(dlsym(library, name));
  if (*out == nullptr) *missing += std::string(missing->empty() ? "" : ", ") + name;
  return *out != nullptr;
}

Result<const LibCurl*> Load() {
  const std::string name = LibraryName();
  void* library = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* why = dlerror();
    return Status::Unsupported("validation needs libcurl (Debian package libcurl4): " +
                               (why ? std::string(why) : "cannot load " + name));
  }
  static LibCurl curl;
  std::string missing;
  Resolve(library, "curl_global_init", &curl.global_init, &missing);
  Resolve(library, "curl_easy_init", &curl.easy_init, &missing);
  Resolve(library, "curl_easy_setopt", &curl.easy_setopt, &missing);
  Resolve(library, "curl_easy_getinfo", &curl.easy_getinfo, &missing);
  Resolve(library, "curl_easy_perform", &curl.easy_perform, &missing);
  Resolve(library, "curl_easy_cleanup", &curl.easy_cleanup, &missing);
  Resolve(library, "curl_easy_strerror", &curl.easy_strerror, &missing);
  Resolve(library, "curl_easy_escape", &curl.easy_escape, &missing);
  Resolve(library, "curl_free", &curl.free, &missing);
  Resolve(library, "curl_slist_append", &curl.slist_append, &missing);
  Resolve(library, "curl_slist_free_all", &curl.slist_free_all, &missing);
  Resolve(library, "curl_url", &curl.url, &missing);
  Resolve(library, "curl_url_set", &curl.url_set, &missing);
  Resolve(library, "curl_url_get", &curl.url_get, &missing);
  Resolve(library, "curl_url_cleanup", &curl.url_cleanup, &missing);
  if (!missing.empty()) {
    return Status::Unsupported(name + " is not a libcurl new enough for validation (missing " +
                               missing + ")");
  }
  if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    return Status::Internal("libcurl failed to initialise");
  }
  return static_cast<const LibCurl*>(&curl);
}

}  // namespace

Result<const LibCurl*> LoadLibCurl() {
  static const Result<const LibCurl*> loaded = Load();
  return loaded;
}

}  // namespace nhiscan::validate
