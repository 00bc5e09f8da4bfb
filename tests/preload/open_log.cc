// A preload library for tests (LD_PRELOAD): appends every path the program opens with open(),
// openat() or fopen() (and their 64-bit names) to the file named by NHISCAN_OPEN_LOG, one per
// line. It shows what a run reads whatever library does the reading, statically linked ones
// included. Built apart from the test binary, which must not interpose these itself.
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

extern "C" {

static void LogPath(const char* path) {
  const char* log = getenv("NHISCAN_OPEN_LOG");
  if (!log || !path) return;
  int fd = static_cast<int>(
      syscall(SYS_openat, AT_FDCWD, log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
  if (fd < 0) return;
  ssize_t ignored = write(fd, path, strlen(path));
  ignored = write(fd, "\n", 1);
  (void)ignored;
  close(fd);
}

static mode_t ModeOf(int flags, va_list args) {
  return (flags & (O_CREAT | O_TMPFILE)) ? static_cast<mode_t>(va_arg(args, int)) : 0;
}

// Every open variant is openat(2) on Linux (open is openat from the current folder, and the
// 64-bit names are the same calls on 64-bit systems): one real function serves all four.
static int LoggedOpenat(int dir, const char* path, int flags, mode_t mode) {
  static int (*real)(int, const char*, int, ...);
  if (!real) *reinterpret_cast<void**>(&real) = dlsym(RTLD_NEXT, "openat");
  LogPath(path);
  return real(dir, path, flags, mode);
}

#define FORWARD_OPEN(name, params, dir)          \
  int name params {                              \
    va_list args;                                \
    va_start(args, flags);                       \
    const mode_t mode = ModeOf(flags, args);     \
    va_end(args);                                \
    return LoggedOpenat(dir, path, flags, mode); \
  }
FORWARD_OPEN(open, (const char* path, int flags, ...), AT_FDCWD)
FORWARD_OPEN(open64, (const char* path, int flags, ...), AT_FDCWD)
FORWARD_OPEN(openat, (int dir, const char* path, int flags, ...), dir)
FORWARD_OPEN(openat64, (int dir, const char* path, int flags, ...), dir)

#define FORWARD_FOPEN(name)                                                \
  FILE* name(const char* path, const char* how) {                          \
    static FILE* (*real)(const char*, const char*);                        \
    if (!real) *reinterpret_cast<void**>(&real) = dlsym(RTLD_NEXT, #name); \
    LogPath(path);                                                         \
    return real(path, how);                                                \
  }
FORWARD_FOPEN(fopen)
FORWARD_FOPEN(fopen64)

}  // extern "C"
