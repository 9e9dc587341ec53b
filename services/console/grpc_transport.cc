#include "console/grpc_transport.h"

#include <grpcpp/generic/generic_stub.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace shouhu::console {

GrpcTransport::GrpcTransport(std::map<Backend, std::shared_ptr<grpc::Channel>> channels,
                             Options options)
    : channels_(std::move(channels)), options_(options) {}

grpc::Status GrpcTransport::Call(const ConsoleMethod& method, const std::string& token,
                                 const std::string& request, std::string* response) const {
  auto channel = channels_.find(method.backend);
  if (channel == channels_.end() || channel->second == nullptr) {
    return grpc::Status(
        grpc::StatusCode::UNAVAILABLE,
        absl::StrCat("no address for the ", BackendName(method.backend), " service"));
  }
  grpc::GenericStub stub(channel->second);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoMilliseconds(options_.deadline));
  context.AddMetadata("authorization", absl::StrCat("Bearer ", token));

  grpc::Slice slice(request);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  grpc::Status status;
  // The callback API is the generic stub's only unary call: wait for its completion.
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  stub.UnaryCall(&context, method.grpc_path, grpc::StubOptions(), &request_buffer, &response_buffer,
                 [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = std::move(s);
                   done = true;
                   cv.notify_one();
                 });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&done] { return done; });
  }
  if (!status.ok()) return status;

  std::vector<grpc::Slice> slices;
  if (!response_buffer.Dump(&slices).ok()) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "unreadable response");
  }
  response->clear();
  for (const grpc::Slice& s : slices) {
    response->append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return status;
}

}  // namespace shouhu::console
