#include "scanner/source/git_index.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

namespace nhiscan::source {

namespace {

constexpr size_t kHashSize = 20;
constexpr size_t kStatFieldsSize = 40;  // ctime, mtime (s, ns), dev, ino, mode, uid, gid, size
constexpr size_t kEntryFixedSize = kStatFieldsSize + kHashSize + 2;  // + flags
constexpr uint16_t kFlagExtended = 0x4000;
constexpr uint16_t kExtendedIntentToAdd = 0x2000;
constexpr uint16_t kNameLengthMask = 0x0FFF;
constexpr int kMaxCacheTreeDepth = 4096;  // a path of 4096 folders is well past any file system

uint32_t BigEndian32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | u[3];
}

uint16_t BigEndian16(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>((u[0] << 8) | u[1]);
}

Status Damaged(const std::string& what) { return Status::Parse("damaged index: " + what); }

// Reads what is left of a byte range, front to back; every read is checked against the end.
class Cursor {
 public:
  Cursor(const char* begin, const char* end) : p_(begin), end_(end) {}
  size_t left() const { return static_cast<size_t>(end_ - p_); }
  const char* at() const { return p_; }
  bool Skip(size_t n) {
    if (n > left()) return false;
    p_ += n;
    return true;
  }
  // The bytes up to the next NUL, which is consumed; false when there is none.
  bool TakeUntilNul(std::string_view* out) {
    const void* nul = std::memchr(p_, '\0', left());
    if (!nul) return false;
    *out = std::string_view(p_, static_cast<const char*>(nul) - p_);
    p_ = static_cast<const char*>(nul) + 1;
    return true;
  }
  // git's offset varint (index v4's "strip this many bytes of the previous path").
  bool TakeVarint(uint64_t* out) {
    if (!left()) return false;
    unsigned char c = static_cast<unsigned char>(*p_++);
    uint64_t value = c & 127;
    while (c & 128) {
      if (!left() || value >= (uint64_t{1} << 56)) return false;
      c = static_cast<unsigned char>(*p_++);
      value = ((value + 1) << 7) | (c & 127);
    }
    *out = value;
    return true;
  }
  // An ASCII decimal (optionally negative) ending at `stop`, which is consumed.
  bool TakeDecimal(char stop, int64_t* out) {
    bool negative = left() && *p_ == '-';
    if (negative) ++p_;
    int64_t value = 0;
    size_t digits = 0;
    while (left() && *p_ >= '0' && *p_ <= '9') {
      if (value > std::numeric_limits<int32_t>::max()) return false;
      value = value * 10 + (*p_++ - '0');
      ++digits;
    }
    if (!digits || !left() || *p_ != stop) return false;
    ++p_;
    *out = negative ? -value : value;
    return true;
  }

 private:
  const char* p_;
  const char* end_;
};

// One node of the TREE extension and, depth first, its subtrees.
Status ParseCacheTreeNode(Cursor* in, int depth, CacheTreeNode* node) {
  if (depth > kMaxCacheTreeDepth) return Damaged("cache-tree nested too deep");
  std::string_view name;
  int64_t entry_count = 0;
  int64_t subtrees = 0;
  if (!in->TakeUntilNul(&name) || !in->TakeDecimal(' ', &entry_count) ||
      !in->TakeDecimal('\n', &subtrees) || entry_count < -1 || subtrees < 0) {
    return Damaged("cache-tree entry");
  }
  // Below the root each node is one path component.
  if (depth > 0 && (name.empty() || name.find('/') != std::string_view::npos)) {
    return Damaged("cache-tree folder name");
  }
  node->name = std::string(name);
  node->valid = entry_count >= 0;
  if (node->valid) {
    if (in->left() < kHashSize) return Damaged("cache-tree id");
    std::memcpy(node->oid.data(), in->at(), kHashSize);
    in->Skip(kHashSize);
  }
  // Each subtree takes at least 5 bytes ("a\0" "0 0\n"). Children are added as they are read,
  // never reserved from the claimed count: nested nodes could each claim most of the file.
  if (static_cast<uint64_t>(subtrees) > in->left() / 5) return Damaged("cache-tree subtree count");
  for (int64_t i = 0; i < subtrees; ++i) {
    node->children.emplace_back();
    NHISCAN_RETURN_IF_ERROR(ParseCacheTreeNode(in, depth + 1, &node->children.back()));
  }
  return Status::Ok();
}

// git's index order: by path bytes, then stage.
bool InIndexOrder(std::string_view a_path, uint8_t a_stage, std::string_view b_path,
                  uint8_t b_stage) {
  const int c = a_path.compare(b_path);
  return c < 0 || (c == 0 && a_stage < b_stage);
}

}  // namespace

const CacheTreeNode* CacheTreeNode::Child(std::string_view child_name) const {
  for (const CacheTreeNode& child : children) {
    if (child.name == child_name) return &child;
  }
  return nullptr;
}

Result<GitIndex> GitIndex::Read(const std::string& path) {
  // Mapped, not read: a large repository's index is megabytes (8 MiB for Linux's 78,000 files),
  // and copying it into fresh memory faulted in every page of the copy; mapped, the pages come
  // from the page cache in one call (MAP_POPULATE). Parse copies out what it keeps. git replaces
  // the index by renaming a new file over it, never rewrites it in place, so the mapped file does
  // not shrink under the parse.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return GitIndex();  // no index yet: nothing staged
    return Status::Io("cannot open " + path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::Io("cannot read " + path + ": not a regular file");
  }
  const size_t size = static_cast<size_t>(st.st_size);
  if (size == 0) {
    ::close(fd);
    return Parse({});
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  const int map_errno = errno;
  ::close(fd);
  if (map == MAP_FAILED) return Status::Io("cannot map " + path + ": " + std::strerror(map_errno));
  Result<GitIndex> parsed = Parse(std::string_view(static_cast<const char*>(map), size));
  ::munmap(map, size);
  return parsed;
}

Result<GitIndex> GitIndex::Parse(std::string_view bytes) {
  if (bytes.size() < 12 + kHashSize || std::memcmp(bytes.data(), "DIRC", 4) != 0) {
    return Damaged("no index header");
  }
  const uint32_t version = BigEndian32(bytes.data() + 4);
  if (version < 2 || version > 4) {
    return Status::Unsupported("index version " + std::to_string(version));
  }
  const uint32_t count = BigEndian32(bytes.data() + 8);
  const char* end = bytes.data() + bytes.size() - kHashSize;
  Cursor in(bytes.data() + 12, end);
  if (count > in.left() / kEntryFixedSize) return Damaged("more entries than bytes");

  GitIndex index;
  index.entries_.reserve(count);
  index.paths_.reserve(version == 4 ? 0 : bytes.size());  // v2 and v3 paths fit in the file
  const uint64_t max_paths =
      std::min<uint64_t>(64 * uint64_t{bytes.size()}, std::numeric_limits<uint32_t>::max());
  std::string previous_path;  // v4 paths are stored as changes to the previous one
  Status entry_problem;
  for (uint32_t i = 0; i < count; ++i) {
    const char* entry_start = in.at();
    if (in.left() < kEntryFixedSize) return Damaged("entry " + std::to_string(i));
    IndexEntry entry;
    entry.mode = BigEndian32(entry_start + 24);
    entry.size = BigEndian32(entry_start + 36);
    std::memcpy(entry.oid.data(), entry_start + kStatFieldsSize, kHashSize);
    const uint16_t flags = BigEndian16(entry_start + kStatFieldsSize + kHashSize);
    entry.stage = static_cast<uint8_t>((flags >> 12) & 3);
    in.Skip(kEntryFixedSize);
    if (flags & kFlagExtended) {
      if (version < 3 || in.left() < 2) return Damaged("extended flags");
      entry.intent_to_add = BigEndian16(in.at()) & kExtendedIntentToAdd;
      in.Skip(2);
    }
    std::string_view name;
    std::string_view path;  // the whole path: `name` itself, or for v4 the rebuilt one
    if (version == 4) {
      uint64_t strip = 0;
      if (!in.TakeVarint(&strip) || strip > previous_path.size() || !in.TakeUntilNul(&name)) {
        return Damaged("path of entry " + std::to_string(i));
      }
      previous_path.resize(previous_path.size() - strip);
      previous_path.append(name);
      path = previous_path;
    } else {
      if (!in.TakeUntilNul(&name)) return Damaged("path of entry " + std::to_string(i));
      // Entries are padded with 1 to 8 NULs (the first ends the path) to a multiple of 8 bytes.
      const size_t used = static_cast<size_t>(in.at() - entry_start);
      if (!in.Skip((8 - used % 8) % 8)) return Damaged("padding of entry " + std::to_string(i));
      path = name;
    }
    const size_t name_length = flags & kNameLengthMask;
    if (name_length < kNameLengthMask && name_length != path.size()) {
      return Damaged("path length of entry " + std::to_string(i));
    }
    // Checked once the extensions are known: a split index ("link") names the entries it
    // replaces in the shared index with empty paths.
    if (entry_problem.ok() && path.empty()) {
      entry_problem = Damaged("empty path in entry " + std::to_string(i));
    }
    if (entry_problem.ok() && !index.entries_.empty()) {
      const IndexEntry& last = index.entries_.back();
      if (!InIndexOrder(index.path(last), last.stage, path, entry.stage)) {
        // git refuses such an index too; libgit2 sorts it. Let the caller decide.
        entry_problem = Status::Unsupported("index entries out of order");
      }
    }
    // A path is at most 64 times its entry (64 bytes at least) for paths up to 4 KiB: v4's
    // prefix compression must not turn a small file into gigabytes of paths.
    if (index.paths_.size() + path.size() > max_paths) return Damaged("paths too long");
    entry.path_offset = static_cast<uint32_t>(index.paths_.size());
    entry.path_length = static_cast<uint32_t>(path.size());
    index.paths_.append(path);
    index.entries_.push_back(entry);
  }

  while (in.left()) {
    if (in.left() < 8) return Damaged("extension header");
    const std::string_view signature(in.at(), 4);
    const uint32_t size = BigEndian32(in.at() + 4);
    in.Skip(8);
    if (size > in.left()) return Damaged("extension " + std::string(signature) + " size");
    Cursor body(in.at(), in.at() + size);
    in.Skip(size);
    if (signature == "TREE") {
      if (!size) continue;  // written by some tools for "no cache-tree"
      auto root = std::make_unique<CacheTreeNode>();
      NHISCAN_RETURN_IF_ERROR(ParseCacheTreeNode(&body, 0, root.get()));
      if (body.left()) return Damaged("cache-tree trailing bytes");
      index.cache_tree_ = std::move(root);
    } else if (signature[0] < 'A' || signature[0] > 'Z') {
      // Lower-case: required to understand the index ("link" split index, "sdir" sparse index).
      return Status::Unsupported("index extension " + std::string(signature));
    }
  }
  if (!entry_problem.ok()) return entry_problem;
  return index;
}

}  // namespace nhiscan::source
