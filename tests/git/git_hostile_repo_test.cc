// Hostile and damaged repositories through the real binary: corrupt and truncated packs, bad and
// looping refs, a .git file pointing elsewhere, configuration includes that would block, and a
// repository owned by another user. Never a crash or a hang; less scanned than asked is exit 2.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/git/git_test_util.h"
#include "tests/support/hostile.h"

namespace nhiscan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class GitHostileRepoTest : public ::testing::Test {
 protected:
  GitHostileRepoTest() : repo_(tmp_.path() + "/repo") {}

  // A history of a few commits, packed, with a secret in the first.
  void MakePackedHistory() {
    repo_.Write("app.env", SecretLine(secret_));
    added_ = repo_.Commit("init");
    for (int i = 0; i < 5; ++i) {
      repo_.Write("notes" + std::to_string(i) + ".txt", std::string(3000, 'a' + i) + "\n");
      repo_.Commit("notes " + std::to_string(i));
    }
    repo_.Git({"gc", "-q", "--aggressive"});
    for (const auto& entry : fs::directory_iterator(repo_.dir() + "/.git/objects/pack")) {
      if (entry.path().extension() == ".pack") pack_ = entry.path().string();
    }
    ASSERT_FALSE(pack_.empty());
  }

  void Overwrite(const std::string& path, size_t offset, const std::string& bytes) {
    ::chmod(path.c_str(), 0644);
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

  TempDir tmp_;
  GitRepo repo_;
  Synth synth_{99};
  std::string secret_ = synth_.ConsumerSecretHex(), added_, pack_;
};

TEST_F(GitHostileRepoTest, CorruptPackIsAnErrorNotACrash) {
  MakePackedHistory();
  const auto size = fs::file_size(pack_);
  Overwrite(pack_, size / 2, std::string(256, '\xff'));
  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("nhiscan: error"));
}

TEST_F(GitHostileRepoTest, TruncatedPackIsAnErrorNotACrash) {
  MakePackedHistory();
  fs::resize_file(pack_, fs::file_size(pack_) / 3);
  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

TEST_F(GitHostileRepoTest, GarbagePackIndexIsAnErrorNotACrash) {
  MakePackedHistory();
  const std::string index = pack_.substr(0, pack_.size() - 5) + ".idx";
  Overwrite(index, 8, std::string(1024, '\x7f'));
  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

TEST_F(GitHostileRepoTest, LoopingAndMalformedRefsAreReportedAndTheRestIsScanned) {
  repo_.Write("app.env", SecretLine(secret_));
  added_ = repo_.Commit("init");
  repo_.Write(".git/refs/heads/loop-a", "ref: refs/heads/loop-b\n");
  repo_.Write(".git/refs/heads/loop-b", "ref: refs/heads/loop-a\n");
  repo_.Write(".git/refs/heads/garbage", "not an object id at all\n");
  repo_.Write(".git/refs/tags/escape", "ref: ../../../../etc/passwd\n");
  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret_, added_, true)));
}

TEST_F(GitHostileRepoTest, GarbageHeadStillScansEveryRef) {
  // HEAD only tells which secrets are still in the tree; the sweep walks every ref regardless.
  repo_.Write("app.env", SecretLine(secret_));
  added_ = repo_.Commit("init");
  repo_.Write(".git/HEAD", std::string("\x1b[2J garbage\n"));
  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret_, added_, false)));
}

TEST_F(GitHostileRepoTest, DotGitFileThatPointsNowhereIsAnError) {
  const std::string tree = tmp_.path() + "/tree";
  fs::create_directories(tree);
  std::ofstream(tree + "/.git") << "gitdir: " << tmp_.path() << "/does/not/exist\n";
  GitReport r = History(tree);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  GitReport staged = Staged(tree);
  EXPECT_EQ(staged.exit_code, 2) << staged.out << staged.err;
}

TEST_F(GitHostileRepoTest, DotGitFileThatPointsElsewhereScansWhatItPointsTo) {
  // Like git itself: a work tree whose .git file names another git folder (a linked worktree,
  // a submodule) is that repository. nhiscan only reads it.
  repo_.Write("app.env", SecretLine(secret_));
  added_ = repo_.Commit("init");
  const std::string tree = tmp_.path() + "/tree";
  fs::create_directories(tree);
  std::ofstream(tree + "/.git") << "gitdir: " << repo_.dir() << "/.git\n";
  GitReport r = History(tree);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret_, added_, true)));
}

// A FIFO where libgit2 expects a file would make open(2) wait forever for a writer: such a
// repository is refused up front (exit 2, the file named), wherever the FIFO hides.
class GitFifoTest : public GitHostileRepoTest,
                    public ::testing::WithParamInterface<std::string> {};

TEST_P(GitFifoTest, RepositoryWithAFifoIsRefusedNotHung) {
  repo_.Write("app.env", SecretLine(secret_));
  repo_.Commit("init");
  const std::string fifo_dir = tmp_.path() + "/elsewhere";
  fs::create_directories(fifo_dir + "/objects/info");
  std::string fifo;
  const std::string where = GetParam();
  if (where == "include") {
    fifo = fifo_dir + "/fifo.cfg";
    std::ofstream(repo_.dir() + "/.git/config", std::ios::app)
        << "[includeIf \"gitdir:/\"]\n\tpath = " << fifo << "\n";
  } else if (where == "alternate") {
    fifo = fifo_dir + "/objects/pack";
    std::ofstream(repo_.dir() + "/.git/objects/info/alternates") << fifo_dir << "/objects\n";
  } else if (where == "loose-object") {
    const std::string blob = repo_.Rev("HEAD:app.env");
    fifo = repo_.dir() + "/.git/objects/" + blob.substr(0, 2) + "/" + blob.substr(2);
    fs::remove(fifo);
  } else if (where == "symlinked") {
    fifo = fifo_dir + "/packed";
    fs::create_symlink(fifo, repo_.dir() + "/.git/packed-refs");
  } else {
    fifo = repo_.dir() + "/.git/" + where;
    fs::remove(fifo);
  }
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0) << fifo;
  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("is not a regular file"));
  GitReport staged = Staged(repo_.dir());
  EXPECT_EQ(staged.exit_code, 2) << staged.out << staged.err;
}

INSTANTIATE_TEST_SUITE_P(Places, GitFifoTest,
                         ::testing::Values("packed-refs", "config", "index", "include",
                                           "alternate", "loose-object", "symlinked"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

TEST_F(GitHostileRepoTest, RepositoryOwnedByAnotherUserIsScanned) {
  // Decision (README "Hardening"): git refuses to work in a repository another user owns
  // (safe.directory) because it would run that user's configured programs; nhiscan runs none
  // (git_hostile_config_test.cc) and only reads objects, so it scans such repositories.
  if (::geteuid() != 0) GTEST_SKIP() << "changing a repository's owner needs root";
  repo_.Write("app.env", SecretLine(secret_));
  added_ = repo_.Commit("init");
  const std::string staged = synth_.ConsumerSecretHex();
  repo_.Write("staged.env", SecretLine(staged));
  repo_.Git({"add", "staged.env"});
  for (const auto& entry : fs::recursive_directory_iterator(tmp_.path())) {
    ::lchown(entry.path().c_str(), 4242, 4242);
    if (!entry.is_symlink()) ::chmod(entry.path().c_str(), entry.is_directory() ? 0755 : 0644);
  }
  ::chown(tmp_.path().c_str(), 4242, 4242);
  ::chmod(tmp_.path().c_str(), 0755);

  // Root scanning a repository owned by uid 4242.
  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret_, added_, true)));
  GitReport index = Staged(repo_.dir());
  EXPECT_EQ(index.exit_code, 1) << index.out << index.err;

  // Another unprivileged user (uid 4343) scanning it: the same result.
  CommandResult other = RunProgram(
      {"setpriv", "--reuid=4343", "--regid=4343", "--clear-groups", NHISCAN_BINARY, "git",
       repo_.dir(), "--format", "json", "--cache-dir", "none", "--progress", "never"},
      {});
  EXPECT_EQ(other.exit_code, 1) << other.out << other.err;
  Json doc = ParseOrNull(other.out);
  ASSERT_TRUE(doc.is_object()) << other.err;
  EXPECT_EQ(doc["findings"].size(), 1u);
}

TEST_F(GitHostileRepoTest, BlobOverTheMemoryBudgetMakesTheSweepIncomplete) {
  repo_.Write("small.env", SecretLine(secret_));
  repo_.Write("large.txt", std::string(3 << 20, 'x') + "\n");
  added_ = repo_.Commit("init");
  // 4 MiB budget: half of it (2 MiB) for the blobs being scanned.
  GitReport r = History(repo_.dir(), {"--max-memory", "4MiB", "--threads", "1"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "small.env", 1, secret_, added_, true)));
  EXPECT_EQ(r.stats()["limits_hit"]["memory"], 1);
  ASSERT_EQ(r.stats()["errors"].size(), 1u);
  EXPECT_EQ(r.stats()["errors"][0]["path"], "large.txt");
  EXPECT_THAT(r.stats()["errors"][0]["message"].get<std::string>(), HasSubstr("--max-memory"));

  GitReport enough = History(repo_.dir(), {"--max-memory", "64MiB", "--threads", "1"});
  EXPECT_EQ(enough.exit_code, 1) << enough.err;
  EXPECT_TRUE(enough.stats()["limits_hit"].empty());
}

// Blobs that each fit the budget but not all at once: the threads take turns, nothing is lost.
TEST_F(GitHostileRepoTest, BlobsThatFitOnlyOneAtATimeAreAllScanned) {
  std::vector<std::string> secrets;
  for (int i = 0; i < 6; ++i) {
    secrets.push_back(synth_.ConsumerSecretHex());
    repo_.Write("big" + std::to_string(i) + ".txt",
                std::string(3 << 20, 'x') + "\n" + SecretLine(secrets.back()));
  }
  added_ = repo_.Commit("big files");
  // 8 MiB budget: 4 MiB for blobs in flight, room for one 3 MiB blob at a time among 4 threads.
  GitReport r = History(repo_.dir(), {"--max-memory", "8MiB", "--threads", "4"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(r.stats()["limits_hit"].empty());
  EXPECT_TRUE(r.stats()["errors"].empty());
  EXPECT_EQ(r.findings().size(), secrets.size());
}

}  // namespace
}  // namespace nhiscan::testing
