// The two targets of shouhu-bench: the running service over gRPC, and the in-process
// baseline calling the same ReferralCore functions with the principals the service's
// authenticator would have built.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/bench.h"
#include "bench/bench_shared_targets.h"
#include "common/base/clock.h"
#include "common/server/principal.h"
#include "common/token/token.h"
#include "referral/core.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"

namespace shouhu::bench {
namespace {

// The identities of the run. The department head is what the token says; in direct mode
// the same claims become the principal the authenticator would have produced.
Claims HeadClaims(absl::Time now) {
  return BenchUserClaims("u-bench-head", "压测部门负责人", "第九检察部", "department_head", "",
                         now);
}

Claims AdminClaims(absl::Time now) {
  return BenchUserClaims("u-bench-admin", "压测管理员", "技术信息部", "admin", "", now);
}

// --- grpc

class GrpcClient : public Client {
 public:
  GrpcClient(std::shared_ptr<grpc::Channel> agency, std::shared_ptr<grpc::Channel> user,
             std::string head_token, std::string admin_token)
      : agency_referrals_(pb::ReferralService::NewStub(agency)),
        user_referrals_(pb::ReferralService::NewStub(user)),
        registry_(pb::RegistryService::NewStub(user)),
        head_auth_(absl::StrCat("Bearer ", head_token)),
        admin_auth_(absl::StrCat("Bearer ", admin_token)),
        deadline_(std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms))) {}

  absl::StatusOr<pb::Referral> Submit(const pb::SubmitReferralRequest& req) override {
    return Unary<pb::Referral>(*agency_referrals_, &pb::ReferralService::Stub::SubmitReferral, req,
                               "");
  }
  absl::StatusOr<pb::Referral> Assign(const pb::AssignReferralRequest& req) override {
    return Unary<pb::Referral>(*user_referrals_, &pb::ReferralService::Stub::AssignReferral, req,
                               head_auth_);
  }
  absl::StatusOr<pb::Referral> Accept(const pb::AcceptReferralRequest& req) override {
    return Unary<pb::Referral>(*user_referrals_, &pb::ReferralService::Stub::AcceptReferral, req,
                               head_auth_);
  }
  absl::Status UpsertProcuratorate(const pb::UpsertProcuratorateRequest& req) override {
    return Unary<pb::Procuratorate>(*registry_, &pb::RegistryService::Stub::UpsertProcuratorate,
                                    req, admin_auth_)
        .status();
  }
  absl::Status RegisterAgency(const pb::RegisterAgencyRequest& req) override {
    return Unary<pb::Agency>(*registry_, &pb::RegistryService::Stub::RegisterAgency, req,
                             admin_auth_)
        .status();
  }

 private:
  template <typename Resp, typename Stub, typename Req>
  absl::StatusOr<Resp> Unary(Stub& stub,
                             grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                             const Req& req, const std::string& auth) const {
    return CallUnary<Resp>(stub, method, req, auth, deadline_);
  }

  std::unique_ptr<pb::ReferralService::Stub> agency_referrals_;
  std::unique_ptr<pb::ReferralService::Stub> user_referrals_;
  std::unique_ptr<pb::RegistryService::Stub> registry_;
  const std::string head_auth_;
  const std::string admin_auth_;
  const std::chrono::milliseconds deadline_;
};

class GrpcTarget : public Target {
 public:
  static std::unique_ptr<GrpcTarget> Create() {
    auto target = std::unique_ptr<GrpcTarget>(new GrpcTarget());
    target->agency_creds_ = BenchCredentials(absl::GetFlag(FLAGS_agency_cert),
                                             absl::GetFlag(FLAGS_agency_key), "agency credentials");
    target->user_creds_ = BenchCredentials(absl::GetFlag(FLAGS_client_cert),
                                           absl::GetFlag(FLAGS_client_key), "client credentials");
    const std::unique_ptr<TokenIssuer> issuer = LoadTokenIssuer();
    const absl::Time now = absl::Now();
    target->head_token_ = IssueToken(*issuer, HeadClaims(now));
    target->admin_token_ = IssueToken(*issuer, AdminClaims(now));
    return target;
  }

  std::unique_ptr<Client> NewClient() override {
    return std::make_unique<GrpcClient>(ConnectedChannel(agency_creds_),
                                        ConnectedChannel(user_creds_), head_token_, admin_token_);
  }

 private:
  GrpcTarget() = default;

  std::shared_ptr<grpc::ChannelCredentials> agency_creds_;
  std::shared_ptr<grpc::ChannelCredentials> user_creds_;
  std::string head_token_;
  std::string admin_token_;
};

// --- direct

class DirectClient : public Client {
 public:
  DirectClient(referral::ReferralCore* core, const Principal* agency, const Principal* head,
               const Principal* admin)
      : core_(core), agency_(agency), head_(head), admin_(admin) {}

  absl::StatusOr<pb::Referral> Submit(const pb::SubmitReferralRequest& req) override {
    return core_->Submit(*agency_, req);
  }
  absl::StatusOr<pb::Referral> Assign(const pb::AssignReferralRequest& req) override {
    return core_->Assign(*head_, req);
  }
  absl::StatusOr<pb::Referral> Accept(const pb::AcceptReferralRequest& req) override {
    return core_->Accept(*head_, req);
  }
  absl::Status UpsertProcuratorate(const pb::UpsertProcuratorateRequest& req) override {
    return core_->UpsertProcuratorate(*admin_, req).status();
  }
  absl::Status RegisterAgency(const pb::RegisterAgencyRequest& req) override {
    return core_->RegisterAgency(*admin_, req).status();
  }

 private:
  referral::ReferralCore* core_;
  const Principal* agency_;
  const Principal* head_;
  const Principal* admin_;
};

class DirectTarget : public Target {
 public:
  static std::unique_ptr<DirectTarget> Create() {
    auto target = std::unique_ptr<DirectTarget>(new DirectTarget());
    target->pool_ = OpenBenchPool(absl::GetFlag(FLAGS_db_pool_size));
    target->data_ = LoadBenchData();

    referral::CoreDeps deps;
    deps.pool = target->pool_.get();
    deps.clock = &Clock::Real();
    deps.ids = &IdGenerator::Random();
    deps.cipher = target->data_.cipher.get();
    deps.calendar = target->data_.calendar.get();
    target->core_ = std::make_unique<referral::ReferralCore>(deps);

    const absl::Time now = absl::Now();
    target->head_ = PrincipalFromClaims(HeadClaims(now));
    target->admin_ = PrincipalFromClaims(AdminClaims(now));
    return target;
  }

  // The agency principal as the authenticator builds it from the registry.
  void AfterSetup() override {
    auto a = core_->LookupAgency(absl::GetFlag(FLAGS_agency));
    if (!a.ok()) Die("agency lookup", a.status());
    agency_.kind = Principal::Kind::kAgency;
    agency_.id = a->agency_code();
    agency_.display_name = a->name();
    agency_.procuratorate = a->procuratorate_code();
    agency_.roles = {Role::kAgency};
  }

  std::unique_ptr<Client> NewClient() override {
    return std::make_unique<DirectClient>(core_.get(), &agency_, &head_, &admin_);
  }

 private:
  DirectTarget() = default;

  std::unique_ptr<db::ConnectionPool> pool_;
  BenchData data_;
  std::unique_ptr<referral::ReferralCore> core_;
  Principal agency_;
  Principal head_;
  Principal admin_;
};

}  // namespace

std::unique_ptr<Target> NewGrpcTarget() { return GrpcTarget::Create(); }
std::unique_ptr<Target> NewDirectTarget() { return DirectTarget::Create(); }

}  // namespace shouhu::bench
