// A source of in-memory files: rule examples, tests and anything else that scans text it already
// holds. The texts must outlive the source and its readers.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "scanner/source/source.h"

namespace nhiscan::source {

class MemorySource : public Source {
 public:
  // (path, text) pairs; paths are reported as given.
  explicit MemorySource(std::vector<std::pair<std::string, std::string>> files)
      : files_(std::move(files)) {}

  using Source::Enumerate;
  Status Enumerate(const ItemSink& sink, Diagnostics* diagnostics) override;
  std::unique_ptr<BlobReader> NewReader() const override;

 private:
  std::vector<std::pair<std::string, std::string>> files_;
};

}  // namespace nhiscan::source
