// End-to-end tests of `nhiscan hook install` and of the installed hooks (hooks/pre-commit,
// hooks/pre-push) run by real `git commit` and `git push` commands.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/git/git_test_util.h"

namespace nhiscan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

bool Executable(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IXUSR);
}

class GitHooksTest : public ::testing::Test {
 protected:
  GitHooksTest() : repo_(tmp_.path() + "/repo") {
    repo_.Write("README.md", "# demo\n");
    first_ = repo_.Commit("init");
  }

  CommandResult Install(std::vector<std::string> extra = {}, const std::string& cwd = "") {
    std::vector<std::string> args = {"hook", "install"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunNhiscanEnv(args, cwd.empty() ? repo_.dir() : cwd);
  }

  // `git commit` through the hooks (Commit() and CommitStaged() bypass them).
  CommandResult CommitWithHooks(std::vector<std::string> args, const EnvVars& env = {}) {
    repo_.Tick();
    std::vector<std::string> git = {"commit", "-q"};
    git.insert(git.end(), args.begin(), args.end());
    return repo_.TryGit(git, env);
  }

  std::string Secret() { return synth_.ConsumerSecretHex(); }
  std::string HookPath(const std::string& name) const {
    return repo_.dir() + "/.git/hooks/" + name;
  }

  TempDir tmp_;
  GitRepo repo_;
  std::string first_;
  Synth synth_{23};
};

TEST_F(GitHooksTest, InstallWritesAnExecutablePreCommitHook) {
  CommandResult r = Install();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string hook = HookPath("pre-commit");
  EXPECT_THAT(r.out, HasSubstr(hook));
  EXPECT_TRUE(Executable(hook));
  const std::string text = ReadFile(hook);
  EXPECT_EQ(text.rfind("#!/bin/sh\n", 0), 0u);
  // The hook calls the binary that installed it.
  EXPECT_THAT(text, HasSubstr("NHISCAN_DEFAULT='" + fs::canonical(NHISCAN_BINARY).string() + "'"));
  EXPECT_FALSE(fs::exists(HookPath("pre-push")));
  EXPECT_FALSE(fs::exists(HookPath("pre-commit.nhiscan-tmp")));
}

TEST_F(GitHooksTest, ExistingHookIsKeptUnlessForced) {
  const std::string mine = "#!/bin/sh\necho my own hook\n";
  repo_.Write(".git/hooks/pre-commit", mine);
  CommandResult again = Install();
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("already exists"));
  EXPECT_THAT(again.err, HasSubstr("--force"));
  EXPECT_EQ(ReadFile(HookPath("pre-commit")), mine);

  CommandResult forced = Install({"--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_THAT(ReadFile(HookPath("pre-commit")), HasSubstr("\"$NHISCAN\" staged"));
  EXPECT_TRUE(Executable(HookPath("pre-commit")));
}

TEST_F(GitHooksTest, SecondInstallWithoutForceLeavesTheHookUnchanged) {
  ASSERT_EQ(Install().exit_code, 0);
  const std::string before = ReadFile(HookPath("pre-commit"));
  CommandResult again = Install();
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(ReadFile(HookPath("pre-commit")), before);
}

TEST_F(GitHooksTest, PrePushFlagInstallsBothHooks) {
  CommandResult r = Install({"--pre-push"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Executable(HookPath("pre-commit")));
  EXPECT_TRUE(Executable(HookPath("pre-push")));
  EXPECT_THAT(ReadFile(HookPath("pre-push")), HasSubstr("git --range"));
}

TEST_F(GitHooksTest, InstallIsAllOrNothingWhenOneHookExists) {
  fs::create_directories(fs::path(HookPath("pre-push")).parent_path());
  {
    std::ofstream existing(HookPath("pre-push"));
    existing << "#!/bin/sh\nexit 0\n";
  }
  CommandResult r = Install({"--pre-push"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("nothing installed"));
  EXPECT_FALSE(fs::exists(HookPath("pre-commit")));
  EXPECT_EQ(ReadFile(HookPath("pre-push")), "#!/bin/sh\nexit 0\n");
}

TEST_F(GitHooksTest, CoreHooksPathIsRespected) {
  repo_.Git({"config", "core.hooksPath", ".githooks"});
  CommandResult r = Install();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Executable(repo_.dir() + "/.githooks/pre-commit"));
  EXPECT_FALSE(fs::exists(HookPath("pre-commit")));

  // git itself runs it from there.
  repo_.Write("app.env", SecretLine(Secret()));
  repo_.Git({"add", "app.env"});
  CommandResult commit = CommitWithHooks({"-m", "leak"});
  EXPECT_NE(commit.exit_code, 0);
  EXPECT_THAT(commit.err, HasSubstr("nhiscan"));
  EXPECT_EQ(repo_.Rev("HEAD"), first_);
}

TEST_F(GitHooksTest, AbsoluteCoreHooksPath) {
  const std::string hooks = tmp_.path() + "/shared-hooks";
  repo_.Git({"config", "core.hooksPath", hooks});
  ASSERT_EQ(Install({"--pre-push"}).exit_code, 0);
  EXPECT_TRUE(Executable(hooks + "/pre-commit"));
  EXPECT_TRUE(Executable(hooks + "/pre-push"));
}

TEST_F(GitHooksTest, InstallOutsideARepositoryIsAnError) {
  TempDir plain;
  CommandResult r = Install({}, plain.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("not a git repository"));
}

TEST_F(GitHooksTest, CommitWithAStagedSecretIsBlocked) {
  ASSERT_EQ(Install().exit_code, 0);
  const std::string secret = Secret();
  repo_.Write("app.env", SecretLine(secret));
  repo_.Git({"add", "app.env"});
  CommandResult r = CommitWithHooks({"-m", "leak"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("nhiscan: commit blocked"));
  EXPECT_THAT(r.err, HasSubstr("salesforce.consumer_secret"));
  EXPECT_THAT(r.err, Not(HasSubstr(secret)));  // redacted in the hook's report
  EXPECT_EQ(repo_.Rev("HEAD"), first_);
}

TEST_F(GitHooksTest, CleanCommitIsAllowed) {
  ASSERT_EQ(Install().exit_code, 0);
  repo_.Write("src/main.c", "int main(void) { return 0; }\n");
  repo_.Git({"add", "src/main.c"});
  CommandResult r = CommitWithHooks({"-m", "code"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(repo_.Rev("HEAD"), first_);
}

TEST_F(GitHooksTest, SecretInTheWorkingTreeOnlyDoesNotBlockACommit) {
  ASSERT_EQ(Install().exit_code, 0);
  repo_.Write("untracked.env", SecretLine(Secret()));
  repo_.Write("src/main.c", "int main(void) { return 0; }\n");
  repo_.Git({"add", "src/main.c"});
  CommandResult r = CommitWithHooks({"-m", "code"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(GitHooksTest, CommitAllAndCommitPathUseGitsTemporaryIndex) {
  repo_.Write("app.env", "MODE=dev\n");
  const std::string base = repo_.Commit("env");
  ASSERT_EQ(Install().exit_code, 0);
  repo_.Write("app.env", "MODE=dev\n" + SecretLine(Secret()));  // tracked, not staged

  CommandResult all = CommitWithHooks({"-a", "-m", "commit -a"});
  EXPECT_NE(all.exit_code, 0);
  EXPECT_THAT(all.err, HasSubstr("nhiscan: commit blocked"));
  EXPECT_EQ(repo_.Rev("HEAD"), base);

  CommandResult path = CommitWithHooks({"-m", "commit path", "app.env"});
  EXPECT_NE(path.exit_code, 0);
  EXPECT_THAT(path.err, HasSubstr("nhiscan: commit blocked"));
  EXPECT_EQ(repo_.Rev("HEAD"), base);
  EXPECT_EQ(repo_.Git({"diff", "--cached", "--name-only"}), "");  // nothing left staged
}

TEST_F(GitHooksTest, CommitFromALinkedWorktreeIsChecked) {
  ASSERT_EQ(Install().exit_code, 0);
  const std::string wt_dir = tmp_.path() + "/wt";
  repo_.Git({"worktree", "add", "-q", "-b", "feature", wt_dir});
  GitRepo wt(wt_dir, GitRepo::Existing{});
  wt.Write("app.env", SecretLine(Secret()));
  wt.Git({"add", "app.env"});
  CommandResult r = wt.TryGit({"commit", "-q", "-m", "leak"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("nhiscan: commit blocked"));
  EXPECT_EQ(wt.Rev("HEAD"), first_);

  wt.Git({"reset", "-q"});
  wt.Write("notes.txt", "notes\n");
  wt.Git({"add", "notes.txt"});
  CommandResult clean = wt.TryGit({"commit", "-q", "-m", "notes"});
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
}

TEST_F(GitHooksTest, InstallFromALinkedWorktreeUsesTheSharedHooksFolder) {
  const std::string wt_dir = tmp_.path() + "/wt";
  repo_.Git({"worktree", "add", "-q", "-b", "feature", wt_dir});
  CommandResult r = Install({}, wt_dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Executable(HookPath("pre-commit")));
}

TEST_F(GitHooksTest, MissingBinaryFailsClosed) {
  ASSERT_EQ(Install().exit_code, 0);
  repo_.Write("src/main.c", "int main(void) { return 0; }\n");
  repo_.Git({"add", "src/main.c"});
  CommandResult r = CommitWithHooks({"-m", "code"}, {{"NHISCAN", "/nonexistent/nhiscan"}});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("nhiscan pre-commit: '/nonexistent/nhiscan' was not found"));
  EXPECT_EQ(repo_.Rev("HEAD"), first_);
}

TEST_F(GitHooksTest, ScanErrorFailsClosed) {
  ASSERT_EQ(Install().exit_code, 0);
  const std::string broken = tmp_.path() + "/broken-nhiscan";
  {
    std::ofstream out(broken);
    out << "#!/bin/sh\necho 'nhiscan: error: simulated failure' >&2\nexit 2\n";
  }
  fs::permissions(broken, fs::perms::owner_all);
  repo_.Write("src/main.c", "int main(void) { return 0; }\n");
  repo_.Git({"add", "src/main.c"});
  CommandResult r = CommitWithHooks({"-m", "code"}, {{"NHISCAN", broken}});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("did not complete (exit status 2)"));
  EXPECT_EQ(repo_.Rev("HEAD"), first_);
}

class GitHooksPushTest : public GitHooksTest {
 protected:
  GitHooksPushTest() : remote_(tmp_.path() + "/remote.git", /*bare=*/true) {
    repo_.Git({"remote", "add", "origin", remote_.dir()});
  }

  CommandResult Push(std::vector<std::string> args, const EnvVars& env = {}) {
    std::vector<std::string> git = {"push", "-q", "origin"};
    git.insert(git.end(), args.begin(), args.end());
    return repo_.TryGit(git, env);
  }
  std::string RemoteRef(const std::string& ref) const {
    CommandResult r = remote_.TryGit({"rev-parse", "--verify", "-q", ref});
    return r.exit_code == 0 ? r.out.substr(0, 40) : "";
  }

  GitRepo remote_;
};

TEST_F(GitHooksPushTest, PushOfCommitsThatAddASecretIsBlocked) {
  ASSERT_EQ(Install({"--pre-push"}).exit_code, 0);
  CommandResult clean = Push({"main"});
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_EQ(RemoteRef("main"), first_);

  repo_.Write("deploy/auth.txt", AuthUrlLine(synth_.RefreshToken()));
  repo_.Commit("leak (pre-commit bypassed)");
  repo_.Write("notes.txt", "notes\n");
  repo_.Commit("more work");
  CommandResult blocked = Push({"main"});
  EXPECT_NE(blocked.exit_code, 0);
  EXPECT_THAT(blocked.err, HasSubstr("nhiscan: push blocked"));
  // The hook's report goes to git's stdout.
  EXPECT_THAT(blocked.out + blocked.err, HasSubstr("salesforce.sfdx_auth_url"));
  EXPECT_EQ(RemoteRef("main"), first_);

  // Removing the secret in a later commit does not help: the pushed history still has it.
  repo_.Remove("deploy/auth.txt");
  repo_.Commit("remove it");
  EXPECT_NE(Push({"main"}).exit_code, 0);
  EXPECT_EQ(RemoteRef("main"), first_);
}

TEST_F(GitHooksPushTest, CleanPushesAreAllowed) {
  ASSERT_EQ(Install({"--pre-push"}).exit_code, 0);
  ASSERT_EQ(Push({"main"}).exit_code, 0);
  repo_.Write("src/main.c", "int main(void) { return 0; }\n");
  const std::string second = repo_.Commit("code");
  CommandResult r = Push({"main"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(RemoteRef("main"), second);
  // Deleting a remote branch adds nothing.
  ASSERT_EQ(Push({"main:refs/heads/other"}).exit_code, 0);
  CommandResult del = Push({"--delete", "other"});
  EXPECT_EQ(del.exit_code, 0) << del.err;
  EXPECT_EQ(RemoteRef("other"), "");
}

TEST_F(GitHooksPushTest, NewBranchWithASecretIsBlocked) {
  ASSERT_EQ(Install({"--pre-push"}).exit_code, 0);
  ASSERT_EQ(Push({"main"}).exit_code, 0);
  repo_.Git({"checkout", "-q", "-b", "feature"});
  repo_.Write("app.env", SecretLine(Secret()));
  repo_.Commit("leak");
  CommandResult r = Push({"feature"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("nhiscan: push blocked: refs/heads/feature"));
  EXPECT_EQ(RemoteRef("feature"), "");
}

TEST_F(GitHooksPushTest, NewBranchOfACloneIsComparedWithTheRemoteDefaultBranch) {
  // An old secret already on the remote's main must not block unrelated branches.
  repo_.Write("legacy.env", SecretLine(Secret()));
  repo_.Commit("old secret, already pushed");
  ASSERT_EQ(Push({"main"}).exit_code, 0);
  GitRepo clone(tmp_.path() + "/clone", GitRepo::Existing{});
  GitRepo(tmp_.path(), GitRepo::Existing{}).Git({"clone", "-q", remote_.dir(), clone.dir()});
  ASSERT_EQ(RunNhiscanEnv({"hook", "install", "--pre-push"}, clone.dir()).exit_code, 0);

  clone.Git({"checkout", "-q", "-b", "feature"});
  clone.Write("src/main.c", "int main(void) { return 0; }\n");
  clone.Commit("feature work");
  CommandResult clean = clone.TryGit({"push", "-q", "origin", "feature"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;

  clone.Git({"tag", "-a", "-m", "release", "v1"});
  CommandResult tag = clone.TryGit({"push", "-q", "origin", "v1"});
  EXPECT_EQ(tag.exit_code, 0) << tag.out << tag.err;

  clone.Git({"checkout", "-q", "-b", "leaky", "origin/main"});
  clone.Write("deploy/auth.txt", AuthUrlLine(synth_.RefreshToken()));
  clone.Commit("leak");
  CommandResult blocked = clone.TryGit({"push", "-q", "origin", "leaky"});
  EXPECT_NE(blocked.exit_code, 0);
  EXPECT_THAT(blocked.err, HasSubstr("nhiscan: push blocked: refs/heads/leaky"));
  EXPECT_THAT(blocked.out + blocked.err, HasSubstr("deploy/auth.txt"));
  EXPECT_THAT(blocked.out + blocked.err, Not(HasSubstr("legacy.env")));
}

TEST_F(GitHooksPushTest, MissingBinaryFailsClosed) {
  ASSERT_EQ(Install({"--pre-push"}).exit_code, 0);
  CommandResult r = Push({"main"}, {{"NHISCAN", "/nonexistent/nhiscan"}});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("nhiscan pre-push: '/nonexistent/nhiscan' was not found"));
  EXPECT_EQ(RemoteRef("main"), "");
}

}  // namespace
}  // namespace nhiscan::testing
