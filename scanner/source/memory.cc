#include "scanner/source/memory.h"

#include <algorithm>

namespace nhiscan::source {

namespace {

class MemoryReader : public BlobReader {
 public:
  explicit MemoryReader(const std::vector<std::pair<std::string, std::string>>& files)
      : files_(files) {}

  Status Read(const Item& item, const PieceSink& sink) override {
    const size_t index = std::stoul(item.locator);
    if (index >= files_.size()) return Status::Internal("no such in-memory file");
    return sink(files_[index].second, /*last=*/true);
  }

 private:
  const std::vector<std::pair<std::string, std::string>>& files_;
};

}  // namespace

Status MemorySource::Enumerate(const ItemSink& sink, Diagnostics* /*diagnostics*/) {
  for (size_t i = 0; i < files_.size(); ++i) {
    sink({files_[i].first, std::to_string(i), files_[i].second.size(), ""});
  }
  return Status::Ok();
}

std::unique_ptr<BlobReader> MemorySource::NewReader() const {
  return std::make_unique<MemoryReader>(files_);
}

}  // namespace nhiscan::source
