#include "scanner/base/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace nhiscan {
namespace {

std::string HashOf(const std::string& bytes) {
  Sha256 h;
  h.Update(bytes);
  return h.HexDigest();
}

TEST(Sha256Test, KnownVectors) {
  // FIPS 180-2 / NIST test vectors.
  EXPECT_EQ(HashOf(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HashOf("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HashOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(HashOf(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, IncrementalEqualsOneShot) {
  Sha256 h;
  h.Update("a");
  h.Update("");
  h.Update("bc");
  EXPECT_EQ(h.HexDigest(), HashOf("abc"));
}

TEST(Sha256Test, HandlesEmbeddedNulBytes) {
  std::string with_nul("a\0b", 3);
  EXPECT_NE(HashOf(with_nul), HashOf("ab"));
  EXPECT_EQ(HashOf(with_nul), HashOf(std::string("a\0b", 3)));
}

TEST(Sha256HexTest, IsLowercaseHexOf64Chars) {
  std::string digest = Sha256Hex({"x"});
  ASSERT_EQ(digest.size(), 64u);
  for (char c : digest) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << c;
}

TEST(Sha256HexTest, PartsArePrefixedWithTheirLength) {
  // Each part is preceded by its length as 8 little-endian bytes.
  Sha256 manual;
  manual.Update(std::string("\x03\0\0\0\0\0\0\0", 8));
  manual.Update("abc");
  EXPECT_EQ(Sha256Hex({"abc"}), manual.HexDigest());
}

TEST(Sha256HexTest, PartBoundariesMatter) {
  EXPECT_NE(Sha256Hex({"ab", "c"}), Sha256Hex({"a", "bc"}));
  EXPECT_NE(Sha256Hex({"abc"}), Sha256Hex({"abc", ""}));
  EXPECT_NE(Sha256Hex({"", "abc"}), Sha256Hex({"abc", ""}));
  EXPECT_EQ(Sha256Hex({"ab", "c"}), Sha256Hex({"ab", "c"}));
}

}  // namespace
}  // namespace nhiscan
