// Git sources (libgit2, read-only):
// - history: every blob reachable from every ref (or one branch, or a BASE..TIP range, or commits
//   since a date), each distinct blob listed once with the commit and path that introduced it;
// - staged: the blobs the index would commit that differ from HEAD (honours GIT_DIR and
//   GIT_INDEX_FILE, so it works inside git's own hooks, `commit -a` included).
// Nothing here writes to the repository or runs anything its configuration names (filters,
// textconv, fsmonitor, hooks): blobs are read raw from the object database.
//
// A GitSource is used from one thread; each scanning thread gets its own reader, which opens its
// own repository handle.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scanner/source/source.h"

namespace nhiscan::source {

struct GitOptions {
  std::string repo;  // a path inside the repository ("" = current folder)
  enum class Mode { kHistory, kStaged } mode = Mode::kHistory;
  std::string range;            // "BASE..TIP": only blobs those commits introduce
  std::string branch;           // only commits reachable from this ref
  std::optional<int64_t> since; // only commits at or after this time (seconds since the epoch)
  bool skip_submodules = false; // count gitlinks as skipped instead of as not scanned
  uint64_t max_blob_size = 0;   // 0 = no limit
  // --max-memory: a quarter of it bounds libgit2's pack mappings (a process-wide setting,
  // applied by Open), half the blobs the readers hold at once (a reader waits for room; a blob
  // larger than that half is not read but reported, ResourceExhausted). 0 = libgit2's defaults
  // and no limit.
  uint64_t max_memory = 0;
  std::vector<std::string> excludes;
};

struct CommitInfo {
  std::string id;
  std::string author;  // "Name <email>"
  std::string date;    // ISO 8601, UTC
};

class GitSource : public Source {
 public:
  static Result<std::unique_ptr<GitSource>> Open(const GitOptions& options);
  ~GitSource() override;

  using Source::Enumerate;
  Status Enumerate(const ItemSink& sink, Diagnostics* diagnostics) override;
  std::unique_ptr<BlobReader> NewReader() const override;

  // The work tree (or the git folder of a bare repository).
  std::string root() const;
  // Author and date of a commit; empty fields when it cannot be read.
  CommitInfo DescribeCommit(const std::string& id) const;
  // Whether HEAD's version of `path` contains `secret` (false when there is no HEAD or no such
  // file): tells "still in the tree" from "only in history", and in staged mode what is not new.
  bool HeadFileContains(const std::string& path, const std::string& secret) const;
  // Whether HEAD's tree holds blob `blob` (an object id) at any path: a renamed or copied file
  // still carries its secret at HEAD.
  bool HeadHasBlob(const std::string& blob) const;
  // Whether the version of `path` in a parent of `commit` already contains `secret`: then
  // `commit` only rewrote a file around an older secret. That secret is reported with the older
  // commit, or, in a range or since a date, is not new at all.
  bool ParentFileContains(const std::string& commit, const std::string& path,
                          const std::string& secret) const;

 private:
  struct Impl;
  explicit GitSource(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The folder git runs hooks from for the repository containing `repo`: core.hooksPath from the
// repository's own configuration (relative paths are relative to the work tree), else the common
// git folder's hooks/ (shared by all linked worktrees).
Result<std::string> HooksDirectory(const std::string& repo);

// Parses "2024-05-01", "2024-05-01T12:00:00Z" or a number of seconds since the epoch.
std::optional<int64_t> ParseGitDate(const std::string& text);

}  // namespace nhiscan::source
