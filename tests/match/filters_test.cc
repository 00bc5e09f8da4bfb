#include "scanner/match/filters.h"

#include <gtest/gtest.h>

#include <string>

#include "scanner/match/value_checks.h"
#include "tests/support/test_support.h"

namespace nhiscan::match {
namespace {

TEST(LooksLikePlaceholderTest, DocumentedPlaceholders) {
  for (const char* value : {"your_client_secret_here",
                            "YOUR_API_KEY",
                            "your-token",
                            "client_secret_here",
                            "XXXXXXXXXXXXXXXX",
                            "xxxxxxxxxxxx",
                            "sk_live_XXXX1234",
                            "****************",
                            "${SECRET}",
                            "${env:SF_SECRET}",
                            "{{ secrets.SF_CLIENT_SECRET }}",
                            "%(password)s",
                            "$(cat secret.txt)",
                            "<secret>",
                            "<YOUR_SECRET>",
                            "process.env.SF_CLIENT_SECRET",
                            "os.environ['X']",
                            "getenv(\"TOKEN\")",
                            "changeme",
                            "CHANGE_ME",
                            "example_secret_123",
                            "dummyvalue1234",
                            "sample-token",
                            "REDACTED",
                            "placeholder",
                            "$SECRET",
                            "%APPDATA%",
                            "0000000000000000",
                            "replace_me_please",
                            "insert_token"}) {
    EXPECT_TRUE(LooksLikePlaceholder(value)) << value;
  }
  EXPECT_TRUE(LooksLikePlaceholder(""));
}

TEST(LooksLikePlaceholderTest, GeneratedSecretsAreNotPlaceholders) {
  testing::Synth synth(11);
  for (int i = 0; i < 200; ++i) {
    std::string hex = synth.ConsumerSecretHex();
    std::string key = synth.ConsumerKey();
    std::string token = synth.RefreshToken();
    EXPECT_FALSE(LooksLikePlaceholder(key)) << key;
    EXPECT_FALSE(LooksLikePlaceholder(token)) << token;
    // Four zeros can occur by chance in a hex secret; they do not make it a placeholder.
    EXPECT_FALSE(LooksLikePlaceholder(hex.substr(0, 30) + "0000" + hex.substr(34))) << hex;
  }
  for (const char* value : {"Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb", "a1b2c3d4e5f6", "hunter2hunter3"}) {
    EXPECT_FALSE(LooksLikePlaceholder(value)) << value;
  }
}

TEST(LooksLowInformationTest, RepeatedAndStraightRuns) {
  for (const char* value : {"aaaaaaaaaaaa", "000000", "abababababab", "1212121212", "0123456789",
                            "x123456789y", "abcdefghijkl", "ABCDEFGHIJ", "prefix_abcdefgh"}) {
    EXPECT_TRUE(LooksLowInformation(value)) << value;
  }
}

TEST(LooksLowInformationTest, RealisticValuesPass) {
  testing::Synth synth(12);
  for (int i = 0; i < 200; ++i) {
    std::string hex = synth.ConsumerSecretHex();
    EXPECT_FALSE(LooksLowInformation(hex)) << hex;
  }
  EXPECT_FALSE(LooksLowInformation("Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb"));
  EXPECT_FALSE(LooksLowInformation("aab"));  // too short to judge by distinct characters
  EXPECT_FALSE(LooksLowInformation("abc123"));
}

TEST(ValueChecksTest, KnownNames) {
  EXPECT_TRUE(IsKnownValueCheck("base64_credential_pair"));
  EXPECT_FALSE(IsKnownValueCheck("base64"));
  EXPECT_FALSE(IsKnownValueCheck(""));
  EXPECT_FALSE(PassesValueCheck("no_such_check", "anything"));
}

TEST(ValueChecksTest, Base64CredentialPair) {
  testing::Synth synth(13);
  EXPECT_TRUE(PassesValueCheck("base64_credential_pair", synth.Base64("clientid:secretvalue")));
  EXPECT_TRUE(PassesValueCheck("base64_credential_pair", synth.Base64(synth.ConsumerKey() + ":" +
                                                                      synth.ConsumerSecretHex())));
  // URL-safe and unpadded forms decode too.
  std::string encoded = synth.Base64("abcd:efgh~~~?");  // "YWJjZDplZmdofn5+Pw=="
  std::string url_safe = encoded;
  for (char& c : url_safe) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  ASSERT_NE(url_safe, encoded);
  EXPECT_TRUE(PassesValueCheck("base64_credential_pair", encoded));
  EXPECT_TRUE(PassesValueCheck("base64_credential_pair", url_safe));
  EXPECT_TRUE(PassesValueCheck("base64_credential_pair", url_safe.substr(0, url_safe.find('='))));
  // Not Base64, no colon, parts too short, too short overall, not printable.
  EXPECT_FALSE(PassesValueCheck("base64_credential_pair", "not base64 at all!"));
  EXPECT_FALSE(PassesValueCheck("base64_credential_pair", synth.Base64("no colon in this value")));
  EXPECT_FALSE(PassesValueCheck("base64_credential_pair", synth.Base64("abc:defghijklmnop")));
  EXPECT_FALSE(PassesValueCheck("base64_credential_pair", synth.Base64("abcdefghijklmn:xyz")));
  EXPECT_FALSE(PassesValueCheck("base64_credential_pair", synth.Base64("abcd:efgh")));
  EXPECT_FALSE(PassesValueCheck("base64_credential_pair", synth.Base64("abcd:efgh\x01ijkl")));
}

}  // namespace
}  // namespace nhiscan::match
