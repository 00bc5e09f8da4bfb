// Checks a git folder for what would make libgit2 block forever before libgit2 reads it: a FIFO
// or device where a file is expected (packed-refs, a loose object, objects/info/alternates, a
// configuration include…) makes open(2) wait for a writer that never comes. A repository with
// such a file is refused with an error naming it. Used by GitSource::Open; its reader of
// alternates files also serves the object count (object_count.h). Plain POSIX.
#pragma once

#include <string>
#include <vector>

#include "scanner/base/status.h"

namespace nhiscan::source {

// Walks `git_dir` (and the folders its symlinks, alternates and configuration includes lead to)
// and fails on the first entry that is neither a regular file, a folder nor a symlink to one.
Status CheckGitDirHasNoSpecialFiles(const std::string& git_dir);

// The object folders `objects_dir`/info/alternates names, resolved as libgit2 resolves them
// (relative to `objects_dir`, `~/` from HOME), comments and blank lines skipped. Empty when there
// is no such file or it is not a regular file; never waits on a FIFO.
std::vector<std::string> AlternateObjectFolders(const std::string& objects_dir);

}  // namespace nhiscan::source
