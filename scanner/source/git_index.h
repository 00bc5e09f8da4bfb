// A reader for git's index file (the staging area, `.git/index`), versions 2 to 4, with its
// cache-tree (the TREE extension: the tree id of every folder whose entries have not changed
// since the id was computed). libgit2 reads the index too, but does not expose the cache-tree,
// and it hashes the whole file and allocates every entry on the way: for a pre-commit scan that
// was most of the time spent before the first blob (see git.cc, the staged listing).
//
// Plain C++ and no libgit2, so it is tested and fuzzed on its own. Read() checks the structure
// completely (every entry, every extension, each within the file, entries in git's order) and
// refuses what it does not understand with Unsupported (a split or sparse index, an unknown
// required extension), for the caller to fall back to libgit2. The trailing SHA-1 is not
// verified: git itself lets it be zero (index.skipHash), and a damaged id can only make a blob
// look changed (scanned, or reported unreadable), never make a changed one look unchanged.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/base/status.h"

namespace nhiscan::source {

using RawOid = std::array<uint8_t, 20>;

struct IndexEntry {
  uint32_t path_offset = 0;  // into GitIndex's path arena (see GitIndex::path)
  uint32_t path_length = 0;
  uint32_t mode = 0;  // 0100644, 0100755, 0120000 (symlink), 0160000 (gitlink)
  uint32_t size = 0;  // the working file's size when it was staged, truncated to 32 bits
  RawOid oid{};
  uint8_t stage = 0;           // 0, or 1-3 for the sides of a merge conflict
  bool intent_to_add = false;  // `git add -N`: listed, nothing staged yet
};

struct CacheTreeNode {
  std::string name;    // one path component; "" for the root
  bool valid = false;  // false: invalidated since (entry count -1 in the file); oid is unset
  RawOid oid{};
  std::vector<CacheTreeNode> children;

  const CacheTreeNode* Child(std::string_view child_name) const;
};

class GitIndex {
 public:
  // Reads the index file at `path`. A missing file is an empty index, as for git.
  static Result<GitIndex> Read(const std::string& path);
  // Parses index bytes (Read without the file).
  static Result<GitIndex> Parse(std::string_view bytes);

  const std::vector<IndexEntry>& entries() const { return entries_; }
  std::string_view path(const IndexEntry& entry) const {
    return std::string_view(paths_).substr(entry.path_offset, entry.path_length);
  }
  // The cache-tree's root, or null when the index has none.
  const CacheTreeNode* cache_tree() const { return cache_tree_.get(); }

 private:
  std::vector<IndexEntry> entries_;
  std::string paths_;
  std::unique_ptr<CacheTreeNode> cache_tree_;
};

}  // namespace nhiscan::source
