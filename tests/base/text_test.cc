#include "scanner/base/text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace nhiscan {
namespace {

TEST(LineIndexTest, LinesAndColumnsAreOneBased) {
  const std::string text = "ab\ncd\n\nef";
  LineIndex index(text);
  EXPECT_EQ(index.LineOf(0), 1u);
  EXPECT_EQ(index.ColumnOf(0), 1u);
  EXPECT_EQ(index.ColumnOf(1), 2u);
  EXPECT_EQ(index.LineOf(2), 1u);  // the '\n' belongs to the line it ends
  EXPECT_EQ(index.LineOf(3), 2u);
  EXPECT_EQ(index.ColumnOf(4), 2u);
  EXPECT_EQ(index.LineOf(6), 3u);  // empty line
  EXPECT_EQ(index.ColumnOf(6), 1u);
  EXPECT_EQ(index.LineOf(7), 4u);
  EXPECT_EQ(index.ColumnOf(8), 2u);
  EXPECT_EQ(index.LineOf(text.size()), 4u);  // one past the end
  EXPECT_EQ(index.ColumnOf(text.size()), 3u);
}

TEST(LineIndexTest, FirstLineOffsetsLineNumbers) {
  LineIndex index("x\ny", 41);
  EXPECT_EQ(index.LineOf(0), 41u);
  EXPECT_EQ(index.LineOf(2), 42u);
  EXPECT_EQ(index.ColumnOf(2), 1u);
}

TEST(LineIndexTest, ColumnsCountCodePointsNotBytes) {
  // "h\xc3\xa9llo w\xc3\xb6rld": é and ö take two bytes each.
  const std::string text = "h\xc3\xa9llo w\xc3\xb6rld";
  LineIndex index(text);
  size_t w = text.find('w');
  ASSERT_EQ(w, 7u);
  EXPECT_EQ(index.ColumnOf(w), 7u);  // h é l l o ␠ w
  size_t r = text.find('r');
  EXPECT_EQ(index.ColumnOf(r), 9u);  // … w ö r
  // A four-byte code point (U+1F511) counts once.
  const std::string emoji = "\xf0\x9f\x94\x91=key";
  EXPECT_EQ(LineIndex(emoji).ColumnOf(emoji.find('=')), 2u);
}

TEST(LineIndexTest, CrLfLineEndings) {
  const std::string text = "first\r\nsecond\r\nthird";
  LineIndex index(text);
  size_t s = text.find("second");
  size_t t = text.find("third");
  EXPECT_EQ(index.LineOf(s), 2u);
  EXPECT_EQ(index.ColumnOf(s), 1u);
  EXPECT_EQ(index.LineOf(t), 3u);
  EXPECT_EQ(index.ColumnOf(t + 2), 3u);
  EXPECT_EQ(index.LineText(s + 3), "second");  // no '\r'
  EXPECT_EQ(index.LineText(0), "first");
  EXPECT_EQ(index.LineText(t), "third");
}

TEST(LineIndexTest, LineStartNearIsClamped) {
  const std::string text = "l1\nl2\nl3\nl4\n";
  LineIndex index(text);
  size_t l3 = text.find("l3");
  EXPECT_EQ(index.LineStartNear(l3 + 1, 0), l3);
  EXPECT_EQ(index.LineStartNear(l3 + 1, -1), text.find("l2"));
  EXPECT_EQ(index.LineStartNear(l3 + 1, 1), text.find("l4"));
  EXPECT_EQ(index.LineStartNear(l3, -100), 0u);
  EXPECT_EQ(index.LineStartNear(l3, 100), text.size());
}

TEST(ShannonEntropyTest, KnownValues) {
  EXPECT_DOUBLE_EQ(ShannonEntropy(""), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("aaaaaaaa"), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abab"), 1.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abcd"), 2.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("0123456789abcdef"), 4.0);
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  EXPECT_DOUBLE_EQ(ShannonEntropy(all), 8.0);
  // p = 3/4, 1/4
  EXPECT_NEAR(ShannonEntropy("aaab"), -(0.75 * std::log2(0.75) + 0.25 * std::log2(0.25)), 1e-12);
}

TEST(TextTest, CaseAndAffixHelpers) {
  EXPECT_EQ(ToLower("MiXeD-123"), "mixed-123");
  EXPECT_TRUE(StartsWith("force://x", "force://"));
  EXPECT_FALSE(StartsWith("for", "force"));
  EXPECT_TRUE(EndsWith("a.jsonc", ".jsonc"));
  EXPECT_FALSE(EndsWith("c", "jsonc"));
  EXPECT_TRUE(ContainsIgnoreCase("My_Client_SECRET", "client_secret"));
  EXPECT_FALSE(ContainsIgnoreCase("abc", "abd"));
}

TEST(ParseSizeTest, AcceptsDocumentedForms) {
  EXPECT_EQ(ParseSize("100"), 100u);
  EXPECT_EQ(ParseSize("0"), 0u);
  EXPECT_EQ(ParseSize("64K"), 64u * 1024);
  EXPECT_EQ(ParseSize("64k"), 64u * 1024);
  EXPECT_EQ(ParseSize("10MB"), 10u * 1024 * 1024);
  EXPECT_EQ(ParseSize("10MiB"), 10u * 1024 * 1024);
  EXPECT_EQ(ParseSize("1.5GiB"), 1610612736u);
  EXPECT_EQ(ParseSize("2G"), 2u * 1024 * 1024 * 1024);
  EXPECT_EQ(ParseSize("512b"), 512u);
}

TEST(ParseSizeTest, RejectsMalformed) {
  EXPECT_EQ(ParseSize(""), std::nullopt);
  EXPECT_EQ(ParseSize("abc"), std::nullopt);
  EXPECT_EQ(ParseSize("MB"), std::nullopt);
  EXPECT_EQ(ParseSize("-1"), std::nullopt);
  EXPECT_EQ(ParseSize("10XB"), std::nullopt);
  EXPECT_EQ(ParseSize("10MBx"), std::nullopt);
  EXPECT_EQ(ParseSize("inf"), std::nullopt);
  EXPECT_EQ(ParseSize("nan"), std::nullopt);
}

TEST(FormatSizeTest, BinaryUnits) {
  EXPECT_EQ(FormatSize(0), "0 B");
  EXPECT_EQ(FormatSize(1023), "1023 B");
  EXPECT_EQ(FormatSize(1024), "1.0 KiB");
  EXPECT_EQ(FormatSize(1536), "1.5 KiB");
  EXPECT_EQ(FormatSize(10u * 1024 * 1024), "10.0 MiB");
  EXPECT_EQ(FormatSize(3ull << 30), "3.0 GiB");
  EXPECT_EQ(FormatSize(5ull << 40), "5.0 TiB");
}

TEST(FormatSizeTest, RoundTripsThroughParseSize) {
  for (uint64_t n : {1ull, 1024ull, 1536ull, 10ull << 20, 3ull << 30}) {
    std::string shown = FormatSize(n);
    shown.erase(shown.find(' '), 1);
    EXPECT_EQ(ParseSize(shown), n) << shown;
  }
}

}  // namespace
}  // namespace nhiscan
