// CountObjects against `git count-objects -v` on repositories git builds at test time: loose,
// packed (index versions 1 and 2), both, borrowed through alternates; and damaged indexes.
#include "scanner/source/object_count.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "tests/support/git_repo.h"
#include "tests/support/test_support.h"

namespace nhiscan::testing {
namespace {

using source::CountObjects;

// "count" (loose) plus "in-pack" from `git count-objects -v`.
uint64_t GitsCount(const GitRepo& repo) {
  std::istringstream lines(repo.Git({"count-objects", "-v"}));
  uint64_t total = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("count: ", 0) == 0) total += std::stoull(line.substr(7));
    if (line.rfind("in-pack: ", 0) == 0) total += std::stoull(line.substr(9));
  }
  return total;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

class ObjectCountTest : public ::testing::Test {
 protected:
  ObjectCountTest() : repo_(tmp_.path() + "/repo") {
    for (int i = 0; i < 5; ++i) {
      repo_.Write("dir" + std::to_string(i % 2) + "/file" + std::to_string(i) + ".txt",
                  "content " + std::to_string(i) + "\n");
      repo_.Commit("commit " + std::to_string(i));
    }
  }
  std::string Objects() const { return repo_.dir() + "/.git/objects"; }
  std::string OnlyIndex() const {
    for (const auto& e : std::filesystem::directory_iterator(Objects() + "/pack")) {
      if (e.path().extension() == ".idx") return e.path().string();
    }
    return "";
  }

  TempDir tmp_;
  GitRepo repo_;
};

TEST_F(ObjectCountTest, LooseObjects) {
  const uint64_t expected = GitsCount(repo_);
  ASSERT_GT(expected, 15u);
  EXPECT_EQ(CountObjects(Objects()), expected);
}

TEST_F(ObjectCountTest, PackedObjectsWithIndexVersions1And2) {
  for (const char* version : {"2", "1"}) {
    repo_.Git({"-c", std::string("pack.indexVersion=") + version, "repack", "-adq"});
    repo_.Git({"prune-packed"});
    EXPECT_EQ(CountObjects(Objects()), GitsCount(repo_)) << "index version " << version;
  }
}

TEST_F(ObjectCountTest, PackedAndLooseTogether) {
  repo_.Git({"repack", "-adq"});
  repo_.Git({"prune-packed"});
  repo_.Write("new.txt", "added after the pack\n");
  repo_.Commit("loose again");
  EXPECT_EQ(CountObjects(Objects()), GitsCount(repo_));
}

TEST_F(ObjectCountTest, AlternatesAreCountedOnceEvenInACycle) {
  const uint64_t own = GitsCount(repo_);
  GitRepo borrower(tmp_.path() + "/borrower");
  borrower.Write("mine.txt", "only here\n");
  borrower.Commit("mine");
  const uint64_t borrowed = GitsCount(borrower);
  const std::string borrower_objects = borrower.dir() + "/.git/objects";
  std::filesystem::create_directories(borrower_objects + "/info");
  std::ofstream(borrower_objects + "/info/alternates") << "# a comment\n" << Objects() << "\n";
  EXPECT_EQ(CountObjects(borrower_objects), borrowed + own);
  // And back: each folder is counted once.
  std::filesystem::create_directories(Objects() + "/info");
  std::ofstream(Objects() + "/info/alternates") << "../../../borrower/.git/objects\n";
  EXPECT_EQ(CountObjects(borrower_objects), borrowed + own);
  EXPECT_EQ(CountObjects(Objects()), borrowed + own);
}

TEST_F(ObjectCountTest, AFifoForAlternatesIsNotWaitedOn) {
  const uint64_t expected = GitsCount(repo_);  // git itself would wait on the FIFO
  std::filesystem::create_directories(Objects() + "/info");
  ASSERT_EQ(mkfifo((Objects() + "/info/alternates").c_str(), 0600), 0);
  EXPECT_EQ(CountObjects(Objects()), expected);
}

TEST_F(ObjectCountTest, DamagedIndexesCountAsNothing) {
  repo_.Git({"repack", "-adq"});
  repo_.Git({"prune-packed"});
  const std::string index = OnlyIndex();
  ASSERT_FALSE(index.empty());
  ASSERT_GT(CountObjects(Objects()), 0u);
  std::filesystem::permissions(index, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  const std::string original = ReadFile(index);

  // Claims four billion objects in a file of a few hundred bytes.
  std::string inflated = original;
  for (int i = 0; i < 4; ++i) inflated[8 + 255 * 4 + i] = '\xff';
  WriteFile(index, inflated);
  EXPECT_EQ(CountObjects(Objects()), 0u);

  WriteFile(index, original.substr(0, original.size() / 2));
  EXPECT_EQ(CountObjects(Objects()), 0u);
  // The header and fanout are whole, the entries are not.
  WriteFile(index, original.substr(0, 8 + 256 * 4 + 20));
  EXPECT_EQ(CountObjects(Objects()), 0u);

  // Sized for four billion entries, but sparse: the bytes are not there.
  WriteFile(index, inflated);
  std::filesystem::resize_file(index, (uint64_t{1} << 32) * 28 + 2048);
  EXPECT_EQ(CountObjects(Objects()), 0u);

  std::string version3 = original;
  version3[7] = 3;
  WriteFile(index, version3);
  EXPECT_EQ(CountObjects(Objects()), 0u);

  WriteFile(index, original);
  EXPECT_EQ(CountObjects(Objects()), GitsCount(repo_));

  // As git does, an index without its pack is ignored.
  const std::string pack = index.substr(0, index.size() - 4) + ".pack";
  std::filesystem::rename(pack, pack + ".away");
  EXPECT_EQ(CountObjects(Objects()), 0u);
  std::filesystem::rename(pack + ".away", pack);
  EXPECT_EQ(CountObjects(Objects()), GitsCount(repo_));
}

// A repository's alternates are read five levels deep, as git reads them.
TEST(ObjectCountAlternatesTest, ChainsAreFollowedAsDeepAsGitFollowsThem) {
  TempDir tmp;
  std::vector<std::unique_ptr<GitRepo>> chain;
  for (int i = 0; i < 8; ++i) {
    chain.push_back(std::make_unique<GitRepo>(tmp.path() + "/r" + std::to_string(i)));
    chain.back()->Write("own.txt", "repository " + std::to_string(i) + "\n");
    chain.back()->Commit("own");  // a blob, a tree and a commit each
    if (i > 0) {
      const std::string info = chain[i - 1]->dir() + "/.git/objects/info";
      std::filesystem::create_directories(info);
      std::ofstream(info + "/alternates") << chain[i]->dir() << "/.git/objects\n";
    }
  }
  // r0's own store, and the alternates files of depths 0 to 5: r1 to r6.
  EXPECT_EQ(CountObjects(chain[0]->dir() + "/.git/objects"), 7u * 3);
}

TEST(ObjectCountMissingTest, AFolderThatIsNotThereCountsNothing) {
  TempDir tmp;
  EXPECT_EQ(CountObjects(tmp.path() + "/absent"), 0u);
}

}  // namespace
}  // namespace nhiscan::testing
