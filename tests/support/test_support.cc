#include "tests/support/test_support.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "scanner/match/prebuilt_database.h"
#include "scanner/rules/loader.h"

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

std::string ReadAll(int fd) {
  std::string out;
  char buf[65536];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

// One rule cache per test process, removed when the process exits (static destruction). Created
// in the parent before fork(): created in the child, every run would get (and leak) its own.
const std::string& TestCacheDir() {
  static const TempDir dir;
  return dir.path();
}

}  // namespace

CommandResult RunNhiscan(const std::vector<std::string>& args, const std::string& cwd) {
  TempDir io;
  const std::string out_path = io.path() + "/out", err_path = io.path() + "/err";
  const std::string cache_dir = TestCacheDir();
  pid_t pid = ::fork();
  if (pid == 0) {
    int in = ::open("/dev/null", O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(127);
    ::setenv("NHISCAN_CACHE_DIR", cache_dir.c_str(), 1);
    std::vector<char*> argv;
    std::string binary = NHISCAN_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  int fd = ::open(out_path.c_str(), O_RDONLY);
  result.out = ReadAll(fd);
  ::close(fd);
  fd = ::open(err_path.c_str(), O_RDONLY);
  result.err = ReadAll(fd);
  ::close(fd);
  return result;
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
