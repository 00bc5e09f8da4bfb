// RunScan over the real filesystem source: what is scanned, what is skipped and counted, and that
// the result does not depend on the thread count.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "scanner/scan/pipeline.h"
#include "scanner/source/filesystem.h"
#include "tests/support/rule_text.h"
#include "tests/support/test_support.h"

namespace nhiscan::scan {
namespace {

namespace fs = std::filesystem;
using ::nhiscan::testing::Compile;
using ::nhiscan::testing::Compiled;
using ::nhiscan::testing::RuleFile;
using ::nhiscan::testing::RuleJson;
using ::nhiscan::testing::Synth;
using ::nhiscan::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

const Compiled& Rules() {
  static const Compiled* c = [] {
    auto compiled = Compile(RuleFile({RuleJson("t.tok", "tok_(?P<secret>[A-Za-z0-9]{32})")}));
    if (!compiled.ok()) throw std::runtime_error(compiled.status().message());
    return new Compiled(std::move(compiled).value());
  }();
  return *c;
}

ScanResult ScanTree(const source::FilesystemOptions& options, unsigned threads = 2) {
  source::FilesystemSource source(options);
  ScanOptions scan_options;
  scan_options.threads = threads;
  auto result = RunScan(source, *Rules().database, scan_options);
  if (!result.ok()) throw std::runtime_error(result.status().message());
  return std::move(result).value();
}

std::vector<std::string> Paths(const ScanResult& result) {
  std::vector<std::string> out;
  for (const auto& f : result.findings) out.push_back(f.path + ":" + std::to_string(f.line));
  return out;
}

std::string Tok(Synth& synth) { return "tok_" + synth.Chars(kAlnum, 32); }

TEST(FilesystemScanTest, FindsSecretsWithRelativePaths) {
  TempDir dir;
  Synth synth(1);
  dir.Write("a.txt", "x\n" + Tok(synth) + "\n");
  dir.Write("sub/b.cfg", Tok(synth) + "\n\n\n" + Tok(synth));
  dir.Write("clean.txt", "nothing here");
  ScanResult result = ScanTree({{dir.path()}, {}, 0});
  EXPECT_THAT(Paths(result), ElementsAre("a.txt:2", "sub/b.cfg:1", "sub/b.cfg:4"));
  EXPECT_EQ(result.stats.files, 3u);
  EXPECT_EQ(result.stats.blobs, 3u);
  EXPECT_EQ(result.stats.bytes,
            fs::file_size(dir.path() + "/a.txt") + fs::file_size(dir.path() + "/sub/b.cfg") + 12);
  EXPECT_FALSE(result.stats.incomplete());
}

TEST(FilesystemScanTest, BinaryFilesAreSkippedAndCounted) {
  TempDir dir;
  Synth synth(2);
  dir.Write("image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11) + Tok(synth));
  std::string late_nul = Tok(synth) + std::string(9000, ' ') + std::string(1, '\0');
  dir.Write("late-nul.dat", late_nul);  // a NUL after the first 8000 bytes: still text
  dir.Write("text.txt", Tok(synth));
  ScanResult result = ScanTree({{dir.path()}, {}, 0});
  EXPECT_THAT(Paths(result), ElementsAre("late-nul.dat:1", "text.txt:1"));
  EXPECT_THAT(result.stats.skipped, ElementsAre(Pair("binary", 1u)));
  EXPECT_EQ(result.stats.files, 3u);
  EXPECT_EQ(result.stats.blobs, 2u);
  EXPECT_FALSE(result.stats.incomplete());
}

TEST(FilesystemScanTest, SymlinksAreNeverFollowed) {
  TempDir outside, dir;
  Synth synth(3);
  const std::string outside_file = outside.Write("creds.txt", Tok(synth));
  outside.Write("deeper/more.txt", Tok(synth));
  dir.Write("inside.txt", "clean");
  fs::create_symlink(outside_file, dir.path() + "/creds-link.txt");
  fs::create_directory_symlink(outside.path(), dir.path() + "/outside");
  fs::create_directories(dir.path() + "/a/b");
  fs::create_directory_symlink("../..", dir.path() + "/a/b/up");  // a loop
  fs::create_directory_symlink(dir.path() + "/a", dir.path() + "/a/b/self");
  ScanResult result = ScanTree({{dir.path()}, {}, 0});
  EXPECT_THAT(result.findings, IsEmpty());
  EXPECT_EQ(result.stats.files, 1u);
  EXPECT_THAT(result.stats.skipped, ElementsAre(Pair("symlink", 4u)));
  EXPECT_FALSE(result.stats.incomplete());
}

TEST(FilesystemScanTest, GitFolderIsSkipped) {
  TempDir dir;
  Synth synth(4);
  dir.Write(".git/config", "[credential]\n" + Tok(synth) + "\n");
  dir.Write(".git/logs/HEAD", Tok(synth));
  dir.Write("tracked.txt", Tok(synth));
  ScanResult result = ScanTree({{dir.path()}, {}, 0});
  EXPECT_THAT(Paths(result), ElementsAre("tracked.txt:1"));
  EXPECT_EQ(result.stats.files, 1u);
}

TEST(FilesystemScanTest, ExcludeGlobsAreCountedNotScanned) {
  TempDir dir;
  Synth synth(5);
  dir.Write("keep.txt", Tok(synth));
  dir.Write("bundle.min.js", Tok(synth));
  dir.Write("vendor/x/lib.txt", Tok(synth));
  dir.Write("web/node_modules/p/i.js", Tok(synth));
  dir.Write("fixtures/keep-too.txt", Tok(synth));
  ScanResult result = ScanTree({{dir.path()}, {"*.min.js", "vendor/*", "node_modules"}, 0});
  EXPECT_THAT(Paths(result), ElementsAre("fixtures/keep-too.txt:1", "keep.txt:1"));
  EXPECT_GE(result.stats.skipped["excluded"], 3u);
}

TEST(FilesystemScanTest, MaxFileSizeSkipIsCounted) {
  TempDir dir;
  Synth synth(6);
  dir.Write("big.txt", Tok(synth) + std::string(5000, '.'));
  dir.Write("small.txt", Tok(synth));
  ScanResult result = ScanTree({{dir.path()}, {}, 1000});
  EXPECT_THAT(Paths(result), ElementsAre("small.txt:1"));
  EXPECT_THAT(result.stats.skipped, ElementsAre(Pair("too_large", 1u)));
  EXPECT_FALSE(result.stats.incomplete());
}

TEST(FilesystemScanTest, FifoIsSkippedNotAnError) {
  TempDir dir;
  Synth synth(7);
  dir.Write("a.txt", Tok(synth));
  ASSERT_EQ(::mkfifo((dir.path() + "/pipe").c_str(), 0600), 0);
  ScanResult result = ScanTree({{dir.path()}, {}, 0});
  EXPECT_THAT(Paths(result), ElementsAre("a.txt:1"));
  EXPECT_THAT(result.stats.skipped, ElementsAre(Pair("special_file", 1u)));
  EXPECT_FALSE(result.stats.incomplete());
}

TEST(FilesystemScanTest, UnreadableFileMakesTheScanIncomplete) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read any file";
  TempDir dir;
  Synth synth(8);
  const std::string locked = dir.Write("locked.txt", Tok(synth));
  dir.Write("open.txt", Tok(synth));
  ASSERT_EQ(::chmod(locked.c_str(), 0), 0);
  ScanResult result = ScanTree({{dir.path()}, {}, 0});
  EXPECT_THAT(Paths(result), ElementsAre("open.txt:1"));
  ASSERT_EQ(result.stats.errors.size(), 1u);
  EXPECT_EQ(result.stats.errors[0].first, "locked.txt");
  EXPECT_TRUE(result.stats.incomplete());
}

TEST(FilesystemScanTest, FileRemovedAfterListingIsAnErrorNotACrash) {
  TempDir dir;
  Synth synth(9);
  dir.Write("a.txt", Tok(synth));
  const std::string gone = dir.Write("gone.txt", Tok(synth));
  source::FilesystemSource source({{dir.path()}, {}, 0});
  std::vector<source::Item> items;
  source::Diagnostics diagnostics;
  ASSERT_TRUE(source.Enumerate(&items, &diagnostics).ok());
  ASSERT_EQ(items.size(), 2u);
  fs::remove(gone);
  // Enumerate again through RunScan would not list it; read it directly instead.
  auto reader = source.NewReader();
  Status status = reader->Read(items[1], [](std::string_view, bool) { return Status::Ok(); });
  EXPECT_FALSE(status.ok());
  // A FIFO put in place of a listed file must not block the reader.
  ASSERT_EQ(::mkfifo(gone.c_str(), 0600), 0);
  status = reader->Read(items[1], [](std::string_view, bool) { return Status::Ok(); });
  EXPECT_FALSE(status.ok());
}

TEST(FilesystemScanTest, SameResultWithOneOrFourThreads) {
  TempDir dir;
  Synth synth(10);
  for (int i = 0; i < 60; ++i) {
    std::string text;
    for (int j = 0; j < i % 7; ++j) text += "line " + std::to_string(j) + " " + Tok(synth) + "\n";
    text += std::string(static_cast<size_t>(i * 37), 'x');
    dir.Write("d" + std::to_string(i % 5) + "/f" + std::to_string(i) + ".txt", text);
  }
  dir.Write("bin.dat", std::string("\0\1\2", 3));
  ScanResult one = ScanTree({{dir.path()}, {}, 0}, 1);
  ScanResult four = ScanTree({{dir.path()}, {}, 0}, 4);
  ASSERT_GT(one.findings.size(), 100u);
  ASSERT_EQ(one.findings.size(), four.findings.size());
  for (size_t i = 0; i < one.findings.size(); ++i) {
    EXPECT_EQ(one.findings[i].path, four.findings[i].path);
    EXPECT_EQ(one.findings[i].line, four.findings[i].line);
    EXPECT_EQ(one.findings[i].column, four.findings[i].column);
    EXPECT_EQ(one.findings[i].secret, four.findings[i].secret);
    EXPECT_EQ(one.findings[i].fingerprint, four.findings[i].fingerprint);
  }
  EXPECT_EQ(one.stats.files, four.stats.files);
  EXPECT_EQ(one.stats.blobs, four.stats.blobs);
  EXPECT_EQ(one.stats.bytes, four.stats.bytes);
  EXPECT_EQ(one.stats.skipped, four.stats.skipped);
  EXPECT_EQ(one.stats.errors, four.stats.errors);
  // Sorted by path, then line.
  for (size_t i = 1; i < one.findings.size(); ++i) {
    const auto& a = one.findings[i - 1];
    const auto& b = one.findings[i];
    EXPECT_TRUE(a.path < b.path || (a.path == b.path && a.line <= b.line));
  }
}

}  // namespace
}  // namespace nhiscan::scan
