#include "common/server/case_client.h"

#include "common/server/grpc_status.h"

namespace shouhu {

CaseClient::CaseClient(const Options& options, std::shared_ptr<grpc::ChannelCredentials> creds)
    : stub_(referral::v1::CaseService::NewStub(grpc::CreateChannel(options.address, creds))),
      deadline_(options.deadline) {}

CaseClient::CaseClient(std::unique_ptr<referral::v1::CaseService::StubInterface> stub,
                       absl::Duration deadline)
    : stub_(std::move(stub)), deadline_(deadline) {}

absl::StatusOr<referral::v1::Case> CaseClient::GetCase(const std::string& case_id) const {
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline_));
  referral::v1::GetCaseRequest req;
  req.set_case_id(case_id);
  referral::v1::Case resp;
  absl::Status st = FromGrpcStatus(stub_->GetCase(&ctx, req, &resp));
  if (!st.ok()) return st;
  return resp;
}

}  // namespace shouhu
