#include "scanner/base/file_io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

namespace nhiscan {

namespace {

std::string ErrnoText() { return std::strerror(errno); }

// write(2) until done; false on the first error (errno set).
bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

Result<std::string> ReadWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::Io("cannot open " + path + ": " + ErrnoText());
  }
  std::string data;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) data.reserve(static_cast<size_t>(st.st_size));
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status error = Status::Io("cannot read " + path + ": " + ErrnoText());
      ::close(fd);
      return error;
    }
    if (n == 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return data;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  std::swap(data_, other.data_);  // `other` unmaps what this held
  std::swap(size_, other.size_);
  return *this;
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(const_cast<char*>(data_), size_);
}

Result<MappedFile> MapWholeFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::Io("cannot open " + path + ": " + ErrnoText());
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Io("cannot read " + path + ": not a regular file");
  }
  MappedFile file;
  if (st.st_size > 0) {
    const size_t size = static_cast<size_t>(st.st_size);
    // MAP_POPULATE: the page table is filled from the page cache in this one call.
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED) {
      Status error = Status::Io("cannot map " + path + ": " + ErrnoText());
      ::close(fd);
      return error;
    }
    file.data_ = static_cast<const char*>(map);
    file.size_ = size;
  }
  ::close(fd);
  return file;
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  std::string temp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Io("cannot write in " + parent.string() + ": " + ErrnoText());
  bool written = WriteAll(fd, bytes);
  std::string error = written ? "" : ErrnoText();
  if (::close(fd) != 0 && written) {
    written = false;
    error = ErrnoText();
  }
  if (!written || ::rename(temp.c_str(), path.c_str()) != 0) {
    if (error.empty()) error = ErrnoText();
    ::unlink(temp.c_str());
    return Status::Io("cannot write " + path + ": " + error);
  }
  return Status::Ok();
}

}  // namespace nhiscan
