#include "common/server/case_client.h"

#include "common/server/grpc_status.h"

namespace shouhu {

CaseClient::CaseClient(const Options& options, std::shared_ptr<grpc::ChannelCredentials> creds)
    : deadline_(options.deadline) {
  std::shared_ptr<grpc::Channel> channel = grpc::CreateChannel(options.address, creds);
  stub_ = referral::v1::CaseService::NewStub(channel);
  registry_ = referral::v1::RegistryService::NewStub(channel);
  persons_ = referral::v1::PersonService::NewStub(channel);
}

CaseClient::CaseClient(std::unique_ptr<referral::v1::CaseService::StubInterface> stub,
                       absl::Duration deadline,
                       std::unique_ptr<referral::v1::RegistryService::StubInterface> registry,
                       std::unique_ptr<referral::v1::PersonService::StubInterface> persons)
    : stub_(std::move(stub)),
      registry_(std::move(registry)),
      persons_(std::move(persons)),
      deadline_(deadline) {}

absl::StatusOr<referral::v1::Agency> CaseClient::GetAgency(const std::string& code) const {
  if (registry_ == nullptr) return absl::UnavailableError("no agency registry configured");
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline_));
  referral::v1::GetAgencyRequest req;
  req.set_agency_code(code);
  referral::v1::Agency resp;
  absl::Status st = FromGrpcStatus(registry_->GetAgency(&ctx, req, &resp));
  if (!st.ok()) return st;
  return resp;
}

absl::StatusOr<common::v1::Person> CaseClient::GetPerson(const std::string& person_id) const {
  if (persons_ == nullptr) return absl::UnavailableError("no person service configured");
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(deadline_));
  referral::v1::GetPersonRequest req;
  req.set_person_id(person_id);
  common::v1::Person resp;
  absl::Status st = FromGrpcStatus(persons_->GetPerson(&ctx, req, &resp));
  if (!st.ok()) return st;
  return resp;
}

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
