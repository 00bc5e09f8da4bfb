// libcurl, loaded with dlopen the first time validation needs it, instead of being linked.
// Linking it makes every run load libcurl and the thirty libraries it depends on (TLS, Kerberos,
// LDAP, IDN...), which was half of nhiscan's start-up time, for a feature most runs (every
// pre-commit hook) never use. Only the functions nhiscan calls are resolved; the types and
// constants still come from <curl/curl.h>. Thread-safe; the library is never unloaded.
#pragma once

#include <curl/curl.h>

#include "scanner/base/status.h"

namespace nhiscan::validate {

struct LibCurl {
  decltype(&::curl_global_init) global_init;
  decltype(&::curl_easy_init) easy_init;
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  decltype(&::curl_easy_perform) easy_perform;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_easy_escape) easy_escape;
  decltype(&::curl_free) free;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
  decltype(&::curl_url) url;
  decltype(&::curl_url_set) url_set;
  decltype(&::curl_url_get) url_get;
  decltype(&::curl_url_cleanup) url_cleanup;
};

// The loaded library (initialised with curl_global_init once), or an error that says what is
// missing. The first call loads; later calls return the same answer.
Result<const LibCurl*> LoadLibCurl();

}  // namespace nhiscan::validate
