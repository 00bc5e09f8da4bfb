#include "scanner/source/filesystem.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace nhiscan::source {
namespace {

namespace fs = std::filesystem;
using ::nhiscan::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

struct Listing {
  std::vector<std::string> paths;
  Diagnostics diagnostics;
  std::vector<Item> items;
};

Listing List(FilesystemOptions options) {
  FilesystemSource source(std::move(options));
  Listing listing;
  Status status = source.Enumerate(&listing.items, &listing.diagnostics);
  EXPECT_TRUE(status.ok()) << status.message();
  for (const Item& item : listing.items) listing.paths.push_back(item.path);
  return listing;
}

TEST(FilesystemSourceTest, ListsFilesSortedAndRelative) {
  TempDir dir;
  dir.Write("b.txt", "b");
  dir.Write("a/z.txt", "zz");
  dir.Write("a/b/c.txt", "ccc");
  dir.Write("A.txt", "A");
  Listing listing = List({{dir.path()}, {}, 0});
  EXPECT_THAT(listing.paths, ElementsAre("A.txt", "a/b/c.txt", "a/z.txt", "b.txt"));
  EXPECT_THAT(listing.diagnostics.skipped, IsEmpty());
  EXPECT_THAT(listing.diagnostics.errors, IsEmpty());
  EXPECT_EQ(listing.items[1].locator, dir.path() + "/a/b/c.txt");
}

TEST(FilesystemSourceTest, ReaderStreamsTheWholeFile) {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 300000; ++i) content += static_cast<char>('a' + i % 26);
  dir.Write("big.txt", content);
  FilesystemSource source({{dir.path()}, {}, 0});
  std::vector<Item> items;
  Diagnostics diagnostics;
  ASSERT_TRUE(source.Enumerate(&items, &diagnostics).ok());
  ASSERT_EQ(items.size(), 1u);
  auto reader = source.NewReader();
  std::string read;
  std::vector<bool> last_flags;
  ASSERT_TRUE(reader
                  ->Read(items[0],
                         [&](std::string_view piece, bool last) {
                           read.append(piece);
                           last_flags.push_back(last);
                           return Status::Ok();
                         })
                  .ok());
  EXPECT_EQ(read, content);
  EXPECT_THAT(last_flags, ElementsAre(true));  // whole in one piece, marked as the last
  // A sink error stops the read and is returned.
  int pieces = 0;
  Status stopped = reader->Read(items[0], [&](std::string_view, bool) {
    ++pieces;
    return Status::Unsupported("stop");
  });
  EXPECT_EQ(stopped.code(), Status::Code::kUnsupported);
  EXPECT_EQ(pieces, 1);
}

TEST(FilesystemSourceTest, OnlyThePieceThatEndsALargeFileIsMarkedLast) {
  TempDir dir;
  const std::string content((5u << 20) / 2, 'x');  // 2.5 MiB: three pieces of at most 1 MiB
  dir.Write("large.txt", content);
  FilesystemSource source({{dir.path()}, {}, 0});
  std::vector<Item> items;
  Diagnostics diagnostics;
  ASSERT_TRUE(source.Enumerate(&items, &diagnostics).ok());
  std::vector<bool> last_flags;
  size_t bytes = 0;
  ASSERT_TRUE(source.NewReader()
                  ->Read(items.at(0),
                         [&](std::string_view piece, bool last) {
                           bytes += piece.size();
                           last_flags.push_back(last);
                           return Status::Ok();
                         })
                  .ok());
  EXPECT_EQ(bytes, content.size());
  ASSERT_GE(last_flags.size(), 3u);
  EXPECT_TRUE(last_flags.back());
  EXPECT_EQ(std::count(last_flags.begin(), last_flags.end(), true), 1);
}

TEST(FilesystemSourceTest, SymlinksAreNotFollowed) {
  TempDir outside, dir;
  const std::string secret_file = outside.Write("secret.txt", "outside the tree");
  dir.Write("real.txt", "inside");
  fs::create_symlink(secret_file, dir.path() + "/link-to-outside.txt");
  fs::create_directories(dir.path() + "/sub");
  fs::create_directory_symlink("..", dir.path() + "/sub/loop");
  fs::create_directory_symlink(outside.path(), dir.path() + "/outside-dir");
  fs::create_symlink(dir.path() + "/nowhere", dir.path() + "/dangling");
  Listing listing = List({{dir.path()}, {}, 0});
  EXPECT_THAT(listing.paths, ElementsAre("real.txt"));
  EXPECT_THAT(listing.diagnostics.skipped, ElementsAre(Pair("symlink", 4u)));
  EXPECT_THAT(listing.diagnostics.errors, IsEmpty());
}

TEST(FilesystemSourceTest, RootsNamedOnTheCommandLineAreFollowed) {
  TempDir real, links;
  const std::string file = real.Write("creds.txt", "data");
  real.Write("tree/a.txt", "a");
  const std::string file_link = links.path() + "/link.txt";
  const std::string dir_link = links.path() + "/tree-link";
  fs::create_symlink(file, file_link);
  fs::create_directory_symlink(real.path() + "/tree", dir_link);

  Listing one_file = List({{file_link}, {}, 0});
  EXPECT_THAT(one_file.paths, ElementsAre(file_link));  // reported under the name given
  EXPECT_THAT(one_file.diagnostics.skipped, IsEmpty());
  FilesystemSource source({{file_link}, {}, 0});
  auto reader = source.NewReader();
  std::string read;
  ASSERT_TRUE(reader
                  ->Read(one_file.items.at(0),
                         [&](std::string_view piece, bool) {
                           read.append(piece);
                           return Status::Ok();
                         })
                  .ok());
  EXPECT_EQ(read, "data");

  Listing tree = List({{dir_link}, {}, 0});
  EXPECT_THAT(tree.paths, ElementsAre("a.txt"));
}

TEST(FilesystemSourceTest, GitFoldersAreSkipped) {
  TempDir dir;
  dir.Write(".git/config", "[remote]");
  dir.Write(".git/objects/ab/cdef", "blob");
  dir.Write("sub/.git/HEAD", "ref");
  dir.Write(".github/workflows/ci.yml", "on: push");
  dir.Write(".gitignore", "build/");
  dir.Write("src/main.c", "int main;");
  Listing listing = List({{dir.path()}, {}, 0});
  EXPECT_THAT(listing.paths, ElementsAre(".github/workflows/ci.yml", ".gitignore", "src/main.c"));
}

TEST(FilesystemSourceTest, SpecialFilesAreSkipped) {
  TempDir dir;
  dir.Write("plain.txt", "x");
  ASSERT_EQ(::mkfifo((dir.path() + "/fifo").c_str(), 0600), 0);
  Listing listing = List({{dir.path()}, {}, 0});
  EXPECT_THAT(listing.paths, ElementsAre("plain.txt"));
  EXPECT_THAT(listing.diagnostics.skipped, ElementsAre(Pair("special_file", 1u)));
  EXPECT_THAT(listing.diagnostics.errors, IsEmpty());
}

TEST(FilesystemSourceTest, ExcludeGlobs) {
  TempDir dir;
  dir.Write("app.js", "x");
  dir.Write("app.min.js", "x");
  dir.Write("lib/deep/x.min.js", "x");
  dir.Write("vendor/a.js", "x");
  dir.Write("vendor/b/c.js", "x");
  dir.Write("src/vendor/keep.js", "x");
  dir.Write("web/node_modules/pkg/index.js", "x");
  dir.Write("docs/examples/e.md", "x");
  dir.Write("docs/readme.md", "x");
  Listing listing =
      List({{dir.path()}, {"*.min.js", "vendor/*", "node_modules", "docs/examples"}, 0});
  EXPECT_THAT(listing.paths, ElementsAre("app.js", "docs/readme.md", "src/vendor/keep.js"));
  uint64_t excluded = listing.diagnostics.skipped["excluded"];
  EXPECT_GE(excluded, 4u);  // folders excluded whole count once
  EXPECT_LE(excluded, 6u);
}

TEST(FilesystemSourceTest, MaxFileSizeSkipsAndCounts) {
  TempDir dir;
  dir.Write("small.txt", std::string(100, 'a'));
  dir.Write("exact.txt", std::string(1024, 'a'));
  dir.Write("large.txt", std::string(1025, 'a'));
  // The walk lists regular files without a stat; the reader enforces the limit when it opens
  // them, and the scan counts what it declined (FilesystemScanTest.MaxFileSizeSkipIsCounted).
  FilesystemSource source({{dir.path()}, {}, 1024});
  std::vector<Item> items;
  Diagnostics diagnostics;
  ASSERT_TRUE(source.Enumerate(&items, &diagnostics).ok());
  ASSERT_EQ(items.size(), 3u);
  auto reader = source.NewReader();
  std::map<std::string, std::string> outcome;
  for (const Item& item : items) {
    size_t bytes = 0;
    Status status = reader->Read(item, [&](std::string_view piece, bool) {
      bytes += piece.size();
      return Status::Ok();
    });
    outcome[item.path] = status.ok() ? std::to_string(bytes) : status.message();
  }
  EXPECT_THAT(outcome, ElementsAre(Pair("exact.txt", "1024"), Pair("large.txt", "too_large"),
                                   Pair("small.txt", "100")));
  FilesystemSource unlimited({{dir.path()}, {}, 0});
  auto unlimited_reader = unlimited.NewReader();
  EXPECT_TRUE(unlimited_reader->Read(items[1], [](std::string_view, bool) { return Status::Ok(); }).ok());
}

TEST(FilesystemSourceTest, SeveralRootsAreReportedAsGiven) {
  TempDir dir;
  dir.Write("one/a.txt", "a");
  dir.Write("two/b.txt", "b");
  const std::string file = dir.Write("c.txt", "c");
  Listing listing = List({{dir.path() + "/one/", dir.path() + "/two", file}, {}, 0});
  EXPECT_THAT(listing.paths,
              UnorderedElementsAre(dir.path() + "/one/a.txt", dir.path() + "/two/b.txt", file));
}

TEST(FilesystemSourceTest, MissingRootIsAnError) {
  TempDir dir;
  FilesystemSource source({{dir.path() + "/does-not-exist"}, {}, 0});
  std::vector<Item> items;
  Diagnostics diagnostics;
  Status status = source.Enumerate(&items, &diagnostics);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), Status::Code::kNotFound);
  EXPECT_THAT(status.message(), ::testing::HasSubstr("does-not-exist"));
}

TEST(FilesystemSourceTest, UnreadableFileIsAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read any file";
  TempDir dir;
  const std::string file = dir.Write("locked.txt", "secret");
  dir.Write("open.txt", "fine");
  ASSERT_EQ(::chmod(file.c_str(), 0), 0);
  Listing listing = List({{dir.path()}, {}, 0});
  EXPECT_THAT(listing.paths, ElementsAre("open.txt"));
  ASSERT_EQ(listing.diagnostics.errors.size(), 1u);
  EXPECT_EQ(listing.diagnostics.errors[0].first, "locked.txt");
}

TEST(FilesystemSourceTest, UnreadableFolderIsAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read any folder";
  TempDir dir;
  dir.Write("locked/inner.txt", "secret");
  dir.Write("open.txt", "fine");
  ASSERT_EQ(::chmod((dir.path() + "/locked").c_str(), 0), 0);
  Listing listing = List({{dir.path()}, {}, 0});
  EXPECT_THAT(listing.paths, ElementsAre("open.txt"));
  ASSERT_EQ(listing.diagnostics.errors.size(), 1u);
  EXPECT_EQ(listing.diagnostics.errors[0].first, "locked");
}

TEST(DiagnosticsTest, MergeAddsCountsAndErrors) {
  Diagnostics a, b;
  a.Skip("binary");
  b.Skip("binary");
  b.Skip("symlink");
  a.Error("x", "bad");
  b.Error("y", "worse");
  a.Merge(b);
  EXPECT_THAT(a.skipped, ElementsAre(Pair("binary", 2u), Pair("symlink", 1u)));
  EXPECT_EQ(a.errors.size(), 2u);
}

}  // namespace
}  // namespace nhiscan::source
