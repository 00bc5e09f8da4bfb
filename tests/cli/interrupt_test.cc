// SIGINT and SIGTERM in the middle of a scan, and a report that cannot be written (disk full,
// file size limit): the real binary must exit 2 with a report marked incomplete or no report at
// all, and leave no temporary file behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/support/hostile.h"

namespace nhiscan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// Whether process `pid` has `path` open (its /proc/PID/fd links).
bool HasOpen(pid_t pid, const std::string& path) {
  std::error_code ec;
  for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    if (fs::read_symlink(fd.path(), ec) == path) return true;
  }
  return false;
}

class InterruptTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    rules_ = config_.Write("rules.jsonc", HostileRules());
    token_ = Synth(5).Chars(kTokenAlphabet, 32);
    // a.txt is scanned first (one thread, path order); then a file of text followed by a 64 GiB
    // hole, which takes far longer to read than the test waits.
    tree_.Write("a.txt", "zzh_" + token_ + "\n");
    endless_ = tree_.Write("b.log", std::string(10000, 'x') + "\n");
    ASSERT_EQ(::truncate(endless_.c_str(), 64LL << 30), 0);
    endless_ = fs::canonical(endless_).string();  // as /proc/PID/fd shows it
  }

  // Starts the scan, waits until it reads b.log, sends `signal_number`, and waits for the exit.
  CommandResult InterruptedScan(int signal_number, const std::vector<std::string>& extra) {
    const std::string out_path = config_.path() + "/stdout", err_path = config_.path() + "/stderr";
    std::vector<std::string> args = {NHISCAN_BINARY, "scan", tree_.path(), "--rules", rules_,
                                     "--threads", "1", "--max-file-size", "0", "--show-secrets",
                                     "--cache-dir", config_.path() + "/cache"};
    args.insert(args.end(), extra.begin(), extra.end());
    const pid_t pid = StartProcess(ProcessSpec(args), out_path, err_path);
    if (pid < 0) {
      ADD_FAILURE() << "cannot start " << args[0];
      return {};
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!HasOpen(pid, endless_) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_TRUE(HasOpen(pid, endless_)) << "the scan never reached b.log";
    ::kill(pid, signal_number);
    // Bounded wait: an interrupted scan must stop promptly, not read 64 GiB first.
    bool killed = false;
    std::string threads;
    const int status = WaitForProcess(pid, std::chrono::seconds(30), &killed, &threads);
    EXPECT_FALSE(killed) << "the scan did not stop after the signal:\n" << threads;
    CommandResult r;
    r.exit_code = ExitCode(status);
    r.out = ReadFile(out_path);
    r.err = ReadFile(err_path);
    return r;
  }

  TempDir tree_, config_;
  std::string rules_, token_, endless_;
};

TEST_P(InterruptTest, PartialJsonReportIsMarkedIncompleteAndExitIsTwo) {
  CommandResult r = InterruptedScan(GetParam(), {"-f", "json"});
  EXPECT_EQ(r.exit_code, 2) << Show(r);
  Json doc = ParseOrNull(r.out);
  ASSERT_TRUE(doc.is_object()) << Show(r);
  EXPECT_EQ(doc["stats"]["interrupted"], true);
  EXPECT_EQ(doc["stats"]["incomplete"], true);
  // What was scanned before the signal is reported.
  ASSERT_EQ(doc["findings"].size(), 1u) << Show(r);
  EXPECT_EQ(doc["findings"][0]["secret"], token_);
  EXPECT_THAT(r.err, HasSubstr("interrupted"));
}

TEST_P(InterruptTest, ReportFileIsCompleteJsonAndNoTemporaryFileIsLeft) {
  const std::string report = config_.path() + "/report.sarif";
  CommandResult r = InterruptedScan(GetParam(), {"-f", "sarif", "--output", report});
  EXPECT_EQ(r.exit_code, 2) << Show(r);
  Json log = ParseOrNull(ReadFile(report));
  ASSERT_TRUE(log.is_object()) << Show(r);
  const Json& invocation = log["runs"][0]["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], false);
  EXPECT_FALSE(invocation["toolExecutionNotifications"].empty());
  EXPECT_EQ(log["runs"][0]["results"].size(), 1u);
  for (const auto& entry : fs::directory_iterator(config_.path())) {
    EXPECT_EQ(entry.path().string().find("nhiscan-tmp"), std::string::npos) << entry.path();
  }
}

TEST_P(InterruptTest, TextReportSaysIncomplete) {
  CommandResult r = InterruptedScan(GetParam(), {"--color", "never"});
  EXPECT_EQ(r.exit_code, 2) << Show(r);
  EXPECT_THAT(r.out, HasSubstr("INCOMPLETE: interrupted"));
  EXPECT_THAT(r.out, HasSubstr(token_));
}

INSTANTIATE_TEST_SUITE_P(Signals, InterruptTest, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& info) { return info.param == SIGINT ? "Sigint" : "Sigterm"; });

class ReportWriteFailureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rules_ = config_.Write("rules.jsonc", HostileRules());
    Synth synth(8);
    for (int i = 0; i < 50; ++i) {
      tree_.Write("f" + std::to_string(i) + ".txt", "zzh_" + synth.Chars(kTokenAlphabet, 32) + "\n");
    }
  }
  std::vector<std::string> Args(std::vector<std::string> extra) {
    std::vector<std::string> args = {"scan", tree_.path(), "--rules", rules_, "-f", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  TempDir tree_, config_;
  std::string rules_;
};

TEST_F(ReportWriteFailureTest, DiskFullOnOutputExitsTwo) {
  CommandResult r = RunNhiscan(Args({"--output", "/dev/full"}));
  EXPECT_EQ(r.exit_code, 2) << Show(r);
  EXPECT_THAT(r.err, HasSubstr("cannot write /dev/full"));
}

TEST_F(ReportWriteFailureTest, DiskFullOnStdoutExitsTwo) {
  std::string command = std::string("exec '") + NHISCAN_BINARY + "'";
  for (const std::string& arg : Args({})) command += " '" + arg + "'";
  CommandResult r = RunProgram({"sh", "-c", command + " > /dev/full"}, {});
  EXPECT_EQ(r.exit_code, 2) << Show(r);
  EXPECT_THAT(r.err, HasSubstr("cannot write the report to stdout"));
}

TEST_F(ReportWriteFailureTest, FileSizeLimitLeavesNoReportAndNoTemporaryFile) {
  // ulimit -f: the report (several KiB) cannot be written; the previous report stays as it was.
  const std::string report = config_.path() + "/report.json";
  {
    std::ofstream old(report);
    old << "previous report\n";
  }
  std::vector<std::string> argv = {"prlimit", "--fsize=2048", NHISCAN_BINARY};
  for (const std::string& arg : Args({"--output", report})) argv.push_back(arg);
  CommandResult r = RunProgram(argv, {});
  EXPECT_EQ(r.exit_code, 2) << Show(r);
  EXPECT_THAT(r.err, HasSubstr("cannot write " + report));
  EXPECT_EQ(ReadFile(report), "previous report\n");
  EXPECT_FALSE(fs::exists(report + ".nhiscan-tmp"));
}

}  // namespace
}  // namespace nhiscan::testing
