// One generic adapter between gRPC and a service's domain functions, driven by a method
// table whose names come from the generated descriptors:
//
//   MethodTable table = MethodTable::For<pb::CaseService>();
//   table.Unary<pb::GetCaseRequest, pb::Case>(
//       "GetCase", [core](const Principal& p, const pb::GetCaseRequest& r) {
//         return core->GetCase(p, r);
//       });
//   ASSIGN_OR_RETURN(auto service, RpcService<pb::CaseService>::Create(std::move(table),
//                                                                      env, workers));
//
// Every method of the service is served on the callback API from raw bytes. For each call
// the adapter, on the worker pool (handlers may block on the database):
//   1. checks the bytes against the request type (common/server/wire_check.h) and parses
//      them: malformed bytes and invalid UTF-8 are INVALID_ARGUMENT naming the problem;
//   2. opens the request-id log scope (the request's `request_id` field, when it has one);
//   3. authenticates the caller (RpcEnv);
//   4. admits the call under the caller's limits (RpcEnv::caller_limits(), see
//      common/server/caller_limits.h): over one, RESOURCE_EXHAUSTED and the handler does
//      not run; a unary call holds its slot until it returns, a stream until it is done;
//   5. runs the handler; a method without one answers UNIMPLEMENTED;
//   6. records metrics and one log line, converts the status once (ToGrpcStatus).
// Registering a name the service does not have, or the wrong request or response type,
// makes Create() fail: a service with a wrong table does not start.
#ifndef SHOUHU_COMMON_SERVER_RPC_SERVICE_H_
#define SHOUHU_COMMON_SERVER_RPC_SERVICE_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/server/principal.h"
#include "common/server/rpc.h"
#include "common/server/worker_pool.h"

namespace shouhu {

// One open server-streaming call, as seen by its handler. Thread-safe; never blocks.
class ServerStream {
 public:
  virtual ~ServerStream() = default;
  // Queues `message` for writing; false once the call has finished or was cancelled.
  virtual bool Send(const google::protobuf::Message& message) = 0;
  // Ends the call with `status` once everything queued was written. Only the first call
  // counts.
  virtual void Finish(const absl::Status& status) = 0;
  // True once Finish() was called or the caller went away: stop sending.
  virtual bool closed() const = 0;
};

class MethodTable {
 public:
  using Message = google::protobuf::Message;
  using UnaryFn =
      std::function<absl::StatusOr<std::unique_ptr<Message>>(const Principal&, const Message&)>;
  using StreamFn =
      std::function<void(const Principal&, const Message&, std::shared_ptr<ServerStream>)>;
  // Runs (on the worker) after every unary call that succeeded, e.g. to wake watchers.
  using AfterOkFn = std::function<void(const google::protobuf::MethodDescriptor& method,
                                       const Message& request, const Message& response)>;

  struct Entry {
    const google::protobuf::MethodDescriptor* method = nullptr;
    const Message* request_prototype = nullptr;
    UnaryFn unary;    // set for unary methods with a handler
    StreamFn stream;  // set for server-streaming methods with a handler
  };

  // The table of the generated service class `GeneratedService` (e.g. pb::CaseService).
  template <typename GeneratedService>
  static MethodTable For() {
    return MethodTable(google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
        GeneratedService::service_full_name()));
  }
  explicit MethodTable(const google::protobuf::ServiceDescriptor* service);

  template <typename Req, typename Resp>
  MethodTable& Unary(absl::string_view name,
                     std::function<absl::StatusOr<Resp>(const Principal&, const Req&)> fn) {
    Entry* e = Find(name, Req::descriptor(), Resp::descriptor(), /*server_streaming=*/false);
    if (e == nullptr) return *this;
    e->request_prototype = &Req::default_instance();
    e->unary = [fn = std::move(fn)](
                   const Principal& p,
                   const Message& req) -> absl::StatusOr<std::unique_ptr<Message>> {
      absl::StatusOr<Resp> r = fn(p, static_cast<const Req&>(req));
      if (!r.ok()) return r.status();
      return std::unique_ptr<Message>(new Resp(*std::move(r)));
    };
    return *this;
  }

  // `fn` must not block: it keeps `stream` and sends from wherever its data comes from.
  template <typename Req, typename Resp>
  MethodTable& ServerStreaming(
      absl::string_view name,
      std::function<void(const Principal&, const Req&, std::shared_ptr<ServerStream>)> fn) {
    Entry* e = Find(name, Req::descriptor(), Resp::descriptor(), /*server_streaming=*/true);
    if (e == nullptr) return *this;
    e->request_prototype = &Req::default_instance();
    e->stream = [fn = std::move(fn)](const Principal& p, const Message& req,
                                     std::shared_ptr<ServerStream> s) {
      fn(p, static_cast<const Req&>(req), std::move(s));
    };
    return *this;
  }

  MethodTable& AfterOk(AfterOkFn fn) {
    after_ok_ = std::move(fn);
    return *this;
  }

  // The first registration error (unknown name, wrong types, registered twice), or OK.
  [[nodiscard]] absl::Status status() const { return status_; }
  const google::protobuf::ServiceDescriptor* service() const { return service_; }
  const std::vector<Entry>& entries() const { return entries_; }
  const AfterOkFn& after_ok() const { return after_ok_; }

 private:
  Entry* Find(absl::string_view name, const google::protobuf::Descriptor* req,
              const google::protobuf::Descriptor* resp, bool server_streaming);

  const google::protobuf::ServiceDescriptor* service_;
  std::vector<Entry> entries_;  // by method index (descriptor order)
  AfterOkFn after_ok_;
  absl::Status status_;
};

// The non-template part of RpcService: runs calls of one table.
class RpcAdapter {
 public:
  RpcAdapter(MethodTable table, const RpcEnv* env, WorkerPool* workers)
      : table_(std::move(table)), env_(env), workers_(workers) {}

  grpc::ServerUnaryReactor* Unary(int index, grpc::CallbackServerContext* ctx,
                                  const grpc::ByteBuffer* request, grpc::ByteBuffer* response);
  grpc::ServerWriteReactor<grpc::ByteBuffer>* Stream(int index, grpc::CallbackServerContext* ctx,
                                                     const grpc::ByteBuffer* request);
  const MethodTable& table() const { return table_; }

 private:
  // Everything of a unary call that may block; runs on a worker.
  grpc::Status RunUnary(int index, grpc::CallbackServerContext* ctx,
                        const grpc::ByteBuffer& request, grpc::ByteBuffer* response,
                        absl::Time start);

  MethodTable table_;
  const RpcEnv* env_;
  WorkerPool* workers_;
};

// Parses `bytes` as `out` after CheckWireFormat; INVALID_ARGUMENT naming the problem.
[[nodiscard]] absl::Status ParseRequest(absl::string_view bytes, google::protobuf::Message* out);
// The value of a string field named "request_id" of `m`, or "".
std::string RequestIdOf(const google::protobuf::Message& m);

// The generated service `GeneratedService` with every method served by one RpcAdapter.
template <typename GeneratedService>
class RpcService final : public GeneratedService::Service {
 public:
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<RpcService>> Create(MethodTable table,
                                                                          const RpcEnv* env,
                                                                          WorkerPool* workers) {
    if (!table.status().ok()) return table.status();
    if (table.service() == nullptr ||
        table.service()->full_name() != GeneratedService::service_full_name()) {
      return absl::InvalidArgumentError(
          absl::StrCat("method table is not the one of ", GeneratedService::service_full_name()));
    }
    return std::unique_ptr<RpcService>(new RpcService(std::move(table), env, workers));
  }

 private:
  RpcService(MethodTable table, const RpcEnv* env, WorkerPool* workers)
      : adapter_(std::move(table), env, workers) {
    const auto& entries = adapter_.table().entries();
    for (int i = 0; i < static_cast<int>(entries.size()); ++i) {
      // Method index i is the i-th method of the descriptor (the order the generated
      // constructor added them in), exactly as the generated WithRawCallbackMethod_X do.
      if (entries[i].method->client_streaming()) continue;  // none yet: generated default
      if (entries[i].method->server_streaming()) {
        this->MarkMethodRawCallback(
            i,
            new grpc::internal::CallbackServerStreamingHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                [this, i](grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* req) {
                  return adapter_.Stream(i, ctx, req);
                }));
      } else {
        this->MarkMethodRawCallback(
            i,
            new grpc::internal::CallbackUnaryHandler<grpc::ByteBuffer, grpc::ByteBuffer>(
                [this, i](grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* req,
                          grpc::ByteBuffer* resp) { return adapter_.Unary(i, ctx, req, resp); }));
      }
    }
  }

  RpcAdapter adapter_;
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_RPC_SERVICE_H_
