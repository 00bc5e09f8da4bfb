// How many objects a repository's object store holds, read from the headers of its pack indexes
// and the names of its loose object files (and those of its alternates), without reading any
// object. Used to size a history walk's set of seen ids once, up front. Plain POSIX.
#pragma once

#include <cstdint>
#include <string>

namespace nhiscan::source {

// An estimate: an object stored twice (in two packs, or packed and loose) counts twice, and an
// index that is not a well-formed git pack index, has no pack beside it, or claims more objects
// than the bytes it stores can hold, counts as none. Never fails: what cannot be read adds
// nothing.
uint64_t CountObjects(const std::string& objects_dir);

}  // namespace nhiscan::source
