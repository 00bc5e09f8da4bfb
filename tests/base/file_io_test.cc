#include "scanner/base/file_io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <utility>

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

TEST(FileIoTest, MappedFileHoldsTheBytesAsLongAsItLives) {
  TempDir dir;
  const std::string bytes("a\0b\xff\n", 5);
  const std::string path = dir.Write("f.bin", bytes);
  Result<MappedFile> mapped = MapWholeFile(path);
  ASSERT_TRUE(mapped.ok()) << mapped.status().ToString();
  EXPECT_EQ(mapped->bytes(), bytes);
  // Replaced by a rename, as the mapped files are: the mapping keeps the old bytes.
  ASSERT_TRUE(WriteFileAtomically(path, "new").ok());
  MappedFile moved = std::move(mapped).value();
  EXPECT_EQ(moved.bytes(), bytes);
  MappedFile other;
  other = std::move(moved);
  EXPECT_EQ(other.bytes(), bytes);
  EXPECT_TRUE(moved.bytes().empty());
}

TEST(FileIoTest, MappingAnEmptyFileGivesNoBytes) {
  TempDir dir;
  Result<MappedFile> mapped = MapWholeFile(dir.Write("empty", ""));
  ASSERT_TRUE(mapped.ok()) << mapped.status().ToString();
  EXPECT_TRUE(mapped->bytes().empty());
}

TEST(FileIoTest, MappingSaysWhyItCannot) {
  TempDir dir;
  Result<MappedFile> missing = MapWholeFile(dir.path() + "/missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  // A FIFO is refused at once, not waited on for a writer.
  const std::string fifo = dir.path() + "/fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  Result<MappedFile> refused = MapWholeFile(fifo);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kIo);
  EXPECT_THAT(refused.status().message(), ::testing::HasSubstr("not a regular file"));
  Result<MappedFile> folder = MapWholeFile(dir.path());
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.status().code(), Status::Code::kIo);
}

}  // namespace
}  // namespace nhiscan
