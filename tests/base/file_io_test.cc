#include "scanner/base/file_io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/test_support.h"

namespace nhiscan {
namespace {

using ::nhiscan::testing::TempDir;

TEST(FileIoTest, WritesCreateFoldersAndReadBackExactly) {
  TempDir dir;
  std::string bytes("a\0b\xff\n", 5);
  std::string path = dir.path() + "/x/y/file.bin";
  ASSERT_TRUE(WriteFileAtomically(path, bytes).ok());
  auto read = ReadWholeFile(path);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read.value(), bytes);
  // No temporary file is left beside it.
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path() + "/x/y")) {
    ++entries;
  }
  EXPECT_EQ(entries, 1u);
}

TEST(FileIoTest, ReplacingKeepsOnlyTheNewContent) {
  TempDir dir;
  std::string path = dir.path() + "/f";
  ASSERT_TRUE(WriteFileAtomically(path, std::string(10000, 'a')).ok());
  ASSERT_TRUE(WriteFileAtomically(path, "short").ok());
  EXPECT_EQ(ReadWholeFile(path).value(), "short");
}

TEST(FileIoTest, MissingFileIsNotFound) {
  TempDir dir;
  auto read = ReadWholeFile(dir.path() + "/missing");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), Status::Code::kNotFound);
}

TEST(FileIoTest, WriteBelowARegularFileFailsWithTheReason) {
  TempDir dir;
  std::string file = dir.Write("plain", "x");
  Status status = WriteFileAtomically(file + "/below", "y");
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), ::testing::HasSubstr("plain"));
}

}  // namespace
}  // namespace nhiscan
