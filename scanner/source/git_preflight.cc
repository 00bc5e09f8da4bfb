#include "scanner/source/git_preflight.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <set>
#include <utility>
#include <vector>

namespace nhiscan::source {

namespace {

constexpr int kMaxDepth = 32;         // folders below the git folder, and symlink hops
constexpr size_t kMaxTextFile = 1 << 20;  // configuration and alternates files read here

// Reads a regular file without ever blocking (O_NONBLOCK, then fstat); "" otherwise.
std::string ReadSmallFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return "";
  struct stat st;
  std::string text;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    text.resize(std::min<size_t>(static_cast<size_t>(st.st_size), kMaxTextFile));
    ssize_t n = ::read(fd, text.data(), text.size());
    text.resize(n > 0 ? static_cast<size_t>(n) : 0);
  }
  ::close(fd);
  return text;
}

std::string Resolve(const std::string& dir, const std::string& path) {
  if (path.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    return std::string(home ? home : "") + path.substr(1);
  }
  return path[0] == '/' ? path : dir + "/" + path;
}

std::string Trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

class Preflight {
 public:
  Status Run(const std::string& git_dir) {
    NHISCAN_RETURN_IF_ERROR(Walk(git_dir, 0));
    // Files outside the git folder that libgit2 also opens.
    for (const char* config : {"/config", "/config.worktree"}) {
      NHISCAN_RETURN_IF_ERROR(CheckConfig(git_dir + config, 0));
    }
    std::string common = ReadSmallFile(git_dir + "/commondir");
    if (!common.empty()) {
      common = Resolve(git_dir, FirstLine(common));
      NHISCAN_RETURN_IF_ERROR(Walk(common, 0));
      NHISCAN_RETURN_IF_ERROR(CheckConfig(common + "/config", 0));
      NHISCAN_RETURN_IF_ERROR(CheckAlternates(common + "/objects", 0));
    }
    return CheckAlternates(git_dir + "/objects", 0);
  }

 private:
  static Status Refuse(const std::string& path) {
    return Status::Unsupported("refusing to read the repository: " + path +
                               " is not a regular file (a FIFO or device would block the scan)");
  }

  // Regular files and folders only; symlinks are checked at their target.
  Status Walk(const std::string& dir, int depth) {
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return Status::Ok();
    if (depth > kMaxDepth || !seen_.insert({st.st_dev, st.st_ino}).second) return Status::Ok();
    DIR* handle = ::opendir(dir.c_str());
    if (handle == nullptr) return Status::Ok();  // unreadable: libgit2 reports it, it cannot block
    std::vector<std::pair<std::string, unsigned char>> entries;
    while (struct dirent* entry = ::readdir(handle)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") entries.emplace_back(name, entry->d_type);
    }
    ::closedir(handle);
    for (const auto& [name, type] : entries) {
      const std::string path = dir + "/" + name;
      if (type == DT_REG) continue;
      if (type == DT_DIR) {
        NHISCAN_RETURN_IF_ERROR(Walk(path, depth + 1));
        continue;
      }
      struct stat target;
      if (::stat(path.c_str(), &target) != 0) continue;  // dangling link: nothing to block on
      if (S_ISDIR(target.st_mode)) {
        NHISCAN_RETURN_IF_ERROR(Walk(path, depth + 1));
      } else if (!S_ISREG(target.st_mode)) {
        return Refuse(path);
      }
    }
    return Status::Ok();
  }

  // include.path and includeIf.*.path of a configuration file, followed to their targets.
  Status CheckConfig(const std::string& file, int depth) {
    struct stat st;
    if (::stat(file.c_str(), &st) != 0) return Status::Ok();
    if (!S_ISREG(st.st_mode)) return Refuse(file);
    if (depth > kMaxDepth) return Status::Ok();
    const std::string text = ReadSmallFile(file);
    const std::string dir = file.substr(0, file.rfind('/'));
    bool in_include = false;
    size_t at = 0;
    while (at < text.size()) {
      size_t end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      std::string line = Trim(text.substr(at, end - at));
      at = end + 1;
      if (!line.empty() && line[0] == '[') {
        std::string section = Lower(line.substr(1, line.find_first_of(" \"]", 1) - 1));
        in_include = section == "include" || section == "includeif";
        continue;
      }
      if (!in_include) continue;
      const size_t equals = line.find('=');
      if (equals == std::string::npos || Lower(Trim(line.substr(0, equals))) != "path") continue;
      std::string value = Trim(line.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      if (value.empty()) continue;
      NHISCAN_RETURN_IF_ERROR(CheckConfig(Resolve(dir, value), depth + 1));
    }
    return Status::Ok();
  }

  // objects/info/alternates names other object folders libgit2 reads as its own.
  Status CheckAlternates(const std::string& objects, int depth) {
    const std::string file = objects + "/info/alternates";
    struct stat st;
    if (::stat(file.c_str(), &st) != 0) return Status::Ok();
    if (!S_ISREG(st.st_mode)) return Refuse(file);
    if (depth > kMaxDepth) return Status::Ok();
    for (const std::string& other : AlternateObjectFolders(objects)) {
      NHISCAN_RETURN_IF_ERROR(Walk(other, 0));
      NHISCAN_RETURN_IF_ERROR(CheckAlternates(other, depth + 1));
    }
    return Status::Ok();
  }

  static std::string FirstLine(const std::string& text) { return Trim(text.substr(0, text.find('\n'))); }

  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
  }

  std::set<std::pair<dev_t, ino_t>> seen_;
};

}  // namespace

std::vector<std::string> AlternateObjectFolders(const std::string& objects_dir) {
  std::vector<std::string> folders;
  const std::string text = ReadSmallFile(objects_dir + "/info/alternates");
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = Trim(text.substr(at, end - at));
    at = end + 1;
    if (!line.empty() && line[0] != '#') folders.push_back(Resolve(objects_dir, line));
  }
  return folders;
}

Status CheckGitDirHasNoSpecialFiles(const std::string& git_dir) {
  std::string dir = git_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();  // libgit2 gives "…/.git/"
  Preflight preflight;
  return preflight.Run(dir);
}

}  // namespace nhiscan::source
