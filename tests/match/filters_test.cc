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
  EXPECT_TRUE(IsKnownValueCheck("generic_secret_value"));
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

TEST(ValueChecksTest, GenericSecretValueAcceptsPasswordsAndRandomTokens) {
  testing::Synth synth(14);
  for (int i = 0; i < 100; ++i) {
    std::string hex = synth.ConsumerSecretHex();
    EXPECT_TRUE(PassesValueCheck("generic_secret_value", hex)) << hex;
  }
  for (std::string_view value : {"Summer2024!", "hunter22", "Tr0ub4dor&3", "p%40ss-w0rd",
                                  "q8Fk2LmZx0Pq7Rs9Tu1Vw3Yb", "9fJ_kq-2Lm.Zx", "s3cr3tP4ss",
                                  "Ab_cd1EfGh", "v1.2.3-rc"}) {
    EXPECT_TRUE(PassesValueCheck("generic_secret_value", value)) << value;
  }
}

TEST(ValueChecksTest, GenericSecretValueRejectsLookAlikes) {
  for (std::string_view value : {
           // too short; words and numbers without the other class
           "pw1!", "Passwort", "Contrase\xc3\xb1" "a", "\xd0\x9f\xd0\xb0\xd1\x80\xd0\xbe\xd0\xbb\xd1\x8c",
           "bearer", "true", "8080", "12345678901",
           "correct-horse-battery", "kadmin/server",
           // the name, test and fixture markers, stand-in words
           "password123", "MyPassword1", "s3cret-token-1", "test-pass-42", "fake_key_1",
           "mock-value-2", "invalid#pw", "changeit1", "abc123xyz", "qwerty12", "-anonymous@",
           "geheim$parole", "2YotnFZFEjr1zCsicMWpAA",
           // code and environment references, paths, URLs, hashes, secret-store references
           "config.db.pw2", "this.state.key1", "settings.API_KEY", "DB_PASS_2", "user_pw_2",
           "/run/secrets/db1", "./keys/id_rsa2", "~/x/y1", "https://vault.acme.io/v1/kv",
           "pbkdf2_sha256$260000$abc", "argon2id$v=19", "sha256:9f86d081884c7d65",
           "!vault |1", "arn:aws:secretsmanager:eu-west-1:1:secret:db", "vault:kv/db#pw1"}) {
    EXPECT_FALSE(PassesValueCheck("generic_secret_value", value)) << value;
  }
}

}  // namespace
}  // namespace nhiscan::match
