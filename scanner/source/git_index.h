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

// One entry, decoded from the index's bytes when asked for (GitIndex::entry).
struct IndexEntry {
  std::string_view path;  // into the GitIndex it came from: valid while that lives
  uint32_t mode = 0;      // 0100644, 0100755, 0120000 (symlink), 0160000 (gitlink)
  uint32_t size = 0;      // the working file's size when it was staged, truncated to 32 bits
  RawOid oid{};
  uint8_t stage = 0;           // 0, or 1-3 for the sides of a merge conflict
  bool intent_to_add = false;  // `git add -N`: listed, nothing staged yet
};

// One folder of the cache-tree. GitIndex stores the nodes depth first in one array: a node's
// subfolders follow it, each one after the whole subtree of the one before.
struct CacheTreeNode {
  std::string_view name;  // one path component, "" for the root; into the GitIndex it came from
  bool valid = false;     // false: invalidated since (entry count -1 in the file); oid is unset
  RawOid oid{};
  uint32_t subfolders = 0;   // direct subfolders
  uint32_t descendants = 0;  // all nodes below this one

  // The direct subfolder named `child_name`, or null (for nodes of GitIndex::cache_tree()).
  const CacheTreeNode* Child(std::string_view child_name) const;
};

// The index keeps its file mapped and decodes an entry when it is asked for, where it used to copy
// every entry and path out (6 MB for Linux's tree): on a virtual machine, where the first touch of
// a fresh page costs about 12 us (a fault in the guest and one in the host), those 1,500 pages
// were the most expensive part of a pre-commit run. What Parse checked stays checked: entries are
// decoded from the same bytes, which do not change while the index lives (see Read).
class GitIndex {
 public:
  // Reads the index file at `path`. A missing file is an empty index, as for git.
  static Result<GitIndex> Read(const std::string& path);
  // Parses index bytes (Read without the file); they are copied.
  static Result<GitIndex> Parse(std::string_view bytes);

  size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }
  IndexEntry entry(size_t i) const;
  std::string_view path(size_t i) const;
  // The cache-tree's root, or null when the index has none.
  const CacheTreeNode* cache_tree() const { return cache_tree_.empty() ? nullptr : &cache_tree_[0]; }

 private:
  static Result<GitIndex> ParseHeld(std::shared_ptr<const void> holder, std::string_view bytes);

  std::shared_ptr<const void> holder_;  // keeps bytes_ alive: the mapping or the copy
  std::string_view bytes_;
  uint32_t version_ = 0;
  // Where each entry starts in bytes_: 4 bytes an entry is all the index allocates for them.
  // Versions 2 and 3 hold the path in the entry; version 4 stores it as a change to the one
  // before, so its paths are rebuilt into v4_paths_, path i ending at v4_path_ends_[i].
  std::vector<uint32_t> records_;
  std::string v4_paths_;
  std::vector<uint32_t> v4_path_ends_;
  std::vector<CacheTreeNode> cache_tree_;  // depth first (see CacheTreeNode)
};

}  // namespace nhiscan::source
