#include "referral/grpc_service.h"

namespace shouhu::referral {

grpc::Status ReferralGrpc::SubmitReferral(grpc::ServerContext* ctx,
                                          const pb::SubmitReferralRequest* req,
                                          pb::Referral* resp) {
  return env_->Serve<pb::Referral>(ctx, "SubmitReferral", req->request_id(), resp,
                                   [&](const Principal& p) { return core_->Submit(p, *req); });
}

grpc::Status ReferralGrpc::GetReferral(grpc::ServerContext* ctx, const pb::GetReferralRequest* req,
                                       pb::Referral* resp) {
  return env_->Serve<pb::Referral>(ctx, "GetReferral", "", resp,
                                   [&](const Principal& p) { return core_->Get(p, *req); });
}

grpc::Status ReferralGrpc::ListReferrals(grpc::ServerContext* ctx,
                                         const pb::ListReferralsRequest* req,
                                         pb::ListReferralsResponse* resp) {
  return env_->Serve<pb::ListReferralsResponse>(
      ctx, "ListReferrals", "", resp, [&](const Principal& p) { return core_->List(p, *req); });
}

grpc::Status ReferralGrpc::AssignReferral(grpc::ServerContext* ctx,
                                          const pb::AssignReferralRequest* req,
                                          pb::Referral* resp) {
  return env_->Serve<pb::Referral>(ctx, "AssignReferral", req->request_id(), resp,
                                   [&](const Principal& p) { return core_->Assign(p, *req); });
}

grpc::Status ReferralGrpc::AcceptReferral(grpc::ServerContext* ctx,
                                          const pb::AcceptReferralRequest* req,
                                          pb::Referral* resp) {
  return env_->Serve<pb::Referral>(ctx, "AcceptReferral", req->request_id(), resp,
                                   [&](const Principal& p) { return core_->Accept(p, *req); });
}

grpc::Status ReferralGrpc::DeclineReferral(grpc::ServerContext* ctx,
                                           const pb::DeclineReferralRequest* req,
                                           pb::Referral* resp) {
  return env_->Serve<pb::Referral>(ctx, "DeclineReferral", req->request_id(), resp,
                                   [&](const Principal& p) { return core_->Decline(p, *req); });
}

grpc::Status ReferralGrpc::RequestInformation(grpc::ServerContext* ctx,
                                              const pb::RequestInformationRequest* req,
                                              pb::Referral* resp) {
  return env_->Serve<pb::Referral>(
      ctx, "RequestInformation", req->request_id(), resp,
      [&](const Principal& p) { return core_->RequestInformation(p, *req); });
}

grpc::Status ReferralGrpc::SupplementReferral(grpc::ServerContext* ctx,
                                              const pb::SupplementReferralRequest* req,
                                              pb::Referral* resp) {
  return env_->Serve<pb::Referral>(ctx, "SupplementReferral", req->request_id(), resp,
                                   [&](const Principal& p) { return core_->Supplement(p, *req); });
}

grpc::Status ReferralGrpc::WithdrawReferral(grpc::ServerContext* ctx,
                                            const pb::WithdrawReferralRequest* req,
                                            pb::Referral* resp) {
  return env_->Serve<pb::Referral>(ctx, "WithdrawReferral", req->request_id(), resp,
                                   [&](const Principal& p) { return core_->Withdraw(p, *req); });
}

grpc::Status ReferralGrpc::GetTimeline(grpc::ServerContext* ctx, const pb::GetTimelineRequest* req,
                                       pb::GetTimelineResponse* resp) {
  return env_->Serve<pb::GetTimelineResponse>(
      ctx, "GetTimeline", "", resp, [&](const Principal& p) { return core_->Timeline(p, *req); });
}

grpc::Status CaseGrpc::GetCase(grpc::ServerContext* ctx, const pb::GetCaseRequest* req,
                               pb::Case* resp) {
  return env_->Serve<pb::Case>(ctx, "GetCase", "", resp,
                               [&](const Principal& p) { return core_->GetCase(p, *req); });
}

grpc::Status CaseGrpc::ListCases(grpc::ServerContext* ctx, const pb::ListCasesRequest* req,
                                 pb::ListCasesResponse* resp) {
  return env_->Serve<pb::ListCasesResponse>(
      ctx, "ListCases", "", resp, [&](const Principal& p) { return core_->ListCases(p, *req); });
}

grpc::Status CaseGrpc::AssignCase(grpc::ServerContext* ctx, const pb::AssignCaseRequest* req,
                                  pb::Case* resp) {
  return env_->Serve<pb::Case>(ctx, "AssignCase", req->request_id(), resp,
                               [&](const Principal& p) { return core_->AssignCase(p, *req); });
}

grpc::Status CaseGrpc::CloseCase(grpc::ServerContext* ctx, const pb::CloseCaseRequest* req,
                                 pb::Case* resp) {
  return env_->Serve<pb::Case>(ctx, "CloseCase", req->request_id(), resp,
                               [&](const Principal& p) { return core_->CloseCase(p, *req); });
}

grpc::Status CaseGrpc::TransferCase(grpc::ServerContext* ctx, const pb::TransferCaseRequest* req,
                                    pb::Case* resp) {
  return env_->Serve<pb::Case>(ctx, "TransferCase", req->request_id(), resp,
                               [&](const Principal& p) { return core_->TransferCase(p, *req); });
}

grpc::Status CaseGrpc::ListIncomingTransfers(grpc::ServerContext* ctx,
                                             const pb::ListIncomingTransfersRequest* req,
                                             pb::ListIncomingTransfersResponse* resp) {
  return env_->Serve<pb::ListIncomingTransfersResponse>(
      ctx, "ListIncomingTransfers", "", resp,
      [&](const Principal& p) { return core_->ListIncomingTransfers(p, *req); });
}

grpc::Status CaseGrpc::AcceptTransfer(grpc::ServerContext* ctx,
                                      const pb::DecideTransferRequest* req, pb::Case* resp) {
  return env_->Serve<pb::Case>(ctx, "AcceptTransfer", req->request_id(), resp,
                               [&](const Principal& p) { return core_->AcceptTransfer(p, *req); });
}

grpc::Status CaseGrpc::RejectTransfer(grpc::ServerContext* ctx,
                                      const pb::DecideTransferRequest* req, pb::Case* resp) {
  return env_->Serve<pb::Case>(ctx, "RejectTransfer", req->request_id(), resp,
                               [&](const Principal& p) { return core_->RejectTransfer(p, *req); });
}

grpc::Status PersonGrpc::GetPerson(grpc::ServerContext* ctx, const pb::GetPersonRequest* req,
                                   cpb::Person* resp) {
  return env_->Serve<cpb::Person>(ctx, "GetPerson", "", resp,
                                  [&](const Principal& p) { return core_->GetPerson(p, *req); });
}

grpc::Status PersonGrpc::ListDuplicateCandidates(grpc::ServerContext* ctx,
                                                 const pb::ListDuplicateCandidatesRequest* req,
                                                 pb::ListDuplicateCandidatesResponse* resp) {
  return env_->Serve<pb::ListDuplicateCandidatesResponse>(
      ctx, "ListDuplicateCandidates", "", resp,
      [&](const Principal& p) { return core_->ListDuplicateCandidates(p, *req); });
}

grpc::Status PersonGrpc::ResolveDuplicate(grpc::ServerContext* ctx,
                                          const pb::ResolveDuplicateRequest* req,
                                          pb::DuplicateCandidate* resp) {
  return env_->Serve<pb::DuplicateCandidate>(
      ctx, "ResolveDuplicate", req->request_id(), resp,
      [&](const Principal& p) { return core_->ResolveDuplicate(p, *req); });
}

grpc::Status RegistryGrpc::UpsertProcuratorate(grpc::ServerContext* ctx,
                                               const pb::UpsertProcuratorateRequest* req,
                                               pb::Procuratorate* resp) {
  return env_->Serve<pb::Procuratorate>(
      ctx, "UpsertProcuratorate", req->request_id(), resp,
      [&](const Principal& p) { return core_->UpsertProcuratorate(p, *req); });
}

grpc::Status RegistryGrpc::RegisterAgency(grpc::ServerContext* ctx,
                                          const pb::RegisterAgencyRequest* req, pb::Agency* resp) {
  return env_->Serve<pb::Agency>(
      ctx, "RegisterAgency", req->request_id(), resp,
      [&](const Principal& p) { return core_->RegisterAgency(p, *req); });
}

grpc::Status RegistryGrpc::ListAgencies(grpc::ServerContext* ctx,
                                        const pb::ListAgenciesRequest* req,
                                        pb::ListAgenciesResponse* resp) {
  return env_->Serve<pb::ListAgenciesResponse>(
      ctx, "ListAgencies", "", resp,
      [&](const Principal& p) { return core_->ListAgencies(p, *req); });
}

grpc::Status ReferralGrpc::WatchReferral(grpc::ServerContext* ctx,
                                         const pb::WatchReferralRequest* req,
                                         grpc::ServerWriter<pb::TimelineEntry>* writer) {
  const absl::Time start = absl::Now();
  absl::StatusOr<Principal> principal = env_->Authenticate(ctx);
  absl::Status st = principal.status();
  int64_t after = req->after_sequence();
  // Polls the timeline; the stream ends when the referral is final and everything was
  // sent, when the caller cancels, or at the caller's deadline.
  while (st.ok() && !ctx->IsCancelled()) {
    auto batch = core_->TimelineAfter(*principal, req->referral_id(), after);
    if (!batch.ok()) {
      st = batch.status();
      break;
    }
    for (const pb::TimelineEntry& e : batch->first) {
      if (!writer->Write(e)) return grpc::Status::CANCELLED;
      after = e.sequence();
    }
    if (batch->second) break;
    if (env_->WaitForShutdown(watch_poll_)) {
      // The client resumes with after_sequence on another replica or after the restart.
      st = absl::UnavailableError("server is shutting down; watch again with after_sequence");
      break;
    }
  }
  env_->Record("WatchReferral", st, absl::Now() - start, principal.ok() ? &*principal : nullptr);
  return ToGrpcStatus(st, ctx);
}

}  // namespace shouhu::referral
