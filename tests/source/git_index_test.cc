// GitIndex against the index files git itself writes (versions 2, 3 and 4, with and without a
// cache-tree), what it refuses, and damaged files.
#include "scanner/source/git_index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <cstdio>
#include <map>
#include <sstream>

#include "tests/support/git_repo.h"
#include "tests/support/test_support.h"

namespace nhiscan::testing {
namespace {

using source::CacheTreeNode;
using source::GitIndex;
using source::RawOid;
using ::testing::HasSubstr;

std::string Hex(const RawOid& oid) {
  static const char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (uint8_t b : oid) {
    hex += kDigits[b >> 4];
    hex += kDigits[b & 15];
  }
  return hex;
}

class GitIndexTest : public ::testing::Test {
 protected:
  GitIndexTest() : repo_(tmp_.path() + "/repo") {
    repo_.Write("README.md", "# demo\n");
    repo_.Write("a-b", "dash sorts before slash\n");
    repo_.Write("a/x.txt", "x\n");
    repo_.Write("a/deep/er/y.txt", "y\n");
    repo_.Write("a.c", "dot sorts before slash too\n");
    repo_.Write("b/z.sh", "#!/bin/sh\n");
    repo_.Git({"update-index", "--add", "--chmod=+x", "b/z.sh"});
    repo_.Commit("init");
  }

  GitIndex Read() {
    Result<GitIndex> index = GitIndex::Read(repo_.dir() + "/.git/index");
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    return index.ok() ? std::move(index).value() : GitIndex();
  }

  // `git ls-files -s`: "mode oid stage\tpath" per entry, as this reader sees it.
  static std::string Listing(const GitIndex& index) {
    std::ostringstream out;
    for (size_t i = 0; i < index.size(); ++i) {
      const source::IndexEntry e = index.entry(i);
      out << std::oct << e.mode << std::dec << ' ' << Hex(e.oid) << ' ' << int(e.stage) << '\t'
          << e.path << '\n';
    }
    return out.str();
  }

  TempDir tmp_;
  GitRepo repo_;
};

TEST_F(GitIndexTest, EntriesMatchGitInEveryVersion) {
  for (const char* version : {"2", "3", "4"}) {
    repo_.Git({"update-index", "--index-version", version});
    const GitIndex index = Read();
    EXPECT_EQ(Listing(index), repo_.Git({"ls-files", "-s"}) + "\n") << "version " << version;
    ASSERT_EQ(index.size(), 6u);
    EXPECT_EQ(index.entry(0).size, 7u) << "README.md's size, as staged";
  }
}

TEST_F(GitIndexTest, CacheTreeAfterACommitHoldsHeadsTrees) {
  const GitIndex index = Read();
  const CacheTreeNode* root = index.cache_tree();
  ASSERT_NE(root, nullptr);
  EXPECT_TRUE(root->valid);
  EXPECT_EQ(Hex(root->oid), repo_.Rev("HEAD^{tree}"));
  const CacheTreeNode* a = root->Child("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(Hex(a->oid), repo_.Rev("HEAD:a"));
  ASSERT_NE(a->Child("deep"), nullptr);
  ASSERT_NE(a->Child("deep")->Child("er"), nullptr);
  EXPECT_EQ(Hex(a->Child("deep")->Child("er")->oid), repo_.Rev("HEAD:a/deep/er"));
  EXPECT_EQ(root->Child("a/deep"), nullptr) << "children are single path components";
  // Past a's whole subtree (a, deep, er) to its sibling; a leaf has no children.
  ASSERT_NE(root->Child("b"), nullptr);
  EXPECT_EQ(Hex(root->Child("b")->oid), repo_.Rev("HEAD:b"));
  EXPECT_EQ(a->Child("deep")->Child("er")->Child("b"), nullptr);
  EXPECT_EQ(root->Child("zzz"), nullptr);
}

// The index decodes entries from the file as it was read: git replacing it (a new file renamed
// over it) changes nothing for an index already read.
TEST_F(GitIndexTest, AnIndexReadStaysAsItWasWhenGitReplacesTheFile) {
  const GitIndex before = Read();
  const std::string listing = Listing(before);
  repo_.Write("added.txt", "new\n");
  repo_.Git({"add", "added.txt"});
  repo_.Git({"rm", "--cached", "-q", "README.md"});
  EXPECT_EQ(Listing(before), listing);
  EXPECT_NE(Listing(Read()), listing);
}

TEST_F(GitIndexTest, StagingInvalidatesOnlyTheFoldersAbove) {
  repo_.Write("a/deep/er/y.txt", "changed\n");
  repo_.Git({"add", "a/deep/er/y.txt"});
  const GitIndex index = Read();
  const CacheTreeNode* root = index.cache_tree();
  ASSERT_NE(root, nullptr);
  EXPECT_FALSE(root->valid);
  EXPECT_FALSE(root->Child("a")->valid);
  EXPECT_FALSE(root->Child("a")->Child("deep")->Child("er")->valid);
  ASSERT_NE(root->Child("b"), nullptr);
  EXPECT_TRUE(root->Child("b")->valid);
  EXPECT_EQ(Hex(root->Child("b")->oid), repo_.Rev("HEAD:b"));
}

TEST_F(GitIndexTest, IntentToAddAndConflictStagesAreRead) {
  repo_.Write("new.txt", "later\n");
  repo_.Git({"add", "-N", "new.txt"});
  GitIndex index = Read();
  bool saw_intent = false;
  for (size_t i = 0; i < index.size(); ++i) {
    saw_intent |= index.path(i) == "new.txt" && index.entry(i).intent_to_add;
  }
  EXPECT_TRUE(saw_intent);

  repo_.Git({"rm", "--cached", "-q", "new.txt"});
  repo_.Git({"checkout", "-q", "-b", "other"});
  repo_.Write("README.md", "other side\n");
  repo_.Commit("other");
  repo_.Git({"checkout", "-q", "main"});
  repo_.Write("README.md", "main side\n");
  repo_.Commit("main");
  EXPECT_NE(repo_.TryGit({"merge", "-q", "other"}).exit_code, 0);
  index = Read();
  EXPECT_EQ(Listing(index), repo_.Git({"ls-files", "-s"}) + "\n");
  std::vector<int> stages;
  for (size_t i = 0; i < index.size(); ++i) {
    if (index.path(i) == "README.md") stages.push_back(index.entry(i).stage);
  }
  EXPECT_EQ(stages, (std::vector<int>{1, 2, 3}));
}

TEST_F(GitIndexTest, MissingFileIsAnEmptyIndex) {
  Result<GitIndex> index = GitIndex::Read(tmp_.path() + "/no-such-index");
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_TRUE(index->empty());
  EXPECT_EQ(index->cache_tree(), nullptr);
}

TEST_F(GitIndexTest, SplitIndexIsLeftToTheCaller) {
  repo_.Git({"update-index", "--split-index"});
  Result<GitIndex> index = GitIndex::Read(repo_.dir() + "/.git/index");
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kUnsupported) << index.status().ToString();
  EXPECT_THAT(index.status().message(), HasSubstr("link"));
}

TEST_F(GitIndexTest, UnknownVersionIsLeftToTheCaller) {
  std::string bytes = ReadFile(repo_.dir() + "/.git/index");
  bytes[7] = 5;
  Result<GitIndex> index = GitIndex::Parse(bytes);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kUnsupported);
}

// Every truncation and many single-byte changes of real index files: an error or an index,
// never a crash or a read past the end (the sanitizer build runs this too).
TEST_F(GitIndexTest, DamagedFilesAreRefusedCleanly) {
  for (const char* version : {"2", "4"}) {
    repo_.Git({"update-index", "--index-version", version});
    const std::string bytes = ReadFile(repo_.dir() + "/.git/index");
    ASSERT_GT(bytes.size(), 100u);
    for (size_t cut = 0; cut + 20 < bytes.size(); ++cut) {
      Result<GitIndex> index = GitIndex::Parse(std::string_view(bytes).substr(0, cut));
      // Cutting exactly one whole extension off leaves a valid, shorter index; anything else
      // must be refused.
      if (index.ok()) {
        EXPECT_EQ(index->size(), 6u) << "cut at " << cut;
      }
    }
    for (size_t at = 0; at + 20 < bytes.size(); ++at) {
      for (char value : {'\0', '\xff', '/', '-', '9'}) {
        std::string changed = bytes;
        if (changed[at] == value) continue;
        changed[at] = value;
        const bool refused = !GitIndex::Parse(changed).ok();
        // The signature, version and entry count are the structure itself.
        if (at < 12) {
          EXPECT_TRUE(refused) << "byte " << at << " set to " << int(value);
        }
      }
    }
  }
}

// A cache-tree of nested folders each claiming as many subfolders as the bytes left allow: refused
// as damaged without allocating for the claims (that took gigabytes for a 62 KB file).
TEST(GitIndexHostileTest, NestedSubtreeCountsAllocateNothingUpFront) {
  // Each node "a\0-1 NNNNNNN\n" (13 bytes, the root 12) claims as many subfolders as the bytes
  // after it could hold (5 each); 10,000 bytes of filler end the chain.
  constexpr int kDepth = 4000;
  constexpr size_t kFiller = 10000;
  const size_t total = 12 + 13 * size_t{kDepth - 1} + kFiller;
  std::string tree;
  for (int depth = 0; depth < kDepth; ++depth) {
    const size_t left = total - tree.size() - (depth ? 13 : 12);
    char count[24];  // 7 digits: every count here is under 10^7
    std::snprintf(count, sizeof count, "%07zu", left / 5);
    tree += std::string(depth ? "a" : "") + '\0' + "-1 " + count + "\n";
  }
  tree += std::string(kFiller, 'x');
  ASSERT_EQ(tree.size(), total);
  std::string bytes = std::string("DIRC") + std::string("\0\0\0\x02", 4) + std::string(4, '\0');
  bytes += "TREE";
  const uint32_t size = static_cast<uint32_t>(tree.size());
  for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>((size >> shift) & 0xff);
  bytes += tree + std::string(20, '\0');
  struct rusage before, after;
  ::getrusage(RUSAGE_SELF, &before);
  Result<GitIndex> index = GitIndex::Parse(bytes);
  ::getrusage(RUSAGE_SELF, &after);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kParse) << index.status().ToString();
  EXPECT_LT(after.ru_maxrss - before.ru_maxrss, 64 * 1024) << "KiB of peak memory";
}

TEST_F(GitIndexTest, OutOfOrderEntriesAreLeftToTheCaller) {
  repo_.Git({"update-index", "--index-version", "2"});
  std::string bytes = ReadFile(repo_.dir() + "/.git/index");
  // Swap the first two paths' first letters: "README.md" and "a-b" become "aEADME.md", "R-b".
  const size_t first = bytes.find("README.md"), second = bytes.find("a-b");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  std::swap(bytes[first], bytes[second]);
  Result<GitIndex> index = GitIndex::Parse(bytes);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kUnsupported);
}

}  // namespace
}  // namespace nhiscan::testing
