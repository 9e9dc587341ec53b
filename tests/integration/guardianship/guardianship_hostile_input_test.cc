// Hostile and malformed input for every guardianship RPC, generated from the request
// messages themselves: starting from the valid request the access matrix builds for a
// caller the table admits (guardianship_access_targets.h), every field the request
// carries is broken in turn, through reflection:
//   - strings: oversized (70,000 bytes), a control character, very long UTF-8 (5,000
//     Chinese characters): INVALID_ARGUMENT naming the field;
//   - ids of the caller's procuratorate changed to another's: PERMISSION_DENIED (or
//     INVALID_ARGUMENT naming the field, for ids that must belong to the record);
//   - enums out of range, impossible dates (30 February), negative numbers:
//     INVALID_ARGUMENT naming the field;
//   - each field left out: OK when optional, otherwise a refusal naming it; never an
//     internal error;
// and a refused call writes nothing (the row count of every table unchanged, audit log
// and outbox included). Reads get bad page tokens, page sizes out of range and the same
// broken filters.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "guardianship/access_policy.h"
#include "integration/guardianship/guardianship_access_targets.h"
#include "support/field_violations.h"
#include "support/table_counts.h"

namespace shouhu::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using guardianship::GuardianshipAccessPolicy;

// One broken variant of a request: where, what, and how to break it.
struct Variant {
  std::string path;  // as FieldErrors names it: "check.notes", "parents[1].since"
  std::string what;
  std::function<void(Message&)> edit;
  bool other_tenant = false;  // PERMISSION_DENIED is the right answer too
  bool missing = false;       // OK is the right answer too (an optional field)
};

// The message `path` leads to inside `root` (fields and [i] of repeated ones).
Message* Walk(Message& root, const std::vector<std::pair<const FieldDescriptor*, int>>& steps) {
  Message* m = &root;
  for (const auto& [f, i] : steps) {
    const Reflection* r = m->GetReflection();
    m = f->is_repeated() ? r->MutableRepeatedMessage(m, f, i) : r->MutableMessage(m, f);
  }
  return m;
}

std::string Join(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : absl::StrCat(prefix, ".", name);
}

bool IsDate(const Descriptor* d) { return d->full_name() == "shouhu.common.v1.Date"; }

// Every variant of every field set in `m` (recursively), `steps` leading to `m`.
void Variants(const Message& m, const std::string& prefix,
              std::vector<std::pair<const FieldDescriptor*, int>> steps,
              std::vector<Variant>& out) {
  const Reflection* r = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    const int n = f->is_repeated() ? r->FieldSize(m, f) : 1;
    if (f->is_map()) continue;  // maps: keyed entries, covered by the services' own tests
    for (int i = 0; i < n; ++i) {
      const std::string path = f->is_repeated() ? absl::StrCat(Join(prefix, f->name()), "[", i, "]")
                                                : Join(prefix, f->name());
      const auto set_string = [steps, f, i](std::string v) {
        return [steps, f, i, v](Message& root) {
          Message* x = Walk(root, steps);
          const Reflection* xr = x->GetReflection();
          if (f->is_repeated()) {
            xr->SetRepeatedString(x, f, i, v);
          } else {
            xr->SetString(x, f, v);
          }
        };
      };
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING: {
          const std::string value =
              f->is_repeated() ? r->GetRepeatedString(m, f, i) : r->GetString(m, f);
          out.push_back({path, "oversized", set_string(std::string(70000, 'x'))});
          out.push_back({path, "control character", set_string(absl::StrCat(value, "\x01\x1b"))});
          std::string long_utf8;
          for (int k = 0; k < 5000; ++k) long_utf8 += "监";
          out.push_back({path, "very long UTF-8", set_string(long_utf8)});
          if (absl::StrContains(value, "-520382-")) {
            Variant v{path, "another procuratorate's id",
                      set_string(absl::StrReplaceAll(value, {{"-520382-", "-520330-"}}))};
            v.other_tenant = true;
            out.push_back(std::move(v));
            out.push_back({path, "malformed id", set_string("not an id")});
          }
          break;
        }
        case FieldDescriptor::CPPTYPE_ENUM:
          out.push_back({path, "unknown enum value", [steps, f, i](Message& root) {
                           Message* x = Walk(root, steps);
                           if (f->is_repeated()) {
                             x->GetReflection()->SetRepeatedEnumValue(x, f, i, 999);
                           } else {
                             x->GetReflection()->SetEnumValue(x, f, 999);
                           }
                         }});
          break;
        case FieldDescriptor::CPPTYPE_INT32:
        case FieldDescriptor::CPPTYPE_INT64:
          if (f->is_repeated()) break;
          out.push_back({path, "negative", [steps, f](Message& root) {
                           Message* x = Walk(root, steps);
                           if (f->cpp_type() == FieldDescriptor::CPPTYPE_INT32) {
                             x->GetReflection()->SetInt32(x, f, -1);
                           } else {
                             x->GetReflection()->SetInt64(x, f, -1);
                           }
                         }});
          break;
        case FieldDescriptor::CPPTYPE_MESSAGE: {
          auto next = steps;
          next.emplace_back(f, f->is_repeated() ? i : 0);
          const Message& child =
              f->is_repeated() ? r->GetRepeatedMessage(m, f, i) : r->GetMessage(m, f);
          if (IsDate(f->message_type())) {
            out.push_back({path, "impossible date", [next](Message& root) {
                             Message* d = Walk(root, next);
                             const Descriptor* dd = d->GetDescriptor();
                             d->GetReflection()->SetInt32(d, dd->FindFieldByName("year"), 2025);
                             d->GetReflection()->SetInt32(d, dd->FindFieldByName("month"), 2);
                             d->GetReflection()->SetInt32(d, dd->FindFieldByName("day"), 30);
                           }});
          } else {
            Variants(child, path, next, out);
          }
          break;
        }
        default:
          break;
      }
      if (!f->is_repeated()) {
        Variant v{path, "left out", [steps, f](Message& root) {
                    Message* x = Walk(root, steps);
                    x->GetReflection()->ClearField(x, f);
                  }};
        v.missing = true;
        out.push_back(std::move(v));
      }
    }
  }
}

// Whether the refusal names `path`, a field inside it, or the field that holds it
// ("parents" for a parent's role out of range: the pair must be one father, one mother).
bool Names(const absl::Status& s, const std::string& path) {
  for (const std::string& f : ViolatedFields(s)) {
    if (f == path || absl::StartsWith(f, path + ".") || absl::StartsWith(f, path + "[") ||
        absl::StartsWith(path, f + ".") || absl::StartsWith(path, f + "[")) {
      return true;
    }
  }
  return false;
}

// Fields of a shared request message that the operation does not read: whatever they
// hold is ignored (the note of OrderActionRequest and EscalationActionRequest is the
// approver's opinion or a reason; submitting and recording service take none).
bool Ignored(const std::string& method, const std::string& path) {
  return path == "note" && (method == "SubmitOrder" || method == "SubmitEscalation" ||
                            method == "RecordEscalationServed");
}

class GuardianshipHostileInputTest : public GuardianshipAccessMatrix,
                                     public ::testing::WithParamInterface<std::string> {
 protected:
  // A caller the table admits on the own, assigned record.
  std::optional<Principal> Admitted(const std::string& key, const Target& t) {
    const AccessRule* rule = GuardianshipAccessPolicy().Find(key);
    for (const Principal* p :
         {&zhang_, &head_, &chief_, &admin_, &analyst_, &fulian_, &minzheng_}) {
      if (Expected(GuardianshipAccessPolicy(), *rule, *p, t) == Outcome::kOk) return *p;
    }
    return std::nullopt;
  }
};

TEST_P(GuardianshipHostileInputTest, EveryBrokenFieldIsNamedAndNothingIsWritten) {
  const std::string key = GetParam();
  Target t = Prepare(key, false, true);
  ASSERT_FALSE(HasFailure()) << "seeding failed";
  ASSERT_NE(t.request, nullptr);
  const std::optional<Principal> p = Admitted(key, t);
  ASSERT_TRUE(p.has_value()) << key << ": nobody admitted";
  std::vector<Variant> variants;
  Variants(*t.request, "", {}, variants);
  // Bad pages for every list.
  const Descriptor* d = t.request->GetDescriptor();
  if (const FieldDescriptor* token = d->FindFieldByName("page_token")) {
    variants.push_back({"page_token", "not a token", [token](Message& m) {
                          m.GetReflection()->SetString(&m, token, "not-a-token!");
                        }});
    variants.push_back({"page_token", "a token of 70,000 bytes", [token](Message& m) {
                          m.GetReflection()->SetString(&m, token, std::string(70000, 'A'));
                        }});
  }
  if (const FieldDescriptor* size = d->FindFieldByName("page_size")) {
    variants.push_back({"page_size", "negative",
                        [size](Message& m) { m.GetReflection()->SetInt32(&m, size, -5); }});
  }
  ASSERT_FALSE(variants.empty()) << key << ": nothing to break";
  const std::string method = key.substr(key.rfind('/') + 1);
  for (const Variant& v : variants) {
    if (Ignored(method, v.path)) continue;
    Target fresh = Prepare(key, false, true);
    ASSERT_NE(fresh.request, nullptr);
    std::unique_ptr<Message> req(fresh.request->New());
    req->CopyFrom(*fresh.request);
    v.edit(*req);
    auto before = CountEveryTable(*pool_);
    ASSERT_TRUE(before.ok()) << before.status();
    const absl::StatusOr<std::string> got = CallRpc(key, *p, *req);
    const std::string cell = absl::StrCat(key, " ", v.path, " ", v.what, " as ", p->Name());
    const absl::Status& s = got.status();
    EXPECT_FALSE(absl::IsInternal(s) || absl::IsUnknown(s) || absl::IsDataLoss(s) ||
                 absl::IsUnimplemented(s))
        << cell << ": " << s;
    if (v.missing) {
      // Optional fields may be left out; a required one is named.
      if (absl::IsInvalidArgument(s)) {
        EXPECT_FALSE(ViolatedFields(s).empty()) << cell << ": names no field: " << s;
      }
    } else if (v.other_tenant) {
      EXPECT_TRUE(absl::IsPermissionDenied(s) || (absl::IsInvalidArgument(s) && Names(s, v.path)))
          << cell << ": " << s;
    } else {
      EXPECT_TRUE(absl::IsInvalidArgument(s) && Names(s, v.path)) << cell << ": " << s;
    }
    if (!s.ok()) {
      auto after = CountEveryTable(*pool_);
      ASSERT_TRUE(after.ok()) << after.status();
      EXPECT_EQ(DescribeChange(*before, *after), "") << cell << ": refused, yet wrote";
    }
  }
}

// The RPCs whose requests carry something to break (every one of the table but the
// argument-free agency lists are kept: their pages are broken).
std::vector<std::string> Methods() { return MethodsOf(GuardianshipAccessPolicy()); }

INSTANTIATE_TEST_SUITE_P(Guardianship, GuardianshipHostileInputTest, ::testing::ValuesIn(Methods()),
                         MethodTestName);

}  // namespace
}  // namespace shouhu::testing
