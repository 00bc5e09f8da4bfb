#include "scanner/scan/pipeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "scanner/base/cancel.h"
#include "scanner/base/text.h"
#include "scanner/checks/facts.h"
#include "scanner/source/memory.h"
#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::scan {
namespace {

using ::nhiscan::testing::Compile;
using ::nhiscan::testing::Compiled;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::Scan;
using ::nhiscan::testing::Synth;
using ::testing::ElementsAre;

Compiled MustCompile(const std::string& text) {
  auto compiled = Compile(text);
  if (!compiled.ok()) throw std::runtime_error(compiled.status().message());
  return std::move(compiled).value();
}

const Compiled& TokRules() {
  static const Compiled* c =
      new Compiled(MustCompile(RuleFile({RuleJson("t.tok", "tok_(?P<secret>[A-Za-z0-9]{32})")})));
  return *c;
}

constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

struct Expected {
  uint64_t line, column, end_line, end_column;
};

Expected PositionOf(const std::string& text, size_t secret_begin, size_t secret_size) {
  LineIndex index(text);
  return {index.LineOf(secret_begin), index.ColumnOf(secret_begin),
          index.LineOf(secret_begin + secret_size), index.ColumnOf(secret_begin + secret_size)};
}

TEST(ScanTextTest, SecretAcrossAWindowBoundaryIsFoundOnceWithItsPosition) {
  const Compiled& c = TokRules();
  ASSERT_EQ(c.database->max_match_width(), 36u);
  const size_t window = 64;
  Synth synth(1);
  const std::string secret = synth.Chars(kAlnum, 32);
  // Filler with short lines, CRLF and two- and three-byte characters, so that line and column
  // bookkeeping across dropped window prefixes is exercised.
  const std::vector<std::string> units = {".",  " ",    "\n", "\xc3\xa9", "\xe2\x82\xac",
                                          "ab", "\r\n", "-"};
  std::mt19937 rng(5);
  for (size_t prefix_size = 0; prefix_size < 400; ++prefix_size) {
    std::string prefix;
    while (prefix.size() < prefix_size) prefix += units[rng() % units.size()];
    for (const char* suffix : {"", "\n", " trailing text that goes on for a while\nand more\n"}) {
      const std::string text = prefix + "tok_" + secret + suffix;
      auto found = Scan(c, text, "f.txt", match::Engine::kHyperscan, window);
      ASSERT_EQ(found.size(), 1u) << "prefix " << prefix.size();
      const Expected want = PositionOf(text, prefix.size() + 4, 32);
      EXPECT_EQ(found[0].secret, secret);
      EXPECT_EQ(found[0].line, want.line) << "prefix " << prefix.size();
      EXPECT_EQ(found[0].column, want.column) << "prefix " << prefix.size();
      EXPECT_EQ(found[0].end_line, want.end_line) << "prefix " << prefix.size();
      EXPECT_EQ(found[0].end_column, want.end_column) << "prefix " << prefix.size();
      auto re2 = Scan(c, text, "f.txt", match::Engine::kRe2Only, window);
      ASSERT_EQ(re2.size(), 1u);
      EXPECT_EQ(re2[0].column, found[0].column);
    }
  }
}

TEST(ScanTextTest, LongLineAcrossManyWindowsKeepsColumns) {
  const Compiled& c = TokRules();
  Synth synth(2);
  std::string text = "first line\n";
  std::vector<std::pair<size_t, std::string>> planted;
  for (int i = 0; i < 30; ++i) {
    text += std::string(37 + i * 3, '.') + "\xc3\xa9\xe2\x82\xac ";  // é € on one long line
    std::string secret = synth.Chars(kAlnum, 32);
    planted.emplace_back(text.size() + 4, secret);
    text += "tok_" + secret + " ";
  }
  text += "\nlast line\n";
  for (size_t window : {size_t{40}, size_t{64}, size_t{100}, size_t{1} << 20}) {
    auto found = Scan(c, text, "f.txt", match::Engine::kHyperscan, window);
    ASSERT_EQ(found.size(), planted.size()) << "window " << window;
    for (size_t i = 0; i < planted.size(); ++i) {
      const Expected want = PositionOf(text, planted[i].first, 32);
      EXPECT_EQ(found[i].secret, planted[i].second);
      EXPECT_EQ(found[i].line, 2u);
      EXPECT_EQ(found[i].column, want.column) << "window " << window << " secret " << i;
      EXPECT_EQ(found[i].end_column, want.end_column);
    }
  }
}

TEST(ScanTextTest, ManySecretsInAFileOfManyWindowsAreEachFoundOnce) {
  const Compiled& c = TokRules();
  Synth synth(3);
  std::mt19937 rng(3);
  std::string text;
  std::map<std::string, uint64_t> want;  // secret -> line
  for (uint64_t line = 1; line <= 3000; ++line) {
    if (rng() % 7 == 0) {
      std::string secret = synth.Chars(kAlnum, 32);
      text += "  key" + std::to_string(line) + " = \"tok_" + secret + "\"";
      want[secret] = line;
    } else {
      text += synth.Chars("abcdefghij ,.;", rng() % 90);
    }
    text += line % 5 ? "\n" : "\r\n";
  }
  ASSERT_GT(text.size(), 100u * 256);
  ASSERT_GT(want.size(), 300u);
  for (size_t window : {size_t{256}, size_t{4096}}) {
    for (match::Engine engine : {match::Engine::kHyperscan, match::Engine::kRe2Only}) {
      auto found = Scan(c, text, "big.txt", engine, window);
      std::map<std::string, uint64_t> got;
      for (const auto& f : found) {
        EXPECT_TRUE(got.emplace(f.secret, f.line).second) << "reported twice: " << f.secret;
        EXPECT_EQ(f.end_line, f.line);
      }
      EXPECT_EQ(got, want) << "window " << window;
    }
  }
}

TEST(ScanTextTest, FindingsCarryPathRuleAndFingerprint) {
  const Compiled& c = TokRules();
  const std::string secret = "Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2";
  auto found = Scan(c, "x tok_" + secret, "dir/f.txt");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].path, "dir/f.txt");
  EXPECT_EQ(found[0].rule->id, "t.tok");
  EXPECT_EQ(found[0].fingerprint, findings::Fingerprint("t.tok", "dir/f.txt", secret));
  EXPECT_EQ(found[0].source.kind, "file");
  EXPECT_EQ(found[0].validation.status, "not_validated");
}

// A Source over in-memory files whose reader hands out pieces of a fixed size, to check that what
// is found does not depend on how the bytes arrive.
class MemorySource : public source::Source {
 public:
  MemorySource(std::map<std::string, std::string> files, size_t piece)
      : files_(std::move(files)), piece_(piece) {}
  using source::Source::Enumerate;
  Status Enumerate(const source::ItemSink& sink, source::Diagnostics*) override {
    for (const auto& [path, content] : files_) {
      source::Item item;
      item.path = item.locator = path;
      item.size = content.size();
      sink(item);
    }
    return Status::Ok();
  }
  std::unique_ptr<source::BlobReader> NewReader() const override {
    return std::make_unique<Reader>(files_, piece_);
  }

 private:
  class Reader : public source::BlobReader {
   public:
    Reader(const std::map<std::string, std::string>& files, size_t piece)
        : files_(files), piece_(piece) {}
    Status Read(const source::Item& item, const source::PieceSink& sink) override {
      const std::string& content = files_.at(item.locator);
      for (size_t at = 0; at < content.size(); at += piece_) {
        NHISCAN_RETURN_IF_ERROR(sink(std::string_view(content).substr(at, piece_), at + piece_ >= content.size()));
      }
      return Status::Ok();
    }

   private:
    const std::map<std::string, std::string>& files_;
    size_t piece_;
  };
  std::map<std::string, std::string> files_;
  size_t piece_;
};

std::vector<std::string> Describe(const std::vector<findings::Finding>& found) {
  std::vector<std::string> out;
  for (const auto& f : found) {
    std::string d = f.path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + "-" +
                    std::to_string(f.end_line) + ":" + std::to_string(f.end_column) + " " + f.rule->id + " " +
                    f.secret + " [" + f.excerpt_before + "|" + f.excerpt_after + "]";
    for (const auto& [k, v] : f.context) d += " " + k + "=" + v;
    out.push_back(d);
  }
  return out;
}

TEST(RunScanTest, ResultDoesNotDependOnPieceSizeOrThreads) {
  Compiled c = MustCompile(RuleFile(
      {RuleJson("t.tok", "tok_(?P<secret>[A-Za-z0-9]{32})"),
       RuleJson("t.ctx", "\\b(?P<secret>[0-9A-F]{32})\\b", R"j("context": "(?i)acme")j"),
       RuleJson("t.sec", "secret=(?P<secret>[A-Za-z0-9]{24})", R"j("attach": ["t.cid"])j")},
      R"j({"t.cid": {"field": "client_id", "pattern": "\\b(?P<value>cid_[a-z0-9]{12})\\b"}})j"));
  Synth synth(8);
  std::map<std::string, std::string> files;
  for (int i = 0; i < 12; ++i) {
    std::string text;
    for (int j = 0; j < 40; ++j) {
      switch ((i + j) % 6) {
        case 0:
          text += "tok_" + synth.Chars(kAlnum, 32) + "\n";
          break;
        case 1:
          text += std::string(150 + j, '.') + "\n";
          break;
        case 2:
          text += "acme:\n" + synth.UpperHex(32) + "\n";
          break;
        case 3:
          text += synth.UpperHex(32) + "\n" + std::string(300, '-') + "\nacme\n";
          break;
        case 4:
          text += "cid_" + synth.Chars("abcdefghijklmnopqrstuvwxyz0123456789", 12) + "\n";
          break;
        default:
          text += "secret=" + synth.Chars(kAlnum, 24) + std::string(200, ' ') + "\n";
          break;
      }
    }
    files["f" + std::to_string(i) + ".txt"] = text;
  }
  // A window of 1 MiB holds every file whole: a file in one piece is then scanned where it lies
  // (no copy), in smaller pieces through the buffer; both must find the same. (Each window size
  // has its own reference: a context line beyond a 128-byte window's overlap is out of its sight.)
  std::vector<std::string> reference;
  for (size_t window : {size_t{1} << 20, size_t{128}}) {
    reference.clear();
    for (size_t piece : {size_t{1} << 30, size_t{1}, size_t{7}, size_t{64}, size_t{1000}}) {
      for (unsigned threads : {1u, 3u}) {
        MemorySource source(files, piece);
        ScanOptions options;
        options.threads = threads;
        options.window_size = window;
        auto result = RunScan(source, *c.database, options);
        ASSERT_TRUE(result.ok()) << result.status().message();
        EXPECT_EQ(result->stats.files, files.size());
        EXPECT_EQ(result->stats.blobs, files.size());
        auto described = Describe(result->findings);
        if (reference.empty()) {
          reference = described;
          ASSERT_GT(reference.size(), 100u);
        } else {
          EXPECT_EQ(described, reference) << "window " << window << " piece " << piece << " threads " << threads;
        }
      }
    }
  }
  // ScanText of each file agrees with RunScan.
  std::vector<std::string> via_text;
  for (const auto& [path, content] : files) {
    auto d = Describe(Scan(c, content, path, match::Engine::kHyperscan, 128));
    via_text.insert(via_text.end(), d.begin(), d.end());
  }
  EXPECT_EQ(via_text, reference);
}

// What the project checks saw, as text: one line per file and fact.
std::vector<std::string> DescribeFacts(const std::vector<checks::FileFacts>& all) {
  std::vector<std::string> out;
  auto at = [](const checks::Located& l) {
    return l.value + "@" + l.path + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
  };
  for (const checks::FileFacts& f : all) {
    for (const auto& cb : f.callbacks) {
      out.push_back("callback " + at(cb.url) + " " + cb.host + cb.rest_path);
    }
    for (const auto& host : f.token_hosts) out.push_back("token host " + at(host));
    for (const auto& id : f.client_ids) out.push_back("client id " + f.path + " " + id);
  }
  return out;
}

// The built-in database finds the literals the project checks look for (a Salesforce service
// path, a consumer key prefix) in its Hyperscan pass, and a file without them is not searched
// again. The RE2 engine does not report them, so every file is searched: both must see the same
// facts, wherever the literal lies in the file.
TEST(RunScanTest, FactsAreTheSameWhetherTheScanFoundTheirLiteralsOrNot) {
  const match::Database& db = testing::BuiltinDatabase();
  ASSERT_THAT(db.markers(), ::testing::IsSupersetOf(checks::FactMarkers()));
  Synth synth(12);
  const std::string callback = "https://acme.my.salesforce.com/services/apexrest/onespan/cb";
  const std::string token = "https://login.salesforce.com/services/oauth2/token";
  std::map<std::string, std::string> files = {
      {"start.txt", "/services/apexrest is a path; " + callback + "\n"},
      {"callback.yaml", "callback: " + callback},
      {"token.sh", "curl -X POST " + token + " -d grant_type=client_credentials\n"},
      {"key.env", "CLIENT_ID=" + synth.ConsumerKey()},
      {"both.txt", synth.ConsumerKey() + "\n" + callback + "\n" + token + "\n"},
      {"neither.txt", "GET /service/apexrest 3MVG and services/\n"},
      {"escaped.txt", "https:\\/\\/x.my.salesforce.com\\/services\\/apexrest\\/cb\n"},
  };
  std::vector<std::string> seen[2];
  for (match::Engine engine : {match::Engine::kHyperscan, match::Engine::kRe2Only}) {
    MemorySource source(files, 1 << 30);
    ScanOptions options;
    options.engine = engine;
    auto result = RunScan(source, db, options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    seen[engine == match::Engine::kRe2Only] = DescribeFacts(result->facts);
  }
  EXPECT_EQ(seen[0], seen[1]);
  // Every file with a literal gave its facts.
  const std::string all = ::testing::PrintToString(seen[0]);
  for (const char* path : {"start.txt", "callback.yaml", "token.sh", "key.env", "both.txt"}) {
    EXPECT_NE(all.find(path), std::string::npos) << path << " in " << all;
  }
  EXPECT_EQ(all.find("neither.txt"), std::string::npos) << all;
}

TEST(RunScanTest, StatsCountBytesAndBinaries) {
  const Compiled& c = TokRules();
  std::string binary = "tok_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2";
  binary += std::string(1, '\0') + "more";
  MemorySource source(
      {{"a.txt", "hello"}, {"b.bin", binary}, {"c.txt", "tok_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2"}},
      1 << 20);
  auto result = RunScan(source, *c.database, {});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->stats.files, 3u);
  EXPECT_EQ(result->stats.blobs, 2u);
  EXPECT_EQ(result->stats.bytes, 5u + 36u);
  EXPECT_THAT(result->stats.skipped, ElementsAre(std::make_pair(std::string("binary"), 1u)));
  EXPECT_TRUE(result->stats.errors.empty());
  EXPECT_FALSE(result->stats.incomplete());
  ASSERT_EQ(result->findings.size(), 1u);
  EXPECT_EQ(result->findings[0].path, "c.txt");
  EXPECT_EQ(result->stats.rules, 1u);
}

// Lists one item at a time (each named file holds a token made of its name) and waits until it
// has been read before listing the next: scanning must overlap listing, including for a lister
// that finds items slowly, far fewer at a time than the queue wakes scanners for. Without the
// overlap the listing gives up after 20 s and fails.
class TrickleSource : public source::Source {
 public:
  explicit TrickleSource(std::vector<std::string> names) : names_(std::move(names)) {}
  using source::Source::Enumerate;
  Status Enumerate(const source::ItemSink& sink, source::Diagnostics*) override {
    for (size_t i = 0; i < names_.size(); ++i) {
      sink({names_[i] + ".txt", names_[i], 0, ""});
      std::unique_lock<std::mutex> lock(mutex_);
      if (!read_.wait_for(lock, std::chrono::seconds(20), [&] { return reads_ > i; })) {
        return Status::Internal(names_[i] + " was not scanned while listing waited");
      }
    }
    return Status::Ok();
  }
  std::unique_ptr<source::BlobReader> NewReader() const override {
    return std::make_unique<Reader>(const_cast<TrickleSource*>(this));
  }

 private:
  class Reader : public source::BlobReader {
   public:
    explicit Reader(TrickleSource* owner) : owner_(owner) {}
    Status Read(const source::Item& item, const source::PieceSink& sink) override {
      const std::string text = "tok_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7h" + item.locator + item.locator;
      Status status = sink(text, true);
      {
        std::lock_guard<std::mutex> lock(owner_->mutex_);
        ++owner_->reads_;
      }
      owner_->read_.notify_all();
      return status;
    }

   private:
    TrickleSource* owner_;
  };

  std::vector<std::string> names_;
  std::mutex mutex_;
  std::condition_variable read_;
  size_t reads_ = 0;
};

ScanResult ScanTrickling(const std::vector<std::string>& names, unsigned threads) {
  TrickleSource source(names);
  ScanOptions options;
  options.threads = threads;
  auto result = RunScan(source, *TokRules().database, options);
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? std::move(result).value() : ScanResult{};
}

// Listed in reverse path order: results come out in path order all the same.
TEST(RunScanTest, ScanningOverlapsListingAndResultsStayInPathOrder) {
  for (unsigned threads : {1u, 2u}) {
    ScanResult result = ScanTrickling({"z", "a"}, threads);
    EXPECT_EQ(result.stats.files, 2u);
    ASSERT_EQ(result.findings.size(), 2u);
    EXPECT_EQ(result.findings[0].path, "a.txt");
    EXPECT_EQ(result.findings[1].path, "z.txt");
  }
}

TEST(RunScanTest, ItemsListedSlowlyAreScannedWhileListingGoesOn) {
  std::vector<std::string> names;
  for (int i = 10; i < 22; ++i) names.push_back(std::to_string(i));
  for (unsigned threads : {1u, 2u, 3u}) {
    ScanResult result = ScanTrickling(names, threads);
    EXPECT_EQ(result.stats.files, 12u);
    EXPECT_EQ(result.findings.size(), 12u);
  }
}

// A listing error is the scan's error, after the threads have stopped.
class FailingSource : public source::Source {
 public:
  using source::Source::Enumerate;
  Status Enumerate(const source::ItemSink& sink, source::Diagnostics*) override {
    sink({"a.txt", "0", 0, ""});
    return Status::Io("listing broke");
  }
  std::unique_ptr<source::BlobReader> NewReader() const override { return memory_.NewReader(); }

 private:
  source::MemorySource memory_{{{"a.txt", "x"}}};
};

TEST(RunScanTest, ListingErrorFailsTheScan) {
  const Compiled& c = TokRules();
  FailingSource source;
  auto result = RunScan(source, *c.database, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), "listing broke");
}


// Lists `count` items without waiting; item i holds a secret when i is a multiple of 997. Records
// how far listing ever got ahead of reading, and can cancel the run after `cancel_after` reads.
class ManyItemsSource : public source::Source {
 public:
  explicit ManyItemsSource(size_t count, size_t cancel_after = 0)
      : count_(count), cancel_after_(cancel_after) {}

  using source::Source::Enumerate;
  Status Enumerate(const source::ItemSink& sink, source::Diagnostics*) override {
    for (size_t i = 0; i < count_; ++i) {
      max_ahead_ = std::max(max_ahead_, i - std::min(i, reads_.load()));
      char path[32];
      std::snprintf(path, sizeof(path), "f%06zu.txt", i);
      sink({path, std::to_string(i), 0, ""});
    }
    return Status::Ok();
  }
  std::unique_ptr<source::BlobReader> NewReader() const override {
    return std::make_unique<Reader>(const_cast<ManyItemsSource*>(this));
  }
  size_t max_ahead() const { return max_ahead_; }

 private:
  class Reader : public source::BlobReader {
   public:
    explicit Reader(ManyItemsSource* owner) : owner_(owner) {}
    Status Read(const source::Item& item, const source::PieceSink& sink) override {
      if (++owner_->reads_ == owner_->cancel_after_) RequestCancel();
      const size_t i = std::stoul(item.locator);
      return sink(i % 997 == 0 ? "tok_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2\n" : "nothing here\n", true);
    }

   private:
    ManyItemsSource* owner_;
  };

  const size_t count_, cancel_after_;
  std::atomic<size_t> reads_{0};
  size_t max_ahead_ = 0;  // written by the listing thread only
};

TEST(RunScanTest, ListingFarAheadOfScanningWaitsAndLosesNothing) {
  const Compiled& c = TokRules();
  const size_t count = 30000;
  for (unsigned threads : {1u, 2u}) {
    ManyItemsSource source(count);
    ScanOptions options;
    options.threads = threads;
    auto result = RunScan(source, *c.database, options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    EXPECT_EQ(result->stats.files, count);
    EXPECT_EQ(result->stats.blobs, count);
    EXPECT_FALSE(result->stats.interrupted);
    ASSERT_EQ(result->findings.size(), (count + 996) / 997);
    for (size_t k = 0; k < result->findings.size(); ++k) {
      char path[32];
      std::snprintf(path, sizeof(path), "f%06zu.txt", k * 997);
      EXPECT_EQ(result->findings[k].path, path);
    }
    // The lister waited for the scanners instead of queueing every item.
    EXPECT_LT(source.max_ahead(), count / 4) << threads << " threads";
  }
}

TEST(RunScanTest, CancelWhileTheListerWaitsForRoomEndsTheScanAsInterrupted) {
  const Compiled& c = TokRules();
  for (unsigned threads : {1u, 2u}) {
    ManyItemsSource source(30000, /*cancel_after=*/50);
    ScanOptions options;
    options.threads = threads;
    auto result = RunScan(source, *c.database, options);
    ResetCancel();
    ASSERT_TRUE(result.ok()) << result.status().message();
    EXPECT_TRUE(result->stats.interrupted);
    EXPECT_LT(result->stats.blobs, 30000u);
  }
}

TEST(RunScanTest, ZeroWindowSizeDoesNotHang) {
  const Compiled& c = TokRules();
  auto found = scan::ScanText("x tok_Q8fk2LmZx0Pq7Rs9Tu1Vw3YbR5tG7hJ2 y", "f.txt", *c.database,
                              match::Engine::kHyperscan, 0);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->size(), 1u);
}

}  // namespace
}  // namespace nhiscan::scan
