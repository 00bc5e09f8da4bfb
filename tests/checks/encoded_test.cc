// Base64 runs found in text (decode::FindBase64Text) and the encoded rescan of the scanning
// pipeline: credentials hidden in Base64 are found at the run, marked "encoding": "base64";
// OneSpan callback keys become one onespan.callback_key finding naming the flow.
#include "scanner/scan/encoded.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "scanner/base/text.h"
#include "scanner/decode/base64.h"
#include "scanner/scan/pipeline.h"
#include "scanner/source/memory.h"
#include "tests/support/test_support.h"

namespace nhiscan {
namespace {

using decode::Base64Run;
using decode::FindBase64Text;
using testing::Synth;

std::string UrlSafe(std::string b64) {
  for (char& c : b64) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

// ---- FindBase64Text ----------------------------------------------------------------------------

TEST(DecodeFindBase64TextTest, FindsARunWithItsPaddingAndDecodedText) {
  Synth synth(3);
  const std::string plain = "client_secret=abc123 and more text";
  const std::string b64 = synth.Base64(plain);
  ASSERT_EQ(b64.back(), '=');
  const std::string text = "value: \"" + b64 + "\"\n";
  auto runs = FindBase64Text(text, 0, text.size());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].begin, 8u);
  EXPECT_EQ(runs[0].end, 8u + b64.size());
  EXPECT_EQ(runs[0].decoded, plain);
}

TEST(DecodeFindBase64TextTest, UrlSafeUnpaddedRun) {
  Synth synth(4);
  // Bytes chosen so the standard encoding has '+' or '/'.
  std::string plain = "subjects?>>>and~~~objects???";
  const std::string b64 = synth.Base64(plain);
  ASSERT_NE(b64.find_first_of("+/"), std::string::npos) << b64;
  const std::string safe = UrlSafe(b64);
  const std::string text = "token=" + safe + "&next=1";
  auto runs = FindBase64Text(text, 0, text.size());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(text.substr(runs[0].begin, runs[0].end - runs[0].begin), safe);
  EXPECT_EQ(runs[0].decoded, plain);
}

TEST(DecodeFindBase64TextTest, SeveralRuns) {
  Synth synth(5);
  const std::string a = synth.Base64("first decoded text 1"),
                    b = synth.Base64("second decoded text 2");
  const std::string text = a + " " + b + "\n";
  auto runs = FindBase64Text(text, 0, text.size());
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].decoded, "first decoded text 1");
  EXPECT_EQ(runs[1].decoded, "second decoded text 2");
  EXPECT_EQ(runs[1].begin, a.size() + 1);
}

TEST(DecodeFindBase64TextTest, LengthBounds) {
  Synth synth(6);
  const std::string shorty = synth.Base64("hi there");  // 12 characters
  EXPECT_TRUE(FindBase64Text(shorty, 0, shorty.size()).empty());
  const std::string sixteen = synth.Base64("hello, world!!");  // 20 with padding, 19 without
  EXPECT_EQ(FindBase64Text(sixteen, 0, sixteen.size()).size(), 1u);
  EXPECT_TRUE(FindBase64Text(sixteen, 0, sixteen.size(), 16, 12).empty());  // over max_length
  EXPECT_TRUE(FindBase64Text(sixteen, 0, sixteen.size(), 40).empty());      // under min_length
}

TEST(DecodeFindBase64TextTest, WordsAndIdentifiersAreNotBase64) {
  for (const std::string text : {
           "SELECT Id FROM Account WHERE Name",
           "ThisIsAVeryLongCamelCaseIdentifier",  // decodes to binary
           "abcdefghijklmnopqrstuvwxyzabcdefgh",  // one case only
           "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGH",
           "0123456789012345678901234567890123",
           "force-app/main/default/classes/OneSpanCallback.cls",
       }) {
    EXPECT_TRUE(FindBase64Text(text, 0, text.size()).empty()) << text;
  }
}

TEST(DecodeFindBase64TextTest, BinaryPayloadIsNotText) {
  // A 1x1 PNG.
  const std::string text =
      "<img "
      "src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
      "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\">";
  EXPECT_TRUE(FindBase64Text(text, 0, text.size()).empty());
}

TEST(DecodeFindBase64TextTest, WindowOwnership) {
  Synth synth(8);
  const std::string a = synth.Base64("window one owns this text");
  const std::string b = synth.Base64("window two owns that text");
  const std::string text = a + "\n" + b + "\n";
  const size_t split = a.size() + 1;
  // A run is reported by the window where it starts, whole, even when it crosses `to`.
  auto first = FindBase64Text(text, 0, split + 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[1].decoded, "window two owns that text");
  auto only_first = FindBase64Text(text, 0, split);
  ASSERT_EQ(only_first.size(), 1u);
  EXPECT_EQ(only_first[0].decoded, "window one owns this text");
  // A run that began before `from` belongs to the earlier window.
  auto later = FindBase64Text(text, 5, text.size());
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].decoded, "window two owns that text");
  EXPECT_EQ(later[0].begin, split);
  EXPECT_TRUE(FindBase64Text(text, text.size(), text.size()).empty());
}

TEST(DecodeFindBase64TextTest, DecodedTextMayHaveNewlines) {
  Synth synth(9);
  const std::string plain = "line one\nline two\r\n\tindented line three\n";
  const std::string b64 = synth.Base64(plain);
  auto runs = FindBase64Text(b64, 0, b64.size());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].decoded, plain);
}

// The definition, written the slow and obvious way: every maximal run of Base64 characters that
// starts in [from, to), checked as documented in base64.h.
std::vector<Base64Run> RunsByDefinition(std::string_view text, size_t from, size_t to,
                                        size_t min_length, size_t max_length, size_t* oversized) {
  auto b64 = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '-' ||
           c == '_';
  };
  std::vector<Base64Run> runs;
  for (size_t begin = 0; begin < text.size();) {
    if (!b64(text[begin])) {
      ++begin;
      continue;
    }
    size_t end = begin;
    while (end < text.size() && b64(text[end])) ++end;
    const std::string_view run = text.substr(begin, end - begin);
    const size_t start = begin;
    begin = end;
    if (start < from || start >= to || run.size() < std::max<size_t>(min_length, 1)) continue;
    auto has = [&](auto test) { return std::any_of(run.begin(), run.end(), test); };
    const bool upper = has([](char c) { return c >= 'A' && c <= 'Z'; });
    const bool lower = has([](char c) { return c >= 'a' && c <= 'z'; });
    const bool digit = has([](char c) { return c >= '0' && c <= '9'; });
    if (!upper || !lower || !(digit || run.size() >= 24)) continue;
    if (run.size() > max_length) {
      auto head = decode::DecodeBase64(
          run.substr(0, std::min(run.size(), decode::kOversizeProbe) & ~size_t{3}));
      if (head && decode::LooksLikeText(*head)) ++*oversized;
      continue;
    }
    size_t padded = end;
    while (padded < text.size() && padded - end < 2 && text[padded] == '=') ++padded;
    auto decoded = decode::DecodeBase64(text.substr(start, padded - start));
    if (decoded && decode::LooksLikeText(*decoded)) runs.push_back({start, padded, *decoded});
  }
  return runs;
}

// Random text with Base64 runs of every length (encoded text, identifiers, mixed alphabets) and
// text between them, cut at random places, so that runs begin and end on every side of the 64-byte
// blocks the search classifies at once. Each way of classifying the text (AVX2 where the processor
// has it, SSE2, the byte loop) is checked; bytes above 0x7F and control characters are in the text
// too.
class FindBase64TextSimdTest : public ::testing::TestWithParam<decode::Base64Simd> {
 protected:
  void SetUp() override { decode::SetBase64SimdForTesting(GetParam()); }
  void TearDown() override { decode::SetBase64SimdForTesting(decode::Base64Simd::kBest); }
};
INSTANTIATE_TEST_SUITE_P(Simd, FindBase64TextSimdTest,
                         ::testing::Values(decode::Base64Simd::kBest, decode::Base64Simd::kSse2,
                                           decode::Base64Simd::kPortable),
                         [](const auto& info) {
                           switch (info.param) {
                             case decode::Base64Simd::kBest:
                               return "Best";
                             case decode::Base64Simd::kSse2:
                               return "Sse2";
                             default:
                               return "Portable";
                           }
                         });

TEST_P(FindBase64TextSimdTest, AgreesWithTheDefinitionOnRandomText) {
  std::mt19937 rng(20261201);
  Synth synth(10);
  const std::string pieces[] = {"_",    "-",    "+",  "/",  "=",        "==",       " ",
                                "\n",   ".",    "\"", "Ab", "z9",       "\xC3\xA9", "\xFF",
                                "\x7F", "\x01", "@[", "`{", "\xAF\xDF", "\x2F\xAF"};
  size_t found = 0;
  for (int round = 0; round < 20000; ++round) {
    const size_t min_length = 1 + rng() % 40;
    auto encoded_text = [&](size_t plain_length) {
      std::string plain;
      for (size_t n = plain_length; n; --n) plain.push_back(static_cast<char>(' ' + rng() % 95));
      std::string b64 = synth.Base64(plain);
      return rng() % 3 ? b64 : UrlSafe(b64);
    };
    std::string text;
    const size_t target = rng() % 1200;
    while (text.size() < target) {
      switch (rng() % 5) {
        case 0:
          text += encoded_text(4 + rng() % 60);
          break;
        case 1:  // about min_length long: the runs the search must not miss at a block's edge
          text += encoded_text(std::max<size_t>(1, min_length * 3 / 4 + rng() % 3) - 1);
          break;
        case 2:
          text += synth.Chars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
                              1 + rng() % 40);
          break;
        case 3:  // text between runs, long enough that whole blocks hold no run
          text += synth.Chars(" .,;:(){}[]<>!'\"\n\t", 1 + rng() % 100);
          break;
        default:
          text += pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];
      }
    }
    const size_t from = text.empty() ? 0 : rng() % (text.size() + 1);
    const size_t to = from + rng() % (text.size() - from + 2);
    const size_t max_length = rng() % 2 ? 65536 : 8 + rng() % 80;
    size_t oversized = 0, expected_oversized = 0;
    auto runs = FindBase64Text(text, from, to, min_length, max_length, &oversized);
    auto expected = RunsByDefinition(text, from, std::min(to, text.size()), min_length, max_length,
                                     &expected_oversized);
    ASSERT_EQ(runs.size(), expected.size()) << "round " << round << ": " << text;
    for (size_t i = 0; i < runs.size(); ++i) {
      EXPECT_EQ(runs[i].begin, expected[i].begin) << text;
      EXPECT_EQ(runs[i].end, expected[i].end) << text;
      EXPECT_EQ(runs[i].decoded, expected[i].decoded) << text;
    }
    EXPECT_EQ(oversized, expected_oversized) << text;
    found += runs.size();
  }
  // The texts must have exercised the search: runs found, not only rejected.
  EXPECT_GT(found, 300u);
}

// ---- the encoded rescan through the pipeline -------------------------------------------------

struct Found {
  std::string rule, path, secret;
  uint64_t line, column, end_line, end_column;
  std::map<std::string, std::string> context;
};

std::vector<Found> ScanFiles(const std::vector<std::pair<std::string, std::string>>& files,
                             match::Engine engine = match::Engine::kHyperscan) {
  source::MemorySource source(files);
  scan::ScanOptions options;
  options.threads = 2;
  options.engine = engine;
  auto result = scan::RunScan(source, testing::BuiltinDatabase(), options);
  EXPECT_TRUE(result.ok()) << result.status().message();
  std::vector<Found> out;
  if (!result.ok()) return out;
  EXPECT_TRUE(result->stats.errors.empty());
  for (const findings::Finding& f : result->findings) {
    out.push_back(
        {f.rule->id, f.path, f.secret, f.line, f.column, f.end_line, f.end_column, f.context});
  }
  return out;
}

std::string Describe(const std::vector<Found>& found) {
  std::string out;
  for (const Found& f : found) {
    out += "  " + f.rule + " " + f.path + ":" + std::to_string(f.line) + ":" +
           std::to_string(f.column) + " [" + f.secret.substr(0, 40) + "]";
    for (const auto& [k, v] : f.context) out += " " + k + "=" + v.substr(0, 30);
    out += "\n";
  }
  return out.empty() ? "  (none)\n" : out;
}

std::vector<Found> OfRule(const std::vector<Found>& found, const std::string& rule) {
  std::vector<Found> out;
  for (const Found& f : found) {
    if (f.rule == rule) out.push_back(f);
  }
  return out;
}

class DecodeEncodedScanTest : public ::testing::Test {
 protected:
  Synth synth_{31337};
  const std::string key_ = synth_.ConsumerKey();
  const std::string hex_ = synth_.ConsumerSecretHex();
  const std::string refresh_ = synth_.RefreshToken();
};

TEST_F(DecodeEncodedScanTest, Base64WrappedSecretLineIsFoundAtTheRun) {
  const std::string b64 = synth_.Base64("SF_CLIENT_SECRET=" + hex_ + "\n");
  const std::string text =
      "apiVersion: v1\n"
      "kind: Secret\n"
      "data:\n"
      "  env: " +
      b64 + "\n";
  for (auto engine : {match::Engine::kHyperscan, match::Engine::kRe2Only}) {
    auto found = ScanFiles({{"deploy/secret.yaml", text}}, engine);
    auto secrets = OfRule(found, "salesforce.consumer_secret");
    ASSERT_EQ(secrets.size(), 1u) << Describe(found);
    EXPECT_EQ(found.size(), 1u) << Describe(found);
    EXPECT_EQ(secrets[0].secret, hex_);
    EXPECT_EQ(secrets[0].line, 4u);
    EXPECT_EQ(secrets[0].column, 8u);
    EXPECT_EQ(secrets[0].end_line, 4u);
    EXPECT_EQ(secrets[0].end_column, 8u + b64.size());
    EXPECT_EQ(secrets[0].context.at("encoding"), "base64");
  }
}

TEST_F(DecodeEncodedScanTest, UrlSafeBase64IsDecodedToo) {
  const std::string b64 = UrlSafe(synth_.Base64("export SF_CONSUMER_SECRET=" + hex_ + " # >>>???"));
  const std::string text = "# config\nblob=" + b64 + "\n";
  auto found = ScanFiles({{"ci/env.txt", text}});
  auto secrets = OfRule(found, "salesforce.consumer_secret");
  ASSERT_EQ(secrets.size(), 1u) << Describe(found);
  EXPECT_EQ(secrets[0].line, 2u);
  EXPECT_EQ(secrets[0].context.at("encoding"), "base64");
}

TEST_F(DecodeEncodedScanTest, RefreshTokenInsideBase64) {
  const std::string b64 = synth_.Base64("{\"refresh_token\": \"" + refresh_ + "\"}");
  auto found = ScanFiles({{"state.json", "{\n  \"blob\": \"" + b64 + "\"\n}\n"}});
  auto tokens = OfRule(found, "salesforce.refresh_token");
  ASSERT_EQ(tokens.size(), 1u) << Describe(found);
  EXPECT_EQ(tokens[0].secret, refresh_);
  EXPECT_EQ(tokens[0].line, 2u);
  EXPECT_EQ(tokens[0].context.at("encoding"), "base64");
}

TEST_F(DecodeEncodedScanTest, RunNearAWindowBoundaryIsFoundExactlyOnce) {
  const std::string b64 = synth_.Base64("SF_CLIENT_SECRET=" + hex_ + "\n");
  const size_t window = 64;
  // Enough text after the run that the blob is cut into many windows (each window also sees
  // max_match_width bytes of overlap).
  std::string tail;
  while (tail.size() < 2 * testing::BuiltinDatabase().max_match_width() + 4 * window) {
    tail += "# filler line without secrets\n";
  }
  for (size_t pad = 0; pad < 2 * window; ++pad) {
    const std::string text = "# header\n" + std::string(pad, '.') + " " + b64 + " tail\n" + tail;
    for (auto engine : {match::Engine::kHyperscan, match::Engine::kRe2Only}) {
      auto found = scan::ScanText(text, "f.txt", testing::BuiltinDatabase(), engine, window);
      ASSERT_TRUE(found.ok());
      ASSERT_EQ(found->size(), 1u) << "pad " << pad;
      EXPECT_EQ((*found)[0].rule->id, "salesforce.consumer_secret");
      EXPECT_EQ((*found)[0].line, 2u);
      EXPECT_EQ((*found)[0].column, pad + 2) << "pad " << pad;
      EXPECT_EQ((*found)[0].context.at("encoding"), "base64");
    }
  }
}

TEST_F(DecodeEncodedScanTest, PlainSecretHasNoEncodingMark) {
  auto found = ScanFiles({{".env", "SF_CLIENT_SECRET=" + hex_ + "\n"}});
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].context.count("encoding"), 0u);
}

TEST_F(DecodeEncodedScanTest, AuthorizationBasicWithClientIdAndSecret) {
  const std::string b64 = synth_.Base64(key_ + ":" + hex_);
  const std::string text =
      "POST /services/oauth2/token HTTP/1.1\n"
      "Host: acme.my.salesforce.com\n"
      "Authorization: Basic " +
      b64 +
      "\n"
      "Content-Type: application/x-www-form-urlencoded\n"
      "\n"
      "grant_type=client_credentials\n";
  auto found = ScanFiles({{"docs/token-request.http", text}});
  // One finding for the span: the callback-key classification names the flow and the client id.
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].rule, "onespan.callback_key");
  EXPECT_EQ(found[0].secret, b64);
  EXPECT_EQ(found[0].line, 3u);
  EXPECT_EQ(found[0].column, 22u);
  EXPECT_EQ(found[0].context.at("flow"), "client_credentials");
  EXPECT_EQ(found[0].context.at("client_id"), key_);
  EXPECT_EQ(found[0].context.at("encoding"), "base64");
}

TEST_F(DecodeEncodedScanTest, AuthorizationBasicNextToOneSpanContextIsStillOneFinding) {
  const std::string b64 = synth_.Base64(key_ + ":" + hex_);
  const std::string text =
      "# OneSpan Sign callback listener test (esignlive)\n"
      "curl -X POST https://acme.my.salesforce.com/services/apexrest/onespan/callback \\\n"
      "  -H \"Authorization: Basic " +
      b64 +
      "\" \\\n"
      "  -d @event.json\n";
  auto found = ScanFiles({{"scripts/replay_event.sh", text}});
  auto keys = OfRule(found, "onespan.callback_key");
  ASSERT_EQ(keys.size(), 1u) << Describe(found);
  EXPECT_EQ(keys[0].line, 3u);
  EXPECT_EQ(keys[0].context.at("callback_url"),
            "https://acme.my.salesforce.com/services/apexrest/onespan/callback");
  EXPECT_TRUE(OfRule(found, "onespan.api_key").empty()) << Describe(found);
}

TEST_F(DecodeEncodedScanTest, CallbackKeyRegistrationInJson) {
  const std::string key = synth_.Base64(key_ + ":" + hex_);
  const std::string url = "https://acme.my.salesforce.com/services/apexrest/onespan/callback";
  const std::string text = "{\n  \"url\": \"" + url + "\",\n  \"key\": \"" + key +
                           "\",\n  \"events\": [\"PACKAGE_COMPLETE\", \"DOCUMENT_SIGNED\"]\n}\n";
  auto found = ScanFiles({{"config/callback.json", text}});
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].rule, "onespan.callback_key");
  EXPECT_EQ(found[0].line, 3u);
  EXPECT_EQ(found[0].column, 11u);
  EXPECT_EQ(found[0].context.at("flow"), "client_credentials");
  EXPECT_EQ(found[0].context.at("client_id"), key_);
  EXPECT_EQ(found[0].context.at("callback_url"), url);
}

TEST_F(DecodeEncodedScanTest, RefreshTokenFlowKeyInAnyOrderAndUrlSafe) {
  const std::string key = UrlSafe(synth_.Base64(refresh_ + "|" + key_));
  auto found = ScanFiles({{"app.properties", "onespan.callback.key=" + key + "\n"}});
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].rule, "onespan.callback_key");
  EXPECT_EQ(found[0].context.at("flow"), "refresh_token");
  EXPECT_EQ(found[0].context.at("client_id"), key_);
  EXPECT_EQ(found[0].context.count("callback_url"), 0u);
}

TEST_F(DecodeEncodedScanTest, CallbackUrlIsNeverTheOneSpanApiOrATokenEndpoint) {
  const std::string key = synth_.Base64(key_ + ":" + hex_);
  // The OneSpan API URL sits closer to the key than the listener URL does.
  const std::string listener = "https://hooks.acme.test/onespan/events";
  auto found = ScanFiles(
      {{"register.sh", "curl -X POST https://apps.esignlive.com/api/callback -d '{\"key\": \"" +
                           key + "\", \"url\": \"" + listener + "\"}'\n"}});
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].context.at("callback_url"), listener);
  // A token request with HTTP Basic client authentication names no callback at all.
  found = ScanFiles({{"token.sh",
                      "curl -X POST https://acme.my.salesforce.com/services/oauth2/token \\\n"
                      "  -H 'Authorization: Basic " +
                          key + "' -d grant_type=client_credentials\n"}});
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].rule, "onespan.callback_key");
  EXPECT_EQ(found[0].context.count("callback_url"), 0u) << found[0].context["callback_url"];
}

TEST_F(DecodeEncodedScanTest, QueryStringKey) {
  const std::string key = synth_.Base64("client_id=" + key_ + "&client_secret=" + hex_);
  auto found = ScanFiles({{"notes.txt", "key " + key + "\n"}});
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].rule, "onespan.callback_key");
  EXPECT_EQ(found[0].context.at("flow"), "client_credentials");
}

TEST_F(DecodeEncodedScanTest, JavaSdkRegistration) {
  const std::string key = synth_.Base64(hex_ + ";" + key_);
  const std::string url =
      "https://acme--uat.sandbox.my.salesforce.com/services/apexrest/esl/events";
  const std::string text =
      "package com.acme.esign;\n"
      "\n"
      "public class RegisterCallback {\n"
      "  public static void main(String[] args) {\n"
      "    EslClient client = new EslClient(System.getenv(\"ESL_API_KEY\"), "
      "\"https://sandbox.esignlive.com/api\");\n"
      "    client.getEventNotificationService().register(\n"
      "        EventNotificationConfigBuilder.newEventNotificationConfig(\"" +
      url +
      "\")\n"
      "            .withKey(\"" +
      key +
      "\")\n"
      "            .forEvent(NotificationEvent.PACKAGE_COMPLETE));\n"
      "  }\n"
      "}\n";
  auto found = ScanFiles({{"src/main/java/com/acme/esign/RegisterCallback.java", text}});
  auto keys = OfRule(found, "onespan.callback_key");
  ASSERT_EQ(keys.size(), 1u) << Describe(found);
  EXPECT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(keys[0].line, 8u);
  EXPECT_EQ(keys[0].context.at("callback_url"), url);
  EXPECT_EQ(keys[0].context.at("client_id"), key_);
}

TEST_F(DecodeEncodedScanTest, NestedEncodingUpToTheDepthLimit) {
  ASSERT_EQ(scan::DecodeLimits{}.max_depth, 2) << "the nesting below assumes two levels";
  const std::string line = "SF_CLIENT_SECRET=" + hex_ + "\n";
  const std::string once = synth_.Base64(line);
  const std::string twice = synth_.Base64(once);
  const std::string thrice = synth_.Base64(twice);
  auto found = ScanFiles({{"a.txt", "x: " + once + "\n"}});
  EXPECT_EQ(OfRule(found, "salesforce.consumer_secret").size(), 1u) << Describe(found);
  found = ScanFiles({{"b.txt", "x: " + twice + "\n"}});
  auto secrets = OfRule(found, "salesforce.consumer_secret");
  ASSERT_EQ(secrets.size(), 1u) << Describe(found);
  EXPECT_EQ(secrets[0].line, 1u);
  EXPECT_EQ(secrets[0].column, 4u);
  EXPECT_EQ(secrets[0].end_column, 4u + twice.size());  // mapped to the outermost run
  EXPECT_EQ(secrets[0].context.at("encoding"), "base64");
  // One layer too deep: nothing found, and the scan says so (incomplete, the file named).
  source::MemorySource source({{"c.txt", "x: " + thrice + "\n"}});
  auto result = scan::RunScan(source, testing::BuiltinDatabase(), scan::ScanOptions{});
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->findings.empty());
  EXPECT_EQ(result->stats.limits_hit["decode_depth"], 1u);
  ASSERT_EQ(result->stats.errors.size(), 1u);
  EXPECT_EQ(result->stats.errors[0].first, "c.txt");
  EXPECT_TRUE(result->stats.incomplete());
}

TEST_F(DecodeEncodedScanTest, CallbackKeyInsideBase64) {
  const std::string inner = synth_.Base64(key_ + ":" + hex_);
  const std::string outer = synth_.Base64("{\"key\": \"" + inner + "\"}");
  auto found = ScanFiles({{"blob.txt", "payload " + outer + "\n"}});
  auto keys = OfRule(found, "onespan.callback_key");
  ASSERT_EQ(keys.size(), 1u) << Describe(found);
  EXPECT_EQ(keys[0].column, 9u);
  EXPECT_EQ(keys[0].context.at("client_id"), key_);
}

TEST_F(DecodeEncodedScanTest, ImageDataUriProducesNothing) {
  const std::string text =
      "<p>Signed with OneSpan Sign</p>\n"
      "<img alt=\"logo\" src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ"
      "AAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\">\n";
  EXPECT_TRUE(ScanFiles({{"docs/index.html", text}}).empty());
  // A bigger binary blob as well.
  std::string bytes;
  for (int i = 0; i < 3000; ++i) bytes.push_back(static_cast<char>((i * 131 + 7) & 0xff));
  const std::string blob = "data:application/octet-stream;base64," + synth_.Base64(bytes) + "\n";
  EXPECT_TRUE(ScanFiles({{"docs/blob.md", blob}}).empty());
}

TEST_F(DecodeEncodedScanTest, HarmlessBase64ProducesNothing) {
  const std::string text = "basic: " + synth_.Base64("alice:wonderland-is-a-nice-place") + "\n" +
                           "b: " + synth_.Base64("just-a-shared-secret-for-basic-auth") + "\n" +
                           "c: " + synth_.Base64("{\"hello\": \"world\", \"n\": 12345}") + "\n";
  auto found = ScanFiles({{"fixtures.yml", text}});
  EXPECT_TRUE(found.empty()) << Describe(found);
}

TEST_F(DecodeEncodedScanTest, ClientIdWithoutSecretIsNotACallbackKey) {
  const std::string b64 = synth_.Base64(key_ + ":");
  auto found = ScanFiles({{"x.txt", "k=" + b64 + "\n"}});
  EXPECT_TRUE(OfRule(found, "onespan.callback_key").empty()) << Describe(found);
}

TEST_F(DecodeEncodedScanTest, ScanTextAgreesWithRunScan) {
  const std::string key = synth_.Base64(key_ + ":" + hex_);
  auto found = scan::ScanText("k: " + key + "\n", "a.yml", testing::BuiltinDatabase(),
                              match::Engine::kRe2Only);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].rule->id, "onespan.callback_key");
}

}  // namespace
}  // namespace nhiscan
