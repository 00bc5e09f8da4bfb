// Base64 run search and decoding with offset mapping: every run lies inside the text, starts in
// the asked range, decodes to exactly what its bytes decode to, and runs do not overlap.
#include "scanner/decode/base64.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nhiscan;
  if (size < 2) return 0;
  // The first two bytes choose the range and the minimum length; the rest is the text.
  const size_t from_pick = data[0], length_pick = data[1];
  std::string_view text = fuzz::AsText(data + 2, size - 2);
  const size_t from = text.empty() ? 0 : from_pick % (text.size() + 1);
  const size_t to = from + (text.size() - from) / 2 + 1;
  const size_t min_length = 1 + length_pick % 40;
  size_t previous_end = 0;
  for (const decode::Base64Run& run : decode::FindBase64Text(text, from, to, min_length, 4096)) {
    fuzz::Check(run.begin < run.end && run.end <= text.size(), "run inside the text");
    fuzz::Check(run.begin >= from && run.begin < to, "run starts in the asked range");
    fuzz::Check(run.begin >= previous_end, "runs do not overlap");
    previous_end = run.end;
    auto again = decode::DecodeBase64(text.substr(run.begin, run.end - run.begin));
    fuzz::Check(again.has_value() && *again == run.decoded, "decoded text maps back to its run");
    fuzz::Check(decode::LooksLikeText(run.decoded), "only text is returned");
  }
  if (auto decoded = decode::DecodeBase64(text)) {
    size_t unpadded = text.size();
    while (unpadded && text[unpadded - 1] == '=') --unpadded;
    fuzz::Check(decoded->size() == unpadded * 3 / 4, "decoded length follows the encoded length");
  }
  return 0;
}
