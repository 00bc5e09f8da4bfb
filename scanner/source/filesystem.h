// The filesystem source: walks files and folders given on the command line. Never follows
// symbolic links inside them (so it cannot leave the tree or loop; a root named on the command
// line is followed), skips .git folders, FIFOs, sockets and devices, applies --exclude globs and
// the size limit, and reports unreadable paths as errors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scanner/source/source.h"

namespace nhiscan::source {

struct FilesystemOptions {
  std::vector<std::string> roots;     // files or folders; "." when empty
  std::vector<std::string> excludes;  // globs (base/glob.h), matched on the reported path
  uint64_t max_file_size = 0;         // 0 = no limit
};

class FilesystemSource : public Source {
 public:
  explicit FilesystemSource(FilesystemOptions options) : options_(std::move(options)) {}
  using Source::Enumerate;
  Status Enumerate(const ItemSink& sink, Diagnostics* diagnostics) override;
  std::unique_ptr<BlobReader> NewReader() const override;

 private:
  void Walk(const std::string& dir, const std::string& reported, const ItemSink& sink,
            Diagnostics* diagnostics) const;
  void Consider(const std::string& file, const std::string& reported, const ItemSink& sink,
                Diagnostics* diagnostics) const;
  FilesystemOptions options_;
};

}  // namespace nhiscan::source
