#include "scanner/match/prebuilt_database.h"

#include <cstddef>

#ifdef NHISCAN_PREBUILT_DATABASE_FILE

// The image is included by the assembler, so that 2 MB of data cost no C++ compilation. Aligned
// as Database::Image lays it out, so that the database is used where it lies.
asm(".section .rodata.nhiscan_prebuilt,\"a\"\n"
    ".balign 64\n"
    ".globl nhiscan_prebuilt_database_begin\n"
    "nhiscan_prebuilt_database_begin:\n"
    ".incbin \"" NHISCAN_PREBUILT_DATABASE_FILE "\"\n"
    ".globl nhiscan_prebuilt_database_end\n"
    "nhiscan_prebuilt_database_end:\n"
    ".previous\n");

extern "C" const char nhiscan_prebuilt_database_begin[];
extern "C" const char nhiscan_prebuilt_database_end[];

namespace nhiscan::match {

std::string_view PrebuiltDatabase() {
  return {nhiscan_prebuilt_database_begin,
          static_cast<size_t>(nhiscan_prebuilt_database_end - nhiscan_prebuilt_database_begin)};
}

}  // namespace nhiscan::match

#else

namespace nhiscan::match {

std::string_view PrebuiltDatabase() { return {}; }

}  // namespace nhiscan::match

#endif
