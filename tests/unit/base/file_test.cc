#include "common/base/file.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"

namespace shouhu {
namespace {

std::string TempDir() {
  std::string dir = ::testing::TempDir();
  if (!dir.empty() && dir.back() == '/') dir.pop_back();
  return dir;
}

TEST(ReadFileTest, ReadsBinaryContents) {
  const std::string path = TempDir() + "/shouhu_read_file_test.bin";
  const std::string contents("line1\nbinary\0\xff", 14);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(contents.data(), 1, contents.size(), f);
  std::fclose(f);
  auto read = ReadFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, contents);
  std::remove(path.c_str());
}

TEST(ReadFileTest, MissingFileIsNotFound) {
  auto read = ReadFile(TempDir() + "/shouhu_no_such_file_here");
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find("shouhu_no_such_file_here"), absl::string_view::npos);
}

TEST(ReadFileTest, DirectoryIsAnError) {
  auto read = ReadFile(TempDir());
  EXPECT_FALSE(read.ok());
}

}  // namespace
}  // namespace shouhu
