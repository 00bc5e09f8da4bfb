#include "scanner/checks/salesforce_hosts.h"

#include <gtest/gtest.h>

#include <string>

namespace nhiscan::checks {
namespace {

using H = SalesforceHost;

TEST(ChecksSalesforceHostsTest, MyDomainVariants) {
  for (const char* host : {
           "acme.my.salesforce.com",
           "acme--uat.sandbox.my.salesforce.com",
           "acme-dev-ed.develop.my.salesforce.com",
           "brave-otter-1234.scratch.my.salesforce.com",
           "acme.demo.my.salesforce.com",
           "acme.patch.my.salesforce.com",
           "acme.trailblaze.my.salesforce.com",
           "agency.my.salesforce.mil",
           "acme.my.sfcrmproducts.cn",
       }) {
    EXPECT_EQ(ClassifySalesforceHost(host), H::kMyDomain) << host;
  }
}

TEST(ChecksSalesforceHostsTest, CaseAndTrailingDotAreIgnored) {
  EXPECT_EQ(ClassifySalesforceHost("ACME.My.Salesforce.COM"), H::kMyDomain);
  EXPECT_EQ(ClassifySalesforceHost("acme.my.salesforce.com."), H::kMyDomain);
  EXPECT_EQ(ClassifySalesforceHost("ACME--UAT.SANDBOX.MY.SALESFORCE.COM."), H::kMyDomain);
  EXPECT_EQ(ClassifySalesforceHost("LOGIN.SALESFORCE.COM"), H::kGenericLogin);
  EXPECT_EQ(ClassifySalesforceHost("test.salesforce.com."), H::kGenericLogin);
  EXPECT_EQ(ClassifySalesforceHost("NA123.Salesforce.com"), H::kInstance);
  EXPECT_EQ(ClassifySalesforceHost("Acme.Lightning.Force.Com."), H::kLightning);
}

TEST(ChecksSalesforceHostsTest, GenericLoginHosts) {
  EXPECT_EQ(ClassifySalesforceHost("login.salesforce.com"), H::kGenericLogin);
  EXPECT_EQ(ClassifySalesforceHost("test.salesforce.com"), H::kGenericLogin);
}

TEST(ChecksSalesforceHostsTest, UiSiteAndSetupHostsAreNotMyDomain) {
  EXPECT_EQ(ClassifySalesforceHost("acme.lightning.force.com"), H::kLightning);
  EXPECT_EQ(ClassifySalesforceHost("acme--uat.sandbox.lightning.force.com"), H::kLightning);
  EXPECT_EQ(ClassifySalesforceHost("acme.my.site.com"), H::kExperienceCloud);
  EXPECT_EQ(ClassifySalesforceHost("acme--uat.sandbox.my.site.com"), H::kExperienceCloud);
  EXPECT_EQ(ClassifySalesforceHost("acme.force.com"), H::kExperienceCloud);
  EXPECT_EQ(ClassifySalesforceHost("acme.my.salesforce-setup.com"), H::kSetup);
}

// Salesforce Sites (…my.salesforce-sites.com) are public site hosts like Experience Cloud, not
// the org's My Domain login/API host.
TEST(ChecksSalesforceHostsTest, SalesforceSitesHostIsNotMyDomain) {
  EXPECT_NE(ClassifySalesforceHost("acme.my.salesforce-sites.com"), H::kMyDomain);
  EXPECT_EQ(ClassifySalesforceHost("acme.my.salesforce-sites.com"), H::kExperienceCloud);
}

TEST(ChecksSalesforceHostsTest, LegacyInstanceHosts) {
  for (const char* host :
       {"na123.salesforce.com", "eu45.salesforce.com", "cs87.salesforce.com", "ap12.salesforce.com",
        "um5.salesforce.com", "usa4s.salesforce.com", "na1.salesforce.com"}) {
    EXPECT_EQ(ClassifySalesforceHost(host), H::kInstance) << host;
  }
}

TEST(ChecksSalesforceHostsTest, OtherSalesforceHosts) {
  for (const char* host :
       {"salesforce.com", "www.salesforce.com", "help.salesforce.com", "api.salesforce.com",
        "my.salesforce.com", "acme.cloudforce.com", "d.la1-c2-ia4.salesforceliveagent.com",
        "x.crmforce.mil", "x.sfcrmproducts.cn", "na123.na1.salesforce.com",
        "abcde123.salesforce.com"}) {
    EXPECT_EQ(ClassifySalesforceHost(host), H::kOtherSalesforce) << host;
  }
}

TEST(ChecksSalesforceHostsTest, NotSalesforce) {
  for (const char* host :
       {"", ".", "example.com", "apps.esignlive.com", "my.salesforce.com.evil.test",
        "acme.my.salesforce.com.attacker.io", "notsalesforce.com", "salesforce.com.evil",
        "evilforce.com", "localhost"}) {
    EXPECT_EQ(ClassifySalesforceHost(host), H::kNotSalesforce) << host;
  }
  // A bare suffix is not a My Domain host.
  EXPECT_NE(ClassifySalesforceHost(".my.salesforce.com"), H::kMyDomain);
}

TEST(ChecksSalesforceHostsTest, NamesAreDistinct) {
  const H kinds[] = {H::kNotSalesforce,   H::kMyDomain, H::kGenericLogin, H::kLightning,
                     H::kExperienceCloud, H::kSetup,    H::kInstance,     H::kOtherSalesforce};
  for (H a : kinds) {
    EXPECT_FALSE(SalesforceHostName(a).empty());
    for (H b : kinds) {
      if (a != b) {
        EXPECT_NE(SalesforceHostName(a), SalesforceHostName(b));
      }
    }
  }
}

TEST(ChecksUrlHostTest, HostOfHttpUrls) {
  EXPECT_EQ(UrlHost("https://acme.my.salesforce.com/services/apexrest/x"),
            "acme.my.salesforce.com");
  EXPECT_EQ(UrlHost("http://acme.my.salesforce.com"), "acme.my.salesforce.com");
  EXPECT_EQ(UrlHost("HTTPS://ACME.My.Salesforce.com/x"), "acme.my.salesforce.com");
  EXPECT_EQ(UrlHost("https://acme.my.salesforce.com:443/services"), "acme.my.salesforce.com");
  EXPECT_EQ(UrlHost("https://user:p%40ss@acme.my.salesforce.com:8443/a?b#c"),
            "acme.my.salesforce.com");
  EXPECT_EQ(UrlHost("https://user@acme.my.salesforce.com/"), "acme.my.salesforce.com");
  EXPECT_EQ(UrlHost("https://acme.my.salesforce.com?x=1"), "acme.my.salesforce.com");
  EXPECT_EQ(UrlHost("https://acme.my.salesforce.com#frag"), "acme.my.salesforce.com");
  // Userinfo that looks like a host does not fool it.
  EXPECT_EQ(UrlHost("https://acme.my.salesforce.com@evil.test/services/apexrest/x"), "evil.test");
}

TEST(ChecksUrlHostTest, NotHttpUrls) {
  EXPECT_EQ(UrlHost("acme.my.salesforce.com/services"), "");
  EXPECT_EQ(UrlHost("ftp://acme.my.salesforce.com/x"), "");
  EXPECT_EQ(UrlHost("force://id::token@acme.my.salesforce.com"), "");
  EXPECT_EQ(UrlHost(""), "");
}

TEST(ChecksUrlHostTest, Path) {
  EXPECT_EQ(UrlPath("https://h.my.salesforce.com/services/apexrest/a/b?x=1#f"),
            "/services/apexrest/a/b");
  EXPECT_EQ(UrlPath("https://h.my.salesforce.com"), "/");
  EXPECT_EQ(UrlPath("https://h.my.salesforce.com/"), "/");
  EXPECT_EQ(UrlPath("https://h.my.salesforce.com/a#b"), "/a");
  EXPECT_EQ(UrlPath("not a url"), "");
}

}  // namespace
}  // namespace nhiscan::checks
