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
#include "common/base/clock.h"
#include "common/base/file.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/server/bootstrap.h"
#include "common/server/grpc_status.h"
#include "common/server/principal.h"
#include "common/server/tls.h"
#include "common/token/token.h"
#include "referral/core.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"

namespace shouhu::bench {
namespace {

// The identities of the run. The department head is what the token says; in direct mode
// the same claims become the principal the authenticator would have produced.
Claims HeadClaims(absl::Time now) {
  Claims c;
  c.subject = "u-bench-head";
  c.name = "压测部门负责人";
  c.procuratorate = absl::GetFlag(FLAGS_procuratorate);
  c.department = "第九检察部";
  c.roles = {"department_head"};
  c.issued_at = now;
  c.expires_at = now + absl::Hours(12);
  return c;
}

Claims AdminClaims(absl::Time now) {
  Claims c;
  c.subject = "u-bench-admin";
  c.name = "压测管理员";
  c.procuratorate = absl::GetFlag(FLAGS_procuratorate);
  c.department = "技术信息部";
  c.roles = {"admin"};
  c.issued_at = now;
  c.expires_at = now + absl::Hours(12);
  return c;
}

Principal UserPrincipal(const Claims& c) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = c.subject;
  p.display_name = c.name;
  p.procuratorate = c.procuratorate;
  p.department = c.department;
  for (const std::string& r : c.roles) {
    auto role = ParseRole(r);
    if (role.ok()) p.roles.insert(*role);
  }
  return p;
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
  // One call with the bench's deadline and, for people, the bearer token.
  template <typename Resp, typename Stub, typename Req>
  absl::StatusOr<Resp> Unary(Stub& stub,
                             grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                             const Req& req, const std::string& auth) const {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + deadline_);
    if (!auth.empty()) ctx.AddMetadata("authorization", auth);
    Resp out;
    absl::Status st = FromGrpcStatus((stub.*method)(&ctx, req, &out));
    if (!st.ok()) return st;
    return out;
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
    auto agency =
        ClientTlsCredentials(TlsFiles{absl::GetFlag(FLAGS_agency_cert),
                                      absl::GetFlag(FLAGS_agency_key), absl::GetFlag(FLAGS_ca)});
    if (!agency.ok()) Die("agency credentials", agency.status());
    auto user =
        ClientTlsCredentials(TlsFiles{absl::GetFlag(FLAGS_client_cert),
                                      absl::GetFlag(FLAGS_client_key), absl::GetFlag(FLAGS_ca)});
    if (!user.ok()) Die("client credentials", user.status());
    target->agency_creds_ = *agency;
    target->user_creds_ = *user;
    auto pem = ReadFile(absl::GetFlag(FLAGS_jwt_signing_key));
    if (!pem.ok()) Die("token signing key", pem.status());
    auto issuer = TokenIssuer::FromPrivateKeyPem(*pem);
    if (!issuer.ok()) Die("token signing key", issuer.status());
    const absl::Time now = absl::Now();
    auto head = (*issuer)->Issue(HeadClaims(now));
    if (!head.ok()) Die("token", head.status());
    auto admin = (*issuer)->Issue(AdminClaims(now));
    if (!admin.ok()) Die("token", admin.status());
    target->head_token_ = *head;
    target->admin_token_ = *admin;
    return target;
  }

  std::unique_ptr<Client> NewClient() override {
    return std::make_unique<GrpcClient>(Channel(agency_creds_), Channel(user_creds_), head_token_,
                                        admin_token_);
  }

 private:
  GrpcTarget() = default;

  // A channel of its own (own subchannel pool, so its own TCP+TLS connection), connected
  // before timing starts.
  static std::shared_ptr<grpc::Channel> Channel(
      const std::shared_ptr<grpc::ChannelCredentials>& creds) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto channel = grpc::CreateCustomChannel(absl::GetFlag(FLAGS_addr), creds, args);
    if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
      Die("connect",
          absl::UnavailableError(absl::StrCat("cannot connect to ", absl::GetFlag(FLAGS_addr))));
    }
    return channel;
  }

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
    DatabaseStartOptions dbo;
    dbo.db.host = absl::GetFlag(FLAGS_db_host);
    dbo.db.port = absl::GetFlag(FLAGS_db_port);
    dbo.db.user = absl::GetFlag(FLAGS_db_user);
    dbo.db.database = absl::GetFlag(FLAGS_db_name);
    dbo.db.pool_size = absl::GetFlag(FLAGS_db_pool_size);
    dbo.password_file = absl::GetFlag(FLAGS_db_password_file);
    dbo.migrations_dir = absl::GetFlag(FLAGS_migrations_dir);
    dbo.migrate = false;
    dbo.wait = absl::Seconds(10);
    auto pool = OpenDatabase(dbo);
    if (!pool.ok()) Die("database", pool.status());
    target->pool_ = std::move(pool).value();
    auto cipher = FieldCipher::FromKeyFiles(absl::GetFlag(FLAGS_data_key_file),
                                            absl::GetFlag(FLAGS_hmac_key_file));
    if (!cipher.ok()) Die("data keys", cipher.status());
    target->cipher_ = std::move(cipher).value();
    auto calendar = WorkingCalendar::LoadFromDirectory(absl::GetFlag(FLAGS_calendar_dir));
    if (!calendar.ok()) Die("calendar", calendar.status());
    target->calendar_ = std::make_unique<WorkingCalendar>(std::move(calendar).value());

    referral::CoreDeps deps;
    deps.pool = target->pool_.get();
    deps.clock = &Clock::Real();
    deps.ids = &IdGenerator::Random();
    deps.cipher = target->cipher_.get();
    deps.calendar = target->calendar_.get();
    target->core_ = std::make_unique<referral::ReferralCore>(deps);

    const absl::Time now = absl::Now();
    target->head_ = UserPrincipal(HeadClaims(now));
    target->admin_ = UserPrincipal(AdminClaims(now));
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
  std::unique_ptr<FieldCipher> cipher_;
  std::unique_ptr<WorkingCalendar> calendar_;
  std::unique_ptr<referral::ReferralCore> core_;
  Principal agency_;
  Principal head_;
  Principal admin_;
};

}  // namespace

std::unique_ptr<Target> NewGrpcTarget() { return GrpcTarget::Create(); }
std::unique_ptr<Target> NewDirectTarget() { return DirectTarget::Create(); }

}  // namespace shouhu::bench
