#include "referral/grpc_service.h"

#include "common/base/status_macros.h"
#include "common/server/policy_bind.h"
#include "referral/access_policy.h"

namespace shouhu::referral {

namespace {

// Registers `op` of the core as the handler of the method called `name`, behind the
// referral access policy (common/server/policy_bind.h).
template <typename Req, typename Resp>
void Bind(MethodTable& table, absl::string_view name, ReferralCore* core,
          absl::StatusOr<Resp> (ReferralCore::*op)(const Principal&, const Req&)) {
  BindPolicy(table, ReferralAccessPolicy(), name, core, op);
}

absl::StatusOr<WatchHub::Batch> ReadTimeline(ReferralCore* core, const Principal& p,
                                             const std::string& referral_id, int64_t after) {
  ASSIGN_OR_RETURN(auto found, core->TimelineAfter(p, referral_id, after));
  WatchHub::Batch batch;
  for (pb::TimelineEntry& e : found.first) {
    const int64_t position = e.sequence();
    batch.items.push_back({position, std::make_shared<pb::TimelineEntry>(std::move(e))});
  }
  batch.final = found.second;
  return batch;
}

template <typename GeneratedService>
const google::protobuf::ServiceDescriptor* Descriptor() {
  return google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      GeneratedService::service_full_name());
}

}  // namespace

MethodTable ReferralMethods(ReferralCore* core, WatchHub* hub) {
  MethodTable t = MethodTable::For<pb::ReferralService>();
  Bind(t, "SubmitReferral", core, &ReferralCore::Submit);
  Bind(t, "GetReferral", core, &ReferralCore::Get);
  Bind(t, "ListReferrals", core, &ReferralCore::List);
  Bind(t, "AssignReferral", core, &ReferralCore::Assign);
  Bind(t, "AcceptReferral", core, &ReferralCore::Accept);
  Bind(t, "DeclineReferral", core, &ReferralCore::Decline);
  Bind(t, "RequestInformation", core, &ReferralCore::RequestInformation);
  Bind(t, "SupplementReferral", core, &ReferralCore::Supplement);
  Bind(t, "WithdrawReferral", core, &ReferralCore::Withdraw);
  Bind(t, "GetTimeline", core, &ReferralCore::Timeline);
  Bind(t, "GetReferralStatistics", core, &ReferralCore::Statistics);
  t.ServerStreaming<pb::WatchReferralRequest, pb::TimelineEntry>(
      "WatchReferral", [hub, key = PolicyKey(t, "WatchReferral")](
                           const Principal& p, const pb::WatchReferralRequest& req,
                           std::shared_ptr<ServerStream> stream) {
        if (absl::Status admitted = ReferralAccessPolicy().Admit(p, key).status(); !admitted.ok()) {
          stream->Finish(admitted);
          return;
        }
        hub->Watch(p, req.referral_id(), req.after_sequence(), std::move(stream));
      });
  // Every call answering with a referral may have added to its timeline: wake its
  // watchers now instead of at the next poll (a read only costs them one query).
  t.AfterOk([hub](const google::protobuf::MethodDescriptor&, const google::protobuf::Message&,
                  const google::protobuf::Message& resp) {
    if (resp.GetDescriptor() == pb::Referral::descriptor()) {
      hub->Notify(static_cast<const pb::Referral&>(resp).referral_id());
    }
  });
  return t;
}

MethodTable CaseMethods(ReferralCore* core) {
  MethodTable t = MethodTable::For<pb::CaseService>();
  Bind(t, "GetCase", core, &ReferralCore::GetCase);
  Bind(t, "ListCases", core, &ReferralCore::ListCases);
  Bind(t, "AssignCase", core, &ReferralCore::AssignCase);
  Bind(t, "CloseCase", core, &ReferralCore::CloseCase);
  Bind(t, "TransferCase", core, &ReferralCore::TransferCase);
  Bind(t, "ListIncomingTransfers", core, &ReferralCore::ListIncomingTransfers);
  Bind(t, "AcceptTransfer", core, &ReferralCore::AcceptTransfer);
  Bind(t, "RejectTransfer", core, &ReferralCore::RejectTransfer);
  return t;
}

MethodTable PersonMethods(ReferralCore* core) {
  MethodTable t = MethodTable::For<pb::PersonService>();
  Bind(t, "GetPerson", core, &ReferralCore::GetPerson);
  Bind(t, "ListDuplicateCandidates", core, &ReferralCore::ListDuplicateCandidates);
  Bind(t, "ResolveDuplicate", core, &ReferralCore::ResolveDuplicate);
  Bind(t, "UpdatePerson", core, &ReferralCore::UpdatePerson);
  Bind(t, "ListPersonHistory", core, &ReferralCore::ListPersonHistory);
  return t;
}

MethodTable RegistryMethods(ReferralCore* core) {
  MethodTable t = MethodTable::For<pb::RegistryService>();
  Bind(t, "UpsertProcuratorate", core, &ReferralCore::UpsertProcuratorate);
  Bind(t, "RegisterAgency", core, &ReferralCore::RegisterAgency);
  Bind(t, "ListAgencies", core, &ReferralCore::ListAgencies);
  Bind(t, "GetAgency", core, &ReferralCore::GetAgency);
  return t;
}

MethodTable CaseFactsMethods(ReferralCore* core) {
  MethodTable t = MethodTable::For<::shouhu::oversight::v1::CaseFactsService>();
  Bind(t, "GetCaseFacts", core, &ReferralCore::GetCaseFacts);
  return t;
}

absl::StatusOr<std::unique_ptr<ReferralGrpc>> ReferralGrpc::Create(ReferralCore* core,
                                                                   const RpcEnv* env,
                                                                   WorkerPool* workers,
                                                                   Options options) {
  // A method without an access rule (or a rule for no method) keeps the service down.
  RETURN_IF_ERROR(ReferralAccessPolicy().CheckCovers(
      {Descriptor<pb::ReferralService>(), Descriptor<pb::CaseService>(),
       Descriptor<pb::PersonService>(), Descriptor<pb::RegistryService>(),
       Descriptor<::shouhu::oversight::v1::CaseFactsService>()}));
  std::unique_ptr<ReferralGrpc> out(new ReferralGrpc());
  out->hub_ =
      std::make_unique<WatchHub>([core](const Principal& p, const std::string& id,
                                        int64_t after) { return ReadTimeline(core, p, id, after); },
                                 workers, options.watch);
  ASSIGN_OR_RETURN(auto referrals, RpcService<pb::ReferralService>::Create(
                                       ReferralMethods(core, out->hub_.get()), env, workers));
  ASSIGN_OR_RETURN(auto cases,
                   RpcService<pb::CaseService>::Create(CaseMethods(core), env, workers));
  ASSIGN_OR_RETURN(auto people,
                   RpcService<pb::PersonService>::Create(PersonMethods(core), env, workers));
  ASSIGN_OR_RETURN(auto registry,
                   RpcService<pb::RegistryService>::Create(RegistryMethods(core), env, workers));
  ASSIGN_OR_RETURN(auto facts, RpcService<::shouhu::oversight::v1::CaseFactsService>::Create(
                                   CaseFactsMethods(core), env, workers));
  out->services_.push_back(std::move(referrals));
  out->services_.push_back(std::move(cases));
  out->services_.push_back(std::move(people));
  out->services_.push_back(std::move(registry));
  out->services_.push_back(std::move(facts));
  out->hub_->Start();
  return out;
}

std::vector<grpc::Service*> ReferralGrpc::services() {
  std::vector<grpc::Service*> out;
  for (auto& s : services_) out.push_back(s.get());
  return out;
}

std::vector<std::unique_ptr<grpc::Service>> ReferralGrpc::TakeServices() {
  return std::move(services_);
}

}  // namespace shouhu::referral
