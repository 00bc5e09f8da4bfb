#include "scanner/decode/base64.h"

#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <string>
#include <utility>
#include <vector>

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

// FindBase64Text against the plainest reading of its contract: every maximal run of Base64
// characters, checked one by one. Random texts of words, Base64 of text in both alphabets, bytes
// over 0x7f, padding and separators, around the 16-byte blocks the run boundaries are found in.
struct ReferenceRuns {
  std::vector<std::pair<size_t, size_t>> runs;
  size_t oversized = 0;
};

ReferenceRuns FindRunsOneByOne(std::string_view text, size_t from, size_t to, size_t min_length,
                               size_t max_length) {
  auto is_b64 = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '-' ||
           c == '_';
  };
  ReferenceRuns out;
  for (size_t begin = 0; begin < text.size();) {
    if (!is_b64(text[begin])) {
      ++begin;
      continue;
    }
    size_t end = begin;
    bool upper = false, lower = false, digit = false, standard = false, url = false;
    for (; end < text.size() && is_b64(text[end]); ++end) {
      const char c = text[end];
      upper |= std::isupper(static_cast<unsigned char>(c)) != 0;
      lower |= std::islower(static_cast<unsigned char>(c)) != 0;
      digit |= std::isdigit(static_cast<unsigned char>(c)) != 0;
      standard |= c == '+' || c == '/';
      url |= c == '-' || c == '_';
    }
    const size_t length = end - begin;
    const bool counts = begin >= from && begin < to && length >= min_length && upper && lower &&
                        (digit || length >= 24);
    if (counts && length > max_length) {
      auto head = DecodeBase64(text.substr(begin, std::min(length, kOversizeProbe) & ~size_t{3}));
      if (head && LooksLikeText(*head)) ++out.oversized;
    } else if (counts && !(standard && url) && length % 4 != 1) {
      size_t padded = end;
      while (padded < text.size() && padded - end < 2 && text[padded] == '=') ++padded;
      auto decoded = DecodeBase64(text.substr(begin, padded - begin));
      if (decoded && LooksLikeText(*decoded)) out.runs.push_back({begin, padded});
    }
    begin = end;
  }
  return out;
}

std::string Base64Of(const std::string& bytes, bool url) {
  const char* alphabet = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<uint8_t>(bytes[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? alphabet[n & 63] : '=';
  }
  return out;
}

TEST(FindBase64TextTest, FindsWhatCheckingEveryRunFinds) {
  std::mt19937 rng(17);
  const std::vector<std::string> words = {"token", "getUserAccountService", "AbCdEf0123456789xyzQ",
                                          "x", "==", "\xc3\xa9", "\xff\xfe", " ", "\n", "\"", ":",
                                          "/", "-", "_", "+"};
  auto random_text = [&](size_t n) {
    std::string t;
    while (t.size() < n) t.push_back(static_cast<char>(' ' + rng() % 95));
    return t;
  };
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const size_t target = 16 + rng() % 400;
    while (text.size() < target) {
      switch (rng() % 4) {
        case 0: text += words[rng() % words.size()]; break;
        case 1: text += Base64Of(random_text(10 + rng() % 60), rng() % 2); break;
        case 2: text += Base64Of(random_text(10 + rng() % 60), false).substr(0, rng() % 40); break;
        default: text += std::string(1, static_cast<char>(rng() % 256)); break;
      }
    }
    const size_t from = rng() % (text.size() / 2 + 1);
    const size_t to = from + rng() % (text.size() - from + 1);
    const size_t max_length = rng() % 3 == 0 ? 40 : 1 << 20;
    size_t oversized = 0;
    const auto found = FindBase64Text(text, from, to, 20, max_length, &oversized);
    const ReferenceRuns expected = FindRunsOneByOne(text, from, to, 20, max_length);
    std::vector<std::pair<size_t, size_t>> spans;
    for (const Base64Run& run : found) spans.push_back({run.begin, run.end});
    ASSERT_EQ(spans, expected.runs) << "round " << round << ": " << text;
    ASSERT_EQ(oversized, expected.oversized) << "round " << round;
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
