// The tests' own process runner: outputs captured, the environment and folder given, a program
// that cannot start reported as 127, and a hung child killed at the limit instead of hanging the
// test until ctest gives up.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_support.h"

namespace nhiscan::testing {
namespace {

TEST(ProcessTest, CapturesOutputsAndExitCodeInTheGivenFolderAndEnvironment) {
  TempDir dir;
  const std::string input = dir.Write("in.txt", "from stdin\n");
  ProcessSpec spec({"/bin/sh", "-c", "cat; pwd; echo \"$GREETING\" >&2; exit 3"});
  spec.env = std::vector<std::string>{"GREETING=hello"};
  spec.stdin_path = input;
  spec.cwd = dir.path();
  CommandResult r = RunProcess(spec);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "from stdin\n" + std::filesystem::canonical(dir.path()).string() + "\n");
  EXPECT_EQ(r.err, "hello\n");
}

TEST(ProcessTest, AProgramThatCannotStartExits127) {
  CommandResult r = RunProcess(ProcessSpec({"/nonexistent/program"}));
  EXPECT_EQ(r.exit_code, 127);
  EXPECT_NE(r.err.find("/nonexistent/program"), std::string::npos) << r.err;
}

// What a git hook does: the child starts a program of its own. Both are described and killed.
TEST(ProcessTest, AChildStillRunningAtTheLimitIsKilledWithWhatItStarted) {
  TempDir io;
  const std::string pid_file = io.path() + "/grandchild.pid";
  const pid_t pid = StartProcess(ProcessSpec({"/bin/sh", "-c", "sleep 30 & echo $! > " + pid_file + "; wait"}),
                                 io.path() + "/out", io.path() + "/err");
  ASSERT_GT(pid, 0);
  for (int i = 0; i < 500 && ReadFile(pid_file).empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const pid_t grandchild = static_cast<pid_t>(std::stol("0" + ReadFile(pid_file)));
  ASSERT_GT(grandchild, 0);
  bool killed = false;
  std::string threads;
  const int status = WaitForProcess(pid, std::chrono::milliseconds(200), &killed, &threads);
  EXPECT_TRUE(killed);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  EXPECT_NE(threads.find("(sh) state "), std::string::npos) << threads;
  EXPECT_NE(threads.find("(sleep) state "), std::string::npos) << threads;
  // The grandchild got SIGKILL too (reaped by init, or a zombie until then).
  bool gone = false;
  for (int i = 0; i < 500 && !gone; ++i) {
    const std::string stat = ReadFile("/proc/" + std::to_string(grandchild) + "/stat");
    gone = stat.empty() || stat.find(") Z ") != std::string::npos;
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(gone) << "the child's own child still runs";
}

TEST(ProcessTest, AChildThatEndsInTimeIsNotKilled) {
  TempDir io;
  const pid_t pid = StartProcess(ProcessSpec({"/bin/sh", "-c", "exit 4"}), io.path() + "/out", io.path() + "/err");
  ASSERT_GT(pid, 0);
  bool killed = true;
  const int status = WaitForProcess(pid, std::chrono::seconds(30), &killed);
  EXPECT_FALSE(killed);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 4);
}

// What a fork()ed child could not survive under AddressSanitizer: threads allocating all the
// while the runner starts children. Every child must start and exit.
TEST(ProcessTest, ChildrenStartWhileOtherThreadsAllocate) {
  std::atomic<bool> stop{false};
  std::vector<std::thread> churn;
  for (int t = 0; t < 4; ++t) {
    churn.emplace_back([&stop] {
      while (!stop) {
        std::vector<std::string> junk(64, std::string(100, 'x'));
      }
    });
  }
  for (int i = 0; i < 50; ++i) {
    CommandResult r = RunProcess(ProcessSpec({"/bin/sh", "-c", "exit 5"}));
    EXPECT_EQ(r.exit_code, 5) << r.err;
  }
  stop = true;
  for (std::thread& t : churn) t.join();
}

}  // namespace
}  // namespace nhiscan::testing
