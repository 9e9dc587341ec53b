// How the console answers a failure: an HTTP status from the canonical code and a JSON
// body
//   {"error":{"code":"INVALID_ARGUMENT","message":"...",
//             "fields":[{"field":"person.idNumber","description":"..."}]}}
// with the field violations a service sent (google.rpc.BadRequest in the status details)
// or the console found (unknown fields). Field paths are passed on as given.
//
//   INVALID_ARGUMENT 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND 404,
//   ALREADY_EXISTS / ABORTED / FAILED_PRECONDITION 409, RESOURCE_EXHAUSTED 429,
//   UNIMPLEMENTED 501, UNAVAILABLE / DEADLINE_EXCEEDED 503, anything else 500.
//
// Messages of UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, DATA_LOSS and CANCELLED
// are replaced by a fixed text (they may name addresses or internals); the caller logs
// the original.
#ifndef SHOUHU_CONSOLE_ERROR_REPLY_H_
#define SHOUHU_CONSOLE_ERROR_REPLY_H_

#include <string>

#include "absl/status/status.h"

namespace shouhu::console {

struct HttpReply {
  int status = 200;
  std::string body;  // JSON
};

int HttpStatusOf(absl::StatusCode code);

// `status` must not be OK (an OK status answers 500, a programming error).
HttpReply ErrorReply(const absl::Status& status);

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_ERROR_REPLY_H_
