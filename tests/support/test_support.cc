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
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

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
// A pidfd makes this one poll; without one (kernels before 5.3), or if poll fails, it polls waitid.
bool AwaitExit(pid_t pid, std::chrono::milliseconds limit) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + limit;
  auto left = [&] {
    return std::max<int64_t>(0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
  };
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    int ready;
    do {
      ready = ::poll(&p, 1, static_cast<int>(left()));
    } while (ready < 0 && errno == EINTR);
    ::close(pidfd);
    if (ready >= 0) return ready > 0;
  }
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) return true;
    if (left() == 0) return false;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

// The first line of a /proc file; empty when it cannot be read.
std::string FirstLine(const fs::path& file) {
  std::string line;
  std::ifstream in(file);
  std::getline(in, line);
  return line;
}

// What a /proc/.../stat line says after the command name: state, parent, process group...
std::vector<std::string> StatFields(const std::string& stat) {
  std::vector<std::string> fields;
  const size_t name_end = stat.rfind(')');
  if (name_end == std::string::npos) return fields;
  std::istringstream rest(stat.substr(name_end + 1));
  for (std::string field; rest >> field;) fields.push_back(field);
  return fields;
}

// Every process of process group `group` (a test's child and whatever it started, such as the
// nhiscan a git hook runs), one line per thread: name, state and the kernel function it sleeps in.
std::string DescribeProcessGroup(pid_t group) {
  std::string out;
  std::error_code ec;
  for (const auto& process : fs::directory_iterator("/proc", ec)) {
    const std::string name = process.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    const std::vector<std::string> fields = StatFields(FirstLine(process.path() / "stat"));
    if (fields.size() < 3 || fields[2] != std::to_string(group)) continue;
    out += "  process " + name + " (" + FirstLine(process.path() / "comm") + "):\n";
    for (const auto& task : fs::directory_iterator(process.path() / "task", ec)) {
      const std::vector<std::string> task_fields = StatFields(FirstLine(task.path() / "stat"));
      out += "    thread " + task.path().filename().string() + " (" + FirstLine(task.path() / "comm") + ") state " +
             (task_fields.empty() ? "?" : task_fields[0]) + ", waiting in " + FirstLine(task.path() / "wchan") + "\n";
    }
  }
  return out;
}

}  // namespace

pid_t StartProcess(const ProcessSpec& spec, const std::string& stdout_path, const std::string& stderr_path) {
  std::vector<std::string> argv = spec.argv;
  std::vector<char*> argp = Pointers(argv);
  std::vector<std::string> env = spec.env.value_or(std::vector<std::string>{});
  std::vector<char*> envp = Pointers(env);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, spec.stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (!spec.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());
  // Its own process group, so that a hang can be described and killed with all it started.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = -1;
  const int error = ::posix_spawn(&pid, spec.Program().c_str(), &actions, &attributes, argp.data(),
                                  spec.env ? envp.data() : environ);
  posix_spawnattr_destroy(&attributes);
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
    if (threads) *threads = DescribeProcessGroup(pid);
    ::kill(-pid, SIGKILL);
    ::kill(pid, SIGKILL);  // in case it left its group
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid " + std::to_string(pid) + ": " + std::strerror(errno));
  }
  return status;
}

int ExitCode(int wait_status) {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

CommandResult RunProcess(const ProcessSpec& spec) {
  TempDir io;
  const std::string out_path = io.path() + "/out", err_path = io.path() + "/err";
  CommandResult result;
  const pid_t pid = StartProcess(spec, out_path, err_path);
  if (pid < 0) {
    const int error = errno;
    result.exit_code = 127;
    result.err = "cannot start " + spec.Program() +
                 " (or open its stdin, its outputs or its folder): " + std::strerror(error) + "\n";
    return result;
  }
  bool killed = false;
  std::string threads;
  const int status = WaitForProcess(pid, kProcessTimeLimit, &killed, &threads);
  result.exit_code = ExitCode(status);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  if (killed) {
    result.err = "[test] " + spec.argv.at(0) + " was killed: still running after " +
                 std::to_string(kProcessTimeLimit.count()) + " s. Its process group:\n" + threads + result.err;
  }
  return result;
}

CommandResult RunNhiscan(const std::vector<std::string>& args, const std::string& cwd) {
  ProcessSpec spec;
  spec.argv.push_back(NHISCAN_BINARY);
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env.emplace();
  for (char** e = environ; *e; ++e) {
    if (std::strncmp(*e, "NHISCAN_CACHE_DIR=", 18) != 0) spec.env->push_back(*e);
  }
  spec.env->push_back("NHISCAN_CACHE_DIR=" + TestCacheDir());
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
    auto built = match::Database::Build(
        BuiltinRules(), match::BuiltinDatabaseOptions("", match::PrebuiltDatabase()));
    if (!built.ok()) throw std::runtime_error(built.status().message());
    return std::move(built).value().release();
  }();
  return *db;
}

}  // namespace nhiscan::testing
