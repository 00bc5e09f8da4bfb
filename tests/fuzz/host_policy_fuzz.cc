// The validator's host policy on arbitrary URLs and host names: an allowed host is a clean,
// lower-case DNS name (no userinfo, port, path, percent sign or non-ASCII byte), and checking it
// again as a bare host gives the same answer.
#include "scanner/validate/host_policy.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nhiscan;
  const std::string_view text = fuzz::AsText(data, size);
  for (validate::HostClass host_class :
       {validate::HostClass::kSalesforceMyDomain, validate::HostClass::kSalesforceLogin,
        validate::HostClass::kSalesforceInstance, validate::HostClass::kOneSpanApi}) {
    auto host = validate::AllowedHost(text, host_class);
    if (!host.ok()) continue;
    for (unsigned char c : *host) {
      fuzz::Check((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.',
                  "an allowed host is a lower-case DNS name");
    }
    fuzz::Check(validate::HostAllowed(*host, host_class), "an allowed host stays allowed");
  }
  validate::CleanHostOf(text);
  return 0;
}
