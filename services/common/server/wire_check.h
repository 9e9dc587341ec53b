// Checks request bytes against the message type before the protobuf parser sees them, so
// that malformed input is answered INVALID_ARGUMENT with a reason (the parser itself
// only says "failed", and logs invalid UTF-8 on its own).
//
// Rejected: a truncated varint or fixed-width value, a length that runs past the end, an
// invalid tag or wire type (groups included: proto3 has none), a known field sent with a
// wire type its type cannot have, nesting deeper than kMaxWireDepth, and a string field
// (at any depth) that is not valid UTF-8 — the error names its path, e.g.
// "people[1].name". Unknown fields are skipped (after checking they are well formed).
#ifndef SHOUHU_COMMON_SERVER_WIRE_CHECK_H_
#define SHOUHU_COMMON_SERVER_WIRE_CHECK_H_

#include <google/protobuf/descriptor.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shouhu {

inline constexpr int kMaxWireDepth = 64;

[[nodiscard]] absl::Status CheckWireFormat(const google::protobuf::Descriptor* type,
                                           absl::string_view bytes);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_WIRE_CHECK_H_
