// nhiscan git/staged never run anything a repository's configuration names (filters, textconv,
// fsmonitor, hooks, pagers, helpers…) and never modify the repository.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/git/git_test_util.h"

namespace nhiscan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(GitHistoryHostileConfigTest, NothingConfiguredRunsAndNothingChanges) {
  TempDir tmp;
  Synth synth(31);
  GitRepo repo(tmp.path() + "/repo");
  const std::string committed = synth.ConsumerSecretHex(), staged = synth.ConsumerSecretHex();
  repo.Write(".gitattributes", "* filter=x diff=x merge=x\n");
  repo.Write("app.env", SecretLine(committed));
  repo.Write("README.md", "# demo\n");
  const std::string added = repo.Commit("init");
  repo.Write("staged.env", SecretLine(staged));
  repo.Git({"add", "staged.env"});
  repo.Write("README.md", "# demo, edited in the work tree\n");

  // A program that leaves a trace whenever anything runs it, and the configuration naming it
  // everywhere git (or a careless libgit2 caller) could run a program. Set up last, so that the
  // git commands above did not run it.
  const std::string marker = tmp.path() + "/ran";
  const std::string evil = tmp.path() + "/evil.sh";
  {
    std::ofstream out(evil);
    out << "#!/bin/sh\necho \"$0 $*\" >> '" << marker << "'\ncat\n";
  }
  fs::permissions(evil, fs::perms::owner_all);
  const std::string hooks = tmp.path() + "/evil-hooks";
  fs::create_directories(hooks);
  for (const char* hook :
       {"pre-commit", "post-checkout", "post-index-change", "reference-transaction", "pre-push",
        "post-merge", "pre-auto-gc", "fsmonitor-watchman"}) {
    fs::copy_file(evil, hooks + "/" + hook);
    fs::permissions(hooks + "/" + hook, fs::perms::owner_all);
  }
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"filter.x.clean", evil},
                                                        {"filter.x.smudge", evil},
                                                        {"filter.x.process", evil},
                                                        {"filter.x.required", "true"},
                                                        {"diff.x.textconv", evil},
                                                        {"diff.x.command", evil},
                                                        {"diff.external", evil},
                                                        {"merge.x.driver", evil},
                                                        {"core.fsmonitor", evil},
                                                        {"core.hooksPath", hooks},
                                                        {"core.pager", evil},
                                                        {"core.editor", evil},
                                                        {"core.sshCommand", evil},
                                                        {"core.askPass", evil},
                                                        {"core.alternateRefsCommand", evil},
                                                        {"credential.helper", "!" + evil},
                                                        {"gpg.program", evil},
                                                        {"uploadpack.packObjectsHook", evil},
                                                        {"gc.auto", "1"},
                                                        {"alias.status", "!" + evil}}) {
    repo.Git({"config", key, value});
  }
  repo.Write("../include.cfg", "[core]\n\tfsmonitor = " + evil + "\n");
  repo.Git({"config", "include.path", tmp.path() + "/include.cfg"});
  ASSERT_FALSE(fs::exists(marker)) << "the test setup itself ran the hostile program";

  const auto before = SnapshotTree(repo.dir());

  GitReport sweep = History(repo.dir());
  EXPECT_EQ(sweep.exit_code, 1) << sweep.err;
  EXPECT_THAT(Described(sweep),
              ElementsAre(Expect(kConsumerSecret, "app.env", 1, committed, added, true)));

  GitReport range = History(repo.dir(), {"--range", added + "..HEAD"});
  EXPECT_EQ(range.exit_code, 0) << range.err;

  GitReport staged_scan = Staged(repo.dir());
  EXPECT_EQ(staged_scan.exit_code, 1) << staged_scan.err;
  EXPECT_THAT(Described(staged_scan),
              ElementsAre(ExpectStaged(kConsumerSecret, "staged.env", 1, staged)));

  GitReport from_hook_env = Staged(tmp.path(), {}, {{"GIT_DIR", repo.dir() + "/.git"}});
  EXPECT_EQ(from_hook_env.exit_code, 1) << from_hook_env.err;

  EXPECT_FALSE(fs::exists(marker)) << "nhiscan ran a configured program";
  EXPECT_THAT(SnapshotDifferences(before, SnapshotTree(repo.dir())), IsEmpty())
      << "nhiscan modified the repository";
}

}  // namespace
}  // namespace nhiscan::testing
