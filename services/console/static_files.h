// The web app's files: `/` is index.html of the web directory, every other path a file
// under it. Only regular files inside the directory (after resolving symbolic links)
// with a known type are served: no directory listings, no "..", no hidden files, no
// escaping through a link.
//
// Every file carries a validator (ETag) made of its size and modification time, as web
// servers do: a browser that sends it back in If-None-Match gets 304 Not Modified without
// the body, so the 1 MB chart library is not downloaded again on every page load.
#ifndef SHOUHU_CONSOLE_STATIC_FILES_H_
#define SHOUHU_CONSOLE_STATIC_FILES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shouhu::console {

struct StaticFile {
  std::string content;  // Empty when not_modified.
  std::string content_type;
  std::string etag;           // W/"<size>-<mtime ns>", hexadecimal.
  bool not_modified = false;  // The request's If-None-Match named etag.
};

class StaticFiles {
 public:
  // `root` must be an existing directory (NOT_FOUND otherwise). An empty root serves
  // nothing (every path NOT_FOUND).
  static absl::StatusOr<StaticFiles> Open(const std::string& root);

  // The file for the URL path `path` (decoded, starting with '/'). NOT_FOUND for
  // anything not served, without saying why. `if_none_match` is the request's
  // If-None-Match header (a list of validators, or "*"): when it names the file's
  // current validator the content is not read and not_modified is set.
  absl::StatusOr<StaticFile> Read(absl::string_view path,
                                  absl::string_view if_none_match = "") const;

 private:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  std::string root_;  // canonical, without a trailing '/'
};

// "text/javascript; charset=utf-8" for "app.js"; empty for a type not served.
std::string ContentTypeFor(absl::string_view file_name);

// Whether an If-None-Match header value names `etag` ("*" names every file). Weak
// comparison (RFC 9110 13.1.2): W/ prefixes are ignored on both sides.
bool IfNoneMatchNames(absl::string_view if_none_match, absl::string_view etag);

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_STATIC_FILES_H_
