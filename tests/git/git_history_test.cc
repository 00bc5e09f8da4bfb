// End-to-end tests of `nhiscan git`: history sweeps, CI ranges, provenance, and damaged or partial
// repositories. Repositories are built with the git CLI.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "tests/git/git_test_util.h"

namespace nhiscan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class GitHistoryTest : public ::testing::Test {
 protected:
  GitHistoryTest() : repo_(tmp_.path() + "/repo") {}

  std::string Secret() { return synth_.ConsumerSecretHex(); }

  TempDir tmp_;
  GitRepo repo_;
  Synth synth_{7};
};

TEST_F(GitHistoryTest, SecretAddedThenDeletedIsFoundOnceAtTheCommitThatAddedIt) {
  const std::string secret = Secret();
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  repo_.Write(".env", "MODE=dev\n" + SecretLine(secret));
  const std::string added = repo_.Commit("add env");
  const std::string added_date = repo_.NowIso();
  repo_.Remove(".env");
  repo_.Commit("remove env");

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, ".env", 2, secret, added, /*in_head=*/false)));
  ASSERT_EQ(r.findings().size(), 1u);
  const Json& f = r.findings()[0];
  EXPECT_EQ(f["column"], 18);
  EXPECT_EQ(f["source"]["kind"], "git");
  EXPECT_EQ(f["source"]["author"], "Ada Author <ada@example.com>");
  EXPECT_EQ(f["source"]["date"], added_date);
  EXPECT_EQ(f["source"]["blob"], repo_.Rev(added + ":.env"));
  EXPECT_EQ(r.stats()["blobs"], 2);  // README.md and the one version of .env
  EXPECT_EQ(r.stats()["errors"], Json::array());
}

TEST_F(GitHistoryTest, SecretStillPresentAtHeadIsMarkedSo) {
  const std::string secret = Secret();
  repo_.Write("config/app.env", SecretLine(secret));
  const std::string added = repo_.Commit("add config");
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("readme");

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r), ElementsAre(Expect(kConsumerSecret, "config/app.env", 1, secret, added,
                                               /*in_head=*/true)));
}

TEST_F(GitHistoryTest, CleanHistoryExitsZero) {
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  repo_.Write("src/main.c", "int main(void) { return 0; }\n");
  repo_.Commit("code");
  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(Described(r), IsEmpty());
  EXPECT_EQ(r.stats()["blobs"], 2);
}

TEST_F(GitHistoryTest, EmptyRepositoryIsClean) {
  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.stats()["blobs"], 0);
}

TEST_F(GitHistoryTest, SameBlobOnTwoBranchesATagAndTwoPathsIsScannedOnce) {
  const std::string secret = Secret();
  repo_.Write("README.md", "# demo\n");
  repo_.Write("app.env", SecretLine(secret));
  const std::string first = repo_.Commit("init");
  repo_.Git({"tag", "-a", "-m", "release 1", "v1"});
  repo_.Git({"branch", "release"});
  repo_.Write("notes.txt", "notes\n");
  repo_.Commit("notes");
  repo_.Git({"checkout", "-q", "release"});
  repo_.Write("copy.env", SecretLine(secret));  // the very same blob at another path
  repo_.Commit("copy");
  repo_.Git({"checkout", "-q", "main"});

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret, first, /*in_head=*/true)));
  EXPECT_EQ(r.stats()["blobs"], 3);  // README.md, app.env (= copy.env), notes.txt
  EXPECT_EQ(r.stats()["files"], 3);
  EXPECT_EQ(History(repo_.dir()).out, r.out);  // same input, same bytes
}

TEST_F(GitHistoryTest, SecretOnlyOnASideBranch) {
  const std::string secret = Secret();
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  repo_.Git({"checkout", "-q", "-b", "side"});
  repo_.Write("side.env", SecretLine(secret));
  const std::string side = repo_.Commit("side work");
  repo_.Git({"checkout", "-q", "main"});

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "side.env", 1, secret, side, /*in_head=*/false)));
}

TEST_F(GitHistoryTest, SecretOnlyInARemoteTrackingBranch) {
  const std::string secret = Secret();
  GitRepo upstream(tmp_.path() + "/upstream");
  upstream.Write("README.md", "# demo\n");
  upstream.Commit("init");
  repo_.Git({"remote", "add", "origin", upstream.dir()});
  repo_.Git({"fetch", "-q", "origin"});
  repo_.Git({"checkout", "-q", "-b", "main", "origin/main"});
  upstream.Write("remote.env", SecretLine(secret));
  const std::string remote_commit = upstream.Commit("upstream secret");
  repo_.Git({"fetch", "-q", "origin"});  // only refs/remotes/origin/main sees it

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r), ElementsAre(Expect(kConsumerSecret, "remote.env", 1, secret,
                                               remote_commit, /*in_head=*/false)));
}

TEST_F(GitHistoryTest, SecretOnlyInATag) {
  const std::string secret = Secret();
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  repo_.Git({"checkout", "-q", "--detach"});
  repo_.Write("tagged.env", SecretLine(secret));
  const std::string tagged = repo_.Commit("tagged only");
  repo_.Git({"tag", "-a", "-m", "annotated", "v0.9"});
  repo_.Git({"checkout", "-q", "main"});

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r), ElementsAre(Expect(kConsumerSecret, "tagged.env", 1, secret, tagged,
                                               /*in_head=*/false)));
}

TEST_F(GitHistoryTest, SecretOnlyInTheStash) {
  const std::string secret = Secret();
  repo_.Write(".env", "MODE=dev\n");
  repo_.Commit("init");
  repo_.Write(".env", "MODE=dev\n" + SecretLine(secret));
  repo_.Tick();
  repo_.Git({"stash", "push", "-q"});
  ASSERT_EQ(repo_.Git({"status", "--porcelain"}), "");

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // The change was never staged, so the stash's work-tree commit is the one that holds it.
  EXPECT_THAT(Described(r), ElementsAre(Expect(kConsumerSecret, ".env", 2, secret,
                                               repo_.Rev("refs/stash"), /*in_head=*/false)));
}

TEST_F(GitHistoryTest, TagsPointingAtATreeOrABlobAreScanned) {
  const std::string tree_secret = Secret(), blob_secret = Secret();
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  repo_.Write("loose.env", SecretLine(tree_secret));
  const std::string tree_blob = repo_.Git({"hash-object", "-w", "loose.env"});
  const std::string tree = repo_.Git({"mktree"}, {}, "100644 blob " + tree_blob + "\tleak.env\n");
  repo_.Git({"tag", "-a", "-m", "a tree", "tree-tag", tree});
  repo_.Write("loose.env", SecretLine(blob_secret));
  const std::string blob = repo_.Git({"hash-object", "-w", "loose.env"});
  repo_.Git({"tag", "blob-tag", blob});
  repo_.Remove("loose.env");

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // No commit introduced either: a tree is reported by its paths, a bare blob by its ref.
  EXPECT_THAT(Described(r),
              ::testing::UnorderedElementsAre(
                  Expect(kConsumerSecret, "leak.env", 1, tree_secret, "", false),
                  Expect(kConsumerSecret, "refs/tags/blob-tag", 1, blob_secret, "", false)));
}

TEST_F(GitHistoryTest, MergeCommitThatResolvesAConflictWithASecret) {
  const std::string secret = Secret();
  repo_.Write("config.env", "MODE=a\n");
  const std::string base = repo_.Commit("init");
  repo_.Git({"checkout", "-q", "-b", "side"});
  repo_.Write("config.env", "MODE=b\n");
  repo_.Commit("side");
  repo_.Git({"checkout", "-q", "main"});
  repo_.Write("config.env", "MODE=c\n");
  const std::string main_tip = repo_.Commit("main");
  repo_.Tick();
  EXPECT_NE(repo_.TryGit({"merge", "-q", "side"}).exit_code, 0);  // conflicts
  repo_.Write("config.env", "MODE=d\n" + SecretLine(secret));
  const std::string merge = repo_.Commit("merge side");
  ASSERT_EQ(repo_.Git({"rev-list", "--parents", "-n1", "HEAD"}).size(), 3 * 40 + 2u);

  const std::string expected = Expect(kConsumerSecret, "config.env", 2, secret, merge, true);
  GitReport sweep = History(repo_.dir());
  EXPECT_EQ(sweep.exit_code, 1) << sweep.err;
  EXPECT_THAT(Described(sweep), ElementsAre(expected));

  // CI ranges include what a merge itself introduces.
  GitReport range = History(repo_.dir(), {"--range", main_tip + "..HEAD"});
  EXPECT_EQ(range.exit_code, 1) << range.err;
  EXPECT_THAT(Described(range), ElementsAre(expected));
  GitReport whole = History(repo_.dir(), {"--range", base + "..HEAD"});
  EXPECT_THAT(Described(whole), ElementsAre(expected));
}

TEST_F(GitHistoryTest, RenamedFileIsOneFindingStillInHead) {
  const std::string secret = Secret();
  repo_.Write("old.env", SecretLine(secret));
  const std::string added = repo_.Commit("add");
  repo_.Git({"mv", "old.env", "prod.env"});
  repo_.CommitStaged("rename");

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // Reported where it was introduced; the secret is still in HEAD (as prod.env).
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "old.env", 1, secret, added, /*in_head=*/true)));
}

TEST_F(GitHistoryTest, EditingAFileAroundAnOldSecretDoesNotReportItAgain) {
  const std::string secret = Secret();
  repo_.Write("app.env", SecretLine(secret));
  const std::string added = repo_.Commit("add");
  repo_.Write("app.env", "# settings\n" + SecretLine(secret) + "DEBUG=1\n");
  repo_.Commit("edit around it");

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret, added, /*in_head=*/true)));
  EXPECT_EQ(r.stats()["blobs"], 2);  // both versions were scanned
}

// History used by the range tests (built once: nhiscan never changes it):
//   c1 old.env (old secret)  c2 README (the CI base)
//   c3 new.env (new secret)  c4 edits old.env around the old secret
//   side branch from c2: c5 side.env (side secret); c6 merges side into main (no conflict)
class GitHistoryRangeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir();
    GitRepo repo(tmp_->path() + "/repo");
    Synth synth(17);
    old_secret_ = synth.ConsumerSecretHex();
    new_secret_ = synth.ConsumerSecretHex();
    side_token_ = synth.RefreshToken();
    repo.Write("old.env", SecretLine(old_secret_));
    c1_ = repo.Commit("old secret");
    repo.Write("README.md", "# demo\n");
    c2_ = repo.Commit("readme");
    since_date_ = repo.NowIso().substr(0, 10);  // the day of c2
    repo.Git({"branch", "side"});
    repo.Write("new.env", SecretLine(new_secret_));
    c3_ = repo.Commit("new secret");
    repo.Write("old.env", "# legacy\n" + SecretLine(old_secret_));
    c4_ = repo.Commit("edit old.env");
    repo.Git({"checkout", "-q", "side"});
    repo.Write("side.env", AuthUrlLine(side_token_));
    c5_ = repo.Commit("side secret");
    repo.Git({"checkout", "-q", "main"});
    repo.Tick();
    repo.Git({"merge", "-q", "--no-ff", "-m", "merge side", "side"});
    c6_ = repo.Rev("HEAD");
    dir_ = repo.dir();
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }

  static inline TempDir* tmp_ = nullptr;
  static inline std::string dir_, old_secret_, new_secret_, side_token_;
  static inline std::string c1_, c2_, c3_, c4_, c5_, c6_, since_date_;
};

TEST_F(GitHistoryRangeTest, SweepReportsEverySecretOnce) {
  GitReport r = History(dir_);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "new.env", 1, new_secret_, c3_, true),
                          Expect(kConsumerSecret, "old.env", 1, old_secret_, c1_, true),
                          Expect(kAuthUrl, "side.env", 1, side_token_, c5_, true)));
}

TEST_F(GitHistoryRangeTest, RangeReportsOnlyWhatItsCommitsIntroduce) {
  GitReport r = History(dir_, {"--range", c2_ + "..HEAD"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // Not the old secret, although c4 rewrote the file that holds it.
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "new.env", 1, new_secret_, c3_, true),
                          Expect(kAuthUrl, "side.env", 1, side_token_, c5_, true)));
  const Json& f = r.findings()[1];
  EXPECT_EQ(f["context"]["client_id"], "PlatformCLI");
  EXPECT_EQ(f["context"]["host"], "acme.my.salesforce.com");
}

TEST_F(GitHistoryRangeTest, RangeWithSymbolicNames) {
  // c3, c4 and the merge c6: the merge brings side.env, but introduces nothing of its own.
  GitReport r = History(dir_, {"--range", "side..main"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "new.env", 1, new_secret_, c3_, true)));
  GitReport empty = History(dir_, {"--range", "HEAD..HEAD"});
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_THAT(Described(empty), IsEmpty());
}

TEST_F(GitHistoryRangeTest, SinceCommitIsTheRangeToHead) {
  GitReport r = History(dir_, {"--since-commit", c2_});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "new.env", 1, new_secret_, c3_, true),
                          Expect(kAuthUrl, "side.env", 1, side_token_, c5_, true)));
  GitReport head = History(dir_, {"--since-commit", c6_});
  EXPECT_EQ(head.exit_code, 0) << head.err;
}

TEST_F(GitHistoryRangeTest, BranchLimitsTheSweepToOneRef) {
  GitReport r = History(dir_, {"--branch", "side"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // side holds c1, c2 and c5: not new.env (main only).
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "old.env", 1, old_secret_, c1_, true),
                          Expect(kAuthUrl, "side.env", 1, side_token_, c5_, true)));
  GitReport by_id = History(dir_, {"--branch", c3_});
  EXPECT_THAT(Described(by_id),
              ElementsAre(Expect(kConsumerSecret, "new.env", 1, new_secret_, c3_, true),
                          Expect(kConsumerSecret, "old.env", 1, old_secret_, c1_, true)));
  GitReport missing = History(dir_, {"--branch", "no-such-branch"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("no-such-branch"));
}

TEST_F(GitHistoryRangeTest, SinceDateOnlyReportsWhatLaterCommitsIntroduce) {
  // c2 was made on since_date_: c3…c6 are later; the old secret (c1) predates it.
  GitReport r = History(dir_, {"--since", since_date_ + "T12:00:00Z"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "new.env", 1, new_secret_, c3_, true),
                          Expect(kAuthUrl, "side.env", 1, side_token_, c5_, true)));
  GitReport everything = History(dir_, {"--since", "2000-01-01"});
  EXPECT_EQ(everything.findings().size(), 3u);
  GitReport future = History(dir_, {"--since", "2099-01-01"});
  EXPECT_EQ(future.exit_code, 0) << future.err;
  GitReport bad = History(dir_, {"--since", "last tuesday"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--since"));
}

TEST_F(GitHistoryRangeTest, RangeModesExcludeEachOther) {
  GitReport r = History(dir_, {"--range", c2_ + "..HEAD", "--branch", "side"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("exclude each other"));
}

TEST_F(GitHistoryTest, AllZeroRangeBaseIsAClearError) {
  repo_.Write("app.env", SecretLine(Secret()));
  repo_.Commit("init");
  GitReport r = History(repo_.dir(), {"--range", std::string(40, '0') + "..HEAD"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("all-zero"));
  EXPECT_TRUE(r.findings().empty());
}

TEST_F(GitHistoryTest, UnknownOrMalformedRangeIsAnError) {
  repo_.Write("app.env", SecretLine(Secret()));
  repo_.Commit("init");
  GitReport unknown = History(repo_.dir(), {"--range", std::string(40, 'a') + "..HEAD"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("cannot resolve --range"));
  EXPECT_THAT(unknown.err, HasSubstr("force-push"));
  GitReport malformed = History(repo_.dir(), {"--range", "HEAD"});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_THAT(malformed.err, HasSubstr("BASE..TIP"));
  GitReport symmetric = History(repo_.dir(), {"--range", "HEAD...HEAD"});
  EXPECT_EQ(symmetric.exit_code, 2);
}

TEST_F(GitHistoryTest, NotARepositoryIsAnError) {
  TempDir plain;
  GitReport r = History(plain.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("not a git repository"));
}

TEST_F(GitHistoryTest, RepositoryArgumentAndBareRepository) {
  const std::string secret = Secret();
  repo_.Write("app.env", SecretLine(secret));
  const std::string added = repo_.Commit("init");
  TempDir elsewhere;
  GitReport by_path = History(elsewhere.path(), {repo_.dir()});
  EXPECT_EQ(by_path.exit_code, 1) << by_path.err;
  EXPECT_THAT(Described(by_path),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret, added, true)));

  GitRepo bare(tmp_.path() + "/bare.git", /*bare=*/true);
  repo_.Git({"push", "-q", bare.dir(), "main"});
  GitReport in_bare = History(bare.dir());
  EXPECT_EQ(in_bare.exit_code, 1) << in_bare.err;
  EXPECT_THAT(Described(in_bare),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret, added, true)));
}

// The walk reads packs through pack objects of its own unless the memory budget is too small
// for a second mapping of the pack indexes (GitSource, RepositoryWithOwnPacks): both ways see
// every object, in the repository's packs, its loose objects and those of its alternates.
TEST_F(GitHistoryTest, PackedHistoryWithAlternatesIsSweptTheSameWithOrWithoutOwnPacks) {
  const std::string first = Secret(), second = Secret(), third = Secret();
  repo_.Write("app.env", SecretLine(first));
  const std::string added_first = repo_.Commit("init");
  repo_.Write("svc/prod.env", SecretLine(second));
  const std::string added_second = repo_.Commit("prod");
  repo_.Git({"gc", "-q"});
  const std::string clone_dir = tmp_.path() + "/clone";
  repo_.Git({"clone", "-q", "--shared", repo_.dir(), clone_dir});
  GitRepo clone(clone_dir, GitRepo::Existing{});
  clone.Write("svc/stage.env", SecretLine(third));  // loose, in the clone only
  const std::string added_third = clone.Commit("stage");
  ASSERT_TRUE(fs::exists(clone_dir + "/.git/objects/info/alternates"));

  // 2 KiB leaves less than the pack indexes need for a second mapping (28 bytes an object, at
  // most an eighth of the budget) but room for these small blobs.
  for (const char* budget : {"448MiB", "2KiB"}) {
    GitReport r = History(clone_dir, {"--max-memory", budget});
    EXPECT_EQ(r.exit_code, 1) << budget << ": " << r.err;
    EXPECT_THAT(Described(r),
                ElementsAre(Expect(kConsumerSecret, "app.env", 1, first, added_first, true),
                            Expect(kConsumerSecret, "svc/prod.env", 1, second, added_second, true),
                            Expect(kConsumerSecret, "svc/stage.env", 1, third, added_third, true)))
        << budget;
    EXPECT_EQ(r.stats()["blobs"], 3) << budget;
    EXPECT_TRUE(r.stats()["errors"].empty()) << budget << ": " << r.stats()["errors"];
  }
}

class GitHistoryDamagedTest : public GitHistoryTest {};

TEST_F(GitHistoryDamagedTest, ShallowCloneSweepIsIncomplete) {
  const std::string old_secret = Secret(), head_secret = Secret();
  repo_.Write("old.env", SecretLine(old_secret));
  const std::string first = repo_.Commit("old");
  repo_.Remove("old.env");
  repo_.Commit("remove");
  repo_.Write("head.env", SecretLine(head_secret));
  repo_.Commit("head");

  GitRepo clone(tmp_.path() + "/clone", GitRepo::Existing{});
  GitRepo(tmp_.path(), GitRepo::Existing{})
      .Git({"clone", "-q", "--depth", "1", "file://" + repo_.dir(), clone.dir()});
  ASSERT_TRUE(fs::exists(clone.dir() + "/.git/shallow"));

  GitReport r = History(clone.dir());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(ErrorsText(r), HasSubstr("shallow"));
  EXPECT_EQ(r.stats()["incomplete"], true);
  EXPECT_THAT(r.err, HasSubstr("incomplete scan"));

  // A CI range whose base is beyond the shallow boundary.
  GitReport range = History(clone.dir(), {"--range", first + "..HEAD"});
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_THAT(range.err, HasSubstr("shallow"));
}

TEST_F(GitHistoryDamagedTest, ShallowCloneSweepStillReportsWhatItHas) {
  const std::string head_secret = Secret();
  repo_.Write("old.env", "MODE=old\n");
  repo_.Commit("old");
  repo_.Write("head.env", SecretLine(head_secret));
  const std::string head = repo_.Commit("head");
  GitRepo clone(tmp_.path() + "/clone", GitRepo::Existing{});
  GitRepo(tmp_.path(), GitRepo::Existing{})
      .Git({"clone", "-q", "--depth", "1", "file://" + repo_.dir(), clone.dir()});

  GitReport r = History(clone.dir());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  // The sweep continues past the boundary: what the clone holds is still scanned.
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "head.env", 1, head_secret, head, true)));
  EXPECT_EQ(r.stats()["blobs"], 2);
}

TEST_F(GitHistoryDamagedTest, MissingBlobIsReportedAndTheRestIsStillScanned) {
  const std::string secret = Secret();
  repo_.Write("app.env", SecretLine(secret));
  repo_.Write("notes.txt", "some notes\n");
  const std::string added = repo_.Commit("init");
  const std::string lost = repo_.Rev("HEAD:notes.txt");
  const std::string object =
      repo_.dir() + "/.git/objects/" + lost.substr(0, 2) + "/" + lost.substr(2);
  ASSERT_TRUE(fs::remove(object)) << object;

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret, added, true)));
  ASSERT_EQ(r.stats()["errors"].size(), 1u) << ErrorsText(r);
  EXPECT_EQ(r.stats()["errors"][0]["path"], "notes.txt");
  EXPECT_THAT(r.stats()["errors"][0]["message"].get<std::string>(), HasSubstr(lost));
  EXPECT_EQ(r.stats()["incomplete"], true);
  EXPECT_EQ(r.stats()["blobs"], 1);
}

TEST_F(GitHistoryDamagedTest, MissingCommitIsReportedAndLaterCommitsAreStillScanned) {
  const std::string old_secret = Secret(), new_secret = Secret();
  repo_.Write("old.env", SecretLine(old_secret));
  repo_.Commit("old");
  repo_.Write("README.md", "# demo\n");
  const std::string lost = repo_.Commit("lost");
  repo_.Write("new.env", SecretLine(new_secret));
  const std::string head = repo_.Commit("new");
  ASSERT_TRUE(
      fs::remove(repo_.dir() + "/.git/objects/" + lost.substr(0, 2) + "/" + lost.substr(2)));

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  // HEAD's tree still holds both files; what only the lost commit's ancestors held is gone.
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "new.env", 1, new_secret, head, true),
                          Expect(kConsumerSecret, "old.env", 1, old_secret, head, true)));
  ASSERT_EQ(r.stats()["errors"].size(), 1u) << ErrorsText(r);
  EXPECT_EQ(r.stats()["errors"][0]["path"], "(commit " + head + ")");
  EXPECT_THAT(r.stats()["errors"][0]["message"].get<std::string>(), HasSubstr(lost));
}

TEST_F(GitHistoryDamagedTest, MissingTreeIsReported) {
  repo_.Write("README.md", "# demo\n");
  repo_.Write("sub/app.env", "MODE=dev\n");
  repo_.Commit("init");
  const std::string lost = repo_.Rev("HEAD:sub");
  ASSERT_TRUE(
      fs::remove(repo_.dir() + "/.git/objects/" + lost.substr(0, 2) + "/" + lost.substr(2)));

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(ErrorsText(r), HasSubstr(lost));
  EXPECT_EQ(r.stats()["blobs"], 1);  // README.md
}

TEST_F(GitHistoryDamagedTest, UnreadableRefIsReportedAndTheRestIsStillScanned) {
  const std::string secret = Secret();
  repo_.Write("app.env", SecretLine(secret));
  const std::string added = repo_.Commit("init");
  // A ref to a commit that does not exist (e.g. a damaged or partial clone).
  repo_.Write(".git/refs/heads/broken", std::string(40, 'b') + "\n");

  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret, added, true)));
  EXPECT_THAT(ErrorsText(r), HasSubstr("refs/heads/broken"));
}

class GitHistorySubmoduleTest : public GitHistoryTest {
 protected:
  void SetUp() override {
    GitRepo sub(tmp_.path() + "/sub");
    sub.Write("lib.c", "int lib;\n");
    sub.Commit("lib");
    repo_.Write("app.env", SecretLine(secret_));
    added_ = repo_.Commit("init");
    repo_.Tick();
    repo_.Git(
        {"-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.dir(), "vendor/lib"});
    repo_.CommitStaged("add submodule");
    gitlink_ = repo_.Rev("HEAD:vendor/lib");
  }
  std::string secret_ = Secret(), added_, gitlink_;
};

TEST_F(GitHistorySubmoduleTest, GitlinkMakesTheSweepIncomplete) {
  GitReport r = History(repo_.dir());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret_, added_, true)));
  ASSERT_EQ(r.stats()["errors"].size(), 1u) << ErrorsText(r);
  EXPECT_EQ(r.stats()["errors"][0]["path"], "vendor/lib");
  EXPECT_THAT(r.stats()["errors"][0]["message"].get<std::string>(), HasSubstr(gitlink_));
  EXPECT_THAT(r.stats()["errors"][0]["message"].get<std::string>(), HasSubstr("--skip-submodules"));

  GitReport range = History(repo_.dir(), {"--range", added_ + "..HEAD"});
  EXPECT_EQ(range.exit_code, 2) << range.err;
  EXPECT_THAT(ErrorsText(range), HasSubstr("vendor/lib"));
}

TEST_F(GitHistorySubmoduleTest, SkipSubmodulesCountsTheGitlink) {
  GitReport r = History(repo_.dir(), {"--skip-submodules"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, secret_, added_, true)));
  EXPECT_EQ(r.stats()["errors"], Json::array());
  EXPECT_EQ(r.stats()["skipped"]["submodule"], 1);

  GitReport range = History(repo_.dir(), {"--range", added_ + "..HEAD", "--skip-submodules"});
  EXPECT_EQ(range.exit_code, 0) << range.err;
  EXPECT_EQ(range.stats()["skipped"]["submodule"], 1);
}

}  // namespace
}  // namespace nhiscan::testing
