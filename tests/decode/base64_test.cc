#include "scanner/decode/base64.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_support.h"

namespace nhiscan::decode {
namespace {

TEST(DecodeBase64Test, StandardAlphabetWithPadding) {
  EXPECT_EQ(DecodeBase64("QUJD"), "ABC");
  EXPECT_EQ(DecodeBase64("QUI="), "AB");
  EXPECT_EQ(DecodeBase64("QQ=="), "A");
  EXPECT_EQ(DecodeBase64("aGVsbG8gd29ybGQ="), "hello world");
  EXPECT_EQ(DecodeBase64("Zm9vOmJhcg=="), "foo:bar");
}

TEST(DecodeBase64Test, PaddingIsOptional) {
  EXPECT_EQ(DecodeBase64("QUI"), "AB");
  EXPECT_EQ(DecodeBase64("QQ"), "A");
  EXPECT_EQ(DecodeBase64("aGVsbG8gd29ybGQ"), "hello world");
}

TEST(DecodeBase64Test, UrlSafeAlphabet) {
  // 0xfb 0xff 0xbf encodes as "+/+/" (standard) and "-_-_" (URL-safe).
  const std::string bytes("\xfb\xff\xbf", 3);
  EXPECT_EQ(DecodeBase64("+/+/"), bytes);
  EXPECT_EQ(DecodeBase64("-_-_"), bytes);
  EXPECT_EQ(DecodeBase64("Pz8_"), "??\x3f");
  EXPECT_EQ(DecodeBase64("Pz8/"), "??\x3f");
}

TEST(DecodeBase64Test, MixedAlphabetsAreRejected) {
  EXPECT_EQ(DecodeBase64("+_+_"), std::nullopt);
  EXPECT_EQ(DecodeBase64("ab-/"), std::nullopt);
  EXPECT_EQ(DecodeBase64("QUJD+-=="), std::nullopt);
}

TEST(DecodeBase64Test, InvalidInputIsRejected) {
  EXPECT_EQ(DecodeBase64(""), std::nullopt);
  EXPECT_EQ(DecodeBase64("===="), std::nullopt);
  EXPECT_EQ(DecodeBase64("QU!D"), std::nullopt);
  EXPECT_EQ(DecodeBase64("QUJD QUJD"), std::nullopt);  // whitespace
  EXPECT_EQ(DecodeBase64("QUJDR"), std::nullopt);      // 5 chars: length % 4 == 1
  EXPECT_EQ(DecodeBase64("Q"), std::nullopt);
  EXPECT_EQ(DecodeBase64("QQ==QUJD"), std::nullopt);  // padding in the middle
  EXPECT_EQ(DecodeBase64("Q=Q="), std::nullopt);
  EXPECT_EQ(DecodeBase64(std::string("QU\0D", 4)), std::nullopt);
  EXPECT_EQ(DecodeBase64("QUJD\xc3\xa9"), std::nullopt);
}

TEST(DecodeBase64Test, RoundTripsEveryLength) {
  testing::Synth synth(7);
  for (size_t n = 1; n < 64; ++n) {
    std::string bytes;
    for (size_t i = 0; i < n; ++i) bytes.push_back(static_cast<char>((i * 37 + n) & 0xff));
    std::string encoded = synth.Base64(bytes);
    EXPECT_EQ(DecodeBase64(encoded), bytes) << encoded;
    std::string unpadded = encoded.substr(0, encoded.find('='));
    EXPECT_EQ(DecodeBase64(unpadded), bytes) << unpadded;
  }
}

TEST(IsPrintableAsciiTest, Range) {
  EXPECT_TRUE(IsPrintableAscii(""));
  EXPECT_TRUE(IsPrintableAscii(" ~id:secret!"));
  EXPECT_FALSE(IsPrintableAscii("tab\there"));
  EXPECT_FALSE(IsPrintableAscii("nl\n"));
  EXPECT_FALSE(IsPrintableAscii("\x7f"));
  EXPECT_FALSE(IsPrintableAscii("caf\xc3\xa9"));
  EXPECT_FALSE(IsPrintableAscii(std::string("a\0b", 3)));
}

}  // namespace
}  // namespace nhiscan::decode
