#include "scanner/source/filesystem.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "scanner/base/glob.h"

namespace nhiscan::source {

namespace {

constexpr size_t kPieceSize = 1 << 20;

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir == ".") return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string ErrnoText(int err) { return std::strerror(err); }

class FileReader : public BlobReader {
 public:
  explicit FileReader(uint64_t max_size) : max_size_(max_size) {}

  Status Read(const Item& item, const PieceSink& sink) override {
    // O_NONBLOCK: if the path was swapped for a FIFO after enumeration, open must not hang.
    int fd = ::open(item.locator.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return Status::Io("cannot open: " + ErrnoText(errno));
    struct stat st;
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd);
      return Status::Io("not a regular file any more");
    }
    // The walk does not stat files it knows are regular (d_type): the size limit is checked here.
    if (max_size_ && static_cast<uint64_t>(st.st_size) > max_size_) {
      ::close(fd);
      return Status::Unsupported("too_large");
    }
    // Not zeroed: its pages are touched as reads fill them, so a small file costs one page.
    if (!buffer_) buffer_.reset(new char[kPieceSize]);
    Status status;
    // Up to the size fstat gave, without the read that would return 0 (one system call per file
    // fewer); a file that says it is empty (/proc and the like) is read to its end.
    const uint64_t expected = static_cast<uint64_t>(st.st_size);
    for (uint64_t total = 0; expected == 0 || total < expected;) {
      ssize_t n = ::read(fd, buffer_.get(), kPieceSize);
      if (n < 0) {
        if (errno == EINTR) continue;
        status = Status::Io("read failed: " + ErrnoText(errno));
        break;
      }
      if (n == 0) break;
      total += static_cast<uint64_t>(n);
      const bool last = expected != 0 && total >= expected;
      status = sink(std::string_view(buffer_.get(), static_cast<size_t>(n)), last);
      if (!status.ok()) break;
    }
    ::close(fd);
    return status;
  }

 private:
  uint64_t max_size_;
  std::unique_ptr<char[]> buffer_;
};

}  // namespace

void FilesystemSource::Consider(const std::string& file, const std::string& reported,
                                const ItemSink& sink, Diagnostics* diagnostics) const {
  struct stat st;
  if (::lstat(file.c_str(), &st) != 0) {
    diagnostics->Error(reported, "cannot stat: " + ErrnoText(errno));
    return;
  }
  if (S_ISLNK(st.st_mode)) {
    diagnostics->Skip("symlink");
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    diagnostics->Skip("special_file");
    return;
  }
  if (AnyGlobMatches(options_.excludes, reported)) {
    diagnostics->Skip("excluded");
    return;
  }
  if (options_.max_file_size && static_cast<uint64_t>(st.st_size) > options_.max_file_size) {
    diagnostics->Skip("too_large");
    return;
  }
  sink({reported, file, static_cast<uint64_t>(st.st_size), ""});
}

void FilesystemSource::Walk(const std::string& dir, const std::string& reported,
                            const ItemSink& sink, Diagnostics* diagnostics) const {
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) {
    diagnostics->Error(reported.empty() ? "." : reported, "cannot read folder: " + ErrnoText(errno));
    return;
  }
  std::vector<std::pair<std::string, unsigned char>> entries;
  errno = 0;
  while (struct dirent* entry = ::readdir(handle)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") entries.emplace_back(std::move(name), entry->d_type);
  }
  if (errno != 0) diagnostics->Error(reported, "cannot list folder: " + ErrnoText(errno));
  ::closedir(handle);
  std::sort(entries.begin(), entries.end());
  for (const auto& [name, type] : entries) {
    std::string path = JoinPath(dir, name);
    std::string shown = reported.empty() ? name : reported + "/" + name;
    unsigned char kind = type;
    if (kind == DT_UNKNOWN) {
      struct stat st;
      if (::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) kind = DT_DIR;
    }
    if (kind == DT_REG) {
      // Known to be a regular file without a stat: the reader checks its size when it opens it.
      if (AnyGlobMatches(options_.excludes, shown)) {
        diagnostics->Skip("excluded");
      } else {
        sink({shown, path, 0, ""});
      }
    } else if (kind == DT_DIR) {
      if (name == ".git") continue;  // the object store is scanned by `nhiscan git`, not here
      if (AnyGlobMatches(options_.excludes, shown)) {
        diagnostics->Skip("excluded");
        continue;
      }
      Walk(path, shown, sink, diagnostics);
    } else {
      Consider(path, shown, sink, diagnostics);
    }
  }
}

Status FilesystemSource::Enumerate(const ItemSink& sink, Diagnostics* diagnostics) {
  std::vector<std::string> roots = options_.roots;
  if (roots.empty()) roots.push_back(".");
  // One folder: report paths relative to it. Several roots: report them as given.
  const bool relative = roots.size() == 1;
  for (const std::string& root : roots) {
    struct stat st;
    if (::stat(root.c_str(), &st) != 0) {  // a root named on the command line is followed
      return Status::NotFound("cannot scan " + root + ": " + ErrnoText(errno));
    }
    if (S_ISDIR(st.st_mode)) {
      std::string prefix = relative ? "" : root;
      while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
      if (prefix == ".") prefix.clear();
      Walk(root, prefix, sink, diagnostics);
    } else {
      // A file named on the command line is followed too (its target is read; the reader never
      // follows links), reported under the name it was given.
      char* target = ::realpath(root.c_str(), nullptr);
      Consider(target ? std::string(target) : root, root, sink, diagnostics);
      std::free(target);
    }
  }
  return Status::Ok();
}

std::unique_ptr<BlobReader> FilesystemSource::NewReader() const {
  return std::make_unique<FileReader>(options_.max_file_size);
}

}  // namespace nhiscan::source
