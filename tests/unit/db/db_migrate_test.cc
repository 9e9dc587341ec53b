// Migration files: splitting into statements, loading and ordering a directory.
#include <openssl/evp.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/migrate.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu::db {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// ---------------------------------------------------------------------------------------
// SplitStatements
// ---------------------------------------------------------------------------------------

TEST(SplitStatementsTest, Cases) {
  const struct {
    const char* name;
    std::string contents;
    std::vector<std::string> statements;
  } kCases[] = {
      {"empty", "", {}},
      {"only comments and blank lines", "-- one\n\n   -- indented\n\t\n", {}},
      {"one statement", "SELECT 1;\n", {"SELECT 1"}},
      {"no final newline", "SELECT 1;", {"SELECT 1"}},
      {"trailing statement without ';'", "SELECT 1;\nSELECT 2\n", {"SELECT 1", "SELECT 2"}},
      {"multi-line statement keeps its lines",
       "-- table\nCREATE TABLE t (\n  id INT,\n  name TEXT\n);\n",
       {"CREATE TABLE t (\n  id INT,\n  name TEXT\n)"}},
      {"comments and blank lines inside a statement are dropped",
       "CREATE TABLE t (\n\n  -- the key\n  id INT\n);\n",
       {"CREATE TABLE t (\n  id INT\n)"}},
      {"blank lines and comments between statements",
       "\n\nINSERT INTO t VALUES (1);\n\n-- next\n\nINSERT INTO t VALUES (2);\n\n",
       {"INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)"}},
      {"';' with trailing spaces ends a statement",
       "SELECT 1;   \nSELECT 2;\t\n",
       {"SELECT 1", "SELECT 2"}},
      {"';' inside a line does not split",
       "INSERT INTO t VALUES ('a;b');\n",
       {"INSERT INTO t VALUES ('a;b')"}},
      {"a lone ';' is no statement", ";\nSELECT 1;\n", {"SELECT 1"}},
      {"indented statement is trimmed", "   SELECT 1;\n", {"SELECT 1"}},
      {"multi-line trailing statement", "SELECT\n  1\n-- end", {"SELECT\n  1"}},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(SplitStatements(c.contents), c.statements) << c.name;
  }
}

// ---------------------------------------------------------------------------------------
// LoadMigrations
// ---------------------------------------------------------------------------------------

std::string Sha256Hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EXPECT_EQ(EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr), 1);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(md), len));
}

// A fresh directory under the system temp dir, removed with its contents at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "shouhu-migrations-XXXXXX").string();
    EXPECT_NE(mkdtemp(pattern.data()), nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  void Write(const std::string& name, const std::string& contents) const {
    std::ofstream out(fs::path(path_) / name, std::ios::binary);
    out << contents;
    EXPECT_TRUE(out.good()) << name;
  }

 private:
  std::string path_;
};

TEST(LoadMigrationsTest, OrdersByVersionAndHashesContents) {
  TempDir dir;
  const std::string third = "ALTER TABLE a ADD COLUMN c INT;\n";
  const std::string first = "-- first\nCREATE TABLE a (id INT);\n";
  const std::string second = "INSERT INTO a VALUES (1);\n";
  dir.Write("0003_add_column.sql", third);
  dir.Write("0001_create.sql", first);
  dir.Write("0002_seed.sql", second);
  dir.Write("README.md", "not a migration");
  dir.Write("0004_draft.sql.bak", "ignored");
  auto files = LoadMigrations(dir.path());
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 3u);
  const std::pair<const char*, const std::string*> kExpected[] = {
      {"0001_create.sql", &first}, {"0002_seed.sql", &second}, {"0003_add_column.sql", &third}};
  for (size_t i = 0; i < 3; ++i) {
    const MigrationFile& f = (*files)[i];
    EXPECT_EQ(f.version, static_cast<int>(i) + 1);
    EXPECT_EQ(f.name, kExpected[i].first);
    EXPECT_EQ(f.contents, *kExpected[i].second);
    EXPECT_EQ(f.checksum, Sha256Hex(*kExpected[i].second)) << f.name;
  }
}

TEST(LoadMigrationsTest, ChecksumIsLowerCaseHexSha256) {
  TempDir dir;
  dir.Write("0001_abc.sql", "abc");
  dir.Write("0002_empty.sql", "");
  auto files = LoadMigrations(dir.path());
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 2u);
  // FIPS 180-2 test vectors.
  EXPECT_EQ((*files)[0].checksum,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ((*files)[1].checksum,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(LoadMigrationsTest, RejectsBadDirectories) {
  const struct {
    const char* name;
    std::vector<std::pair<std::string, std::string>> files;
    absl::StatusCode code;
    const char* mentions;
  } kCases[] = {
      {"gap",
       {{"0001_a.sql", "SELECT 1;"}, {"0003_c.sql", "SELECT 3;"}},
       absl::StatusCode::kInvalidArgument,
       "0003_c.sql"},
      {"does not start at 1",
       {{"0002_b.sql", "SELECT 2;"}},
       absl::StatusCode::kInvalidArgument,
       "0002_b.sql"},
      {"duplicate version",
       {{"0001_a.sql", "SELECT 1;"}, {"0001_b.sql", "SELECT 1;"}},
       absl::StatusCode::kInvalidArgument,
       "0001_"},
      {"no underscore",
       {{"0001_a.sql", "SELECT 1;"}, {"0002.sql", "SELECT 2;"}},
       absl::StatusCode::kInvalidArgument,
       "0002.sql"},
      {"not a number",
       {{"0001_a.sql", "SELECT 1;"}, {"init_schema.sql", "SELECT 2;"}},
       absl::StatusCode::kInvalidArgument,
       "init_schema.sql"},
      {"version zero",
       {{"0000_zero.sql", "SELECT 0;"}, {"0001_a.sql", "SELECT 1;"}},
       absl::StatusCode::kInvalidArgument,
       "0000_zero.sql"},
      {"no migrations", {{"notes.txt", "nothing"}}, absl::StatusCode::kNotFound, ""},
  };
  for (const auto& c : kCases) {
    TempDir dir;
    for (const auto& [name, contents] : c.files) dir.Write(name, contents);
    auto files = LoadMigrations(dir.path());
    EXPECT_EQ(files.status().code(), c.code) << c.name << ": " << files.status();
    EXPECT_THAT(std::string(files.status().message()), HasSubstr(c.mentions)) << c.name;
  }
}

TEST(LoadMigrationsTest, MissingDirectoryIsNotFound) {
  std::string missing;
  {
    TempDir dir;
    missing = dir.path();
  }
  EXPECT_EQ(LoadMigrations(missing).status().code(), absl::StatusCode::kNotFound);
}

TEST(LoadMigrationsTest, TheRealMigrationsLoad) {
  const char* source = std::getenv("SHOUHU_SOURCE_DIR");
  ASSERT_NE(source, nullptr) << "set SHOUHU_SOURCE_DIR to the source tree";
  auto files = LoadMigrations(absl::StrCat(source, "/deploy/migrations"));
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_GE(files->size(), 2u);
  for (size_t i = 0; i < files->size(); ++i) {
    const MigrationFile& f = (*files)[i];
    EXPECT_EQ(f.version, static_cast<int>(i) + 1);
    EXPECT_TRUE(absl::StartsWith(f.name, absl::StrFormat("%04d_", f.version))) << f.name;
    EXPECT_TRUE(absl::EndsWith(f.name, ".sql")) << f.name;
    EXPECT_EQ(f.checksum, Sha256Hex(f.contents)) << f.name;
    const std::vector<std::string> statements = SplitStatements(f.contents);
    EXPECT_THAT(statements, ::testing::Not(IsEmpty())) << f.name;
    for (const std::string& s : statements) {
      EXPECT_FALSE(absl::EndsWith(s, ";")) << f.name << ": " << s;
      EXPECT_FALSE(absl::StartsWith(s, "--")) << f.name << ": " << s;
    }
  }
}

}  // namespace
}  // namespace shouhu::db
