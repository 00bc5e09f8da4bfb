#include "scanner/decode/utf16.h"

#include <gtest/gtest.h>

#include <string>

namespace nhiscan::decode {
namespace {

std::string Encode(const std::u16string& text, Utf16Order order, bool bom) {
  std::string out;
  auto put = [&](char16_t unit) {
    const char lo = static_cast<char>(unit & 0xFF), hi = static_cast<char>(unit >> 8);
    if (order == Utf16Order::kLittleEndian) {
      out += lo;
      out += hi;
    } else {
      out += hi;
      out += lo;
    }
  };
  if (bom) put(0xFEFF);
  for (char16_t unit : text) put(unit);
  return out;
}

TEST(Utf16Test, DetectsByteOrderMarksAndBomlessAsciiText) {
  const std::u16string text = u"$secret = 'value of a PowerShell script line'\r\n# more text\r\n";
  EXPECT_EQ(DetectUtf16(Encode(text, Utf16Order::kLittleEndian, true)), Utf16Order::kLittleEndian);
  EXPECT_EQ(DetectUtf16(Encode(text, Utf16Order::kBigEndian, true)), Utf16Order::kBigEndian);
  EXPECT_EQ(DetectUtf16(Encode(text, Utf16Order::kLittleEndian, false)), Utf16Order::kLittleEndian);
  EXPECT_EQ(DetectUtf16(Encode(text, Utf16Order::kBigEndian, false)), Utf16Order::kBigEndian);
  EXPECT_FALSE(DetectUtf16("plain ASCII text that is long enough to be probed for UTF-16 ......"));
  EXPECT_FALSE(DetectUtf16(std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16) +
                           std::string(64, '\0')));
  EXPECT_FALSE(DetectUtf16(""));
  // A BOM in front of UTF-8 (no NUL byte) is not UTF-16.
  EXPECT_FALSE(DetectUtf16("\xff\xfe" "SF_CLIENT_SECRET=0123456789ABCDEF\n"));
}

TEST(Utf16Test, DecodesEveryPlaneWhateverTheCutBetweenPieces) {
  // ASCII, Latin-1, BMP, a surrogate pair (U+1F511), a line break.
  const std::u16string text = u"key=\u00e9\u20ac \U0001F511 end\n";
  const std::string expected = "key=\xc3\xa9\xe2\x82\xac \xf0\x9f\x94\x91 end\n";
  for (Utf16Order order : {Utf16Order::kLittleEndian, Utf16Order::kBigEndian}) {
    const std::string bytes = Encode(text, order, true);
    for (size_t cut1 = 0; cut1 <= bytes.size(); ++cut1) {
      for (size_t cut2 = cut1; cut2 <= bytes.size(); cut2 += 3) {
        Utf16Decoder decoder(order);
        std::string piece, all;
        decoder.Decode(std::string_view(bytes).substr(0, cut1), &piece);
        all += piece;
        decoder.Decode(std::string_view(bytes).substr(cut1, cut2 - cut1), &piece);
        all += piece;
        decoder.Decode(std::string_view(bytes).substr(cut2), &piece);
        all += piece;
        ASSERT_EQ(all, expected) << "cuts " << cut1 << ", " << cut2;
      }
    }
  }
}

TEST(Utf16Test, UnpairedSurrogatesBecomeReplacementCharacters) {
  const std::u16string text = {u'a', 0xD800, u'b', 0xDC00, u'c', 0xD83D};
  Utf16Decoder decoder(Utf16Order::kLittleEndian);
  std::string out;
  decoder.Decode(Encode(text, Utf16Order::kLittleEndian, false), &out);
  EXPECT_EQ(out, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");  // the trailing lead waits for more input
}

}  // namespace
}  // namespace nhiscan::decode
