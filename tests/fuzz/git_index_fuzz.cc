// git index files (GitIndex::Parse): whatever the bytes, an error or an index whose entries have
// non-empty paths inside the file, stages 0-3, in git's order, and a cache-tree whose nodes below
// the root are named.
#include "scanner/source/git_index.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

void CheckCacheTree(const nhiscan::source::CacheTreeNode& node, bool root) {
  nhiscan::fuzz::Check(root || (!node.name.empty() && node.name.find('/') == std::string::npos),
                       "cache-tree nodes below the root are single path components");
  for (const auto& child : node.children) CheckCacheTree(child, false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nhiscan;
  const std::string_view bytes = fuzz::AsText(data, size);
  Result<source::GitIndex> index = source::GitIndex::Parse(bytes);
  if (!index.ok()) return 0;
  std::string_view previous;
  uint8_t previous_stage = 0;
  for (const source::IndexEntry& entry : index->entries()) {
    const std::string_view path = index->path(entry);
    fuzz::Check(!path.empty() && path.size() < size, "paths are non-empty and came from the file");
    fuzz::Check(entry.stage <= 3, "stages are 0 to 3");
    fuzz::Check(
        previous.empty() || previous < path || (previous == path && previous_stage < entry.stage),
        "entries are in git's order");
    previous = path;
    previous_stage = entry.stage;
  }
  if (index->cache_tree()) CheckCacheTree(*index->cache_tree(), true);
  return 0;
}
