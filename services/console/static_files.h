// The web app's files: `/` is index.html of the web directory, every other path a file
// under it. Only regular files inside the directory (after resolving symbolic links)
// with a known type are served: no directory listings, no "..", no hidden files, no
// escaping through a link.
#ifndef SHOUHU_CONSOLE_STATIC_FILES_H_
#define SHOUHU_CONSOLE_STATIC_FILES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shouhu::console {

struct StaticFile {
  std::string content;
  std::string content_type;
};

class StaticFiles {
 public:
  // `root` must be an existing directory (NOT_FOUND otherwise). An empty root serves
  // nothing (every path NOT_FOUND).
  static absl::StatusOr<StaticFiles> Open(const std::string& root);

  // The file for the URL path `path` (decoded, starting with '/'). NOT_FOUND for
  // anything not served, without saying why.
  absl::StatusOr<StaticFile> Read(absl::string_view path) const;

 private:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  std::string root_;  // canonical, without a trailing '/'
};

// "text/javascript; charset=utf-8" for "app.js"; empty for a type not served.
std::string ContentTypeFor(absl::string_view file_name);

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_STATIC_FILES_H_
