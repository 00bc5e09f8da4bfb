// Whole-file reads, mappings and atomic writes, for the files nhiscan keeps beside a scan (rule
// files, the caches of compiled rules) and for git's index. (Scanned content is read by source/,
// never through here.)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "scanner/base/status.h"

namespace nhiscan {

// The bytes of `path`; NotFound when it does not exist, Io for any other failure.
Result<std::string> ReadWholeFile(const std::string& path);

// A read-only, private mapping of a whole regular file, unmapped when destroyed. A mapping costs
// no fresh memory (the pages are the page cache's), where a read copies every byte into pages
// that must first be faulted in: on a virtual machine that was most of a short run's start.
// The file must not be truncated while mapped (reading a truncated page is SIGBUS), so map only
// files that are replaced by renaming, never rewritten in place.
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view bytes() const { return {data_, size_}; }

 private:
  friend Result<MappedFile> MapWholeFile(const std::string& path);
  const char* data_ = nullptr;
  size_t size_ = 0;
};

// Maps `path` (an empty file gives empty bytes); NotFound when it does not exist, Io for anything
// else, a file that is not a regular file included (a FIFO is refused, not waited on).
Result<MappedFile> MapWholeFile(const std::string& path);

// Writes `bytes` to `path` through a temporary file in the same folder and a rename, creating the
// folder when needed, so that a concurrent reader sees the old file or the new one, never half.
Status WriteFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace nhiscan
