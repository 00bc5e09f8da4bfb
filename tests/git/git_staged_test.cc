// End-to-end tests of `nhiscan staged` (the pre-commit scan): what is staged, as git will commit
// it, and only what the commit would add. Repositories are built with the git CLI.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/git/git_test_util.h"

namespace nhiscan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class GitStagedTest : public ::testing::Test {
 protected:
  GitStagedTest() : repo_(tmp_.path() + "/repo") {}

  std::string Secret() { return synth_.ConsumerSecretHex(); }

  TempDir tmp_;
  GitRepo repo_;
  Synth synth_{11};
};

TEST_F(GitStagedTest, StagedSecretIsFound) {
  const std::string secret = Secret();
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  repo_.Write("config/.env", "MODE=dev\n" + SecretLine(secret));
  repo_.Git({"add", "config/.env"});

  GitReport r = Staged(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r), ElementsAre(ExpectStaged(kConsumerSecret, "config/.env", 2, secret)));
  ASSERT_EQ(r.findings().size(), 1u);
  EXPECT_EQ(r.findings()[0]["source"]["kind"], "staged");
  EXPECT_FALSE(r.findings()[0]["source"].contains("commit"));
  EXPECT_EQ(r.findings()[0]["source"]["blob"], repo_.Git({"rev-parse", ":config/.env"}));
  EXPECT_EQ(r.stats()["blobs"], 1);
}

// --timings says where a pre-commit run's time went, phase by phase, up to the report.
TEST_F(GitStagedTest, TimingsListThePhasesInOrder) {
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  repo_.Write("config/.env", SecretLine(Secret()));
  repo_.Git({"add", "config/.env"});
  GitReport r = Staged(repo_.dir(), {"--timings"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  std::vector<std::string> names;
  double sum = 0;
  for (const auto& phase : r.stats()["phases"]) {
    names.push_back(phase["phase"].get<std::string>());
    EXPECT_GE(phase["ms"].get<double>(), 0.0);
    sum += phase["ms"].get<double>();
  }
  EXPECT_THAT(names, ElementsAre("start", "configuration", "rules", "open", "scan", "provenance",
                                 "validation"));
  EXPECT_GE(sum, r.stats()["duration_ms"].get<double>() - 1.0) << "the scan phase holds the scan";
  EXPECT_GE(r.stats()["listing_ms"].get<double>(), 0.0);
  // Without --timings, nothing that changes from run to run.
  EXPECT_FALSE(Staged(repo_.dir()).stats().contains("phases"));
}

TEST_F(GitStagedTest, SecretOnlyInTheWorkingTreePasses) {
  repo_.Write(".env", "MODE=dev\n");
  repo_.Commit("init");
  repo_.Write(".env", "MODE=dev\n" + SecretLine(Secret()));  // modified, not staged
  repo_.Write("untracked.env", SecretLine(Secret()));        // never added

  GitReport r = Staged(repo_.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(Described(r), IsEmpty());
  EXPECT_EQ(r.stats()["blobs"], 0);
}

TEST_F(GitStagedTest, StagedVersionIsScannedNotTheWorkingTree) {
  const std::string secret = Secret();
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  repo_.Write("app.env", SecretLine(secret));
  repo_.Git({"add", "app.env"});
  repo_.Write("app.env", "MODE=dev\n");  // the secret was removed only from the working tree

  GitReport r = Staged(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r), ElementsAre(ExpectStaged(kConsumerSecret, "app.env", 1, secret)));
}

TEST_F(GitStagedTest, PartiallyStagedWithAddPatch) {
  std::string lines;
  for (int i = 1; i <= 20; ++i) lines += "KEY_" + std::to_string(i) + "=value\n";
  repo_.Write("config.env", lines);
  repo_.Commit("init");
  const std::string staged_secret = Secret(), unstaged_token = synth_.RefreshToken();
  std::string edited;
  for (int i = 1; i <= 20; ++i) {
    edited += "KEY_" + std::to_string(i) + "=value\n";
    if (i == 2) edited += SecretLine(staged_secret);     // first hunk: staged
    if (i == 18) edited += AuthUrlLine(unstaged_token);  // second hunk: left unstaged
  }
  repo_.Write("config.env", edited);
  repo_.Git({"add", "-p", "config.env"}, {}, "y\nn\n");
  ASSERT_THAT(repo_.Git({"diff", "--cached"}), HasSubstr(staged_secret));
  ASSERT_THAT(repo_.Git({"diff", "--cached"}), ::testing::Not(HasSubstr(unstaged_token)));
  ASSERT_THAT(repo_.Git({"diff"}), HasSubstr(unstaged_token));

  GitReport r = Staged(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r),
              ElementsAre(ExpectStaged(kConsumerSecret, "config.env", 3, staged_secret)));
}

TEST_F(GitStagedTest, IndexBuiltWithUpdateIndexCacheinfo) {
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  const std::string secret = Secret();
  // A blob that exists only in the object database and the index, never in the working tree.
  const std::string content = "ci:\n  " + SecretLine(secret);
  repo_.Write("scratch", content);
  const std::string blob = repo_.Git({"hash-object", "-w", "scratch"});
  repo_.Remove("scratch");
  repo_.Git({"update-index", "--add", "--cacheinfo", "100644," + blob + ",deploy/ci.yml"});

  GitReport r = Staged(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r), ElementsAre(ExpectStaged(kConsumerSecret, "deploy/ci.yml", 2, secret)));
}

TEST_F(GitStagedTest, GitIndexFileIsHonoured) {
  const std::string secret = Secret();
  repo_.Write(".env", "MODE=dev\n");
  repo_.Commit("init");
  repo_.Write(".env", "MODE=dev\n" + SecretLine(secret));
  // What `git commit -a` does: a temporary index with HEAD plus every tracked change.
  const EnvVars temp_index = {{"GIT_INDEX_FILE", tmp_.path() + "/commit-a.index"}};
  repo_.Git({"read-tree", "HEAD"}, temp_index);
  repo_.Git({"add", "-A"}, temp_index);

  GitReport with_env = Staged(repo_.dir(), {}, temp_index);
  EXPECT_EQ(with_env.exit_code, 1) << with_env.err;
  EXPECT_THAT(Described(with_env), ElementsAre(ExpectStaged(kConsumerSecret, ".env", 2, secret)));

  GitReport without = Staged(repo_.dir());  // the real index has nothing staged
  EXPECT_EQ(without.exit_code, 0) << without.err;
  EXPECT_THAT(repo_.Git({"diff", "--cached", "--name-only"}), IsEmpty());
}

TEST_F(GitStagedTest, UnreadableGitIndexFileIsAnError) {
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  const std::string bad = repo_.Write("../garbage.index", "this is not an index");
  GitReport r = Staged(repo_.dir(), {}, {{"GIT_INDEX_FILE", bad}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("GIT_INDEX_FILE"));
}

TEST_F(GitStagedTest, GitDirFromTheEnvironment) {
  const std::string secret = Secret();
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  repo_.Write("app.env", SecretLine(secret));
  repo_.Git({"add", "app.env"});
  TempDir elsewhere;
  GitReport r = Staged(elsewhere.path(), {}, {{"GIT_DIR", repo_.dir() + "/.git"}});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r), ElementsAre(ExpectStaged(kConsumerSecret, "app.env", 1, secret)));
}

TEST_F(GitStagedTest, EditingAFileThatAlreadyHadASecretIsNotReported) {
  const std::string old_secret = Secret();
  repo_.Write(".env", SecretLine(old_secret));
  repo_.Commit("init");
  repo_.Write(".env", "# settings\n" + SecretLine(old_secret) + "DEBUG=1\n");
  repo_.Git({"add", ".env"});

  GitReport r = Staged(repo_.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(Described(r), IsEmpty());
  EXPECT_EQ(r.stats()["blobs"], 1);  // the whole staged blob was still scanned

  // A new secret in the same file is reported, the old one still is not.
  const std::string new_token = synth_.RefreshToken();
  repo_.Write(".env", "# settings\n" + SecretLine(old_secret) + AuthUrlLine(new_token));
  repo_.Git({"add", ".env"});
  GitReport added = Staged(repo_.dir());
  EXPECT_EQ(added.exit_code, 1) << added.err;
  EXPECT_THAT(Described(added), ElementsAre(ExpectStaged(kAuthUrl, ".env", 3, new_token)));
}

TEST_F(GitStagedTest, RenamingAFileThatHadASecretIsNotReported) {
  const std::string secret = Secret();
  repo_.Write(".env", SecretLine(secret));
  repo_.Commit("init");
  repo_.Git({"mv", ".env", "prod.env"});

  GitReport r = Staged(repo_.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(Described(r), IsEmpty());

  // Renamed and edited: the edit adds a secret. (Without rename detection the moved secret is
  // new content at a new path too; only the added one is asserted here.)
  const std::string token = synth_.RefreshToken();
  repo_.Write("prod.env", SecretLine(secret) + AuthUrlLine(token));
  repo_.Git({"add", "prod.env"});
  GitReport edited = Staged(repo_.dir());
  EXPECT_EQ(edited.exit_code, 1) << edited.err;
  EXPECT_THAT(Described(edited), ::testing::Contains(ExpectStaged(kAuthUrl, "prod.env", 2, token)));
}

// A copy of a file HEAD holds adds no content, wherever HEAD holds it: in a folder the commit
// leaves alone (known from the index), in one it changes (read from HEAD's tree by the listing),
// or in one taken out of the index (found only by walking HEAD). A new secret beside them is
// still reported.
TEST_F(GitStagedTest, CopiesOfFilesHeadHoldsAreNotReportedWhereverHeadHoldsThem) {
  const std::string kept = Secret(), changed = Secret(), dropped = Secret();
  repo_.Write("kept/a.env", SecretLine(kept));
  repo_.Write("changed/b.env", SecretLine(changed));
  repo_.Write("dropped/c.env", SecretLine(dropped));
  repo_.Commit("init");
  repo_.Write("changed/other.txt", "changed\n");
  repo_.Git({"rm", "-q", "-r", "--cached", "dropped"});
  repo_.Write("copies/a.env", SecretLine(kept));
  repo_.Write("copies/b.env", SecretLine(changed));
  repo_.Write("copies/c.env", SecretLine(dropped));
  const std::string token = synth_.RefreshToken();
  repo_.Write("copies/new.env", AuthUrlLine(token));
  repo_.Git({"add", "changed/other.txt", "copies"});

  GitReport r = Staged(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r), ElementsAre(ExpectStaged(kAuthUrl, "copies/new.env", 1, token)));
}

TEST_F(GitStagedTest, DeletingASecretNeverBlocks) {
  repo_.Write("a.env", SecretLine(Secret()));
  repo_.Write("b.env", "MODE=dev\n" + SecretLine(Secret()));
  repo_.Commit("init");
  repo_.Git({"rm", "-q", "a.env"});
  repo_.Write("b.env", "MODE=dev\n");
  repo_.Git({"add", "b.env"});

  GitReport r = Staged(repo_.dir());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(Described(r), IsEmpty());
}

TEST_F(GitStagedTest, ClientIdOnAnUnchangedLineIsContext) {
  const std::string client_id = synth_.ConsumerKey(), secret = Secret();
  repo_.Write(".env",
              "SF_CLIENT_ID=" + client_id + "\nSF_LOGIN_URL=https://acme.my.salesforce.com\n");
  repo_.Commit("init");
  repo_.Write(".env", "SF_CLIENT_ID=" + client_id +
                          "\nSF_LOGIN_URL=https://acme.my.salesforce.com\n" + SecretLine(secret));
  repo_.Git({"add", ".env"});

  GitReport r = Staged(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r), ElementsAre(ExpectStaged(kConsumerSecret, ".env", 3, secret)));
  ASSERT_EQ(r.findings().size(), 1u);
  EXPECT_EQ(r.findings()[0]["context"]["client_id"], client_id);
  EXPECT_EQ(r.findings()[0]["context"]["host"], "acme.my.salesforce.com");
}

TEST_F(GitStagedTest, InitialCommitWithoutHead) {
  const std::string secret = Secret();
  repo_.Write("README.md", "# demo\n");
  repo_.Git({"add", "README.md"});
  GitReport clean = Staged(repo_.dir());
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_EQ(clean.stats()["blobs"], 1);

  repo_.Write(".env", SecretLine(secret));
  repo_.Git({"add", ".env"});
  GitReport r = Staged(repo_.dir());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(Described(r), ElementsAre(ExpectStaged(kConsumerSecret, ".env", 1, secret)));
}

TEST_F(GitStagedTest, RunFromASubdirectory) {
  const std::string secret = Secret();
  repo_.Write("src/deep/main.c", "int main(void) { return 0; }\n");
  repo_.Commit("init");
  repo_.Write("src/app.env", SecretLine(secret));
  repo_.Git({"add", "src/app.env"});

  GitReport r = Staged(repo_.dir() + "/src/deep");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // Paths are relative to the repository root, not to the current folder.
  EXPECT_THAT(Described(r), ElementsAre(ExpectStaged(kConsumerSecret, "src/app.env", 1, secret)));
}

TEST_F(GitStagedTest, LinkedWorktree) {
  const std::string secret = Secret();
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  const std::string wt_dir = tmp_.path() + "/wt";
  repo_.Git({"worktree", "add", "-q", "-b", "feature", wt_dir});
  GitRepo wt(wt_dir, GitRepo::Existing{});
  wt.Write("lib/feature.env", SecretLine(secret));
  wt.Git({"add", "lib/feature.env"});

  GitReport in_wt = Staged(wt_dir + "/lib");
  EXPECT_EQ(in_wt.exit_code, 1) << in_wt.err;
  EXPECT_THAT(Described(in_wt),
              ElementsAre(ExpectStaged(kConsumerSecret, "lib/feature.env", 1, secret)));
  GitReport in_main = Staged(repo_.dir());  // the main work tree's index is separate
  EXPECT_EQ(in_main.exit_code, 0) << in_main.err;

  // A secret already committed on the worktree's branch is not new.
  wt.CommitStaged("feature");
  wt.Write("lib/feature.env", SecretLine(secret) + "DEBUG=1\n");
  wt.Git({"add", "lib/feature.env"});
  GitReport again = Staged(wt_dir);
  EXPECT_EQ(again.exit_code, 0) << again.err;
}

TEST_F(GitStagedTest, NothingStagedIsClean) {
  GitReport empty_repo = Staged(repo_.dir());
  EXPECT_EQ(empty_repo.exit_code, 0) << empty_repo.err;
  EXPECT_EQ(empty_repo.stats()["blobs"], 0);
  repo_.Write("app.env", SecretLine(Secret()));
  repo_.Commit("a committed secret is history, not staged");
  GitReport committed = Staged(repo_.dir());
  EXPECT_EQ(committed.exit_code, 0) << committed.err;
  EXPECT_THAT(Described(committed), IsEmpty());
}

TEST_F(GitStagedTest, NotARepositoryIsAnError) {
  TempDir plain;
  GitReport r = Staged(plain.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("not a git repository"));
}

TEST_F(GitStagedTest, ExcludedPathsAreCounted) {
  repo_.Write("README.md", "# demo\n");
  repo_.Commit("init");
  repo_.Write("fixtures/fake.env", SecretLine(Secret()));
  repo_.Git({"add", "fixtures/fake.env"});
  GitReport r = Staged(repo_.dir(), {"--exclude", "fixtures"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.stats()["skipped"]["excluded"], 1);
}

}  // namespace
}  // namespace nhiscan::testing
