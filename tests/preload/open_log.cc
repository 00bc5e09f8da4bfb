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

#define FORWARD_OPEN(name)                                                 \
  int name(const char* path, int flags, ...) {                             \
    static int (*real)(const char*, int, ...);                             \
    if (!real) *reinterpret_cast<void**>(&real) = dlsym(RTLD_NEXT, #name); \
    va_list args;                                                          \
    va_start(args, flags);                                                 \
    mode_t mode = ModeOf(flags, args);                                     \
    va_end(args);                                                          \
    LogPath(path);                                                         \
    return real(path, flags, mode);                                        \
  }
FORWARD_OPEN(open)
FORWARD_OPEN(open64)

#define FORWARD_OPENAT(name)                                               \
  int name(int dir, const char* path, int flags, ...) {                    \
    static int (*real)(int, const char*, int, ...);                        \
    if (!real) *reinterpret_cast<void**>(&real) = dlsym(RTLD_NEXT, #name); \
    va_list args;                                                          \
    va_start(args, flags);                                                 \
    mode_t mode = ModeOf(flags, args);                                     \
    va_end(args);                                                          \
    LogPath(path);                                                         \
    return real(dir, path, flags, mode);                                   \
  }
FORWARD_OPENAT(openat)
FORWARD_OPENAT(openat64)

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
