// The host allowlists after real URL parsing: every trick that could make a validator send a
// secret to a host of the attacker's choosing is refused.
#include "scanner/validate/host_policy.h"

#include <gtest/gtest.h>

namespace nhiscan::validate {
namespace {

TEST(HostPolicyTest, AcceptsProviderHostsAsUrlsOrNames) {
  const std::pair<const char*, HostClass> accepted[] = {
      {"acme.my.salesforce.com", HostClass::kSalesforceMyDomain},
      {"https://acme.my.salesforce.com/services/apexrest/onespan/callback", HostClass::kSalesforceMyDomain},
      {"https://ACME.My.Salesforce.com:443/x", HostClass::kSalesforceMyDomain},
      {"acme--uat.sandbox.my.salesforce.com", HostClass::kSalesforceMyDomain},
      {"acme-dev-ed.develop.my.salesforce.com", HostClass::kSalesforceMyDomain},
      {"agency.my.salesforce.mil", HostClass::kSalesforceMyDomain},
      {"acme.my.sfcrmproducts.cn", HostClass::kSalesforceMyDomain},
      {"login.salesforce.com", HostClass::kSalesforceLogin},
      {"https://test.salesforce.com", HostClass::kSalesforceLogin},
      {"acme.my.salesforce.com", HostClass::kSalesforceLogin},
      {"na123.salesforce.com", HostClass::kSalesforceInstance},
      {"cs42.salesforce.com", HostClass::kSalesforceInstance},
      {"apps.esignlive.com", HostClass::kOneSpanApi},
      {"https://sandbox.e-signlive.ca/api", HostClass::kOneSpanApi},
      {"apps.esignlive.com.au", HostClass::kOneSpanApi},
  };
  for (const auto& [input, host_class] : accepted) {
    EXPECT_TRUE(AllowedHost(input, host_class).ok()) << input << ": " << AllowedHost(input, host_class).status().message();
  }
  EXPECT_EQ(AllowedHost("https://ACME.My.Salesforce.com:443/x", HostClass::kSalesforceMyDomain).value(),
            "acme.my.salesforce.com");
}

TEST(HostPolicyTest, RefusesLookAlikesAndUrlTricks) {
  const char* refused[] = {
      "acme.my.salesforce.com.evil.example",        // suffix followed by another domain
      "https://acme.my.salesforce.com.evil.example/x",
      "evilmy.salesforce.com",                      // not label-aligned
      "acme.mysalesforce.com",
      "my.salesforce.com",                          // the suffix alone names no org
      "https://evil.example@acme.my.salesforce.com/",       // userinfo
      "https://acme.my.salesforce.com@evil.example/",
      "https://acme.my.salesforce.com:443@evil.example/",
      "https://user:pw@acme.my.salesforce.com/",
      "https://acme.my.salesforce.com:8443/",        // port
      "https://acme.my.salesforce.com:80/",
      "http://acme.my.salesforce.com/",              // scheme
      "ftp://acme.my.salesforce.com/",
      "acme.my.salesforce.com.",                     // trailing dot
      "https://acme.my.salesforce.com./x",
      "acme%2emy.salesforce.com",                    // percent-encoding
      "https://acme.my.salesforce%2ecom/",
      "https://evil.example%2f@acme.my.salesforce.com/",
      "https://acme.my.sale\xd1\x95" "force.com/",   // Cyrillic dze look-alike
      "https://xn--acme-9za.my.salesforce.com/",     // Punycode label
      "https://127.0.0.1/",                          // IP literals
      "https://[::1]/",
      "https://2130706433/",
      "https://0x7f.1/",
      "169.254.169.254",
      "https://acme.my.salesforce.com\\@evil.example/",  // backslash
      "https://acme..my.salesforce.com/",
      "https://-acme.my.salesforce.com/",
      "https://acme .my.salesforce.com/",
      "",
      "https://",
      "acme.lightning.force.com",                    // Salesforce, but not an org API host
      "acme.my.site.com",
  };
  for (const char* input : refused) {
    EXPECT_FALSE(AllowedHost(input, HostClass::kSalesforceInstance).ok()) << input;
    EXPECT_FALSE(AllowedHost(input, HostClass::kSalesforceMyDomain).ok()) << input;
  }
}

TEST(HostPolicyTest, EachValidatorHasItsOwnAllowlist) {
  EXPECT_FALSE(AllowedHost("login.salesforce.com", HostClass::kSalesforceMyDomain).ok());
  EXPECT_FALSE(AllowedHost("na1.salesforce.com", HostClass::kSalesforceLogin).ok());
  EXPECT_FALSE(AllowedHost("acme.my.salesforce.com", HostClass::kOneSpanApi).ok());
  EXPECT_FALSE(AllowedHost("apps.esignlive.com", HostClass::kSalesforceInstance).ok());
  EXPECT_FALSE(AllowedHost("evil.apps.esignlive.com", HostClass::kOneSpanApi).ok());
  EXPECT_FALSE(AllowedHost("apps.esignlive.com.evil.example", HostClass::kOneSpanApi).ok());
  EXPECT_FALSE(AllowedHost("www.salesforce.com", HostClass::kSalesforceInstance).ok());
  EXPECT_FALSE(AllowedHost("abcde1.salesforce.com", HostClass::kSalesforceInstance).ok());
}

TEST(HostPolicyTest, ErrorsDoNotRepeatTheInput) {
  auto refused = AllowedHost("https://s3cr3tvalue@evil.example/", HostClass::kSalesforceMyDomain);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message().find("s3cr3tvalue"), std::string::npos);
}

TEST(HostPolicyTest, SuffixMatchIsLabelWise) {
  EXPECT_TRUE(HostUnderSuffix("a.my.salesforce.com", "my.salesforce.com"));
  EXPECT_TRUE(HostUnderSuffix("my.salesforce.com", "my.salesforce.com"));
  EXPECT_FALSE(HostUnderSuffix("amy.salesforce.com", "my.salesforce.com"));
  EXPECT_FALSE(HostUnderSuffix("my.salesforce.com.x", "my.salesforce.com"));
}

}  // namespace
}  // namespace nhiscan::validate
