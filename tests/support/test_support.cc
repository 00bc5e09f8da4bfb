#include "tests/support/test_support.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "scanner/match/prebuilt_database.h"
#include "scanner/rules/loader.h"

extern char** environ;

namespace nhiscan::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string templ = (fs::temp_directory_path() / "nhiscan-test-XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests may remove permissions; give them back so the folder can go.
  for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::remove_all(path_, ec);
}

std::string TempDir::Write(const std::string& relative, const std::string& content) const {
  fs::path full = fs::path(path_) / relative;
  fs::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary);
  out << content;
  return full.string();
}

std::string Synth::Chars(const std::string& alphabet, size_t n) {
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (size_t i = 0; i < n; ++i) out.push_back(alphabet[pick(rng_)]);
  return out;
}

std::string Synth::Digits(size_t n) { return Chars("123456789", 1) + Chars("0123456789", n - 1); }

namespace {
const char kTokenChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
const char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
}  // namespace

std::string Synth::ConsumerKey() { return "3MVG9" + Chars(kAlnum, 4) + Chars(kTokenChars, 76); }
std::string Synth::RefreshToken() { return "5Aep861" + Chars(kTokenChars, 80); }
std::string Synth::AccessToken() {
  return "00D" + Chars(kAlnum, 12) + "!" + Chars(kAlnum, 4) + Chars(kTokenChars, 92);
}

std::string Synth::Base64(const std::string& bytes) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  if (i + 1 == bytes.size()) {
    uint32_t v = uint8_t(bytes[i]) << 16;
    out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}

namespace {

// One rule cache per test process, removed when the process exits (static destruction).
const std::string& TestCacheDir() {
  static const TempDir dir;
  return dir.path();
}

// NULL-terminated pointers into `strings`, as exec wants them.
std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Blocks until `pid` has exited or `limit` has passed; true when it has exited (not yet reaped).
// A pidfd makes this one poll; without one (kernels before 5.3) it polls waitid.
bool AwaitExit(pid_t pid, std::chrono::milliseconds limit) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    int ready;
    do {
      ready = ::poll(&p, 1, static_cast<int>(limit.count()));
    } while (ready < 0 && errno == EINTR);
    ::close(pidfd);
    return ready > 0;
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

// One line per thread of `pid`: name, state and the kernel function it sleeps in.
std::string DescribeThreads(pid_t pid) {
  std::string out;
  std::error_code ec;
  for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    auto first_line = [&](const char* name) {
      std::string line;
      std::ifstream in(task.path() / name);
      std::getline(in, line);
      return line;
    };
    const std::string stat = first_line("stat");
    const size_t name_end = stat.rfind(')');
    const std::string state = name_end == std::string::npos ? "?" : stat.substr(name_end + 2, 1);
    out += "  thread " + task.path().filename().string() + " (" + first_line("comm") + ") state " + state +
           ", waiting in " + first_line("wchan") + "\n";
  }
  return out;
}

}  // namespace

pid_t StartProcess(const ProcessSpec& spec, const std::string& stdout_path, const std::string& stderr_path) {
  std::vector<std::string> argv = spec.argv;
  std::vector<char*> argp = Pointers(argv);
  std::vector<std::string> env = spec.env;
  std::vector<char*> envp = Pointers(env);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, spec.stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (!spec.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());
  pid_t pid = -1;
  const int error = ::posix_spawn(&pid, argp[0], &actions, nullptr, argp.data(), spec.env.empty() ? environ : envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    errno = error;
    return -1;
  }
  return pid;
}

int WaitForProcess(pid_t pid, std::chrono::milliseconds limit, bool* killed, std::string* threads) {
  *killed = !AwaitExit(pid, limit);
  if (*killed) {
    if (threads) *threads = DescribeThreads(pid);
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

CommandResult RunProcess(const ProcessSpec& spec) {
  TempDir io;
  const std::string out_path = io.path() + "/out", err_path = io.path() + "/err";
  CommandResult result;
  const pid_t pid = StartProcess(spec, out_path, err_path);
  if (pid < 0) {
    result.exit_code = 127;
    result.err = "cannot start " + spec.argv.at(0) + ": " + std::strerror(errno) + "\n";
    return result;
  }
  bool killed = false;
  std::string threads;
  const int status = WaitForProcess(pid, kProcessTimeLimit, &killed, &threads);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  if (killed) {
    result.err = "[test] " + spec.argv.at(0) + " was killed: still running after " +
                 std::to_string(kProcessTimeLimit.count()) + " s; its threads:\n" + threads + result.err;
  }
  return result;
}

CommandResult RunNhiscan(const std::vector<std::string>& args, const std::string& cwd) {
  ProcessSpec spec;
  spec.argv.push_back(NHISCAN_BINARY);
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "NHISCAN_CACHE_DIR=", 18) != 0) spec.env.push_back(*e);
  }
  spec.env.push_back("NHISCAN_CACHE_DIR=" + TestCacheDir());
  spec.cwd = cwd;
  return RunProcess(spec);
}

std::string Describe(const CommandResult& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const rules::RuleSet& BuiltinRules() {
  static const rules::RuleSet* set = [] {
    auto* s = new rules::RuleSet();
    Status status = rules::LoadBuiltinRules(s);
    if (!status.ok()) throw std::runtime_error(status.message());
    return s;
  }();
  return *set;
}

const match::Database& BuiltinDatabase() {
  static const match::Database* db = [] {
    // The image embedded at build time spares every test process the compile.
    match::DatabaseOptions options;
    options.prebuilt = match::PrebuiltDatabase();
    auto built = match::Database::Build(BuiltinRules(), options);
    if (!built.ok()) throw std::runtime_error(built.status().message());
    return std::move(built).value().release();
  }();
  return *db;
}

}  // namespace nhiscan::testing
