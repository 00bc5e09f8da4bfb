// Checks a git folder for what would make libgit2 block forever before libgit2 reads it: a FIFO
// or device where a file is expected (packed-refs, a loose object, objects/info/alternates, a
// configuration include…) makes open(2) wait for a writer that never comes. A repository with
// such a file is refused with an error naming it. Used by GitSource::Open; plain POSIX.
#pragma once

#include <string>

#include "scanner/base/status.h"

namespace nhiscan::source {

// Walks `git_dir` (and the folders its symlinks, alternates and configuration includes lead to)
// and fails on the first entry that is neither a regular file, a folder nor a symlink to one.
Status CheckGitDirHasNoSpecialFiles(const std::string& git_dir);

}  // namespace nhiscan::source
