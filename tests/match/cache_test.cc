// The on-disk cache of the compiled database: reuse, transparent rebuild of damaged files, keys.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <fstream>
#include <functional>
#include <string>

#include "scanner/base/file_io.h"
#include "scanner/match/database.h"
#include "scanner/match/database_impl.h"
#include "scanner/match/scanner.h"
#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::match {
namespace {

namespace fs = std::filesystem;
using ::nhiscan::testing::Compile;
using ::nhiscan::testing::Compiled;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::Scan;
using ::nhiscan::testing::SecretsOf;
using ::nhiscan::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string& Rules() {
  static const std::string text =
      RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})"),
                RuleJson("t.prefilter", "(?s)pfx_(?P<secret>(?:[ab].{0,9}){1,60}c)"),
                RuleJson("t.lazy", "(?U)lazy_(?P<secret>[a-z0-9]{16})")});
  return text;
}

// No prefilter rule: compiling is fast, for tests that build many times.
const std::string& CheapRules() {
  static const std::string text =
      RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})"),
                RuleJson("t.lazy", "(?U)lazy_(?P<secret>[a-z0-9]{16})")});
  return text;
}

constexpr char kText[] = "key=Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb\npfx_a12b34c\nlazy_k3j9x0q2m5n8p1r4\n";

Compiled MustCompile(const std::string& text, const std::string& cache_dir,
                     std::string_view prebuilt = {}) {
  auto compiled = Compile(text, cache_dir, prebuilt);
  if (!compiled.ok()) throw std::runtime_error(compiled.status().message());
  return std::move(compiled).value();
}

void ExpectWorks(const Compiled& c) {
  const bool has_prefilter = c.rules->FindRule("t.prefilter") != nullptr;
  for (Engine engine : {Engine::kHyperscan, Engine::kRe2Only}) {
    auto found = Scan(c, kText, "f.txt", engine);
    EXPECT_THAT(SecretsOf(found, "t.key"), ElementsAre("Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb"));
    if (has_prefilter) {
      EXPECT_THAT(SecretsOf(found, "t.prefilter"), ElementsAre("a12b34c"));
    }
    EXPECT_THAT(SecretsOf(found, "t.lazy"), ElementsAre("k3j9x0q2m5n8p1r4"));
  }
}

TEST(DatabaseCacheTest, MarkersArePartOfTheKey) {
  TempDir dir;
  auto first = Compile(CheapRules(), dir.path(), {}, {"/services/"});
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->database->info().from_cache);
  // Other markers: not the database just cached (its marks would mean other literals).
  auto other = Compile(CheapRules(), dir.path(), {}, {"3MVG9"});
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->database->info().from_cache);
  EXPECT_NE(other->database->info().cache_file, first->database->info().cache_file);
  auto none = Compile(CheapRules(), dir.path());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->database->info().from_cache);
  auto again = Compile(CheapRules(), dir.path(), {}, {"/services/"});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->database->info().from_cache);
  Scanner scanner(*again->database);
  std::vector<Match> out;
  uint32_t marks = 0;
  ASSERT_TRUE(scanner.Scan("x /services/ y", 0, 14, "f.txt", &out, &marks).ok());
  EXPECT_EQ(marks, 1u);
}

TEST(DatabaseCacheTest, SecondBuildLoadsFromCache) {
  TempDir cache;
  Compiled first = MustCompile(Rules(), cache.path());
  EXPECT_FALSE(first.database->info().from_cache);
  EXPECT_EQ(first.database->info().prefilter_expressions, 1u);
  EXPECT_EQ(first.database->info().re2_only_expressions, 1u);
  EXPECT_EQ(first.database->info().cache_warning, "");
  const std::string file = first.database->info().cache_file;
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(fs::path(file).parent_path(), fs::path(cache.path()));
  EXPECT_TRUE(fs::is_regular_file(file));
  ExpectWorks(first);

  Compiled second = MustCompile(Rules(), cache.path());
  EXPECT_TRUE(second.database->info().from_cache);
  EXPECT_EQ(second.database->info().cache_file, file);
  // What the cache restores is the same as what was compiled.
  EXPECT_EQ(second.database->info().expressions, first.database->info().expressions);
  EXPECT_EQ(second.database->info().prefilter_expressions,
            first.database->info().prefilter_expressions);
  EXPECT_EQ(second.database->info().re2_only_expressions,
            first.database->info().re2_only_expressions);
  EXPECT_EQ(second.database->max_match_width(), first.database->max_match_width());
  ExpectWorks(second);
  // No temporary files are left behind.
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(cache.path())) {
    ++files;
    EXPECT_EQ(entry.path().extension(), ".hsdb") << entry.path();
  }
  EXPECT_EQ(files, 1u);
}

TEST(DatabaseCacheTest, ExactOnlyRuleSetRoundTrips) {
  TempDir cache;
  const std::string text = RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{24})")});
  Compiled first = MustCompile(text, cache.path());
  Compiled second = MustCompile(text, cache.path());
  ASSERT_TRUE(second.database->info().from_cache);
  EXPECT_EQ(second.database->max_match_width(), 28u);
  EXPECT_THAT(SecretsOf(Scan(second, kText), "t.key"), ElementsAre("Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb"));
}

TEST(DatabaseCacheTest, Re2OnlyRuleSetRoundTrips) {
  TempDir cache;
  const std::string text = RuleFile({RuleJson("t.lazy", "(?U)lazy_(?P<secret>[a-z0-9]{16})")});
  Compiled first = MustCompile(text, cache.path());
  Compiled second = MustCompile(text, cache.path());
  ASSERT_TRUE(second.database->info().from_cache);
  EXPECT_EQ(second.database->info().re2_only_expressions, 1u);
  EXPECT_THAT(SecretsOf(Scan(second, kText), "t.lazy"), ElementsAre("k3j9x0q2m5n8p1r4"));
}

void Damage(const std::string& file, const std::function<void(std::string*)>& edit) {
  std::string data;
  {
    std::ifstream in(file, std::ios::binary);
    data.assign(std::istreambuf_iterator<char>(in), {});
  }
  edit(&data);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << data;
}

TEST(DatabaseCacheTest, DamagedCacheFilesAreRebuiltTransparently) {
  const std::vector<std::pair<std::string, std::function<void(std::string*)>>> damages = {
      {"flipped byte in the payload", [](std::string* d) { (*d)[d->size() / 2] ^= 0x5a; }},
      {"flipped byte after the header", [](std::string* d) { (*d)[40] ^= 0x01; }},
      {"flipped byte near the end", [](std::string* d) { (*d)[d->size() - d->size() / 7] ^= 0x10; }},
      {"flipped last byte", [](std::string* d) { d->back() ^= 0x01; }},
      {"truncated to half", [](std::string* d) { d->resize(d->size() / 2); }},
      {"truncated inside the header", [](std::string* d) { d->resize(20); }},
      {"empty", [](std::string* d) { d->clear(); }},
      {"wrong magic", [](std::string* d) { (*d)[0] = 'X'; }},
      {"garbage appended", [](std::string* d) { *d += "trailing garbage"; }},
  };
  for (const auto& [what, edit] : damages) {
    SCOPED_TRACE(what);
    TempDir cache;
    const std::string file = MustCompile(CheapRules(), cache.path()).database->info().cache_file;
    Damage(file, edit);
    Compiled rebuilt = MustCompile(CheapRules(), cache.path());
    EXPECT_FALSE(rebuilt.database->info().from_cache);
    EXPECT_EQ(rebuilt.database->info().cache_warning, "");
    ExpectWorks(rebuilt);
    // The rebuilt database was written back and is good again.
    Compiled again = MustCompile(CheapRules(), cache.path());
    EXPECT_TRUE(again.database->info().from_cache);
    ExpectWorks(again);
  }
}

// A cached database is used where the file is mapped: another run replacing the file (as every
// cache write does, by a rename) leaves a database already loaded as it was.
TEST(DatabaseCacheTest, LoadedCacheKeepsWorkingWhenTheFileIsReplaced) {
  TempDir cache;
  const std::string file = MustCompile(CheapRules(), cache.path()).database->info().cache_file;
  Compiled loaded = MustCompile(CheapRules(), cache.path());
  ASSERT_TRUE(loaded.database->info().from_cache);
  ASSERT_TRUE(WriteFileAtomically(file, std::string(4096, 'x')).ok());
  ExpectWorks(loaded);
  Compiled rebuilt = MustCompile(CheapRules(), cache.path());
  EXPECT_FALSE(rebuilt.database->info().from_cache);
  ExpectWorks(rebuilt);
}

// The image embedded at build time (DatabaseOptions::prebuilt) replaces the compile, and the
// cache, only when it was made for exactly this rule set; otherwise it is ignored.
TEST(DatabaseCacheTest, PrebuiltImageOfTheSameRulesReplacesTheCompile) {
  const std::string image = MustCompile(Rules(), "").database->Image();
  TempDir cache;
  auto loaded = Compile(Rules(), cache.path(), image);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_TRUE(loaded.value().database->info().prebuilt);
  EXPECT_TRUE(loaded.value().database->info().from_cache);
  EXPECT_EQ(loaded.value().database->info().prefilter_expressions, 1u);
  EXPECT_EQ(loaded.value().database->info().re2_only_expressions, 1u);
  EXPECT_TRUE(fs::is_empty(cache.path())) << "nothing was compiled, so nothing is cached";
  ExpectWorks(loaded.value());
}

TEST(DatabaseCacheTest, PrebuiltImageOfOtherRulesIsIgnored) {
  const std::string image = MustCompile(CheapRules(), "").database->Image();
  Compiled other = MustCompile(Rules(), "", image);
  EXPECT_FALSE(other.database->info().prebuilt);
  EXPECT_FALSE(other.database->info().from_cache);
  ExpectWorks(other);
}

// The key and modes (a CRC-32) and Hyperscan's bytecode (its CRC-32C, checked by
// hs_alloc_scratch) are checked; bytes that nothing reads (padding, the allocation's slack at the end) are not. So a
// damaged byte anywhere either makes the image ignored or changes nothing.
// Damage in the key or the modes (checked by the image's CRC-32) makes the image ignored: the
// database is compiled instead. Damage in the Hyperscan part is found by Hyperscan's own checks
// (header, CRC-32C of the bytecode) when the scratch space is allocated, which runs beside the
// caller's start (DatabaseImpl::StartPrototypeScratch): scans then fail with a clear error. Never
// a crash or a quietly different result.
TEST(DatabaseCacheTest, DamagedPrebuiltImageIsIgnoredOrRefused) {
  const std::string image = MustCompile(CheapRules(), "").database->Image();
  for (size_t at : {size_t{0}, size_t{66}, size_t{70}}) {
    std::string damaged = image;
    damaged[at] ^= 0x20;
    Compiled c = MustCompile(CheapRules(), "", damaged);
    EXPECT_FALSE(c.database->info().prebuilt) << "byte " << at;
    EXPECT_THAT(SecretsOf(Scan(c, kText), "t.key"), ElementsAre("Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb"));
  }
  size_t ignored = 0, refused = 0;
  for (size_t at = 0; at < image.size(); at += 61) {
    std::string damaged = image;
    damaged[at] ^= 0x01;
    Compiled c = MustCompile(CheapRules(), "", damaged);
    ignored += !c.database->info().prebuilt;
    match::Scanner scanner(*c.database);
    std::vector<match::Match> matches;
    const Status status = scanner.Scan(kText, 0, std::string_view(kText).size(), "file.txt",
                                       &matches);
    if (!status.ok()) {
      ++refused;
      EXPECT_TRUE(c.database->info().prebuilt) << "byte " << at;
      EXPECT_THAT(status.message(), HasSubstr("refused the compiled rule database"));
      continue;
    }
    size_t found = 0;
    for (const match::Match& m : matches) found += m.secret == "Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb";
    EXPECT_EQ(found, 1u) << "byte " << at;
  }
  EXPECT_GT(ignored, 0u);
  EXPECT_GT(refused, (image.size() / 61) / 2) << "most of the image is Hyperscan's bytecode";
  Compiled truncated = MustCompile(CheapRules(), "", std::string_view(image).substr(0, 70));
  EXPECT_FALSE(truncated.database->info().prebuilt);
}

// Aligned as it was made (as the embedded image is), the image is used where it lies; otherwise
// an aligned copy is used. Both scan alike.
TEST(DatabaseCacheTest, AlignedPrebuiltImageIsUsedWhereItLies) {
  const std::string image = MustCompile(CheapRules(), "").database->Image();
  std::unique_ptr<char, decltype(&std::free)> buffer(
      static_cast<char*>(std::aligned_alloc(64, (image.size() + 64 + 63) / 64 * 64)), &std::free);
  ASSERT_NE(buffer, nullptr);
  for (size_t offset : {size_t{0}, size_t{8}}) {
    std::memcpy(buffer.get() + offset, image.data(), image.size());
    Compiled c = MustCompile(CheapRules(), "", std::string_view(buffer.get() + offset, image.size()));
    ASSERT_TRUE(c.database->info().prebuilt) << offset;
    const char* hs = reinterpret_cast<const char*>(c.database->impl().hs);
    const bool inside = hs >= buffer.get() + offset && hs < buffer.get() + offset + image.size();
    EXPECT_EQ(inside, offset == 0) << offset;
    EXPECT_THAT(SecretsOf(Scan(c, kText), "t.key"), ElementsAre("Q8fk2LmZx0Pq7Rs9Tu1Vw3Yb"));
  }
}

TEST(DatabaseCacheTest, ChangedRuleSetUsesAnotherFile) {
  TempDir cache;
  Compiled a = MustCompile(CheapRules(), cache.path());
  const std::string other = RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{25})")});
  Compiled b = MustCompile(other, cache.path());
  EXPECT_FALSE(b.database->info().from_cache);
  EXPECT_NE(a.database->info().cache_file, b.database->info().cache_file);
  // A context change also changes the key, because the cached build validated the old one.
  Compiled c = MustCompile(
      RuleFile({RuleJson("t.key", "key=(?P<secret>[A-Za-z0-9]{25})", "\"context\": \"key\"")}),
      cache.path());
  EXPECT_FALSE(c.database->info().from_cache);
  EXPECT_NE(c.database->info().cache_file, b.database->info().cache_file);
  // Both original files are still usable.
  EXPECT_TRUE(MustCompile(CheapRules(), cache.path()).database->info().from_cache);
  EXPECT_TRUE(MustCompile(other, cache.path()).database->info().from_cache);
}

TEST(DatabaseCacheTest, InvalidRuleIsReportedEvenWithACacheFolder) {
  TempDir cache;
  auto bad = Compile(RuleFile({RuleJson("t.bad", "(?<=x)(?P<secret>[a-z]{8})")}), cache.path());
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("t.bad"));
  EXPECT_TRUE(fs::is_empty(cache.path()));
}

TEST(DatabaseCacheTest, UnwritableCacheFolderGivesAWarningNotAnError) {
  TempDir dir;
  // A folder below a regular file can never be created, whoever runs the test (root included).
  const std::string blocker = dir.Write("not-a-folder", "x");
  Compiled c = MustCompile(CheapRules(), blocker + "/cache");
  EXPECT_FALSE(c.database->info().from_cache);
  EXPECT_FALSE(c.database->info().cache_warning.empty());
  ExpectWorks(c);
  // And again: still no error, still works.
  Compiled again = MustCompile(CheapRules(), blocker + "/cache");
  EXPECT_FALSE(again.database->info().from_cache);
  ExpectWorks(again);
}

TEST(DatabaseCacheTest, CacheFolderIsCreated) {
  TempDir dir;
  const std::string nested = dir.path() + "/a/b/c";
  Compiled c = MustCompile(CheapRules(), nested);
  EXPECT_EQ(c.database->info().cache_warning, "");
  EXPECT_TRUE(fs::is_regular_file(c.database->info().cache_file));
}

}  // namespace
}  // namespace nhiscan::match
