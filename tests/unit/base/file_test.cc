#include "common/base/file.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "support/temp_dir.h"

namespace shouhu {
namespace {

TEST(ReadFileTest, ReadsBinaryContents) {
  shouhu::testing::TempDir dir("read-file");
  const std::string path = dir.File("contents.bin");
  const std::string contents("line1\nbinary\0\xff", 14);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(contents.data(), 1, contents.size(), f);
  std::fclose(f);
  auto read = ReadFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, contents);
}

TEST(ReadFileTest, MissingFileIsNotFound) {
  shouhu::testing::TempDir dir("read-file");
  auto read = ReadFile(dir.File("shouhu_no_such_file_here"));
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find("shouhu_no_such_file_here"), absl::string_view::npos);
}

TEST(ReadFileTest, DirectoryIsAnError) {
  shouhu::testing::TempDir dir("read-file");
  auto read = ReadFile(dir.path());
  EXPECT_FALSE(read.ok());
}

}  // namespace
}  // namespace shouhu
