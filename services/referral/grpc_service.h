// gRPC handlers of the referral service: each is one call into ReferralCore through
// RpcEnv::Serve (authentication, metrics, logging, status conversion).
#ifndef SHOUHU_REFERRAL_GRPC_SERVICE_H_
#define SHOUHU_REFERRAL_GRPC_SERVICE_H_

#include "absl/time/time.h"
#include "common/server/rpc.h"
#include "referral/core.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"

namespace shouhu::referral {

class ReferralGrpc final : public pb::ReferralService::Service {
 public:
  ReferralGrpc(ReferralCore* core, const RpcEnv* env,
               absl::Duration watch_poll = absl::Milliseconds(300))
      : core_(core), env_(env), watch_poll_(watch_poll) {}
  grpc::Status SubmitReferral(grpc::ServerContext*, const pb::SubmitReferralRequest*,
                              pb::Referral*) override;
  grpc::Status GetReferral(grpc::ServerContext*, const pb::GetReferralRequest*,
                           pb::Referral*) override;
  grpc::Status ListReferrals(grpc::ServerContext*, const pb::ListReferralsRequest*,
                             pb::ListReferralsResponse*) override;
  grpc::Status AssignReferral(grpc::ServerContext*, const pb::AssignReferralRequest*,
                              pb::Referral*) override;
  grpc::Status AcceptReferral(grpc::ServerContext*, const pb::AcceptReferralRequest*,
                              pb::Referral*) override;
  grpc::Status DeclineReferral(grpc::ServerContext*, const pb::DeclineReferralRequest*,
                               pb::Referral*) override;
  grpc::Status RequestInformation(grpc::ServerContext*, const pb::RequestInformationRequest*,
                                  pb::Referral*) override;
  grpc::Status SupplementReferral(grpc::ServerContext*, const pb::SupplementReferralRequest*,
                                  pb::Referral*) override;
  grpc::Status WithdrawReferral(grpc::ServerContext*, const pb::WithdrawReferralRequest*,
                                pb::Referral*) override;
  grpc::Status GetTimeline(grpc::ServerContext*, const pb::GetTimelineRequest*,
                           pb::GetTimelineResponse*) override;
  grpc::Status WatchReferral(grpc::ServerContext*, const pb::WatchReferralRequest*,
                             grpc::ServerWriter<pb::TimelineEntry>*) override;

 private:
  ReferralCore* core_;
  const RpcEnv* env_;
  absl::Duration watch_poll_;
};

class CaseGrpc final : public pb::CaseService::Service {
 public:
  CaseGrpc(ReferralCore* core, const RpcEnv* env) : core_(core), env_(env) {}
  grpc::Status GetCase(grpc::ServerContext*, const pb::GetCaseRequest*, pb::Case*) override;
  grpc::Status ListCases(grpc::ServerContext*, const pb::ListCasesRequest*,
                         pb::ListCasesResponse*) override;
  grpc::Status AssignCase(grpc::ServerContext*, const pb::AssignCaseRequest*, pb::Case*) override;
  grpc::Status CloseCase(grpc::ServerContext*, const pb::CloseCaseRequest*, pb::Case*) override;
  grpc::Status TransferCase(grpc::ServerContext*, const pb::TransferCaseRequest*,
                            pb::Case*) override;
  grpc::Status ListIncomingTransfers(grpc::ServerContext*, const pb::ListIncomingTransfersRequest*,
                                     pb::ListIncomingTransfersResponse*) override;
  grpc::Status AcceptTransfer(grpc::ServerContext*, const pb::DecideTransferRequest*,
                              pb::Case*) override;
  grpc::Status RejectTransfer(grpc::ServerContext*, const pb::DecideTransferRequest*,
                              pb::Case*) override;

 private:
  ReferralCore* core_;
  const RpcEnv* env_;
};

class PersonGrpc final : public pb::PersonService::Service {
 public:
  PersonGrpc(ReferralCore* core, const RpcEnv* env) : core_(core), env_(env) {}
  grpc::Status GetPerson(grpc::ServerContext*, const pb::GetPersonRequest*, cpb::Person*) override;
  grpc::Status ListDuplicateCandidates(grpc::ServerContext*,
                                       const pb::ListDuplicateCandidatesRequest*,
                                       pb::ListDuplicateCandidatesResponse*) override;
  grpc::Status ResolveDuplicate(grpc::ServerContext*, const pb::ResolveDuplicateRequest*,
                                pb::DuplicateCandidate*) override;

 private:
  ReferralCore* core_;
  const RpcEnv* env_;
};

class RegistryGrpc final : public pb::RegistryService::Service {
 public:
  RegistryGrpc(ReferralCore* core, const RpcEnv* env) : core_(core), env_(env) {}
  grpc::Status UpsertProcuratorate(grpc::ServerContext*, const pb::UpsertProcuratorateRequest*,
                                   pb::Procuratorate*) override;
  grpc::Status RegisterAgency(grpc::ServerContext*, const pb::RegisterAgencyRequest*,
                              pb::Agency*) override;
  grpc::Status ListAgencies(grpc::ServerContext*, const pb::ListAgenciesRequest*,
                            pb::ListAgenciesResponse*) override;

 private:
  ReferralCore* core_;
  const RpcEnv* env_;
};

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_GRPC_SERVICE_H_
