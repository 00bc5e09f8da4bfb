#include "scanner/checks/callback_key.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace nhiscan::checks {
namespace {

class ChecksCallbackKeyTest : public ::testing::Test {
 protected:
  nhiscan::testing::Synth synth_{1234};
  const std::string id_ = synth_.ConsumerKey();
  const std::string hex_ = synth_.ConsumerSecretHex();
  const std::string digits_ = synth_.ConsumerSecretDigits();
  const std::string refresh_ = synth_.RefreshToken();
};

void ExpectBundle(const std::optional<CredentialBundle>& got, const std::string& flow,
                  const std::string& id, const std::string& credential, const std::string& what) {
  ASSERT_TRUE(got.has_value()) << what;
  EXPECT_EQ(got->flow, flow) << what;
  EXPECT_EQ(got->client_id, id) << what;
  EXPECT_EQ(got->credential, credential) << what;
}

TEST_F(ChecksCallbackKeyTest, ClientCredentialsWithHexSecretAnySeparatorAnyOrder) {
  for (const std::string sep : {":", "|", ";", "\n", "\r\n", ",", " ", "\t", ": "}) {
    ExpectBundle(ClassifyCredentialBundle(id_ + sep + hex_), "client_credentials", id_, hex_,
                 "id first, separator [" + sep + "]");
    ExpectBundle(ClassifyCredentialBundle(hex_ + sep + id_), "client_credentials", id_, hex_,
                 "secret first, separator [" + sep + "]");
  }
}

TEST_F(ChecksCallbackKeyTest, ClientCredentialsWithDigitSecret) {
  ExpectBundle(ClassifyCredentialBundle(id_ + ":" + digits_), "client_credentials", id_, digits_,
               "19 digits");
  ExpectBundle(ClassifyCredentialBundle(digits_ + "|" + id_), "client_credentials", id_, digits_,
               "19 digits first");
}

TEST_F(ChecksCallbackKeyTest, RefreshTokenFlowAnySeparatorAnyOrder) {
  for (const std::string sep : {":", "|", ";", "\n"}) {
    ExpectBundle(ClassifyCredentialBundle(id_ + sep + refresh_), "refresh_token", id_, refresh_,
                 "id first, separator [" + sep + "]");
    ExpectBundle(ClassifyCredentialBundle(refresh_ + sep + id_), "refresh_token", id_, refresh_,
                 "token first, separator [" + sep + "]");
  }
}

TEST_F(ChecksCallbackKeyTest, RefreshTokenWithSecretIsTheRefreshFlow) {
  // Some clients send the secret along with the refresh token; the refresh token decides.
  ExpectBundle(ClassifyCredentialBundle(id_ + ":" + hex_ + ":" + refresh_), "refresh_token", id_,
               refresh_, "id:secret:refresh");
  ExpectBundle(ClassifyCredentialBundle(refresh_ + "|" + id_ + "|" + hex_), "refresh_token", id_,
               refresh_, "refresh|id|secret");
}

TEST_F(ChecksCallbackKeyTest, TrailingNewlineAndSurroundingBlanksAreIgnored) {
  ExpectBundle(ClassifyCredentialBundle(id_ + ":" + hex_ + "\n"), "client_credentials", id_, hex_,
               "trailing newline");
  ExpectBundle(ClassifyCredentialBundle("  " + id_ + " : " + hex_ + "  "), "client_credentials",
               id_, hex_, "blanks");
}

TEST_F(ChecksCallbackKeyTest, QueryStringForm) {
  ExpectBundle(ClassifyCredentialBundle("client_id=" + id_ + "&client_secret=" + hex_),
               "client_credentials", id_, hex_, "query string");
  ExpectBundle(ClassifyCredentialBundle("client_secret=" + hex_ + "&client_id=" + id_),
               "client_credentials", id_, hex_, "query string, reversed");
  ExpectBundle(ClassifyCredentialBundle("grant_type=client_credentials&client_id=" + id_ +
                                        "&client_secret=" + hex_),
               "client_credentials", id_, hex_, "with grant_type");
  ExpectBundle(ClassifyCredentialBundle("grant_type=refresh_token&client_id=" + id_ +
                                        "&refresh_token=" + refresh_),
               "refresh_token", id_, refresh_, "refresh grant");
  ExpectBundle(ClassifyCredentialBundle("clientId=" + id_ + ";clientSecret=" + hex_),
               "client_credentials", id_, hex_, "camel case names");
}

TEST_F(ChecksCallbackKeyTest, CustomSecret) {
  const std::string custom = "Zq8#rT2!vLm9$wXp";
  ExpectBundle(ClassifyCredentialBundle(id_ + ":" + custom), "client_credentials", id_, custom,
               "custom 16");
  ExpectBundle(ClassifyCredentialBundle(custom + "|" + id_), "client_credentials", id_, custom,
               "custom first");
  const std::string eight = "aB3dE5gH";
  ExpectBundle(ClassifyCredentialBundle(id_ + ":" + eight), "client_credentials", id_, eight,
               "custom 8");
  const std::string long_custom = synth_.Chars("abcdefghijklmnopqrstuvwxyz0123456789", 256);
  ExpectBundle(ClassifyCredentialBundle(id_ + ":" + long_custom), "client_credentials", id_,
               long_custom, "custom 256");
}

TEST_F(ChecksCallbackKeyTest, CustomSecretOutOfRangeOrWordIsRejected) {
  EXPECT_FALSE(ClassifyCredentialBundle(id_ + ":aB3dE5g"));  // 7 characters
  EXPECT_FALSE(ClassifyCredentialBundle(id_ + ":" +
                                        synth_.Chars("abcdefghijklmnopqrstuvwxyz0123456789", 257)));
  EXPECT_FALSE(ClassifyCredentialBundle(id_ + ":aaaaaaaaaaaa"));  // no randomness
  EXPECT_FALSE(ClassifyCredentialBundle(id_ + ":password"));
}

TEST_F(ChecksCallbackKeyTest, NoClientIdIsRejected) {
  EXPECT_FALSE(ClassifyCredentialBundle(hex_));
  EXPECT_FALSE(ClassifyCredentialBundle(refresh_));
  EXPECT_FALSE(ClassifyCredentialBundle("integration:" + hex_));
  EXPECT_FALSE(ClassifyCredentialBundle("someClientId123:" + hex_));
  EXPECT_FALSE(ClassifyCredentialBundle(hex_ + ":" + refresh_));
  EXPECT_FALSE(ClassifyCredentialBundle("client_secret=" + hex_));
  // A 3MVG9 prefix alone is not a consumer key.
  EXPECT_FALSE(ClassifyCredentialBundle("3MVG9abc:" + hex_));
}

TEST_F(ChecksCallbackKeyTest, ClientIdAloneIsRejected) {
  EXPECT_FALSE(ClassifyCredentialBundle(id_));
  EXPECT_FALSE(ClassifyCredentialBundle(id_ + ":"));
  EXPECT_FALSE(ClassifyCredentialBundle("client_id=" + id_));
}

TEST_F(ChecksCallbackKeyTest, UnexplainedExtraPartsAreRejected) {
  EXPECT_FALSE(ClassifyCredentialBundle(id_ + ":" + hex_ + ":hello"));
  EXPECT_FALSE(ClassifyCredentialBundle("user:" + id_ + ":" + hex_));
  EXPECT_FALSE(ClassifyCredentialBundle(id_ + ":" + hex_ + ":" + digits_ + ":x:y"));
  EXPECT_FALSE(ClassifyCredentialBundle(id_ + ":" + hex_ + ":a:b:c"));
  // A custom secret next to a standard one is ambiguous only when it is not explained.
  EXPECT_FALSE(ClassifyCredentialBundle(id_ + ":abc:" + hex_));
}

TEST_F(ChecksCallbackKeyTest, TwoClientIdsAreNotAClientCredentialsPair) {
  // A second consumer key is not a custom secret.
  const std::string other = synth_.ConsumerKey();
  EXPECT_FALSE(ClassifyCredentialBundle(id_ + ":" + other));
}

TEST_F(ChecksCallbackKeyTest, PlainTextIsRejected) {
  EXPECT_FALSE(ClassifyCredentialBundle(""));
  EXPECT_FALSE(ClassifyCredentialBundle("hello world"));
  EXPECT_FALSE(ClassifyCredentialBundle("The quick brown fox jumps over the lazy dog"));
  EXPECT_FALSE(ClassifyCredentialBundle("just-a-shared-secret-for-basic-auth"));
  EXPECT_FALSE(ClassifyCredentialBundle("admin:correcthorsebatterystaple"));
  EXPECT_FALSE(ClassifyCredentialBundle("{\"url\": \"https://acme.my.salesforce.com\"}"));
  // Prose that mentions a key does not turn into a bundle.
  EXPECT_FALSE(ClassifyCredentialBundle("the client id is " + id_ + " and the secret is " + hex_));
}

TEST_F(ChecksCallbackKeyTest, LowercaseHexIsNotAStandardSecretButMayBeCustom) {
  std::string lower = hex_;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto got = ClassifyCredentialBundle(id_ + ":" + lower);
  // Either rejected or accepted as a custom secret; never a different credential.
  if (got) {
    EXPECT_EQ(got->flow, "client_credentials");
    EXPECT_EQ(got->credential, lower);
  }
}

}  // namespace
}  // namespace nhiscan::checks
