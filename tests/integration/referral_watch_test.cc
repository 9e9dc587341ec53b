// WatchReferral on the callback API, hosted in-process with ServiceHost and mTLS (a
// development PKI from deploy/local/certs.sh in a fresh temporary directory) on a real
// MariaDB: 500 concurrent watchers of one caller hold no thread each, an event reaches
// all of them within 100 ms of the commit, another caller is served meanwhile, and the
// watches end with UNAVAILABLE when the server shuts down.
#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/base/clock.h"
#include "common/base/file.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/ops/metrics.h"
#include "common/server/auth.h"
#include "common/server/case_client.h"
#include "common/server/host.h"
#include "common/server/rpc.h"
#include "common/server/tls.h"
#include "common/server/worker_pool.h"
#include "common/token/token.h"
#include "integration/db_fixture.h"
#include "referral/core.h"
#include "referral/grpc_service.h"

namespace shouhu::testing {
namespace {

namespace pb = ::shouhu::referral::v1;
namespace cpb = ::shouhu::common::v1;

constexpr char kRenhuai[] = "520382";
constexpr int kWatchers = 500;

int ProcessThreads() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) {
      int n = 0;
      if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(8)), &n)) return n;
    }
  }
  return -1;
}

// One watcher on the client's callback API (no thread of its own either).
class Watcher final : public grpc::ClientReadReactor<pb::TimelineEntry> {
 public:
  Watcher(pb::ReferralService::Stub* stub, const std::string& token, const std::string& id) {
    ctx_.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    ctx_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    req_.set_referral_id(id);
    stub->async()->WatchReferral(&ctx_, &req_, this);
    StartRead(&entry_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;  // OnDone follows
    {
      absl::MutexLock lock(&mu_);
      last_sequence_ = entry_.sequence();
      last_at_ = absl::Now();
    }
    StartRead(&entry_);
  }
  void OnDone(const grpc::Status& s) override {
    absl::MutexLock lock(&mu_);
    status_ = s;
    done_ = true;
  }
  int64_t last_sequence() {
    absl::MutexLock lock(&mu_);
    return last_sequence_;
  }
  absl::Time last_at() {
    absl::MutexLock lock(&mu_);
    return last_at_;
  }
  bool done() {
    absl::MutexLock lock(&mu_);
    return done_;
  }
  grpc::Status status() {
    absl::MutexLock lock(&mu_);
    return status_;
  }
  void Cancel() { ctx_.TryCancel(); }

 private:
  grpc::ClientContext ctx_;
  pb::WatchReferralRequest req_;
  pb::TimelineEntry entry_;
  absl::Mutex mu_;
  int64_t last_sequence_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_at_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
};

// Waits until `pred` holds (true) or `timeout` passes (false).
template <typename Pred>
bool WaitUntil(Pred pred, absl::Duration timeout) {
  const absl::Time end = absl::Now() + timeout;
  while (absl::Now() < end) {
    if (pred()) return true;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return pred();
}

class ReferralWatchTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_FALSE(certs_.empty()) << "deploy/local/certs.sh failed";

    auto cipher = FieldCipher::Create(std::string(32, 'E'), std::string(32, 'H'));
    ASSERT_TRUE(cipher.ok()) << cipher.status();
    cipher_ = *std::move(cipher);
    auto calendar = LoadCalendarForService(CalendarDir());
    ASSERT_TRUE(calendar.ok()) << calendar.status();
    calendar_ = *std::move(calendar);
    referral::CoreDeps deps;
    deps.pool = pool_.get();
    deps.clock = &Clock::Real();
    deps.ids = &IdGenerator::Random();
    deps.cipher = cipher_.get();
    deps.calendar = &calendar_;
    core_ = std::make_unique<referral::ReferralCore>(deps);

    Principal admin;
    admin.kind = Principal::Kind::kUser;
    admin.id = "u-admin";
    admin.procuratorate = kRenhuai;
    admin.roles = {Role::kAdmin};
    pb::UpsertProcuratorateRequest proc;
    proc.set_request_id("watch-setup-1");
    proc.mutable_procuratorate()->set_procuratorate_code(kRenhuai);
    proc.mutable_procuratorate()->set_name("仁怀市人民检察院");
    ASSERT_TRUE(core_->UpsertProcuratorate(admin, proc).ok());
    pb::RegisterAgencyRequest agency;
    agency.set_request_id("watch-setup-2");
    pb::Agency* ag = agency.mutable_agency();
    ag->set_agency_code("edu-renhuai");
    ag->set_name("仁怀市教育局");
    ag->set_type(pb::AGENCY_TYPE_EDUCATION);
    ag->set_jurisdiction_code(kRenhuai);
    ag->set_procuratorate_code(kRenhuai);
    ag->set_active(true);
    ASSERT_TRUE(core_->RegisterAgency(admin, agency).ok());

    // The service as the referral binary wires it, minus flags.
    auto pub = ReadFile(certs_ + "/jwt-signing.pub");
    ASSERT_TRUE(pub.ok()) << pub.status();
    auto verifier = TokenVerifier::FromPublicKeyPem(*pub);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    referral::ReferralCore* core = core_.get();
    auth_ = std::make_unique<Authenticator>(
        std::move(verifier).value(),
        [core](const std::string& code) -> absl::StatusOr<AgencyIdentity> {
          auto a = core->LookupAgency(code);
          if (!a.ok()) return a.status();
          return AgencyIdentity{a->agency_code(), a->name(), a->procuratorate_code(), a->active()};
        },
        &Clock::Real());
    env_ = std::make_unique<RpcEnv>(auth_.get(), &metrics_, "referral");
    workers_ = std::make_unique<WorkerPool>(WorkerPool::Options{.threads = 8});
    auto grpc_services = referral::ReferralGrpc::Create(
        core, env_.get(), workers_.get(),
        referral::ReferralGrpc::Options{.watch = {.poll_interval = absl::Seconds(1)}});
    ASSERT_TRUE(grpc_services.ok()) << grpc_services.status();
    grpc_ = std::move(grpc_services).value();
    HostOptions host;
    host.service_name = "referral";
    host.listen = "127.0.0.1:0";
    host.tls = {certs_ + "/services/referral.pem", certs_ + "/services/referral.key",
                certs_ + "/ca.pem"};
    host.handle_signals = false;
    host.health_details = [] { return std::vector<std::string>{"a degraded condition"}; };
    host.shutdown_grace = absl::Seconds(5);
    referral::ReferralGrpc* raw = grpc_.get();
    RpcEnv* env = env_.get();
    host.on_drain_start = [raw, env] {
      env->BeginShutdown();
      raw->BeginShutdown();
    };
    auto started = ServiceHost::Start(host, grpc_->services(), pool_.get(), &metrics_);
    ASSERT_TRUE(started.ok()) << started.status();
    host_ = std::move(started).value();

    auto key = ReadFile(certs_ + "/jwt-signing.key");
    ASSERT_TRUE(key.ok());
    auto issuer = TokenIssuer::FromPrivateKeyPem(*key);
    ASSERT_TRUE(issuer.ok());
    Claims claims;
    claims.subject = "u-head";
    claims.name = "部门负责人";
    claims.procuratorate = kRenhuai;
    claims.department = "未成年人检察部";
    claims.roles = {"department_head"};
    claims.issued_at = absl::Now();
    claims.expires_at = absl::Now() + absl::Hours(1);
    auto token = (*issuer)->Issue(claims);
    ASSERT_TRUE(token.ok()) << token.status();
    head_token_ = *token;
  }

  // A development PKI of this test binary's own, made once.
  static void SetUpTestSuite() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "shouhu-watch-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) return;
    const std::string cmd = absl::StrCat("bash '", SourceDir(), "/deploy/local/certs.sh' '", tmpl,
                                         "' >'", tmpl, "/certs.log' 2>&1");
    if (std::system(cmd.c_str()) == 0) certs_ = tmpl;
  }
  static void TearDownTestSuite() {
    if (!certs_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(certs_, ec);
    }
    certs_.clear();
  }

  void TearDown() override {
    if (host_ != nullptr) host_->Shutdown();
    host_.reset();
    if (workers_ != nullptr) workers_->Shutdown();
    grpc_.reset();
    workers_.reset();
    core_.reset();
    DbTest::TearDown();
  }

  std::shared_ptr<grpc::Channel> Channel(const std::string& cert_base) {
    auto creds = ClientTlsCredentials(TlsFiles{
        certs_ + "/" + cert_base + ".pem", certs_ + "/" + cert_base + ".key", certs_ + "/ca.pem"});
    EXPECT_TRUE(creds.ok()) << creds.status();
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->port()), *creds);
  }

  // A guardianship-concern referral submitted by the agency over mTLS.
  pb::Referral Submit(pb::ReferralService::Stub* agency, const std::string& request_id) {
    pb::SubmitReferralRequest submit;
    submit.set_request_id(request_id);
    submit.set_kind(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN);
    submit.set_facts("该生近期多次带伤到校，班主任家访发现家中长期无人照料。");
    submit.mutable_occurred_on()->set_year(2025);
    submit.mutable_occurred_on()->set_month(3);
    submit.mutable_occurred_on()->set_day(1);
    auto* subject = submit.add_people();
    subject->set_role(pb::PERSON_ROLE_SUBJECT);
    subject->mutable_person()->set_name("王小明");
    subject->mutable_person()->set_sex(cpb::SEX_MALE);
    subject->mutable_person()->mutable_birth_date()->set_year(2015);
    subject->mutable_person()->mutable_birth_date()->set_month(6);
    subject->mutable_person()->mutable_birth_date()->set_day(1);
    pb::Referral referral;
    grpc::ClientContext ctx;
    Deadline(&ctx);
    grpc::Status st = agency->SubmitReferral(&ctx, submit, &referral);
    EXPECT_TRUE(st.ok()) << st.error_code() << " " << st.error_message();
    return referral;
  }

  static void Deadline(grpc::ClientContext* ctx) {
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  }

  static std::string certs_;
  std::unique_ptr<FieldCipher> cipher_;
  WorkingCalendar calendar_;
  std::unique_ptr<referral::ReferralCore> core_;
  Registry metrics_{RegistryOptions{.process_metrics = false}};
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<RpcEnv> env_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<referral::ReferralGrpc> grpc_;
  std::unique_ptr<ServiceHost> host_;
  std::string head_token_;
};

std::string ReferralWatchTest::certs_;

TEST_F(ReferralWatchTest, FiveHundredWatchersBoundedThreadsFastDelivery) {
  // The agency submits over mTLS.
  auto agency = pb::ReferralService::NewStub(Channel("agencies/edu-renhuai"));
  pb::Referral referral = Submit(agency.get(), "watch-submit-1");
  ASSERT_FALSE(referral.referral_id().empty());

  const int threads_before = ProcessThreads();
  auto head_channel = Channel("clients/shouhu-cli");
  auto head = pb::ReferralService::NewStub(head_channel);
  std::vector<std::unique_ptr<Watcher>> watchers;
  watchers.reserve(kWatchers);
  for (int i = 0; i < kWatchers; ++i) {
    watchers.push_back(std::make_unique<Watcher>(head.get(), head_token_, referral.referral_id()));
  }
  // Everyone has the submission entry.
  ASSERT_TRUE(WaitUntil(
      [&] {
        for (auto& w : watchers) {
          if (w->last_sequence() < 1) return false;
        }
        return true;
      },
      absl::Seconds(30)))
      << "not every watcher got the first entry";
  const int64_t first_sequence = watchers.front()->last_sequence();
  for (auto& w : watchers) ASSERT_FALSE(w->done()) << w->status().error_message();

  const int threads_watching = ProcessThreads();
  std::cout << "threads: " << threads_before << " before, " << threads_watching << " with "
            << kWatchers << " watchers\n";
  EXPECT_LT(threads_watching, threads_before + 40);
  EXPECT_LT(threads_watching, 150);

  // Another caller is served meanwhile.
  {
    pb::GetReferralRequest get;
    get.set_referral_id(referral.referral_id());
    pb::Referral seen;
    grpc::ClientContext ctx;
    Deadline(&ctx);
    const absl::Time start = absl::Now();
    grpc::Status st = agency->GetReferral(&ctx, get, &seen);
    ASSERT_TRUE(st.ok()) << st.error_message();
    EXPECT_LT(absl::Now() - start, absl::Seconds(1));
    EXPECT_EQ(seen.referral_id(), referral.referral_id());
  }

  // Changes: the referral is (re)assigned three times. Each timeline entry must reach all
  // 500 watchers within 100 ms of the commit. The machine running the tests is shared, so
  // the median of the three rounds is held to 100 ms, and every round to well below the
  // 1 s poll (which would mean the in-process notification was missed).
  std::vector<absl::Duration> rounds;
  int64_t version = referral.version();
  int64_t seen = first_sequence;
  for (const char* caseworker : {"u-zhang", "u-wang", "u-zhang"}) {
    pb::AssignReferralRequest assign;
    assign.set_request_id(absl::StrCat("watch-assign-", rounds.size()));
    assign.set_referral_id(referral.referral_id());
    assign.set_version(version);
    assign.set_caseworker(caseworker);
    pb::Referral assigned;
    const absl::Time sent = absl::Now();
    absl::Time committed;
    {
      grpc::ClientContext ctx;
      Deadline(&ctx);
      ctx.AddMetadata("authorization", absl::StrCat("Bearer ", head_token_));
      grpc::Status st = head->AssignReferral(&ctx, assign, &assigned);
      committed = absl::Now();  // the commit happened before the answer
      ASSERT_TRUE(st.ok()) << st.error_message();
    }
    version = assigned.version();
    ASSERT_TRUE(WaitUntil(
        [&] {
          for (auto& w : watchers) {
            if (w->last_sequence() <= seen) return false;
          }
          return true;
        },
        absl::Seconds(10)))
        << "not every watcher got the assignment";
    absl::Time last = absl::InfinitePast();
    for (auto& w : watchers) {
      last = std::max(last, w->last_at());
      seen = std::max(seen, w->last_sequence());
    }
    const absl::Duration after_commit = std::max(absl::ZeroDuration(), last - committed);
    std::cout << "round " << rounds.size() + 1 << ": last of " << kWatchers
              << " watchers got the entry " << absl::ToDoubleMilliseconds(after_commit)
              << " ms after the answer, " << absl::ToDoubleMilliseconds(last - sent)
              << " ms after the call began\n";
    EXPECT_LT(after_commit, absl::Milliseconds(500));
    rounds.push_back(after_commit);
  }
  std::sort(rounds.begin(), rounds.end());
  EXPECT_LT(rounds[1], absl::Milliseconds(100)) << "median delivery time";
  EXPECT_LT(ProcessThreads(), 150);

  // Shutdown ends every watch with UNAVAILABLE (clients resume with after_sequence).
  host_->Shutdown();
  ASSERT_TRUE(WaitUntil(
      [&] {
        for (auto& w : watchers) {
          if (!w->done()) return false;
        }
        return true;
      },
      absl::Seconds(10)));
  for (auto& w : watchers) {
    EXPECT_EQ(w->status().error_code(), grpc::StatusCode::UNAVAILABLE)
        << w->status().error_message();
  }
}

TEST_F(ReferralWatchTest, WatchOfAnUnreadableReferralEndsWithTheCoreAnswer) {
  // A referral that does not exist for this caller: the watch ends with the core's answer.
  auto head = pb::ReferralService::NewStub(Channel("clients/shouhu-cli"));
  Watcher missing(head.get(), head_token_, "ref-520382-doesnotexist");
  ASSERT_TRUE(WaitUntil([&] { return missing.done(); }, absl::Seconds(10)));
  EXPECT_EQ(missing.status().error_code(), grpc::StatusCode::NOT_FOUND)
      << missing.status().error_message();
  Watcher other_tenant(head.get(), head_token_, "ref-520330-abcdef");
  ASSERT_TRUE(WaitUntil([&] { return other_tenant.done(); }, absl::Seconds(10)));
  EXPECT_NE(other_tenant.status().error_code(), grpc::StatusCode::OK);
  EXPECT_NE(other_tenant.status().error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ReferralWatchTest, WatchEndsOkOnceTheReferralIsFinalAndEverythingWasSent) {
  auto agency = pb::ReferralService::NewStub(Channel("agencies/edu-renhuai"));
  pb::Referral referral = Submit(agency.get(), "watch-submit-final");
  ASSERT_FALSE(referral.referral_id().empty());
  auto head = pb::ReferralService::NewStub(Channel("clients/shouhu-cli"));
  Watcher watcher(head.get(), head_token_, referral.referral_id());
  ASSERT_TRUE(WaitUntil([&] { return watcher.last_sequence() >= 1; }, absl::Seconds(10)));
  const int64_t first = watcher.last_sequence();

  pb::DeclineReferralRequest decline;
  decline.set_request_id("watch-decline-1");
  decline.set_referral_id(referral.referral_id());
  decline.set_version(referral.version());
  decline.set_reason(pb::DECLINE_REASON_NOT_ELIGIBLE);
  pb::Referral declined;
  grpc::ClientContext ctx;
  Deadline(&ctx);
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", head_token_));
  grpc::Status st = head->DeclineReferral(&ctx, decline, &declined);
  ASSERT_TRUE(st.ok()) << st.error_message();

  ASSERT_TRUE(WaitUntil([&] { return watcher.done(); }, absl::Seconds(5)));
  EXPECT_TRUE(watcher.status().ok()) << watcher.status().error_message();
  EXPECT_GT(watcher.last_sequence(), first);  // the decline entry came before the end

  // A watch of a referral that is already final sends its timeline and ends at once.
  Watcher late(head.get(), head_token_, referral.referral_id());
  ASSERT_TRUE(WaitUntil([&] { return late.done(); }, absl::Seconds(5)));
  EXPECT_TRUE(late.status().ok());
  EXPECT_EQ(late.last_sequence(), watcher.last_sequence());
}

TEST_F(ReferralWatchTest, AdminHealthShowsDegradedConditions) {
  ASSERT_TRUE(WaitUntil([&] { return host_->serving(); }, absl::Seconds(5)));  // database seen
  httplib::Client admin("127.0.0.1", host_->admin_port());
  auto health = admin.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\nwarning: a degraded condition");
}

TEST_F(ReferralWatchTest, OtherServicesAskAboutCasesWithTheirCertificate) {
  // What the skeleton gives aid, visit and guardianship for --referral_addr.
  auto creds = ClientTlsCredentials(
      TlsFiles{certs_ + "/services/aid.pem", certs_ + "/services/aid.key", certs_ + "/ca.pem"});
  ASSERT_TRUE(creds.ok()) << creds.status();
  CaseClient cases(CaseClient::Options{absl::StrCat("127.0.0.1:", host_->port()), absl::Seconds(5)},
                   *creds);
  auto missing = cases.GetCase("case-520382-doesnotexist");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound) << missing.status();
  // An unreachable referral service is an error within the deadline, not a hang.
  CaseClient nowhere(CaseClient::Options{"127.0.0.1:1", absl::Milliseconds(300)}, *creds);
  const absl::Time start = absl::Now();
  auto down = nowhere.GetCase("case-520382-x");
  EXPECT_TRUE(absl::IsUnavailable(down.status()) || absl::IsDeadlineExceeded(down.status()))
      << down.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
}

}  // namespace
}  // namespace shouhu::testing
