// Hostile input generated from a valid request through reflection (the hostile-input
// tests of every service): every field the request carries broken in turn - strings
// oversized, with control characters, very long UTF-8; ids of procuratorate 520382 moved
// to 520330 or malformed; enums out of range; impossible dates; negative numbers; each
// singular field left out - and whether a refusal names the field.
#ifndef SHOUHU_TESTS_SUPPORT_REQUEST_VARIANTS_H_
#define SHOUHU_TESTS_SUPPORT_REQUEST_VARIANTS_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace shouhu::testing {

// One broken variant of a request: where, what, and how to break it.
struct Variant {
  std::string path;  // as FieldErrors names it: "check.notes", "parents[1].since"
  std::string what;
  std::function<void(google::protobuf::Message&)> edit;
  bool other_tenant = false;  // PERMISSION_DENIED is the right answer too
  bool missing = false;       // OK is the right answer too (an optional field)
};

// Steps from a request to a nested message: a field and, for repeated ones, the index.
using FieldSteps = std::vector<std::pair<const google::protobuf::FieldDescriptor*, int>>;

// The message `steps` lead to inside `root`.
google::protobuf::Message* Walk(google::protobuf::Message& root, const FieldSteps& steps);

// Appends to `out` every variant of every field set in `m` (recursively; maps skipped),
// `prefix` and `steps` leading to `m` from the request ("" and {} for the request).
void RequestVariants(const google::protobuf::Message& m, const std::string& prefix,
                     FieldSteps steps, std::vector<Variant>& out);

// Whether the refusal names `path`, a field inside it, or the field that holds it.
bool NamesField(const absl::Status& s, const std::string& path);

// What is wrong with the answer `s` to variant `v`, or "" when it is right: never a server
// fault (INTERNAL, UNKNOWN, DATA_LOSS, UNIMPLEMENTED, UNAVAILABLE); INVALID_ARGUMENT naming
// the variant's field; PERMISSION_DENIED is right too for another procuratorate's id or
// when `denied_is_right`; an optional field left out may be accepted, and a refusal of it
// names some field. (That a refused call wrote nothing is the caller's to check.)
std::string VariantOutcomeError(const absl::Status& s, const Variant& v,
                                bool denied_is_right = false);

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_REQUEST_VARIANTS_H_
