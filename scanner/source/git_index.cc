#include "scanner/source/git_index.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "scanner/base/file_io.h"

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

// One node of the TREE extension and, depth first, its subtrees, appended to `nodes`.
Status ParseCacheTreeNode(Cursor* in, int depth, std::vector<CacheTreeNode>* nodes) {
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
  // Each subtree takes at least 5 bytes ("a\0" "0 0\n"): no count can claim more nodes than
  // the bytes left hold, and nodes are added as they are read, never reserved from a claim.
  if (static_cast<uint64_t>(subtrees) > in->left() / 5) return Damaged("cache-tree subtree count");
  const size_t at = nodes->size();
  CacheTreeNode& node = nodes->emplace_back();
  node.name = name;
  node.valid = entry_count >= 0;
  node.subfolders = static_cast<uint32_t>(subtrees);
  if (node.valid) {
    if (in->left() < kHashSize) return Damaged("cache-tree id");
    std::memcpy(node.oid.data(), in->at(), kHashSize);
    in->Skip(kHashSize);
  }
  for (int64_t i = 0; i < subtrees; ++i) {
    NHISCAN_RETURN_IF_ERROR(ParseCacheTreeNode(in, depth + 1, nodes));
  }
  (*nodes)[at].descendants = static_cast<uint32_t>(nodes->size() - at - 1);
  return Status::Ok();
}

// git's index order: by path bytes, then stage.
bool InIndexOrder(std::string_view a_path, uint8_t a_stage, std::string_view b_path,
                  uint8_t b_stage) {
  const int c = a_path.compare(b_path);
  return c < 0 || (c == 0 && a_stage < b_stage);
}

// The fixed fields of an entry that Parse accepted, which lies at `record`.
IndexEntry DecodeFixedFields(const char* record) {
  IndexEntry entry;
  entry.mode = BigEndian32(record + 24);
  entry.size = BigEndian32(record + 36);
  std::memcpy(entry.oid.data(), record + kStatFieldsSize, kHashSize);
  const uint16_t flags = BigEndian16(record + kStatFieldsSize + kHashSize);
  entry.stage = static_cast<uint8_t>((flags >> 12) & 3);
  if (flags & kFlagExtended) {
    entry.intent_to_add = BigEndian16(record + kEntryFixedSize) & kExtendedIntentToAdd;
  }
  return entry;
}

}  // namespace

const CacheTreeNode* CacheTreeNode::Child(std::string_view child_name) const {
  const CacheTreeNode* child = this + 1;
  for (uint32_t i = 0; i < subfolders; ++i, child += 1 + child->descendants) {
    if (child->name == child_name) return child;
  }
  return nullptr;
}

Result<GitIndex> GitIndex::Read(const std::string& path) {
  // Mapped, not read: a large repository's index is megabytes (8 MiB for Linux's 78,000 files),
  // and copying it faulted in every page of the copy. The mapping lives as long as the index,
  // which decodes entries from it. git replaces the index by renaming a new file over it (so does
  // libgit2), never rewrites it in place, so the mapped file does not change under the scan.
  Result<MappedFile> mapped = MapWholeFile(path);
  if (!mapped.ok()) {
    if (mapped.status().code() == Status::Code::kNotFound) return GitIndex();  // nothing staged
    return mapped.status();
  }
  auto holder = std::make_shared<const MappedFile>(std::move(mapped).value());
  const std::string_view bytes = holder->bytes();
  return ParseHeld(std::move(holder), bytes);
}

Result<GitIndex> GitIndex::Parse(std::string_view bytes) {
  auto copy = std::make_shared<const std::string>(bytes);
  const std::string_view view(*copy);
  return ParseHeld(std::move(copy), view);
}

IndexEntry GitIndex::entry(size_t i) const {
  IndexEntry entry = DecodeFixedFields(bytes_.data() + records_[i]);
  entry.path = path(i);
  return entry;
}

std::string_view GitIndex::path(size_t i) const {
  if (version_ == 4) {
    const uint32_t begin = i ? v4_path_ends_[i - 1] : 0;
    return std::string_view(v4_paths_).substr(begin, v4_path_ends_[i] - begin);
  }
  const char* record = bytes_.data() + records_[i];
  const uint16_t flags = BigEndian16(record + kStatFieldsSize + kHashSize);
  const size_t begin = records_[i] + kEntryFixedSize + ((flags & kFlagExtended) ? 2 : 0);
  size_t length = flags & kNameLengthMask;
  if (length == kNameLengthMask) {  // 4095 bytes or more: up to the NUL Parse found
    length = static_cast<size_t>(
        static_cast<const char*>(std::memchr(bytes_.data() + begin, '\0', bytes_.size() - begin)) -
        (bytes_.data() + begin));
  }
  return bytes_.substr(begin, length);
}

Result<GitIndex> GitIndex::ParseHeld(std::shared_ptr<const void> holder, std::string_view bytes) {
  if (bytes.size() < 12 + kHashSize || std::memcmp(bytes.data(), "DIRC", 4) != 0) {
    return Damaged("no index header");
  }
  if (bytes.size() > std::numeric_limits<uint32_t>::max()) {
    return Status::Unsupported("index larger than 4 GiB");
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
  index.holder_ = std::move(holder);
  index.bytes_ = bytes;
  index.version_ = version;
  index.records_.reserve(count);
  if (version == 4) index.v4_path_ends_.reserve(count);
  const uint64_t max_paths =
      std::min<uint64_t>(64 * uint64_t{bytes.size()}, std::numeric_limits<uint32_t>::max());
  std::string previous_path;  // v4 paths are stored as changes to the previous one
  uint8_t previous_stage = 0;
  Status entry_problem;
  for (uint32_t i = 0; i < count; ++i) {
    const char* entry_start = in.at();
    if (in.left() < kEntryFixedSize) return Damaged("entry " + std::to_string(i));
    const uint16_t flags = BigEndian16(entry_start + kStatFieldsSize + kHashSize);
    in.Skip(kEntryFixedSize);
    if (flags & kFlagExtended) {
      if (version < 3 || in.left() < 2) return Damaged("extended flags");
      in.Skip(2);
    }
    const uint8_t stage = static_cast<uint8_t>((flags >> 12) & 3);
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
    if (entry_problem.ok() && i > 0) {
      if (!InIndexOrder(index.path(i - 1), previous_stage, path, stage)) {
        // git refuses such an index too; libgit2 sorts it. Let the caller decide.
        entry_problem = Status::Unsupported("index entries out of order");
      }
    }
    index.records_.push_back(static_cast<uint32_t>(entry_start - bytes.data()));
    if (version == 4) {
      // A path is at most 64 times its entry (64 bytes at least) for paths up to 4 KiB: v4's
      // prefix compression must not turn a small file into gigabytes of paths.
      if (index.v4_paths_.size() + path.size() > max_paths) return Damaged("paths too long");
      index.v4_paths_.append(path);
      index.v4_path_ends_.push_back(static_cast<uint32_t>(index.v4_paths_.size()));
    }
    previous_stage = stage;
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
      // Reserved for as many nodes as the bytes could hold (5 each): address space only, where
      // growing by doubling would touch about twice the final array in fresh pages.
      std::vector<CacheTreeNode> nodes;
      nodes.reserve(size / 5);
      NHISCAN_RETURN_IF_ERROR(ParseCacheTreeNode(&body, 0, &nodes));
      if (body.left()) return Damaged("cache-tree trailing bytes");
      index.cache_tree_ = std::move(nodes);
    } else if (signature[0] < 'A' || signature[0] > 'Z') {
      // Lower-case: required to understand the index ("link" split index, "sdir" sparse index).
      return Status::Unsupported("index extension " + std::string(signature));
    }
  }
  if (!entry_problem.ok()) return entry_problem;
  return index;
}

}  // namespace nhiscan::source
