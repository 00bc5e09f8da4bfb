// Address checks: every internal, special or embedded-IPv4 range is refused; public unicast is
// allowed; loopback only with the explicit test allowance.
#include "scanner/validate/address_policy.h"

#include <gtest/gtest.h>

namespace nhiscan::validate {
namespace {

TEST(AddressPolicyTest, RefusesInternalAndSpecialAddresses) {
  const char* refused[] = {
      "127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
      "192.168.1.1", "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255",
      "100.100.100.200", "224.0.0.1", "255.255.255.255", "240.0.0.1", "192.0.2.10",
      "198.18.0.1", "::1", "::", "::ffff:127.0.0.1", "::ffff:8.8.8.8", "::127.0.0.1",
      "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "64:ff9b::7f00:1", "2002:7f00:1::1",
      "2001:db8::1", "fec0::1", "not-an-address", "",
  };
  for (const char* address : refused) EXPECT_NE(ForbiddenAddressReason(address), "") << address;
}

TEST(AddressPolicyTest, AllowsPublicUnicast) {
  for (const char* address : {"8.8.8.8", "13.108.0.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111"}) {
    EXPECT_EQ(ForbiddenAddressReason(address), "") << address;
  }
}

TEST(AddressPolicyTest, LoopbackOnlyWithTheTestAllowance) {
  EXPECT_EQ(ForbiddenAddressReason("127.0.0.1", true), "");
  EXPECT_EQ(ForbiddenAddressReason("::1", true), "");
  EXPECT_NE(ForbiddenAddressReason("::ffff:127.0.0.1", true), "");
  EXPECT_NE(ForbiddenAddressReason("10.0.0.1", true), "");
  EXPECT_NE(ForbiddenAddressReason("169.254.169.254", true), "");
}

TEST(AddressPolicyTest, NamesThatResolveToLoopbackAreRefused) {
  auto refused = ResolveAllowedAddresses("localhost", false);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("loopback"), std::string::npos);
  auto literal = ResolveAllowedAddresses("169.254.169.254", false);
  ASSERT_FALSE(literal.ok());
  EXPECT_NE(literal.status().message().find("metadata"), std::string::npos);
  auto allowed = ResolveAllowedAddresses("127.0.0.1", true);
  ASSERT_TRUE(allowed.ok());
  EXPECT_EQ(allowed->front(), "127.0.0.1");
}

}  // namespace
}  // namespace nhiscan::validate
