#include "support/request_variants.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "support/field_violations.h"

namespace shouhu::testing {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// The message `path` leads to inside `root` (fields and [i] of repeated ones).
Message* Walk(Message& root, const FieldSteps& steps) {
  Message* m = &root;
  for (const auto& [f, i] : steps) {
    const Reflection* r = m->GetReflection();
    m = f->is_repeated() ? r->MutableRepeatedMessage(m, f, i) : r->MutableMessage(m, f);
  }
  return m;
}

namespace {

std::string Join(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : absl::StrCat(prefix, ".", name);
}

bool IsDate(const Descriptor* d) { return d->full_name() == "shouhu.common.v1.Date"; }

}  // namespace

// Every variant of every field set in `m` (recursively), `steps` leading to `m`.
void RequestVariants(const Message& m, const std::string& prefix, FieldSteps steps,
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
            RequestVariants(child, path, next, out);
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
bool NamesField(const absl::Status& s, const std::string& path) {
  for (const std::string& f : ViolatedFields(s)) {
    if (f == path || absl::StartsWith(f, path + ".") || absl::StartsWith(f, path + "[") ||
        absl::StartsWith(path, f + ".") || absl::StartsWith(path, f + "[")) {
      return true;
    }
  }
  return false;
}

std::string VariantOutcomeError(const absl::Status& s, const Variant& v, bool denied_is_right) {
  if (absl::IsInternal(s) || absl::IsUnknown(s) || absl::IsDataLoss(s) ||
      absl::IsUnimplemented(s) || absl::IsUnavailable(s)) {
    return absl::StrCat("a server fault: ", s.ToString());
  }
  if (v.missing) {
    if (absl::IsInvalidArgument(s) && ViolatedFields(s).empty()) {
      return absl::StrCat("names no field: ", s.ToString());
    }
    return "";
  }
  if (absl::IsInvalidArgument(s) && NamesField(s, v.path)) return "";
  if ((v.other_tenant || denied_is_right) && absl::IsPermissionDenied(s)) return "";
  return absl::StrCat("not INVALID_ARGUMENT naming ", v.path, ": ", s.ToString());
}

}  // namespace shouhu::testing
