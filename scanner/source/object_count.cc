#include "scanner/source/object_count.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <set>
#include <string_view>
#include <vector>

#include "scanner/source/git_preflight.h"

namespace nhiscan::source {

namespace {

// git reads the alternates of object stores this deep (link_alt_odb_entries in git's
// object-file.c: the repository's own is depth 0). Quoted paths are not read: an estimate.
constexpr int kMaxAlternateDepth = 5;

uint32_t BigEndian32(const unsigned char* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

std::vector<std::string> FileNames(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (const dirent* e = readdir(d)) names.emplace_back(e->d_name);
  closedir(d);
  return names;
}

// A file descriptor for `path` when it is a regular file, else -1: never waits on a FIFO.
int OpenRegularFile(const std::string& path, struct stat* st) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return -1;
  if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
    close(fd);
    return -1;
  }
  return fd;
}

// The object count in a pack index's header: version 2 starts with "\377tOc", 2 and 256 fanout
// counts, version 1 with the fanout alone; the last fanout count is the number of objects. As for
// git, an index without its pack is ignored. The file must hold that many entries (v2: a 20-byte
// id, a CRC and an offset each; v1: an offset and an id) and the two trailing checksums, in bytes
// actually stored: a sparse file claiming billions of objects would size the walk's table for
// them.
uint64_t PackIndexCount(const std::string& path) {
  struct stat st;
  if (stat((path.substr(0, path.size() - 4) + ".pack").c_str(), &st) != 0) return 0;
  const int fd = OpenRegularFile(path, &st);
  if (fd < 0) return 0;
  std::array<unsigned char, 8 + 256 * 4> header;
  const bool read_ok =
      pread(fd, header.data(), header.size(), 0) == static_cast<ssize_t>(header.size());
  close(fd);
  if (!read_ok) return 0;
  static constexpr unsigned char kMagic[4] = {0xff, 't', 'O', 'c'};
  const bool v2 = std::equal(kMagic, kMagic + 4, header.begin());
  if (v2 && BigEndian32(&header[4]) != 2) return 0;
  const unsigned char* fanout = header.data() + (v2 ? 8 : 0);
  const uint64_t count = BigEndian32(fanout + 255 * 4);
  const uint64_t needed = v2 ? 8 + 1024 + count * 28 + 40 : 1024 + count * 24 + 40;
  const uint64_t stored = std::min<uint64_t>(st.st_size, uint64_t(st.st_blocks) * 512);
  return stored >= needed ? count : 0;
}

bool IsLooseObjectName(std::string_view name) {
  return name.size() == 38 && name.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

uint64_t CountIn(const std::string& objects_dir, int depth, std::set<std::string>* visited) {
  char* real = realpath(objects_dir.c_str(), nullptr);
  if (real == nullptr) return 0;
  const bool fresh = visited->insert(real).second;
  free(real);
  if (!fresh) return 0;

  uint64_t count = 0;
  for (const std::string& name : FileNames(objects_dir + "/pack")) {
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".idx") == 0) {
      count += PackIndexCount(objects_dir + "/pack/" + name);
    }
  }
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 256; ++i) {
    const char folder[] = {'/', kHex[i >> 4], kHex[i & 15], '\0'};
    for (const std::string& name : FileNames(objects_dir + folder)) {
      if (IsLooseObjectName(name)) ++count;
    }
  }
  if (depth > kMaxAlternateDepth) return count;
  for (const std::string& alternate : AlternateObjectFolders(objects_dir)) {
    count += CountIn(alternate, depth + 1, visited);
  }
  return count;
}

}  // namespace

uint64_t CountObjects(const std::string& objects_dir) {
  std::set<std::string> visited;
  return CountIn(objects_dir, 0, &visited);
}

}  // namespace nhiscan::source
