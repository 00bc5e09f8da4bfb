// git index files (GitIndex::Parse): whatever the bytes, an error or an index whose entries have
// non-empty paths inside the file, stages 0-3, in git's order, and a cache-tree whose nodes below
// the root are named and whose nodes lie within their folders.
#include "scanner/source/git_index.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

void CheckCacheTree(const nhiscan::source::CacheTreeNode& node, bool root) {
  nhiscan::fuzz::Check(root || (!node.name.empty() && node.name.find('/') == std::string::npos),
                       "cache-tree nodes below the root are single path components");
  const nhiscan::source::CacheTreeNode* child = &node + 1;
  uint64_t below = 0;
  for (uint32_t i = 0; i < node.subfolders; ++i, child += 1 + child->descendants) {
    nhiscan::fuzz::Check(below + 1 + child->descendants <= node.descendants,
                         "subfolders lie within their folder's descendants");
    CheckCacheTree(*child, false);
    below += 1 + child->descendants;
  }
  nhiscan::fuzz::Check(below == node.descendants, "a folder's descendants are its subtrees");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nhiscan;
  const std::string_view bytes = fuzz::AsText(data, size);
  Result<source::GitIndex> index = source::GitIndex::Parse(bytes);
  if (!index.ok()) return 0;
  std::string_view previous;
  uint8_t previous_stage = 0;
  for (size_t i = 0; i < index->size(); ++i) {
    const source::IndexEntry entry = index->entry(i);
    const std::string_view path = entry.path;
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
