#include "scanner/source/git.h"

#include <git2.h>
#include <git2/sys/repository.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include "scanner/base/cancel.h"
#include "scanner/base/glob.h"
#include "scanner/source/blob_budget.h"
#include "scanner/source/git_index.h"
#include "scanner/source/git_preflight.h"
#include "scanner/source/id_set.h"
#include "scanner/source/object_count.h"

namespace nhiscan::source {

namespace {

void InitLibgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // Results must not depend on the user's or the system's git configuration.
    for (int level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
                      GIT_CONFIG_LEVEL_PROGRAMDATA}) {
      git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "");
    }
    // Owner validation protects git from running what a stranger's repository configures. We
    // only read objects and never run anything, so scanning another user's repository is safe.
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
    // libgit2 re-hashes every object it reads (SHA-1 with collision detection) to check it against
    // its id: half of the CPU of a history sweep. git itself does not when it reads objects
    // (`git cat-file --batch`), and a scanner wants the bytes as stored: zlib's own checksum
    // still rejects damaged data, which is reported as unreadable.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    // libgit2 keeps every commit and tree it parses in a per-repository cache (up to 256 MiB).
    // A sweep visits each tree once (the walker remembers what it has seen), so the cache only
    // grew the heap: tens of thousands of page faults, and most of a sweep's peak memory.
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
  });
}

std::string LastGitError() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using RepoPtr = std::unique_ptr<git_repository, Deleter<git_repository, git_repository_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using WalkPtr = std::unique_ptr<git_revwalk, Deleter<git_revwalk, git_revwalk_free>>;
using IndexPtr = std::unique_ptr<git_index, Deleter<git_index, git_index_free>>;
using DiffPtr = std::unique_ptr<git_diff, Deleter<git_diff, git_diff_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using OdbPtr = std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>>;
using OdbObjectPtr = std::unique_ptr<git_odb_object, Deleter<git_odb_object, git_odb_object_free>>;
using RefPtr = std::unique_ptr<git_reference, Deleter<git_reference, git_reference_free>>;
using RefIterPtr =
    std::unique_ptr<git_reference_iterator,
                    Deleter<git_reference_iterator, git_reference_iterator_free>>;
using EntryPtr = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>>;

std::string OidHex(const git_oid* oid) {
  char buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buf, sizeof(buf), oid);
  return buf;
}

// Whether a history walk will see about every object of the repository: then its set of seen ids
// is sized for them up front. A range, a date or one branch may see a small part, and a table
// sized for the whole repository would be touched all over by even a few thousand ids.
bool SweepsEverything(const GitOptions& options) {
  return options.range.empty() && !options.since && options.branch.empty();
}

// The folder of the repository's own object store (a worktree shares its main repository's).
std::string ObjectsDir(git_repository* repo) {
  git_buf path = GIT_BUF_INIT;
  std::string dir;
  if (git_repository_item_path(&path, repo, GIT_REPOSITORY_ITEM_OBJECTS) == 0) dir = path.ptr;
  git_buf_dispose(&path);
  git_error_clear();
  return dir;
}

RepoPtr OpenGitDir(const std::string& git_dir) {
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, git_dir.c_str(),
                              GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
                              nullptr) != 0) {
    return nullptr;
  }
  return RepoPtr(repo);
}

// Reads blobs raw from the object database: no filters, no textconv, nothing executed.
class GitBlobReader : public BlobReader {
 public:
  // `budget` may be null (no memory limit) and is shared by every reader of a sweep.
  GitBlobReader(RepoPtr repo, uint64_t max_size, std::shared_ptr<BlobBudget> budget)
      : repo_(std::move(repo)), max_size_(max_size), budget_(std::move(budget)) {
    git_odb* odb = nullptr;
    if (repo_ && git_repository_odb(&odb, repo_.get()) == 0) odb_.reset(odb);
  }

  Status Read(const Item& item, const PieceSink& sink) override {
    if (!odb_) return Status::Io("cannot open the object database");
    git_oid oid;
    if (git_oid_fromstr(&oid, item.locator.c_str()) != 0) {
      return Status::Internal("bad object id " + item.locator);
    }
    size_t size = 0;
    if (max_size_ || budget_) {
      git_object_t type;
      if (git_odb_read_header(&size, &type, odb_.get(), &oid) != 0) size = 0;
      git_error_clear();
      if (max_size_ && size > max_size_) return Status::Unsupported("too_large");
      if (budget_ && size > budget_->total()) {
        return Status::ResourceExhausted("blob of " + std::to_string(size) +
                                         " bytes exceeds the --max-memory share for blobs (" +
                                         std::to_string(budget_->total()) + " bytes)");
      }
    }
    if (!budget_) return ReadWhole(oid, item, sink);
    BlobBudget::Hold hold(budget_.get(), size);
    return ReadWhole(oid, item, sink);
  }

 private:
  Status ReadWhole(const git_oid& oid, const Item& item, const PieceSink& sink) {
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb_.get(), &oid) != 0) {
      return Status::Io("missing or unreadable object " + item.locator + ": " + LastGitError());
    }
    OdbObjectPtr object(raw);
    if (git_odb_object_type(raw) != GIT_OBJECT_BLOB) {
      return Status::Io("object " + item.locator + " is not a blob");
    }
    return sink(std::string_view(static_cast<const char*>(git_odb_object_data(raw)),
                                 git_odb_object_size(raw)),
                /*last=*/true);
  }

  RepoPtr repo_;
  OdbPtr odb_;
  uint64_t max_size_;
  std::shared_ptr<BlobBudget> budget_;
};

// Walks commits and trees, listing each distinct blob once.
class HistoryWalker {
 public:
  // `objects`: how many the set of seen ids is sized for up front (0: it grows as needed).
  HistoryWalker(git_repository* repo, const GitOptions& options, const ItemSink& sink,
                Diagnostics* diagnostics, uint64_t objects)
      : repo_(repo),
        options_(options),
        sink_(sink),
        diagnostics_(diagnostics),
        seen_(objects) {}

  Status Run() {
    git_revwalk* raw = nullptr;
    if (git_revwalk_new(&raw, repo_) != 0) return Status::Io("cannot walk history: " + LastGitError());
    WalkPtr walk(raw);
    // Oldest first, so the first commit that shows a blob is the one that introduced it.
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    shallow_ = options_.range.empty() && git_repository_is_shallow(repo_) == 1;
    NHISCAN_RETURN_IF_ERROR(PushStartingPoints(walk.get()));
    if (shallow_) {
      diagnostics_->Error("(repository)",
                          "shallow clone: commits before the shallow boundary are not in this "
                          "repository and were not scanned (fetch the full history with "
                          "`git fetch --unshallow`)");
      WalkByHand();
      return Status::Ok();
    }
    git_oid oid;
    int rc;
    size_t visited = 0;
    while ((rc = git_revwalk_next(&oid, walk.get())) == 0) {
      if (CancelRequested()) return Status::Ok();  // the scan reports itself interrupted
      VisitCommit(oid);
      ++visited;
    }
    if (rc != GIT_ITEROVER) {
      if (visited == 0 && options_.range.empty()) {
        // Sorting needs every commit first, so one missing parent fails the whole walk before
        // it lists anything; walk by hand instead, reporting what is missing.
        git_error_clear();
        WalkByHand();
      } else {
        diagnostics_->Error("(history)", "history walk stopped early: " + LastGitError());
      }
    }
    return Status::Ok();
  }

 private:
  // Starting points go to the revwalk, and are kept for WalkByHand: libgit2 (1.5) ignores
  // .git/shallow, so in a shallow clone its walk would fail at the first parent that was not
  // fetched, before listing a single commit.
  void Push(git_revwalk* walk, const git_oid* oid) {
    tips_.push_back(*oid);
    if (!shallow_) git_revwalk_push(walk, oid);
  }

  // Depth-first from tips_, parents before children (so the first commit that shows a blob
  // introduced it), stopping at parents that are not in the repository: expected at a shallow
  // boundary, an error anywhere else.
  void WalkByHand() {
    git_odb* odb_raw = nullptr;
    if (git_repository_odb(&odb_raw, repo_) != 0) {
      diagnostics_->Error("(history)", "cannot open the object database: " + LastGitError());
      return;
    }
    OdbPtr odb(odb_raw);
    IdSet entered, visited;
    std::vector<std::pair<git_oid, bool>> stack;  // (commit, parents already stacked)
    for (auto it = tips_.rbegin(); it != tips_.rend(); ++it) {
      stack.emplace_back(*it, false);
    }
    while (!stack.empty() && !CancelRequested()) {
      auto [oid, expanded] = stack.back();
      if (expanded) {
        stack.pop_back();
        if (visited.Insert(oid.id, IdKind::kCommit)) VisitCommit(oid);
        continue;
      }
      if (!entered.Insert(oid.id, IdKind::kCommit)) {
        stack.pop_back();
        continue;
      }
      stack.back().second = true;
      git_commit* raw = nullptr;
      if (git_commit_lookup(&raw, repo_, &oid) != 0) {
        git_error_clear();  // VisitCommit reports it
        continue;
      }
      CommitPtr commit(raw);
      for (unsigned p = git_commit_parentcount(raw); p-- > 0;) {
        const git_oid* parent = git_commit_parent_id(raw, p);
        if (!parent || entered.Contains(parent->id, IdKind::kCommit)) continue;
        if (git_odb_exists(odb.get(), parent)) {
          stack.emplace_back(*parent, false);
        } else if (entered.Insert(parent->id, IdKind::kCommit) && !shallow_) {
          diagnostics_->Error("(commit " + OidHex(&oid) + ")",
                              "missing parent commit " + OidHex(parent) + ": history before it "
                              "was not scanned");
        }
      }
    }
  }

  Status PushStartingPoints(git_revwalk* walk) {
    if (!options_.range.empty()) return PushRange(walk);
    if (!options_.branch.empty()) {
      git_object* raw = nullptr;
      if (git_revparse_single(&raw, repo_, options_.branch.c_str()) != 0) {
        return Status::NotFound("cannot resolve --branch '" + options_.branch + "': " + LastGitError());
      }
      ObjectPtr object(raw);
      git_object* commit = nullptr;
      if (git_object_peel(&commit, object.get(), GIT_OBJECT_COMMIT) != 0) {
        return Status::InvalidArgument("--branch '" + options_.branch + "' is not a commit");
      }
      ObjectPtr commit_ptr(commit);
      Push(walk, git_object_id(commit));
      return Status::Ok();
    }
    return PushAllRefs(walk);
  }

  Status PushRange(git_revwalk* walk) {
    const std::string& range = options_.range;
    size_t dots = range.find("..");
    if (dots == std::string::npos || range.find("...") != std::string::npos) {
      return Status::InvalidArgument("--range must be BASE..TIP, got '" + range + "'");
    }
    std::string base = range.substr(0, dots);
    if (!base.empty() && base.find_first_not_of('0') == std::string::npos) {
      return Status::InvalidArgument(
          "--range base " + base + " is the all-zero id git reports for a new branch: there is "
          "no base to compare with. Use the default branch as base (origin/main..HEAD) or scan "
          "the branch's history with --branch");
    }
    if (git_revwalk_push_range(walk, range.c_str()) != 0) {
      std::string why = LastGitError();
      std::string hint = git_repository_is_shallow(repo_) == 1
                             ? " (this is a shallow clone: fetch more history, e.g. "
                               "`git fetch --deepen=100` or fetch-depth: 0)"
                             : " (a force-push may have removed the base commit)";
      return Status::NotFound("cannot resolve --range '" + range + "': " + why + hint);
    }
    return Status::Ok();
  }

  Status PushAllRefs(git_revwalk* walk) {
    git_reference_iterator* raw = nullptr;
    if (git_reference_iterator_new(&raw, repo_) != 0) {
      return Status::Io("cannot list refs: " + LastGitError());
    }
    RefIterPtr iter(raw);
    git_reference* ref_raw = nullptr;
    int rc;
    while ((rc = git_reference_next(&ref_raw, iter.get())) == 0) {
      RefPtr ref(ref_raw);
      const std::string name = git_reference_name(ref_raw);
      git_object* peeled = nullptr;
      if (git_reference_peel(&peeled, ref_raw, GIT_OBJECT_ANY) != 0) {
        diagnostics_->Error(name, "unreadable ref: " + LastGitError());
        continue;
      }
      ObjectPtr object(peeled);
      PushObject(walk, object.get(), name);
    }
    if (rc != GIT_ITEROVER) diagnostics_->Error("(refs)", "cannot list every ref: " + LastGitError());
    if (git_repository_head_detached(repo_) == 1) {
      git_oid head;
      if (git_reference_name_to_id(&head, repo_, "HEAD") == 0) Push(walk, &head);
    }
    return Status::Ok();
  }

  // A ref usually leads to a commit; a tag may also point at a tree or a blob directly.
  void PushObject(git_revwalk* walk, git_object* object, const std::string& ref) {
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0) {
      ObjectPtr commit(peeled);
      Push(walk, git_object_id(peeled));
      return;
    }
    git_error_clear();
    if (git_object_type(object) == GIT_OBJECT_TREE) {
      WalkTree(reinterpret_cast<git_tree*>(object), "", "");
    } else if (git_object_type(object) == GIT_OBJECT_BLOB) {
      AddBlob(*git_object_id(object), ref, "");
    }
  }

  void VisitCommit(const git_oid& oid) {
    git_commit* raw = nullptr;
    const std::string id = OidHex(&oid);
    if (git_commit_lookup(&raw, repo_, &oid) != 0) {
      diagnostics_->Error("(commit " + id + ")", "missing commit: " + LastGitError());
      return;
    }
    CommitPtr commit(raw);
    if (options_.since && git_commit_time(raw) < *options_.since) return;
    git_tree* tree_raw = nullptr;
    if (git_commit_tree(&tree_raw, raw) != 0) {
      diagnostics_->Error("(commit " + id + ")", "missing tree: " + LastGitError());
      return;
    }
    TreePtr tree(tree_raw);
    if (options_.range.empty() || git_commit_parentcount(raw) == 0) {
      WalkTree(tree.get(), "", id);
    } else {
      AddIntroducedBlobs(raw, tree.get(), id);
    }
  }

  void WalkTree(git_tree* tree, const std::string& prefix, const std::string& commit) {
    const size_t n = git_tree_entrycount(tree);
    for (size_t i = 0; i < n; ++i) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
      const git_oid* oid = git_tree_entry_id(entry);
      const git_object_t type = git_tree_entry_type(entry);
      // Most entries of most commits were seen in an earlier commit: skip them before paying
      // for their path. A tree is marked seen here, before it is walked; a blob by AddBlob.
      if ((type == GIT_OBJECT_TREE && !seen_.Insert(oid->id, IdKind::kTree)) ||
          (type == GIT_OBJECT_BLOB && seen_.Contains(oid->id, IdKind::kBlob))) {
        continue;
      }
      const std::string path = prefix + git_tree_entry_name(entry);
      switch (type) {
        case GIT_OBJECT_TREE: {
          git_tree* sub = nullptr;
          if (git_tree_lookup(&sub, repo_, oid) != 0) {
            diagnostics_->Error(path, "missing tree " + OidHex(oid) + ": " + LastGitError());
            break;
          }
          TreePtr subtree(sub);
          WalkTree(sub, path + "/", commit);
          break;
        }
        case GIT_OBJECT_BLOB:
          if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) break;  // a link target
          AddBlob(*oid, path, commit);
          break;
        case GIT_OBJECT_COMMIT:
          Submodule(path, oid);
          break;
        default:
          break;
      }
    }
  }

  void AddBlob(const git_oid& oid, const std::string& path, const std::string& commit) {
    if (seen_.Contains(oid.id, IdKind::kBlob)) return;
    if (AnyGlobMatches(options_.excludes, path)) {
      // Not marked as seen: the same content may also live at a path that is not excluded.
      diagnostics_->Skip("excluded");
      return;
    }
    seen_.Insert(oid.id, IdKind::kBlob);
    sink_({path, OidHex(&oid), 0, commit});
  }

  void Submodule(const std::string& path, const git_oid* oid) {
    if (!seen_submodules_.insert(path).second) return;
    if (options_.skip_submodules) {
      diagnostics_->Skip("submodule");
    } else {
      diagnostics_->Error(path, "submodule (gitlink to " + OidHex(oid) +
                                    ") not scanned: it is a separate repository; scan it on its "
                                    "own, or pass --skip-submodules");
    }
  }

  // Blobs that this commit adds or changes relative to every one of its parents (for a merge,
  // only what the merge itself introduced).
  void AddIntroducedBlobs(git_commit* commit, git_tree* tree, const std::string& id) {
    std::map<std::string, git_oid> introduced;
    const unsigned parents = git_commit_parentcount(commit);
    for (unsigned p = 0; p < parents; ++p) {
      std::map<std::string, git_oid> changed;
      git_commit* parent_raw = nullptr;
      git_tree* parent_tree_raw = nullptr;
      if (git_commit_parent(&parent_raw, commit, p) != 0) {
        diagnostics_->Error("(commit " + id + ")", "missing parent: " + LastGitError());
        return;
      }
      CommitPtr parent(parent_raw);
      if (git_commit_tree(&parent_tree_raw, parent_raw) != 0) {
        diagnostics_->Error("(commit " + id + ")", "missing parent tree: " + LastGitError());
        return;
      }
      TreePtr parent_tree(parent_tree_raw);
      git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
      opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
      opts.ignore_submodules = GIT_SUBMODULE_IGNORE_NONE;
      git_diff* diff_raw = nullptr;
      if (git_diff_tree_to_tree(&diff_raw, repo_, parent_tree_raw, tree, &opts) != 0) {
        diagnostics_->Error("(commit " + id + ")", "cannot diff: " + LastGitError());
        return;
      }
      DiffPtr diff(diff_raw);
      for (size_t d = 0; d < git_diff_num_deltas(diff_raw); ++d) {
        const git_diff_delta* delta = git_diff_get_delta(diff_raw, d);
        if (delta->status == GIT_DELTA_DELETED) continue;
        if (delta->new_file.mode == GIT_FILEMODE_COMMIT) {
          Submodule(delta->new_file.path, &delta->new_file.id);
          continue;
        }
        if (delta->new_file.mode == GIT_FILEMODE_LINK) continue;
        changed.emplace(delta->new_file.path, delta->new_file.id);
      }
      if (p == 0) {
        introduced = std::move(changed);
      } else {
        for (auto it = introduced.begin(); it != introduced.end();) {
          auto other = changed.find(it->first);
          it = (other != changed.end() && git_oid_equal(&other->second, &it->second))
                   ? std::next(it)
                   : introduced.erase(it);
        }
      }
    }
    for (const auto& [path, oid] : introduced) AddBlob(oid, path, id);
  }

  git_repository* repo_;
  const GitOptions& options_;
  const ItemSink& sink_;
  Diagnostics* diagnostics_;
  IdSet seen_;  // every tree and blob listed so far
  std::set<std::string> seen_submodules_;
  bool shallow_ = false;
  std::vector<git_oid> tips_;
};

std::string IsoDate(const git_time& when) {
  time_t t = static_cast<time_t>(when.time);
  struct tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Whether `path` in `tree` is a blob that contains `secret`.
bool TreeFileContains(git_repository* repo, git_tree* tree, const std::string& path,
                      const std::string& secret) {
  git_tree_entry* raw = nullptr;
  if (git_tree_entry_bypath(&raw, tree, path.c_str()) != 0) {
    git_error_clear();
    return false;
  }
  EntryPtr entry(raw);
  if (git_tree_entry_type(raw) != GIT_OBJECT_BLOB) return false;
  git_odb* odb_raw = nullptr;
  if (git_repository_odb(&odb_raw, repo) != 0) return false;
  OdbPtr odb(odb_raw);
  git_odb_object* object_raw = nullptr;
  if (git_odb_read(&object_raw, odb_raw, git_tree_entry_id(raw)) != 0) {
    git_error_clear();
    return false;
  }
  OdbObjectPtr object(object_raw);
  std::string_view data(static_cast<const char*>(git_odb_object_data(object_raw)),
                        git_odb_object_size(object_raw));
  return data.find(secret) != std::string_view::npos;
}

int CollectBlob(const char*, const git_tree_entry* entry, void* payload) {
  if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB) {
    static_cast<IdSet*>(payload)->Insert(git_tree_entry_id(entry)->id, IdKind::kBlob);
  }
  return 0;
}

// All of HEAD's blobs, as a staged listing finds them without reading HEAD's unchanged folders:
// their blobs are those of the index entries there.
struct HeadContent {
  std::vector<std::pair<size_t, size_t>> unchanged;  // index entry ranges, folders as in HEAD
  std::vector<git_oid> blobs;                        // of the HEAD trees the listing read
  std::vector<git_oid> unvisited_trees;  // HEAD folders with no index entry (to walk)
};

// The staged listing: the stage-0 entries of the index whose path, mode or blob differs from
// HEAD's tree, in index order, as `git diff --cached` lists added and modified files. Like git, it
// trusts the index's cache-tree: a folder whose cached tree id equals HEAD's has no staged change
// and is skipped unread. After `git add` of a few files only their folders' cached ids are
// invalidated, so a pre-commit scan reads a handful of HEAD's trees where a full comparison
// (libgit2's git_diff_tree_to_index) reads them all: 36 of a 66 ms pre-commit run in a
// 6,769-file repository.
class StagedLister {
 public:
  StagedLister(git_repository* repo, const GitIndex& index,
               const std::vector<std::string>& excludes, const ItemSink& sink,
               Diagnostics* diagnostics, HeadContent* head_content)
      : repo_(repo),
        index_(index),
        excludes_(excludes),
        sink_(sink),
        diagnostics_(diagnostics),
        head_content_(head_content) {}

  // head_tree: null before the first commit.
  Status Run(const git_oid* head_tree) {
    return CompareFolder(0, index_.size(), 0, 0, index_.cache_tree(), head_tree);
  }

 private:
  // Deeper than this, the rest of a folder is compared entry by entry (no recursion).
  static constexpr int kMaxDepth = 256;

  static bool SameOid(const RawOid& raw, const git_oid* oid) {
    return std::memcmp(raw.data(), oid->id, raw.size()) == 0;
  }

  static uint32_t CanonicalMode(uint32_t mode) {
    if ((mode & 0170000) == 0100000) return (mode & 0111) ? 0100755 : 0100644;
    return mode;
  }

  std::string_view PathOf(size_t i) const { return index_.path(i); }

  // Entries [begin, end) all lie under the folder whose path (with its '/') is the first
  // `prefix` bytes of their paths. `cached` is that folder's cache-tree node, `head` its tree id
  // in HEAD; either may be null.
  Status CompareFolder(size_t begin, size_t end, size_t prefix, int depth,
                       const CacheTreeNode* cached, const git_oid* head) {
    if (cached && cached->valid && head && SameOid(cached->oid, head)) {
      head_content_->unchanged.emplace_back(begin, end);
      return Status::Ok();
    }
    TreePtr tree;
    if (head) {
      git_tree* raw = nullptr;
      if (git_tree_lookup(&raw, repo_, head) != 0) {
        return Status::Io("cannot read HEAD's tree " + OidHex(head) + ": " + LastGitError());
      }
      tree.reset(raw);
    }
    if (depth >= kMaxDepth) {
      if (head) head_content_->unvisited_trees.push_back(*head);
      return CompareByPath(begin, end, prefix, tree.get());
    }
    std::vector<std::string> folders;  // the subfolders that have index entries
    for (size_t i = begin; i < end;) {
      const std::string_view rest = PathOf(i).substr(prefix);
      const size_t slash = rest.find('/');
      if (slash == std::string_view::npos) {
        const std::string name(rest);
        ListIfChanged(i, tree ? git_tree_entry_byname(tree.get(), name.c_str()) : nullptr);
        ++i;
        continue;
      }
      // The folder's entries are contiguous: they share the prefix, and index order is byte order.
      const std::string_view folder = PathOf(i).substr(0, prefix + slash + 1);
      size_t next = i + 1;
      while (next < end && PathOf(next).substr(0, folder.size()) == folder) ++next;
      const std::string name(rest.substr(0, slash));
      const git_tree_entry* in_head =
          tree ? git_tree_entry_byname(tree.get(), name.c_str()) : nullptr;
      const git_oid* sub_head = in_head && git_tree_entry_type(in_head) == GIT_OBJECT_TREE
                                    ? git_tree_entry_id(in_head)
                                    : nullptr;
      NHISCAN_RETURN_IF_ERROR(CompareFolder(i, next, folder.size(), depth + 1,
                                            cached ? cached->Child(name) : nullptr, sub_head));
      folders.push_back(name);
      i = next;
    }
    if (tree) NoteHeadTree(tree.get(), folders);
    return Status::Ok();
  }

  // Adds what HEAD's tree of a folder the listing read holds to head_content_.
  void NoteHeadTree(const git_tree* tree, const std::vector<std::string>& visited_folders) {
    for (size_t n = 0; n < git_tree_entrycount(tree); ++n) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree, n);
      const git_object_t type = git_tree_entry_type(entry);
      if (type == GIT_OBJECT_BLOB) {
        head_content_->blobs.push_back(*git_tree_entry_id(entry));
      } else if (type == GIT_OBJECT_TREE &&
                 std::find(visited_folders.begin(), visited_folders.end(),
                           git_tree_entry_name(entry)) == visited_folders.end()) {
        head_content_->unvisited_trees.push_back(*git_tree_entry_id(entry));
      }
    }
  }

  Status CompareByPath(size_t begin, size_t end, size_t prefix, git_tree* tree) {
    for (size_t i = begin; i < end; ++i) {
      git_tree_entry* raw = nullptr;
      const std::string rest(PathOf(i).substr(prefix));
      if (tree && git_tree_entry_bypath(&raw, tree, rest.c_str()) != 0) git_error_clear();
      ListIfChanged(i, raw);
      git_tree_entry_free(raw);
    }
    return Status::Ok();
  }

  // Lists entry i unless HEAD has it as it is (in_head: the tree entry at its path, or null).
  void ListIfChanged(size_t i, const git_tree_entry* in_head) {
    const IndexEntry entry = index_.entry(i);
    // Conflicted paths (stages 1-3) have nothing staged to commit yet; intent-to-add entries
    // neither. Gitlinks are other repositories, symlinks hold a path.
    if (entry.stage != 0 || entry.intent_to_add) return;
    const uint32_t mode = CanonicalMode(entry.mode);
    if (mode == GIT_FILEMODE_COMMIT || mode == GIT_FILEMODE_LINK) return;
    if (in_head && static_cast<uint32_t>(git_tree_entry_filemode(in_head)) == mode &&
        SameOid(entry.oid, git_tree_entry_id(in_head))) {
      return;
    }
    const std::string path(PathOf(i));
    if (AnyGlobMatches(excludes_, path)) {
      diagnostics_->Skip("excluded");
      return;
    }
    git_oid oid;
    git_oid_fromraw(&oid, entry.oid.data());
    sink_({path, OidHex(&oid), entry.size, ""});
  }

  git_repository* repo_;
  const GitIndex& index_;
  const std::vector<std::string>& excludes_;
  const ItemSink& sink_;
  Diagnostics* diagnostics_;
  HeadContent* head_content_;
};

}  // namespace

struct GitSource::Impl {
  GitOptions options;
  RepoPtr repo;
  std::string git_dir;
  std::string root;
  // Staged mode: the index as read by GitIndex, or, when it refuses the file (a split or sparse
  // index), by libgit2.
  std::optional<GitIndex> own_index;
  IndexPtr index;
  std::optional<HeadContent> head_content;  // staged mode, filled by the listing
  // Every blob of HEAD's tree (staged mode: of the folders StagedHeadHasBlob does not look
  // through), built on first use.
  std::optional<IdSet> head_blobs;
  std::shared_ptr<BlobBudget> blob_budget;  // null: no --max-memory

  Status OpenIndex();
  Status EnumerateStaged(const ItemSink& sink, Diagnostics* diagnostics);
  Status EnumerateStagedWithLibgit2(const ItemSink& sink, Diagnostics* diagnostics);
  TreePtr HeadTree() const;
  std::optional<git_oid> HeadTreeId() const;
  // Whether HEAD holds `oid` as a file the index shares with it or the listing read (staged
  // mode); HeadBlobs() then holds the rest of HEAD.
  bool StagedHeadHasBlob(const git_oid& oid) const;
  // Another handle on the repository whose object database does not share libgit2's pack
  // objects with the scanners' (see the definition); null when that is not worth its memory.
  RepoPtr RepositoryWithOwnPacks(std::string objects_dir, uint64_t objects) const;
  IdSet HeadBlobs() const;
};

GitSource::GitSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GitSource::~GitSource() = default;

Result<std::unique_ptr<GitSource>> GitSource::Open(const GitOptions& options) {
  InitLibgit2();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (options.max_memory) {
    // A quarter of the budget maps packs: libgit2 unmaps windows (least recently used first)
    // beyond it, but never one in use, and each reader uses one or two at a time. Windows of a
    // sixteenth of that let the limit bite on a single pack (libgit2's default window is 1 GiB)
    // and hold for up to eight threads. Half holds the blobs being scanned. The last quarter is
    // left to the walk (the ids it has seen) and the scanners.
    const uint64_t mapped = options.max_memory / 4;
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, static_cast<size_t>(mapped));
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE,
                     static_cast<size_t>(std::max<uint64_t>(mapped / 16, 1 << 20)));
    impl->blob_budget = std::make_shared<BlobBudget>(options.max_memory / 2);
  }
  git_repository* repo = nullptr;
  const char* env_git_dir = std::getenv("GIT_DIR");
  std::string where = options.repo.empty() ? "." : options.repo;
  int rc;
  // Before libgit2 reads anything: a FIFO or device in the git folder would block it forever.
  std::string git_dir = options.repo.empty() && env_git_dir && *env_git_dir ? env_git_dir : "";
  if (git_dir.empty()) {
    git_buf found = GIT_BUF_INIT;
    if (git_repository_discover(&found, where.c_str(), 0, nullptr) == 0) git_dir = found.ptr;
    git_buf_dispose(&found);
    git_error_clear();
  }
  if (!git_dir.empty()) NHISCAN_RETURN_IF_ERROR(CheckGitDirHasNoSpecialFiles(git_dir));
  if (options.repo.empty() && env_git_dir && *env_git_dir) {
    where = env_git_dir;  // inside git's hooks
    rc = git_repository_open_ext(&repo, env_git_dir, GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  } else {
    rc = git_repository_open_ext(&repo, where.c_str(), 0, nullptr);
  }
  if (rc == GIT_ENOTFOUND) return Status::NotFound("not a git repository: " + where);
  if (rc != 0) return Status::Io("cannot open git repository " + where + ": " + LastGitError());
  impl->repo.reset(repo);
  impl->git_dir = git_repository_path(repo);
  const char* workdir = git_repository_workdir(repo);
  impl->root = workdir ? workdir : impl->git_dir;
  while (impl->root.size() > 1 && impl->root.back() == '/') impl->root.pop_back();

  if (options.mode == GitOptions::Mode::kStaged) NHISCAN_RETURN_IF_ERROR(impl->OpenIndex());
  return std::unique_ptr<GitSource>(new GitSource(std::move(impl)));
}

Status GitSource::Impl::OpenIndex() {
  // git commit -a / git commit <path> stage into a temporary index named by GIT_INDEX_FILE.
  const char* env_index = std::getenv("GIT_INDEX_FILE");
  const bool from_env = env_index && *env_index;
  const std::string path = from_env ? env_index : git_dir + "index";
  const std::string what = from_env ? "GIT_INDEX_FILE " + path : "the index";
  struct stat index_stat;
  if (from_env && ::stat(env_index, &index_stat) == 0 && !S_ISREG(index_stat.st_mode)) {
    return Status::Unsupported(what + " is not a regular file");
  }
  Result<GitIndex> read = GitIndex::Read(path);
  if (read.ok()) {
    own_index.emplace(std::move(read).value());
    return Status::Ok();
  }
  if (read.status().code() != Status::Code::kUnsupported) {
    return Status::Io("cannot read " + what + ": " + read.status().message());
  }
  git_index* raw = nullptr;
  const int rc =
      from_env ? git_index_open(&raw, env_index) : git_repository_index(&raw, repo.get());
  if (rc != 0) return Status::Io("cannot read " + what + ": " + LastGitError());
  index.reset(raw);
  return Status::Ok();
}

TreePtr GitSource::Impl::HeadTree() const {
  git_object* object = nullptr;
  if (git_revparse_single(&object, repo.get(), "HEAD^{tree}") != 0) {
    git_error_clear();
    return nullptr;  // unborn branch: the initial commit
  }
  return TreePtr(reinterpret_cast<git_tree*>(object));
}

bool GitSource::Impl::StagedHeadHasBlob(const git_oid& oid) const {
  for (const auto& [begin, end] : head_content->unchanged) {
    for (size_t i = begin; i < end; ++i) {
      const IndexEntry entry = own_index->entry(i);
      if (std::memcmp(entry.oid.data(), oid.id, entry.oid.size()) == 0 && !entry.stage &&
          !entry.intent_to_add && entry.mode != GIT_FILEMODE_COMMIT) {
        return true;
      }
    }
  }
  for (const git_oid& blob : head_content->blobs) {
    if (git_oid_equal(&blob, &oid)) return true;
  }
  return false;
}

IdSet GitSource::Impl::HeadBlobs() const {
  IdSet blobs;
  auto walk = [&](git_tree* tree) {
    if (git_tree_walk(tree, GIT_TREEWALK_PRE, CollectBlob, &blobs) != 0) git_error_clear();
  };
  if (!head_content) {
    TreePtr head = HeadTree();
    if (head) walk(head.get());
    return blobs;
  }
  // What StagedHeadHasBlob does not look through: the HEAD folders the index has no entry in.
  for (const git_oid& oid : head_content->unvisited_trees) {
    git_tree* raw = nullptr;
    if (git_tree_lookup(&raw, repo.get(), &oid) != 0) {
      git_error_clear();
      continue;
    }
    TreePtr tree(raw);
    walk(raw);
  }
  return blobs;
}

std::optional<git_oid> GitSource::Impl::HeadTreeId() const {
  git_object* raw = nullptr;
  // Peeled: a branch may point at an annotated tag. The tree itself is read only if needed.
  if (git_revparse_single(&raw, repo.get(), "HEAD^{commit}") != 0) {
    git_error_clear();
    return std::nullopt;  // unborn branch: the initial commit
  }
  ObjectPtr commit(raw);
  return *git_commit_tree_id(reinterpret_cast<git_commit*>(raw));
}

Status GitSource::Impl::EnumerateStaged(const ItemSink& sink, Diagnostics* diagnostics) {
  if (!own_index) return EnumerateStagedWithLibgit2(sink, diagnostics);
  const std::optional<git_oid> head = HeadTreeId();
  head_content.emplace();
  StagedLister lister(repo.get(), *own_index, options.excludes, sink, diagnostics, &*head_content);
  Status status = lister.Run(head ? &*head : nullptr);
  if (!status.ok()) head_content.reset();
  return status;
}

Status GitSource::Impl::EnumerateStagedWithLibgit2(const ItemSink& sink,
                                                   Diagnostics* diagnostics) {
  TreePtr head = HeadTree();
  git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
  opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
  opts.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL;
  git_diff* raw = nullptr;
  if (git_diff_tree_to_index(&raw, repo.get(), head.get(), index.get(), &opts) != 0) {
    return Status::Io("cannot compare the index with HEAD: " + LastGitError());
  }
  DiffPtr diff(raw);
  for (size_t d = 0; d < git_diff_num_deltas(raw); ++d) {
    const git_diff_delta* delta = git_diff_get_delta(raw, d);
    if (delta->status == GIT_DELTA_DELETED || delta->status == GIT_DELTA_CONFLICTED) continue;
    if (delta->new_file.mode == GIT_FILEMODE_COMMIT || delta->new_file.mode == GIT_FILEMODE_LINK) {
      continue;
    }
    if (git_oid_is_zero(&delta->new_file.id)) continue;  // intent-to-add: nothing staged yet
    const std::string path = delta->new_file.path;
    if (AnyGlobMatches(options.excludes, path)) {
      diagnostics->Skip("excluded");
      continue;
    }
    sink({path, OidHex(&delta->new_file.id), delta->new_file.size, ""});
  }
  return Status::Ok();
}

Status GitSource::Enumerate(const ItemSink& sink, Diagnostics* diagnostics) {
  if (impl_->options.mode == GitOptions::Mode::kStaged) {
    return impl_->EnumerateStaged(sink, diagnostics);
  }
  // Blobs are handed over oldest commit first, as the walk finds them, so that scanning runs
  // beside the walk. (Reading newest first would follow the packs' delta chains more closely,
  // but measured on a 5000-commit history it saves about 5% of the reads, far less than the
  // overlap gains.)
  // A full sweep counts the objects once, to size its set of seen ids and to tell whether the
  // walk can afford pack objects of its own. A --range, --since or --branch walk does neither:
  // for the few commits of a CI range, opening and mapping the packs again cost more than it
  // saved (3 commits of the 60,000-commit history: 21.0 -> 21.9 ms).
  const std::string objects_dir = ObjectsDir(impl_->repo.get());
  const uint64_t objects = SweepsEverything(impl_->options) ? CountObjects(objects_dir) : 0;
  RepoPtr own = objects ? impl_->RepositoryWithOwnPacks(objects_dir, objects) : nullptr;
  HistoryWalker walker(own ? own.get() : impl_->repo.get(), impl_->options, sink, diagnostics,
                       objects);
  return walker.Run();
}

RepoPtr GitSource::Impl::RepositoryWithOwnPacks(std::string objects_dir, uint64_t objects) const {
  // libgit2 keeps one object per pack file for the whole process, keyed by its path, and every
  // lookup takes that object's lock: the walk (every tree) and the scanners (every blob) took
  // turns on it. On a history of small files the walk, which lists slower than the scanners
  // scan, waited about as long as it worked (530,000 objects: 1.59 s, cat-file 0.87 s). Reached
  // through another spelling of the objects folder, the packs get objects of their own, at the
  // price of mapping each pack index once more: done when the indexes (28 bytes an object) take
  // at most an eighth of --max-memory, which leaves room for the walk's set of seen ids.
  if (options.max_memory && objects * 28 > options.max_memory / 8) return nullptr;
  while (objects_dir.size() > 1 && objects_dir.back() == '/') objects_dir.pop_back();
  RepoPtr walk_repo = OpenGitDir(git_dir);
  git_odb* odb = nullptr;
  if (!walk_repo || objects_dir.empty() || git_odb_open(&odb, (objects_dir + "/.").c_str()) != 0) {
    git_error_clear();
    return nullptr;  // the shared packs still work
  }
  OdbPtr own(odb);
  if (git_repository_set_odb(walk_repo.get(), odb) != 0) {
    git_error_clear();
    return nullptr;
  }
  return walk_repo;
}

std::unique_ptr<BlobReader> GitSource::NewReader() const {
  return std::make_unique<GitBlobReader>(OpenGitDir(impl_->git_dir), impl_->options.max_blob_size,
                                         impl_->blob_budget);
}

std::string GitSource::root() const { return impl_->root; }

CommitInfo GitSource::DescribeCommit(const std::string& id) const {
  CommitInfo info;
  info.id = id;
  git_oid oid;
  git_commit* raw = nullptr;
  if (git_oid_fromstr(&oid, id.c_str()) != 0 || git_commit_lookup(&raw, impl_->repo.get(), &oid) != 0) {
    git_error_clear();
    return info;
  }
  CommitPtr commit(raw);
  const git_signature* author = git_commit_author(raw);
  if (author) {
    info.author = std::string(author->name ? author->name : "") + " <" +
                  (author->email ? author->email : "") + ">";
    info.date = IsoDate(author->when);
  }
  return info;
}

bool GitSource::HeadFileContains(const std::string& path, const std::string& secret) const {
  TreePtr head = impl_->HeadTree();
  return head && TreeFileContains(impl_->repo.get(), head.get(), path, secret);
}

bool GitSource::HeadHasBlob(const std::string& blob) const {
  git_oid oid;
  if (git_oid_fromstr(&oid, blob.c_str()) != 0) return false;
  // A pre-commit scan asks about the few blobs with findings: looking through the index entries
  // HEAD shares is cheaper than a set of all of them first (2.6 of a 24.6 ms pre-commit run in
  // Linux's 78,000-file tree, 0.3 ms now).
  if (impl_->head_content && impl_->StagedHeadHasBlob(oid)) return true;
  if (!impl_->head_blobs) impl_->head_blobs = impl_->HeadBlobs();
  return impl_->head_blobs->Contains(oid.id, IdKind::kBlob);
}

bool GitSource::ParentFileContains(const std::string& commit_id, const std::string& path,
                                   const std::string& secret) const {
  git_oid oid;
  git_commit* raw = nullptr;
  if (git_oid_fromstr(&oid, commit_id.c_str()) != 0 ||
      git_commit_lookup(&raw, impl_->repo.get(), &oid) != 0) {
    git_error_clear();
    return false;
  }
  CommitPtr commit(raw);
  for (unsigned p = 0; p < git_commit_parentcount(raw); ++p) {
    git_commit* parent_raw = nullptr;
    if (git_commit_parent(&parent_raw, raw, p) != 0) {
      git_error_clear();  // beyond a shallow boundary, or missing
      continue;
    }
    CommitPtr parent(parent_raw);
    git_tree* tree_raw = nullptr;
    if (git_commit_tree(&tree_raw, parent_raw) != 0) {
      git_error_clear();
      continue;
    }
    TreePtr tree(tree_raw);
    if (TreeFileContains(impl_->repo.get(), tree_raw, path, secret)) return true;
  }
  return false;
}

Result<std::string> HooksDirectory(const std::string& repo_path) {
  InitLibgit2();
  git_repository* raw = nullptr;
  const std::string where = repo_path.empty() ? "." : repo_path;
  if (git_repository_open_ext(&raw, where.c_str(), 0, nullptr) != 0) {
    return Status::NotFound("not a git repository: " + where);
  }
  RepoPtr repo(raw);
  git_config* config = nullptr;
  if (git_repository_config_snapshot(&config, raw) == 0) {
    git_buf value = GIT_BUF_INIT;
    int rc = git_config_get_path(&value, config, "core.hooksPath");
    std::string hooks = rc == 0 && value.ptr ? value.ptr : "";
    git_buf_dispose(&value);
    git_config_free(config);
    git_error_clear();
    if (!hooks.empty()) {
      const char* workdir = git_repository_workdir(raw);
      if (hooks.front() != '/' && workdir) hooks = std::string(workdir) + hooks;
      return hooks;
    }
  }
  git_buf path = GIT_BUF_INIT;
  if (git_repository_item_path(&path, raw, GIT_REPOSITORY_ITEM_HOOKS) != 0) {
    return Status::Io("cannot find the hooks folder: " + LastGitError());
  }
  std::string hooks = path.ptr;
  git_buf_dispose(&path);
  return hooks;
}

std::optional<int64_t> ParseGitDate(const std::string& text) {
  if (!text.empty() && std::all_of(text.begin(), text.end(), ::isdigit)) {
    return std::strtoll(text.c_str(), nullptr, 10);
  }
  for (const char* format : {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
                             "%Y-%m-%d"}) {
    struct tm tm = {};
    const char* end = strptime(text.c_str(), format, &tm);
    if (end && *end == '\0') return static_cast<int64_t>(timegm(&tm));
  }
  return std::nullopt;
}

}  // namespace nhiscan::source
