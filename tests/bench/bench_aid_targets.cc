// The two targets of the aid workload: the running aid service over gRPC, and the
// in-process baseline calling the same cores (ApplicationCore, DisbursementCore,
// FundCore, ConfigCore) with the principals the service's authenticator would have built
// from the same token claims.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "aid/application_core.h"
#include "aid/config_ops.h"
#include "aid/deps.h"
#include "aid/disbursement_ops.h"
#include "aid/fund_ops.h"
#include "aid/rules.h"
#include "bench/bench_aid.h"
#include "bench/bench_shared_targets.h"
#include "common/base/clock.h"
#include "common/server/case_client.h"
#include "common/server/principal.h"
#include "common/token/token.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"

ABSL_FLAG(std::string, aid_rules_file, "deploy/aid/rules/eligibility-2021.1.json",
          "aid, direct mode: the eligibility rule set (as the aid service's --aid_rules_file)");
ABSL_FLAG(std::string, aid_referral_addr, "127.0.0.1:7101",
          "aid, direct mode: the referral service asked for cases (the aid service's "
          "--referral_addr)");
ABSL_FLAG(std::string, aid_service_cert, "",
          "aid, direct mode: the aid service's certificate (CN service:aid) for case lookups");
ABSL_FLAG(std::string, aid_service_key, "", "aid, direct mode: its key");

namespace shouhu::bench {
namespace {

// The people of the flow. The chief's title is what the aid policy's step actors ask for.
Claims UserClaims(const std::string& subject, const std::string& name, const std::string& role,
                  const std::string& title, absl::Time now) {
  return BenchUserClaims(subject, name, role == "finance" ? "计划财务装备部" : "第一检察部", role,
                         title, now);
}

// Those acting for all clients; each client has a caseworker of its own (AidCaseworker).
struct People {
  Claims head, chief, finance, admin;
};

People MakePeople() {
  const absl::Time now = absl::Now();
  People p;
  p.head = UserClaims("u-bench-aid-head", "压测部门负责人", "department_head", "", now);
  p.chief = UserClaims("u-bench-chief", "压测检察长", "chief", "chief_procurator", now);
  p.finance = UserClaims("u-bench-finance", "压测计财人员", "finance", "", now);
  p.admin = UserClaims("u-bench-admin", "压测管理员", "admin", "", now);
  return p;
}

// --- grpc

struct Tokens {
  std::string caseworker, head, chief, finance, admin;
};

class AidGrpcClient : public AidClient {
 public:
  AidGrpcClient(const std::shared_ptr<grpc::Channel>& channel, const Tokens& t)
      : apps_(apb::AidApplicationService::NewStub(channel)),
        disb_(apb::DisbursementService::NewStub(channel)),
        funds_(apb::FundService::NewStub(channel)),
        config_(apb::AidConfigService::NewStub(channel)),
        caseworker_(absl::StrCat("Bearer ", t.caseworker)),
        head_(absl::StrCat("Bearer ", t.head)),
        chief_(absl::StrCat("Bearer ", t.chief)),
        finance_(absl::StrCat("Bearer ", t.finance)),
        admin_(absl::StrCat("Bearer ", t.admin)),
        deadline_(std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms))) {}

  using AS = apb::AidApplicationService::Stub;
  using DS = apb::DisbursementService::Stub;

  absl::StatusOr<apb::Application> Register(const apb::RegisterApplicationRequest& r) override {
    return Unary<apb::Application>(*apps_, &AS::RegisterApplication, r, caseworker_);
  }
  absl::StatusOr<apb::Application> Propose(const apb::ProposeDecisionRequest& r) override {
    return Unary<apb::Application>(*apps_, &AS::ProposeDecision, r, caseworker_);
  }
  absl::StatusOr<apb::Application> Review(const apb::ApprovalRequest& r) override {
    return Unary<apb::Application>(*apps_, &AS::ReviewProposal, r, head_);
  }
  absl::StatusOr<apb::Application> Decide(const apb::ApprovalRequest& r) override {
    return Unary<apb::Application>(*apps_, &AS::DecideApplication, r, chief_);
  }
  absl::StatusOr<apb::Disbursement> Plan(const apb::PlanDisbursementRequest& r) override {
    return Unary<apb::Disbursement>(*disb_, &DS::PlanDisbursement, r, caseworker_);
  }
  absl::StatusOr<apb::Disbursement> Arrived(const apb::RecordFundsArrivedRequest& r) override {
    return Unary<apb::Disbursement>(*disb_, &DS::RecordFundsArrived, r, finance_);
  }
  absl::StatusOr<apb::Payment> Pay(const apb::RecordPaymentRequest& r) override {
    return Unary<apb::Payment>(*disb_, &DS::RecordPayment, r, finance_);
  }
  absl::StatusOr<apb::Payment> Receipt(const apb::PaymentUpdateRequest& r) override {
    return Unary<apb::Payment>(*disb_, &DS::ConfirmReceipt, r, finance_);
  }
  absl::Status UpsertWage(const apb::UpsertWageEntryRequest& r) override {
    return Unary<apb::WageEntry>(*config_, &apb::AidConfigService::Stub::UpsertWageEntry, r, admin_)
        .status();
  }
  absl::Status Allocate(const apb::AllocateFundRequest& r) override {
    return Unary<apb::Fund>(*funds_, &apb::FundService::Stub::AllocateFund, r, finance_).status();
  }

 private:
  template <typename Resp, typename Stub, typename Req>
  absl::StatusOr<Resp> Unary(Stub& stub,
                             grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
                             const Req& req, const std::string& auth) const {
    return CallUnary<Resp>(stub, method, req, auth, deadline_);
  }

  std::unique_ptr<AS> apps_;
  std::unique_ptr<DS> disb_;
  std::unique_ptr<apb::FundService::Stub> funds_;
  std::unique_ptr<apb::AidConfigService::Stub> config_;
  const std::string caseworker_, head_, chief_, finance_, admin_;
  const std::chrono::milliseconds deadline_;
};

class AidGrpcTarget : public AidTarget {
 public:
  AidGrpcTarget()
      : creds_(BenchCredentials(absl::GetFlag(FLAGS_client_cert), absl::GetFlag(FLAGS_client_key),
                                "client credentials")),
        issuer_(LoadTokenIssuer()) {
    const People people = MakePeople();
    shared_.head = Issue(people.head);
    shared_.chief = Issue(people.chief);
    shared_.finance = Issue(people.finance);
    shared_.admin = Issue(people.admin);
  }

  // A channel of its own per client (own TCP + TLS connection), connected before timing,
  // and its caseworker's token.
  std::unique_ptr<AidClient> NewClient(int index) override {
    Tokens tokens = shared_;
    tokens.caseworker = Issue(UserClaims(AidCaseworker(index), absl::StrCat("压测承办人", index),
                                         "caseworker", "", absl::Now()));
    return std::make_unique<AidGrpcClient>(ConnectedChannel(creds_), tokens);
  }

 private:
  std::string Issue(const Claims& c) const { return IssueToken(*issuer_, c); }

  std::shared_ptr<grpc::ChannelCredentials> creds_;
  std::unique_ptr<TokenIssuer> issuer_;
  Tokens shared_;  // all but the caseworker's
};

// --- direct

struct Cores {
  aid::ApplicationCore* apps;
  aid::DisbursementCore* disb;
  aid::FundCore* funds;
  aid::ConfigCore* config;
};

class AidDirectClient : public AidClient {
 public:
  AidDirectClient(Cores c, Principal caseworker, const Principal* head, const Principal* chief,
                  const Principal* finance, const Principal* admin)
      : c_(c),
        caseworker_(std::move(caseworker)),
        head_(head),
        chief_(chief),
        finance_(finance),
        admin_(admin) {}

  absl::StatusOr<apb::Application> Register(const apb::RegisterApplicationRequest& r) override {
    return c_.apps->RegisterApplication(caseworker_, r);
  }
  absl::StatusOr<apb::Application> Propose(const apb::ProposeDecisionRequest& r) override {
    return c_.apps->ProposeDecision(caseworker_, r);
  }
  absl::StatusOr<apb::Application> Review(const apb::ApprovalRequest& r) override {
    return c_.apps->ReviewProposal(*head_, r);
  }
  absl::StatusOr<apb::Application> Decide(const apb::ApprovalRequest& r) override {
    return c_.apps->DecideApplication(*chief_, r);
  }
  absl::StatusOr<apb::Disbursement> Plan(const apb::PlanDisbursementRequest& r) override {
    return c_.disb->PlanDisbursement(caseworker_, r);
  }
  absl::StatusOr<apb::Disbursement> Arrived(const apb::RecordFundsArrivedRequest& r) override {
    return c_.disb->RecordFundsArrived(*finance_, r);
  }
  absl::StatusOr<apb::Payment> Pay(const apb::RecordPaymentRequest& r) override {
    return c_.disb->RecordPayment(*finance_, r);
  }
  absl::StatusOr<apb::Payment> Receipt(const apb::PaymentUpdateRequest& r) override {
    return c_.disb->ConfirmReceipt(*finance_, r);
  }
  absl::Status UpsertWage(const apb::UpsertWageEntryRequest& r) override {
    return c_.config->UpsertWageEntry(*admin_, r).status();
  }
  absl::Status Allocate(const apb::AllocateFundRequest& r) override {
    return c_.funds->AllocateFund(*finance_, r).status();
  }

 private:
  const Cores c_;
  const Principal caseworker_;
  const Principal* head_;
  const Principal* chief_;
  const Principal* finance_;
  const Principal* admin_;
};

class AidDirectTarget : public AidTarget {
 public:
  AidDirectTarget() {
    pool_ = OpenBenchPool(absl::GetFlag(FLAGS_db_pool_size));
    data_ = LoadBenchData();
    auto rules = aid::RuleSet::Load(absl::GetFlag(FLAGS_aid_rules_file));
    if (!rules.ok()) Die("aid rules", rules.status());
    rules_ = std::make_unique<aid::RuleSet>(std::move(rules).value());
    // The case hub as the aid service reaches it: the referral service over mTLS with the
    // aid service's certificate, one reused channel.
    cases_ = std::make_unique<CaseClient>(
        CaseClient::Options{.address = absl::GetFlag(FLAGS_aid_referral_addr)},
        BenchCredentials(absl::GetFlag(FLAGS_aid_service_cert),
                         absl::GetFlag(FLAGS_aid_service_key), "service credentials"));

    aid::AidDeps deps;
    deps.pool = pool_.get();
    deps.clock = &Clock::Real();
    deps.ids = &IdGenerator::Random();
    deps.cipher = data_.cipher.get();
    deps.calendar = data_.calendar.get();
    deps.cases = cases_.get();
    apps_ = std::make_unique<aid::ApplicationCore>(deps, rules_.get());
    disb_ = std::make_unique<aid::DisbursementCore>(deps);
    funds_ = std::make_unique<aid::FundCore>(deps);
    config_ = std::make_unique<aid::ConfigCore>(deps);

    const People people = MakePeople();
    head_ = PrincipalFromClaims(people.head);
    chief_ = PrincipalFromClaims(people.chief);
    finance_ = PrincipalFromClaims(people.finance);
    admin_ = PrincipalFromClaims(people.admin);
  }

  std::unique_ptr<AidClient> NewClient(int index) override {
    const absl::Time now = absl::Now();
    Principal caseworker = PrincipalFromClaims(
        UserClaims(AidCaseworker(index), absl::StrCat("压测承办人", index), "caseworker", "", now));
    return std::make_unique<AidDirectClient>(
        Cores{apps_.get(), disb_.get(), funds_.get(), config_.get()}, std::move(caseworker), &head_,
        &chief_, &finance_, &admin_);
  }

 private:
  std::unique_ptr<db::ConnectionPool> pool_;
  BenchData data_;
  std::unique_ptr<aid::RuleSet> rules_;
  std::unique_ptr<CaseClient> cases_;
  std::unique_ptr<aid::ApplicationCore> apps_;
  std::unique_ptr<aid::DisbursementCore> disb_;
  std::unique_ptr<aid::FundCore> funds_;
  std::unique_ptr<aid::ConfigCore> config_;
  Principal head_, chief_, finance_, admin_;
};

}  // namespace

std::string AidCaseworker(int index) { return absl::StrCat("u-bench-aid-cw-", index); }

std::unique_ptr<AidTarget> NewAidGrpcTarget() { return std::make_unique<AidGrpcTarget>(); }
std::unique_ptr<AidTarget> NewAidDirectTarget() { return std::make_unique<AidDirectTarget>(); }

}  // namespace shouhu::bench
