#include "console/gateway.h"

#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/text.h"
#include "common/ops/log.h"
#include "common/server/grpc_status.h"

namespace shouhu::console {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using Json = nlohmann::json;

// Deeper request documents are refused (no request of the platform comes close).
constexpr int kMaxDepth = 32;

// The well-known types have their own JSON forms (Timestamp as a string, Struct as any
// object, ...): their content is protobuf's to check.
bool HasSpecialJson(const Descriptor* type) {
  return absl::StartsWith(type->file()->name(), "google/protobuf/");
}

// The field called `name` in JSON (lowerCamelCase) or in the proto; JsonStringToMessage
// accepts both.
const FieldDescriptor* FieldNamed(const Descriptor* type, const std::string& name) {
  if (const FieldDescriptor* f = type->FindFieldByName(name); f != nullptr) return f;
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->json_name() == name) return type->field(i);
  }
  return nullptr;
}

// Appends the paths of the object keys of `value` that `type` has no field for.
bool FindUnknownFields(const Json& value, const Descriptor* type, const std::string& prefix,
                       int depth, FieldErrors* errors) {
  if (depth > kMaxDepth) return false;
  if (!value.is_object() || HasSpecialJson(type)) return true;
  for (const auto& item : value.items()) {
    const std::string& name = item.key();
    const std::string path = prefix.empty() ? name : absl::StrCat(prefix, ".", name);
    const FieldDescriptor* field = FieldNamed(type, name);
    if (field == nullptr) {
      errors->Add(path, "unknown field");
      continue;
    }
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    const Json& v = item.value();
    if (field->is_map()) {
      const FieldDescriptor* map_value = field->message_type()->map_value();
      if (map_value->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || !v.is_object()) continue;
      for (const auto& entry : v.items()) {
        if (!FindUnknownFields(entry.value(), map_value->message_type(),
                               absl::StrCat(path, "[", entry.key(), "]"), depth + 1, errors)) {
          return false;
        }
      }
    } else if (field->is_repeated()) {
      if (!v.is_array()) continue;
      for (size_t i = 0; i < v.size(); ++i) {
        if (!FindUnknownFields(v[i], field->message_type(), absl::StrCat(path, "[", i, "]"),
                               depth + 1, errors)) {
          return false;
        }
      }
    } else if (!FindUnknownFields(v, field->message_type(), path, depth + 1, errors)) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> ParseUnchecked(const Descriptor* type,
                                                                          absl::string_view json) {
  if (json.empty()) json = "{}";
  Json doc = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return absl::InvalidArgumentError("the request body is not JSON");
  if (!doc.is_object()) return absl::InvalidArgumentError("the request body is not a JSON object");
  FieldErrors unknown;
  if (!FindUnknownFields(doc, type, "", 0, &unknown)) {
    return absl::InvalidArgumentError("the request is nested too deeply");
  }
  if (!unknown.empty()) return unknown.ToStatus();

  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
  if (prototype == nullptr) {
    return absl::InternalError(absl::StrCat("no generated type ", type->full_name()));
  }
  std::unique_ptr<google::protobuf::Message> message(prototype->New());
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto st = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message.get(), options);
  if (!st.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request does not fit ", type->name(), ": ", st.message().ToString()));
  }
  return message;
}

}  // namespace

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> ParseRequestJson(
    const Descriptor* type, absl::string_view json) {
  // nlohmann and protobuf report through return values here; anything thrown anyway
  // (allocation) stops at this edge.
  try {
    return ParseUnchecked(type, json);
  } catch (const std::exception&) {
    return absl::InvalidArgumentError("the request body could not be read");
  }
}

absl::StatusOr<std::string> MessageToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.always_print_enums_as_ints = false;
  options.preserve_proto_field_names = false;
  std::string out;
  auto st = google::protobuf::util::MessageToJsonString(message, &out, options);
  if (!st.ok())
    return absl::InternalError(absl::StrCat("response to JSON: ", st.message().ToString()));
  return out;
}

HttpReply Gateway::Forward(absl::string_view key, absl::string_view body,
                           const std::string& token) const {
  const ConsoleMethod* method = table_->Find(key);
  if (method == nullptr) {
    return ErrorReply(absl::NotFoundError(absl::StrCat("no such method: ", Utf8Prefix(key, 200))));
  }
  auto request = ParseRequestJson(method->descriptor->input_type(), body);
  if (!request.ok()) return ErrorReply(request.status());
  std::string request_bytes;
  if (!(*request)->SerializeToString(&request_bytes)) {
    return ErrorReply(absl::InternalError("request serialization failed"));
  }
  std::string response_bytes;
  grpc::Status st = transport_->Call(*method, token, request_bytes, &response_bytes);
  if (!st.ok()) {
    const absl::Status status = FromGrpcStatus(st);
    if (HttpStatusOf(status.code()) >= 500) {
      Log(LogLevel::kWarning, "console.rpc_failed",
          {{"method", method->key},
           {"code", absl::StatusCodeToString(status.code())},
           {"error", std::string(Utf8Prefix(status.message(), 300))}});
    }
    return ErrorReply(status);
  }
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(
          method->descriptor->output_type());
  std::unique_ptr<google::protobuf::Message> response(prototype->New());
  if (!response->ParseFromString(response_bytes)) {
    return ErrorReply(absl::InternalError("the service's answer does not parse"));
  }
  auto json = MessageToJson(*response);
  if (!json.ok()) return ErrorReply(json.status());
  return HttpReply{200, *std::move(json)};
}

}  // namespace shouhu::console
