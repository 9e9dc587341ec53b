#include "oversight/facts_source.h"

#include <chrono>
#include <utility>

#include "common/server/grpc_status.h"

namespace shouhu::oversight {

GrpcFactsSource::GrpcFactsSource(std::string name, const std::string& address,
                                 std::shared_ptr<grpc::ChannelCredentials> creds,
                                 absl::Duration deadline)
    : name_(std::move(name)),
      stub_(v1::CaseFactsService::NewStub(grpc::CreateChannel(address, std::move(creds)))),
      deadline_(deadline) {}

absl::StatusOr<v1::CaseFacts> GrpcFactsSource::GetCaseFacts(const std::string& case_id) const {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline_));
  v1::GetCaseFactsRequest req;
  req.set_case_id(case_id);
  v1::CaseFacts resp;
  absl::Status st = FromGrpcStatus(stub_->GetCaseFacts(&ctx, req, &resp));
  if (!st.ok()) return st;
  return resp;
}

}  // namespace shouhu::oversight
