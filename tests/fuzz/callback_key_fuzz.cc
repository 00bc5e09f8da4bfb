// OneSpan callback keys and the URL/host parsing of the structured checks: classification of
// decoded key text, host and path extraction from URLs, Salesforce host kinds.
#include "scanner/checks/callback_key.h"
#include "scanner/checks/salesforce_hosts.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nhiscan;
  std::string_view text = fuzz::AsText(data, size);
  if (auto bundle = checks::ClassifyCredentialBundle(text)) {
    fuzz::Check(bundle->flow == "client_credentials" || bundle->flow == "refresh_token",
                "a bundle names a known flow");
    fuzz::Check(text.find(bundle->client_id) != std::string_view::npos,
                "the client id comes from the text");
  }
  const std::string host = checks::UrlHost(text);
  for (char c : host) fuzz::Check(!(c >= 'A' && c <= 'Z'), "hosts are lower-cased");
  checks::UrlPath(text);
  const checks::SalesforceHost kind = checks::ClassifySalesforceHost(text);
  fuzz::Check(!checks::SalesforceHostName(kind).empty(), "every host kind has a name");
  fuzz::Check(checks::ClassifySalesforceHost(host) == checks::ClassifySalesforceHost(host),
              "classification is deterministic");
  return 0;
}
