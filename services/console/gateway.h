// The JSON API over the services' gRPC methods: POST /api/rpc/<package>.<Service>/<Method>
// with the request message in proto3 JSON. The request is parsed into the method's
// request type (unknown fields refused, each named), sent as one unary call with the
// session's token, and the response printed as proto3 JSON (lowerCamelCase names, enums
// by name, default values printed). Failures become ErrorReply() answers.
#ifndef SHOUHU_CONSOLE_GATEWAY_H_
#define SHOUHU_CONSOLE_GATEWAY_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "console/error_reply.h"
#include "console/method_table.h"

namespace shouhu::console {

// One unary call to the backend of a method, with serialized messages.
class UnaryTransport {
 public:
  virtual ~UnaryTransport() = default;
  // Sends `request` (serialized) to `method` with "authorization: Bearer <token>";
  // on OK `response` holds the serialized answer.
  virtual grpc::Status Call(const ConsoleMethod& method, const std::string& token,
                            const std::string& request, std::string* response) const = 0;
};

// The request message of type `type` from `json` (an empty body is {}). INVALID_ARGUMENT
// when the body is not JSON, names fields the type does not have (each one a field
// violation "unknown field", by its path such as "agency.foo" or "people[1].bar"), or
// does not fit the type (protobuf's reason as the message).
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> ParseRequestJson(
    const google::protobuf::Descriptor* type, absl::string_view json);

// `message` as proto3 JSON for the browser.
absl::StatusOr<std::string> MessageToJson(const google::protobuf::Message& message);

class Gateway {
 public:
  Gateway(const MethodTable* table, const UnaryTransport* transport)
      : table_(table), transport_(transport) {}

  // Calls method `key` ("<package>.<Service>/<Method>") with `body` for the holder of
  // `token`. NOT_FOUND (404) for a method the table does not have.
  HttpReply Forward(absl::string_view key, absl::string_view body, const std::string& token) const;

 private:
  const MethodTable* table_;
  const UnaryTransport* transport_;
};

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_GATEWAY_H_
