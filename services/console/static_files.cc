#include "console/static_files.h"

#include <cstdint>
#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/base/file.h"

namespace shouhu::console {
namespace {

namespace fs = std::filesystem;

struct TypeRow {
  const char* extension;
  const char* content_type;
};

constexpr TypeRow kTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".map", "application/json; charset=utf-8"},
    {".txt", "text/plain; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".webmanifest", "application/manifest+json"},
    {".woff2", "font/woff2"},
};

// Files larger than this are not part of a web app.
constexpr uintmax_t kMaxFileBytes = 16 << 20;

absl::Status NotServed() { return absl::NotFoundError("not found"); }

}  // namespace

std::string ContentTypeFor(absl::string_view file_name) {
  const size_t dot = file_name.rfind('.');
  if (dot == absl::string_view::npos) return "";
  const std::string ext = absl::AsciiStrToLower(file_name.substr(dot));
  for (const TypeRow& row : kTypes) {
    if (ext == row.extension) return row.content_type;
  }
  return "";
}

absl::StatusOr<StaticFiles> StaticFiles::Open(const std::string& root) {
  if (root.empty()) return StaticFiles("");
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  if (ec || !fs::is_directory(canonical, ec)) {
    return absl::NotFoundError(absl::StrCat("web directory ", root, " does not exist"));
  }
  return StaticFiles(canonical.string());
}

namespace {

absl::string_view Opaque(absl::string_view tag) {
  tag = absl::StripAsciiWhitespace(tag);
  if (absl::StartsWith(tag, "W/")) tag.remove_prefix(2);
  return tag;
}

}  // namespace

bool IfNoneMatchNames(absl::string_view if_none_match, absl::string_view etag) {
  if (etag.empty()) return false;
  for (absl::string_view candidate : absl::StrSplit(if_none_match, ',')) {
    candidate = absl::StripAsciiWhitespace(candidate);
    if (candidate == "*") return true;
    if (!candidate.empty() && Opaque(candidate) == Opaque(etag)) return true;
  }
  return false;
}

absl::StatusOr<StaticFile> StaticFiles::Read(absl::string_view path,
                                             absl::string_view if_none_match) const {
  if (root_.empty() || !absl::StartsWith(path, "/")) return NotServed();
  if (path == "/") path = "/index.html";
  // Each segment a plain name: no "", ".", "..", hidden files, backslashes or NULs.
  std::vector<absl::string_view> segments = absl::StrSplit(path.substr(1), '/');
  for (absl::string_view s : segments) {
    if (s.empty() || s.front() == '.' || absl::StrContains(s, '\\') ||
        s.find('\0') != absl::string_view::npos) {
      return NotServed();
    }
  }
  const std::string content_type = ContentTypeFor(segments.back());
  if (content_type.empty()) return NotServed();

  std::error_code ec;
  const fs::path wanted = fs::path(root_) / std::string(path.substr(1));
  const fs::path real = fs::canonical(wanted, ec);
  if (ec) return NotServed();
  // Inside the root after links are resolved.
  if (!absl::StartsWith(real.string(), absl::StrCat(root_, "/"))) return NotServed();
  if (!fs::is_regular_file(real, ec) || ec) return NotServed();
  const uintmax_t size = fs::file_size(real, ec);
  if (ec || size > kMaxFileBytes) return NotServed();
  const fs::file_time_type modified = fs::last_write_time(real, ec);
  if (ec) return NotServed();
  StaticFile file{
      .content_type = content_type,
      .etag = absl::StrFormat("W/\"%x-%x\"", size,
                              static_cast<uint64_t>(modified.time_since_epoch().count()))};
  if (IfNoneMatchNames(if_none_match, file.etag)) {
    file.not_modified = true;
    return file;
  }
  absl::StatusOr<std::string> content = ReadFile(real.string());
  if (!content.ok()) return NotServed();
  file.content = *std::move(content);
  return file;
}

}  // namespace shouhu::console
