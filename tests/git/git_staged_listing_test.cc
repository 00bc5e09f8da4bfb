// The staged listing (the index read by GitIndex, HEAD's folders skipped where the cache-tree
// says they are unchanged) against git's own answer, `git diff --cached`, after each step of
// random sequences of what people do to an index: add, edit, remove, move, chmod, symlinks,
// `add -N`, folders replaced by files, resets (soft ones leave a cache-tree that differs from
// HEAD), write-tree, read-tree, commits, index versions 2 to 4; and a split index. HEAD's blob set,
// derived from the same listing, is checked against `git ls-tree -r HEAD` at every step.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <set>
#include <sstream>
#include <utility>

#include "scanner/source/git.h"
#include "tests/support/git_repo.h"
#include "tests/support/test_support.h"

namespace nhiscan::testing {
namespace {

using Listing = std::vector<std::pair<std::string, std::string>>;  // (path, blob)

// Paths chosen to trip a folder-by-folder comparison: '-' and '.' sort before '/', a file and a
// folder share a name, folders nest deep.
const std::vector<std::string> kPaths = {
    "README.md", "a-b",     "a.c",         "a/x",     "a/b",       "a/b-c", "a/b.d/e",
    "a/b/c",     "a/b/c-d", "a/b/c/d/e/f", "ab",      "b/z.sh",    "b/y",   "c/one/two/three",
    "c/one-two", "c/onez",  "d",           "d0/file", "e/f/g/h/i", "e/f2",  ".env"};

// What git would commit that HEAD does not have: added, modified or type-changed regular files.
Listing GitsListing(const GitRepo& repo) {
  const std::string raw = repo.Git({"diff", "--cached", "--raw", "--no-renames", "--no-abbrev",
                                    "-z", "--ignore-submodules=all"});
  Listing listed;
  // ":oldmode newmode oldid newid STATUS\0path\0" per change.
  size_t at = 0;
  while (at < raw.size()) {
    const size_t meta_end = raw.find('\0', at);
    const size_t path_end = raw.find('\0', meta_end + 1);
    const std::string meta = raw.substr(at, meta_end - at);
    const std::string path = raw.substr(meta_end + 1, path_end - meta_end - 1);
    at = path_end == std::string::npos ? raw.size() : path_end + 1;
    std::istringstream fields(meta.substr(1));
    std::string old_mode, new_mode, old_id, new_id, status;
    fields >> old_mode >> new_mode >> old_id >> new_id >> status;
    if (status != "A" && status != "M" && status != "T") continue;
    if (new_mode == "120000" || new_mode == "160000") continue;
    listed.emplace_back(path, new_id);
  }
  return listed;
}

struct Nhiscans {
  Listing listing;
  std::unique_ptr<source::GitSource> git;  // kept for HeadHasBlob
};

Nhiscans NhiscansListing(const GitRepo& repo) {
  source::GitOptions options;
  options.repo = repo.dir();
  options.mode = source::GitOptions::Mode::kStaged;
  Result<std::unique_ptr<source::GitSource>> git = source::GitSource::Open(options);
  EXPECT_TRUE(git.ok()) << git.status().ToString();
  Nhiscans result;
  if (!git.ok()) return result;
  result.git = std::move(git).value();
  source::Diagnostics diagnostics;
  const Status status = result.git->Enumerate(
      [&](source::Item item) { result.listing.emplace_back(item.path, item.locator); },
      &diagnostics);
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_TRUE(diagnostics.errors.empty());
  return result;
}

class StagedListingTest : public ::testing::TestWithParam<int> {
 protected:
  StagedListingTest() : repo_(tmp_.path() + "/repo"), rng_(GetParam()) {}

  const std::string& AnyPath() { return kPaths[rng_() % kPaths.size()]; }

  // Makes room for a file at `path`: what stands there (a folder) or above it (a file where a
  // folder must be) leaves the index and the work tree.
  void MakeRoom(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (size_t slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      const std::string parent = path.substr(0, slash);
      const fs::file_status status = fs::symlink_status(repo_.dir() + "/" + parent, ec);
      if (fs::exists(status) && !fs::is_directory(status)) {
        repo_.TryGit({"rm", "-q", "--cached", "--ignore-unmatch", "--", parent});
        fs::remove(repo_.dir() + "/" + parent, ec);
      }
    }
    repo_.TryGit({"rm", "-r", "-q", "--cached", "--ignore-unmatch", "--", path});
    fs::remove_all(repo_.dir() + "/" + path, ec);
  }

  void WriteAndAdd(const std::string& path) {
    MakeRoom(path);
    repo_.Write(path, "content " + std::to_string(rng_() % 4) + "\n");
    repo_.Git({"add", "--", path});
  }

  std::vector<std::string> Tracked() {
    std::vector<std::string> paths;
    std::istringstream in(repo_.Git({"ls-files"}));
    for (std::string line; std::getline(in, line);) paths.push_back(line);
    return paths;
  }

  // One random thing people do; returns its description for failure messages.
  std::string RandomStep() {
    const std::vector<std::string> tracked = Tracked();
    const std::string path =
        tracked.empty() || rng_() % 3 == 0 ? AnyPath() : tracked[rng_() % tracked.size()];
    switch (rng_() % 15) {
      case 0:
      case 1:
      case 2:
        WriteAndAdd(path);
        return "add " + path;
      case 3:
        repo_.TryGit({"rm", "-q", "--cached", "--ignore-unmatch", "--", path});
        return "rm --cached " + path;
      case 4: {
        const std::string to = AnyPath();
        if (repo_.TryGit({"mv", "-k", "--", path, to}).exit_code == 0) return "mv " + path;
        return "mv (refused)";
      }
      case 5:
        repo_.TryGit({"update-index", rng_() % 2 ? "--chmod=+x" : "--chmod=-x", "--", path});
        return "chmod " + path;
      case 6: {
        const std::string link = AnyPath();
        MakeRoom(link);
        std::filesystem::create_directories(
            std::filesystem::path(repo_.dir() + "/" + link).parent_path());
        std::filesystem::create_symlink("README.md", repo_.dir() + "/" + link);
        repo_.TryGit({"add", "--", link});
        return "symlink " + link;
      }
      case 7:
        MakeRoom(path);
        repo_.Write(path, "not yet\n");
        repo_.TryGit({"add", "-N", "--", path});
        return "add -N " + path;
      case 8:
        repo_.Git({"commit", "-q", "--allow-empty", "-m", "step"});
        return "commit";
      case 9:
        repo_.Git({"reset", "-q"});
        return "reset";
      case 10: {
        const char* version = rng_() % 3 == 0 ? "2" : rng_() % 2 ? "3" : "4";
        repo_.Git({"update-index", "--index-version", version});
        return std::string("index version ") + version;
      }
      // These leave valid cache-tree ids that differ from HEAD's.
      case 11:
        repo_.Git({"write-tree"});
        return "write-tree";
      case 12:
        repo_.TryGit({"reset", "-q", "--soft", "HEAD~1"});
        return "reset --soft HEAD~1";
      case 13:
        repo_.TryGit({"read-tree", "HEAD~1"});
        return "read-tree HEAD~1";
      default:
        repo_.TryGit({"reset", "-q", "--", path});
        return "reset " + path;
    }
  }

  void ExpectSameAsGit(const std::string& step) {
    const Listing expected = GitsListing(repo_);
    Nhiscans got = NhiscansListing(repo_);
    ASSERT_EQ(got.listing, expected) << "after " << step;
    if (!got.git) return;
    std::set<std::string> in_head;
    std::istringstream tree(repo_.TryGit({"ls-tree", "-r", "HEAD"}).out);
    for (std::string mode, type, id, path;
         tree >> mode >> type >> id && std::getline(tree, path);) {
      if (type == "blob") in_head.insert(id);
    }
    for (const std::string& id : in_head) {
      EXPECT_TRUE(got.git->HeadHasBlob(id)) << id << " after " << step;
    }
    for (const auto& [path, id] : got.listing) {
      EXPECT_EQ(got.git->HeadHasBlob(id), in_head.count(id) > 0) << path << " after " << step;
    }
  }

  TempDir tmp_;
  GitRepo repo_;
  std::mt19937 rng_;
};

TEST_P(StagedListingTest, MatchesGitDiffCachedAfterEveryStep) {
  for (const std::string& path : kPaths) {
    if (path != "a/b" && path != "a/b/c" && path != "d0/file") repo_.Write(path, "first\n");
  }
  repo_.Commit("init");
  ExpectSameAsGit("init");
  std::string history;
  for (int step = 0; step < 40 && !HasFatalFailure(); ++step) {
    history += RandomStep() + "; ";
    ExpectSameAsGit(history);
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, StagedListingTest, ::testing::Range(1, 6));

// One committed file in each of two folders: a/x and b/y.
void CommitTwoFolders(GitRepo& repo) {
  repo.Write("a/x", "one\n");
  repo.Write("b/y", "two\n");
  repo.Commit("init");
}

// A split index (core.splitIndex) is left by GitIndex to libgit2, which cannot read one either:
// the scan stops with an error that says why, rather than listing nothing.
TEST(StagedListingFallbackTest, SplitIndexIsAClearError) {
  TempDir tmp;
  GitRepo repo(tmp.path() + "/repo");
  CommitTwoFolders(repo);
  repo.Git({"update-index", "--split-index"});
  repo.Write("a/x", "changed\n");
  repo.Write("c/z", "new\n");
  repo.Git({"add", "a/x", "c/z"});
  ASSERT_EQ(GitsListing(repo).size(), 2u);
  source::GitOptions options;
  options.repo = repo.dir();
  options.mode = source::GitOptions::Mode::kStaged;
  Result<std::unique_ptr<source::GitSource>> git = source::GitSource::Open(options);
  ASSERT_FALSE(git.ok());
  EXPECT_THAT(git.status().message(), ::testing::HasSubstr("'link'"));
}

// A branch that points at an annotated tag (git peels it to the commit).
TEST(StagedListingPeelTest, HeadThroughAnAnnotatedTag) {
  TempDir tmp;
  GitRepo repo(tmp.path() + "/repo");
  CommitTwoFolders(repo);
  repo.Git({"tag", "-a", "-m", "release", "v1"});
  // git update-ref refuses a non-commit on a branch; other tools write such refs.
  repo.Write(".git/refs/heads/main", repo.Rev("refs/tags/v1") + "\n");
  repo.Write("a/x", "changed\n");
  repo.Git({"add", "a/x"});
  const Listing expected = GitsListing(repo);
  ASSERT_EQ(expected.size(), 1u);
  Nhiscans got = NhiscansListing(repo);
  EXPECT_EQ(got.listing, expected);
  ASSERT_TRUE(got.git);
  EXPECT_TRUE(got.git->HeadHasBlob(repo.Rev("HEAD:b/y")));
}

// Folders nested deeper than the listing recurses (256) are compared path by path below that.
TEST(StagedListingDeepTest, FoldersNestedHundredsDeep) {
  TempDir tmp;
  GitRepo repo(tmp.path() + "/repo");
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "d/";
  repo.Write(deep + "same", "unchanged\n");
  repo.Write(deep + "edited", "before\n");
  repo.Write(deep.substr(0, 400) + "middle", "before\n");
  repo.Commit("init");
  repo.Write(deep + "edited", "after\n");
  repo.Write(deep + "added", "new\n");
  repo.Git({"add", "-A"});
  const Listing expected = GitsListing(repo);
  ASSERT_EQ(expected.size(), 2u);
  Nhiscans got = NhiscansListing(repo);
  EXPECT_EQ(got.listing, expected);
  ASSERT_TRUE(got.git);
  EXPECT_TRUE(got.git->HeadHasBlob(repo.Rev("HEAD:" + deep + "same")));
  EXPECT_TRUE(got.git->HeadHasBlob(repo.Rev("HEAD:" + deep.substr(0, 400) + "middle")));
  EXPECT_FALSE(got.git->HeadHasBlob(repo.Rev(":" + deep + "added")));
}

}  // namespace
}  // namespace nhiscan::testing
