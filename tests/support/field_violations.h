// Which request fields a refused call names. The one place that knows how field
// violations travel: change these two functions when the error format changes.
#ifndef SHOUHU_TESTS_SUPPORT_FIELD_VIOLATIONS_H_
#define SHOUHU_TESTS_SUPPORT_FIELD_VIOLATIONS_H_

#include <grpcpp/grpcpp.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace shouhu::testing {

// Trailing metadata of a finished call.
using Trailers = std::multimap<std::string, std::string>;

// The field paths of a failed gRPC call, e.g. "people[0].person.id_number", read from the
// standard error details (google.rpc.Status with google.rpc.BadRequest). `trailers` is
// no longer needed and kept for the callers' convenience.
std::vector<std::string> ViolatedFields(const grpc::Status& status, const Trailers& trailers);

// The field paths of a status returned by service code (made by FieldErrors, see
// common/base/text.h).
std::vector<std::string> ViolatedFields(const absl::Status& status);

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_FIELD_VIOLATIONS_H_
