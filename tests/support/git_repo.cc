#include "tests/support/git_repo.h"

#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace nhiscan::testing {

namespace fs = std::filesystem;

namespace {

// The compiled-rules cache, shared by every test process (ctest runs each test in its own): the
// cache is keyed by the rule set and written atomically, so sharing it is safe, and it saves a
// database compile per test. It lives beside the binary under test, in the build folder.
const std::string& RuleCacheDir() {
  static const std::string dir = [] {
    std::string path = (fs::path(NHISCAN_BINARY).parent_path() / "git-test-rule-cache").string();
    std::error_code ec;
    fs::create_directories(path, ec);
    return path;
  }();
  return dir;
}

bool Dropped(const std::string& name) {
  return name.rfind("GIT_", 0) == 0 || name.rfind("NHISCAN", 0) == 0 || name == "HOME" ||
         name == "XDG_CONFIG_HOME" || name == "XDG_CACHE_HOME" || name == "LANG" ||
         name.rfind("LC_", 0) == 0 || name == "EMAIL";
}

// The isolated environment as name -> value (the order of the map keeps runs reproducible).
std::map<std::string, std::string> IsolatedEnvironment(const EnvVars& extra) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    std::string name = entry.substr(0, eq);
    if (!Dropped(name)) env[name] = entry.substr(eq + 1);
  }
  const std::string& home = IsolatedHome();
  env["HOME"] = home;
  env["XDG_CONFIG_HOME"] = home + "/.config";
  env["GIT_CONFIG_GLOBAL"] = "/dev/null";
  env["GIT_CONFIG_NOSYSTEM"] = "1";
  env["GIT_AUTHOR_NAME"] = "Ada Author";
  env["GIT_AUTHOR_EMAIL"] = "ada@example.com";
  env["GIT_COMMITTER_NAME"] = "Cy Committer";
  env["GIT_COMMITTER_EMAIL"] = "cy@example.com";
  env["GIT_AUTHOR_DATE"] = std::to_string(GitRepo::kEpoch) + " +0000";
  env["GIT_COMMITTER_DATE"] = std::to_string(GitRepo::kEpoch) + " +0000";
  env["GIT_ALLOW_PROTOCOL"] = "file";
  env["GIT_TERMINAL_PROMPT"] = "0";
  env["GIT_PAGER"] = "cat";
  env["LC_ALL"] = "C";
  env["NHISCAN_CACHE_DIR"] = RuleCacheDir();
  for (const auto& [name, value] : extra) env[name] = value;
  return env;
}

// The program a name stands for, looked up in the child's PATH (not ours) as execvp does: the
// first regular, executable file; relative PATH entries count from the child's folder. A name with
// a slash is returned as it is; "" when nothing is found.
std::string ProgramPath(const std::string& name, const std::string& path, const std::string& cwd) {
  if (name.find('/') != std::string::npos) return name;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
    if (candidate.is_relative() && !cwd.empty()) candidate = fs::path(cwd) / candidate;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

}  // namespace

const std::string& IsolatedHome() {
  // Removed when the process exits (static destruction).
  static const TempDir home;
  static const std::string path = [] {
    fs::create_directories(home.path() + "/.config");
    return home.path();
  }();
  return path;
}

CommandResult RunProgram(const std::vector<std::string>& argv, const RunOptions& options) {
  if (argv.empty()) throw std::invalid_argument("RunProgram: empty argv");
  TempDir io;
  const std::map<std::string, std::string> env = IsolatedEnvironment(options.env);
  ProcessSpec spec(argv);
  spec.env.emplace();
  for (const auto& [name, value] : env) spec.env->push_back(name + "=" + value);
  spec.program = ProgramPath(argv[0], env.count("PATH") ? env.at("PATH") : "/usr/bin:/bin", options.cwd);
  if (spec.program.empty()) {
    CommandResult not_found;
    not_found.exit_code = 127;
    not_found.err = argv[0] + ": not found in PATH\n";
    return not_found;
  }
  spec.stdin_path = io.Write("in", options.stdin_text);
  spec.cwd = options.cwd;
  return RunProcess(spec);
}

CommandResult RunNhiscanEnv(const std::vector<std::string>& args, const std::string& cwd,
                            const EnvVars& env) {
  std::vector<std::string> argv = {NHISCAN_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProgram(argv, {cwd, env, ""});
}

GitRepo::GitRepo(std::string dir, bool bare) : dir_(std::move(dir)) {
  fs::create_directories(dir_);
  std::vector<std::string> args = {"-c", "init.defaultBranch=main", "init", "-q"};
  if (bare) args.push_back("--bare");
  Git(args);
}

GitRepo::GitRepo(std::string dir, Existing) : dir_(std::move(dir)) {}

EnvVars GitRepo::DateEnv() const {
  const std::string date = std::to_string(Now()) + " +0000";
  return {{"GIT_AUTHOR_DATE", date}, {"GIT_COMMITTER_DATE", date}};
}

CommandResult GitRepo::TryGit(const std::vector<std::string>& args, const EnvVars& env,
                              const std::string& stdin_text) const {
  std::vector<std::string> argv = {"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  EnvVars all = DateEnv();
  all.insert(all.end(), env.begin(), env.end());
  return RunProgram(argv, {dir_, all, stdin_text});
}

std::string GitRepo::Git(const std::vector<std::string>& args, const EnvVars& env,
                         const std::string& stdin_text) const {
  CommandResult r = TryGit(args, env, stdin_text);
  if (r.exit_code != 0) {
    std::string command = "git";
    for (const std::string& a : args) command += " " + a;
    throw std::runtime_error(command + " failed in " + dir_ + " (exit " +
                             std::to_string(r.exit_code) + "): " + r.err + r.out);
  }
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

std::string GitRepo::Write(const std::string& relative, const std::string& content) const {
  fs::path full = fs::path(dir_) / relative;
  fs::create_directories(full.parent_path());
  std::ofstream out(full, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + full.string());
  return full.string();
}

void GitRepo::Remove(const std::string& relative) const {
  std::error_code ec;
  fs::remove_all(fs::path(dir_) / relative, ec);
}

std::string GitRepo::NowIso() const {
  time_t t = static_cast<time_t>(Now());
  struct tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string GitRepo::Commit(const std::string& message) {
  Git({"add", "-A"});
  return CommitStaged(message);
}

std::string GitRepo::CommitStaged(const std::string& message) {
  Tick();
  Git({"commit", "-q", "--no-verify", "-m", message});
  return Rev("HEAD");
}

std::string GitRepo::Rev(const std::string& spec) const {
  return Git({"rev-parse", "--verify", "-q", spec});
}

std::map<std::string, std::string> SnapshotTree(const std::string& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const fs::path& p = it->path();
    const std::string rel = fs::relative(p, dir).string();
    if (it->is_symlink()) {
      out[rel] = "-> " + fs::read_symlink(p).string();
    } else if (it->is_regular_file()) {
      out[rel] = ReadFile(p.string());
    } else if (it->is_directory()) {
      out[rel + "/"] = "";
    }
  }
  return out;
}

std::vector<std::string> SnapshotDifferences(const std::map<std::string, std::string>& before,
                                             const std::map<std::string, std::string>& after) {
  std::vector<std::string> diff;
  for (const auto& [path, content] : before) {
    auto it = after.find(path);
    if (it == after.end()) {
      diff.push_back("removed " + path);
    } else if (it->second != content) {
      diff.push_back("changed " + path);
    }
  }
  for (const auto& [path, content] : after) {
    if (!before.count(path)) diff.push_back("added " + path);
  }
  return diff;
}

}  // namespace nhiscan::testing
