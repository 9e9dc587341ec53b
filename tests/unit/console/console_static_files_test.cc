#include <filesystem>

#include "console/static_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/temp_dir.h"

namespace shouhu::console {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() + "/web";
    std::filesystem::create_directories(root_ + "/js/pages");
    std::filesystem::create_directories(root_ + "/.git");
    Write("web/index.html", "<!doctype html>");
    Write("web/js/app.js", "export {}");
    Write("web/js/pages/dashboard.js", "export const x = 1;");
    Write("web/style.css", "body{}");
    Write("web/.env", "SECRET=1");
    Write("web/.git/config", "[core]");
    Write("web/notes.exe", "MZ");
    Write("secret.txt", "outside");
    std::filesystem::create_symlink(dir_.path() + "/secret.txt", root_ + "/link.txt");
    auto files = StaticFiles::Open(root_);
    ASSERT_TRUE(files.ok()) << files.status();
    files_.emplace(*std::move(files));
  }
  void Write(const std::string& name, const std::string& content) { dir_.Write(name, content); }

  ::shouhu::testing::TempDir dir_{"console-static"};
  std::string root_;
  std::optional<StaticFiles> files_;
};

TEST_F(StaticFilesTest, RootIsIndexAndFilesHaveTheirTypes) {
  auto index = files_->Read("/");
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->content, "<!doctype html>");
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  auto app = files_->Read("/js/app.js");
  ASSERT_TRUE(app.ok());
  EXPECT_EQ(app->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(files_->Read("/js/pages/dashboard.js")->content, "export const x = 1;");
  EXPECT_EQ(files_->Read("/style.css")->content_type, "text/css; charset=utf-8");
}

TEST_F(StaticFilesTest, NothingOutsideOrHiddenOrUnknown) {
  for (const char* path : {"/../secret.txt", "/js/../../secret.txt", "/js/..", "/./index.html",
                           "//index.html", "/js/", "/js", "/.env", "/.git/config", "/link.txt",
                           "/notes.exe", "/missing.js", "index.html", "/js\\app.js", ""}) {
    EXPECT_EQ(files_->Read(path).status().code(), absl::StatusCode::kNotFound) << path;
  }
}

TEST(StaticFilesOpenTest, MissingDirectoryAndEmptyRoot) {
  EXPECT_EQ(StaticFiles::Open("/nonexistent/web/dir").status().code(), absl::StatusCode::kNotFound);
  auto none = StaticFiles::Open("");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->Read("/").status().code(), absl::StatusCode::kNotFound);
}

TEST(ContentTypeTest, KnownTypesOnly) {
  EXPECT_EQ(ContentTypeFor("a.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("echarts.min.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("i18n.json"), "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("logo.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("icon.png"), "image/png");
  EXPECT_EQ(ContentTypeFor("Makefile"), "");
  EXPECT_EQ(ContentTypeFor("a.php"), "");
}

TEST_F(StaticFilesTest, ValidatorsLetABrowserKeepItsCopy) {
  auto first = files_->Read("/js/app.js");
  ASSERT_TRUE(first.ok());
  EXPECT_THAT(first->etag, ::testing::MatchesRegex(R"(W/"[0-9a-f]+-[0-9a-f]+")"));
  EXPECT_FALSE(first->not_modified);
  // The same file gives the same validator; naming it skips the body.
  auto again = files_->Read("/js/app.js", first->etag);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->not_modified);
  EXPECT_EQ(again->content, "");
  EXPECT_EQ(again->etag, first->etag);
  EXPECT_EQ(again->content_type, first->content_type);
  // Another file's validator, or none, gives the body.
  auto other = files_->Read("/style.css", first->etag);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->not_modified);
  EXPECT_EQ(other->content, "body{}");
  // A changed file has a new validator: the old one no longer matches.
  Write("web/js/app.js", "export const changed = true;");
  auto changed = files_->Read("/js/app.js", first->etag);
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(changed->not_modified);
  EXPECT_EQ(changed->content, "export const changed = true;");
  EXPECT_NE(changed->etag, first->etag);
  // Validators never open what is not served.
  EXPECT_FALSE(files_->Read("/.env", "*").ok());
  EXPECT_FALSE(files_->Read("/link.txt", "*").ok());
}

TEST(IfNoneMatchTest, ListsStarsAndWeakPrefixes) {
  const std::string tag = R"(W/"1a-2b")";
  EXPECT_TRUE(IfNoneMatchNames(tag, tag));
  EXPECT_TRUE(IfNoneMatchNames(R"("1a-2b")", tag));
  EXPECT_TRUE(IfNoneMatchNames(R"("x", W/"1a-2b" )", tag));
  EXPECT_TRUE(IfNoneMatchNames("*", tag));
  EXPECT_FALSE(IfNoneMatchNames("", tag));
  EXPECT_FALSE(IfNoneMatchNames(R"(W/"1a-2c")", tag));
  EXPECT_FALSE(IfNoneMatchNames(R"("1a-2b)", tag));
  EXPECT_FALSE(IfNoneMatchNames(",,", tag));
  EXPECT_FALSE(IfNoneMatchNames("*", ""));
}

}  // namespace
}  // namespace shouhu::console
