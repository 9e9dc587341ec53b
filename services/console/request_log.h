// One log line per HTTP request: method, path (never the query string), status,
// milliseconds and the signed-in user's id. Never bodies, tokens or cookies.
//
// httplib handles a request on one thread from the routing to the log callback, so the
// facts gathered on the way (start time, user) are kept per thread between
// BeginRequest() and LogRequest().
#ifndef SHOUHU_CONSOLE_REQUEST_LOG_H_
#define SHOUHU_CONSOLE_REQUEST_LOG_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace shouhu::console {

// At the start of routing.
void BeginRequest(absl::Time now);
// When the request's session is known.
void NoteRequestUser(absl::string_view user_id);
// Writes the line and forgets the request.
void LogRequest(absl::string_view method, absl::string_view path, int status, absl::Time now);

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_REQUEST_LOG_H_
