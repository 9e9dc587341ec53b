// shouhu-bench: load generator for referral intake (登记) and triage (流转/受理).
//
//   --mode=grpc    calls a running shouhu-referral over gRPC with mTLS: submissions as the
//                  partner agency (its certificate), triage as a department head (client
//                  certificate plus a bearer token signed here with the platform key).
//                  Each client thread has its own channels (own TLS connections).
//   --mode=direct  the baseline: the same ReferralCore operations in-process, with their
//                  own connection pool of the same size, called with the principals the
//                  service would have built. Same SQL transactions; no gRPC, TLS or auth.
//
//   --workload=intake  SubmitReferral (JUDICIAL_AID or MANDATORY_REPORT naming 2 people)
//   --workload=triage  AssignReferral then AcceptReferral of referrals seeded before timing
//   --workload=mixed   2 submits : 1 assign : 1 accept per client
//
// Every operation is one call with a fresh request id; latencies are measured around the
// call (for gRPC: including the client stack and TLS). Only operations that start inside
// the timed window (after the warm-up) are counted. The last line of stdout is a JSON
// summary.
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
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
#include "support/builders.h"

ABSL_FLAG(std::string, mode, "grpc", "grpc | direct");
ABSL_FLAG(std::string, workload, "intake", "intake | triage | mixed");
ABSL_FLAG(int, clients, 16, "concurrent clients (threads)");
ABSL_FLAG(double, duration_s, 20, "timed window, seconds");
ABSL_FLAG(double, warmup_s, 3, "warm-up before the timed window, seconds (not counted)");
ABSL_FLAG(int, deadline_ms, 5000, "deadline of every gRPC call");
ABSL_FLAG(int, triage_pool, 10000,
          "triage: referrals submitted before timing; a client stops when none is left");
ABSL_FLAG(int, people, 20000,
          "distinct minors and distinct adults per run that referrals draw from (repeats "
          "match existing person records)");
ABSL_FLAG(uint64_t, salt, 0, "run salt for request ids and people (0: from the clock)");
ABSL_FLAG(bool, setup, true, "register the procuratorate and the agency first (admin)");
ABSL_FLAG(std::string, procuratorate, "520382", "procuratorate code");
ABSL_FLAG(std::string, agency, "edu-renhuai", "agency code (its certificate for grpc)");
ABSL_FLAG(std::string, watch_pids, "",
          "name:pid,... of processes whose CPU time in the timed window is reported "
          "(e.g. the service and the database server); the bench itself is always reported");

// grpc mode.
ABSL_FLAG(std::string, addr, "127.0.0.1:7101", "referral service address");
ABSL_FLAG(std::string, ca, "", "CA bundle (PEM)");
ABSL_FLAG(std::string, agency_cert, "", "agency client certificate (CN agency:<code>)");
ABSL_FLAG(std::string, agency_key, "", "agency client key");
ABSL_FLAG(std::string, client_cert, "", "people-facing client certificate (CN client:<name>)");
ABSL_FLAG(std::string, client_key, "", "people-facing client key");
ABSL_FLAG(std::string, jwt_signing_key, "", "ES256 private key issuing the users' tokens");

// direct mode (the service's own flag names).
ABSL_FLAG(std::string, db_host, "127.0.0.1", "MariaDB host");
ABSL_FLAG(int, db_port, 3306, "MariaDB port");
ABSL_FLAG(std::string, db_user, "shouhu", "MariaDB user");
ABSL_FLAG(std::string, db_password_file, "", "file holding the MariaDB password");
ABSL_FLAG(std::string, db_name, "shouhu", "database name");
ABSL_FLAG(int, db_pool_size, 16, "database connections (as the service's --db_pool_size)");
ABSL_FLAG(std::string, data_key_file, "", "AES-256 key for sensitive fields (64 hex chars)");
ABSL_FLAG(std::string, hmac_key_file, "", "HMAC key for matching ID numbers (64 hex chars)");
ABSL_FLAG(std::string, calendar_dir, "deploy/calendar", "working-day calendar files");
ABSL_FLAG(std::string, migrations_dir, "deploy/migrations", "schema migrations");

namespace shouhu::bench {
namespace {

namespace pb = ::shouhu::referral::v1;
namespace cpb = ::shouhu::common::v1;
using SteadyClock = std::chrono::steady_clock;

[[noreturn]] void Die(const std::string& what, const absl::Status& st) {
  std::fprintf(stderr, "bench: %s: %s\n", what.c_str(), st.ToString().c_str());
  std::exit(1);
}

enum Op { kSubmit = 0, kAssign = 1, kAccept = 2, kOpCount = 3 };
const char* OpName(int op) {
  switch (op) {
    case kSubmit:
      return "submit";
    case kAssign:
      return "assign";
    case kAccept:
      return "accept";
  }
  return "?";
}

// ------------------------------------------------------------------------------ targets

// One client's view of the referral service: the three operations and the registry
// set-up. Implementations are used by one thread each.
class Client {
 public:
  virtual ~Client() = default;
  virtual absl::StatusOr<pb::Referral> Submit(const pb::SubmitReferralRequest& req) = 0;
  virtual absl::StatusOr<pb::Referral> Assign(const pb::AssignReferralRequest& req) = 0;
  virtual absl::StatusOr<pb::Referral> Accept(const pb::AcceptReferralRequest& req) = 0;
  virtual absl::Status UpsertProcuratorate(const pb::UpsertProcuratorateRequest& req) = 0;
  virtual absl::Status RegisterAgency(const pb::RegisterAgencyRequest& req) = 0;
};

class Target {
 public:
  virtual ~Target() = default;
  virtual std::unique_ptr<Client> NewClient() = 0;
};

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

  // The agency principal as the authenticator builds it from the registry; call after the
  // registry set-up.
  void ResolveAgency() {
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

// ----------------------------------------------------------------------------- workload

constexpr const char* kRegions[] = {"520382", "520381", "520330", "520302", "520303",
                                    "520304", "520321", "520322", "520323", "520324"};
constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                     "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                  "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
                                  "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "辉", "宇"};
constexpr const char* kTowns[] = {"中枢街道", "盐津街道", "茅台镇", "坛厂街道", "苍龙街道",
                                  "鲁班街道", "长岗镇",   "五马镇", "高大坪镇", "喜头镇"};
constexpr const char* kFacts[] = {
    "学校班主任在日常家访中发现该学生长期独自在家，身上有多处新旧伤痕，学生自述被家人殴打。",
    "该生近两周未到校上课，经老师多次联系监护人未果，邻居反映孩子夜间在外游荡。",
    "被害人在案件中受重伤，侵权人无赔偿能力，家庭失去主要收入来源，生活陷入困难。",
    "当事人因交通事故致残，肇事方逃逸，医疗费用无力承担，申请司法救助。",
    "学校心理老师反映该生情绪异常，自述遭受同学欺凌并被索要财物，家长未予重视。"};

// Makes the requests of one client thread. People are drawn from fixed universes of
// minors and adults, so repeated draws match existing records by ID number (matching
// work) while most draws early in a run register new people.
class Generator {
 public:
  Generator(uint64_t salt, int client)
      : salt_(salt), client_(client), rng_(salt * 1000003u + static_cast<uint64_t>(client)) {
    today_ = absl::ToCivilDay(absl::Now(), referral::ChinaTime());
  }

  std::string RequestId() {
    return absl::StrFormat("bench-%08x-%d-%d", static_cast<uint32_t>(salt_), client_, ++counter_);
  }

  pb::SubmitReferralRequest SubmitRequest() {
    pb::SubmitReferralRequest req;
    req.set_request_id(RequestId());
    const bool report = Uniform(2) == 0;
    const int64_t people = absl::GetFlag(FLAGS_people);
    const uint64_t k1 = Uniform(people);
    uint64_t k2 = Uniform(people);
    if (report) {
      req.set_kind(pb::REFERRAL_KIND_MANDATORY_REPORT);
      AddDistinct(req.mutable_situations(), 9);
      AddPerson(req, pb::PERSON_ROLE_SUBJECT, "", Person(k1, /*minor=*/true));
      AddPerson(req, pb::PERSON_ROLE_GUARDIAN, Uniform(2) == 0 ? "母亲" : "父亲",
                Person(k2, /*minor=*/false));
    } else {
      req.set_kind(pb::REFERRAL_KIND_JUDICIAL_AID);
      AddDistinct(req.mutable_aid_grounds(), 10);
      req.set_urgent(Uniform(10) == 0);
      if (k2 == k1) k2 = (k1 + 1) % people;
      AddPerson(req, pb::PERSON_ROLE_SUBJECT, "", Person(k1, /*minor=*/false));
      AddPerson(req, pb::PERSON_ROLE_RELATIVE, Uniform(2) == 0 ? "配偶" : "子女",
                Person(k2, /*minor=*/false));
    }
    req.set_facts(absl::StrCat(kFacts[Uniform(std::size(kFacts))], "（压测编号 ", client_, "-",
                               counter_, "）"));
    *req.mutable_occurred_on() = referral::FromCivilDay(today_ - static_cast<int>(Uniform(30)));
    return req;
  }

 private:
  uint64_t Uniform(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }

  void AddDistinct(google::protobuf::RepeatedField<int>* out, int max) {
    const int a = static_cast<int>(Uniform(max)) + 1;
    out->Add(a);
    if (Uniform(2) == 0) {
      const int b = a % max + 1;
      out->Add(b);
    }
  }

  static void AddPerson(pb::SubmitReferralRequest& req, pb::PersonRole role,
                        const std::string& relation, cpb::PersonInput person) {
    pb::ReferralPersonInput* rp = req.add_people();
    rp->set_role(role);
    rp->set_relation(relation);
    *rp->mutable_person() = std::move(person);
  }

  // Person `k` of this run's universe of minors (ages about 7-16) or adults (30-60).
  // Birth date, region and sequence number follow from the index one to one, so the same
  // index is always the same ID number, name and birth date, and different indexes are
  // different ID numbers. Birth dates spread over the whole age range, so that people who
  // share a name and a birth date (possible duplicates) stay rare, as in real intake.
  cpb::PersonInput Person(uint64_t k, bool minor) const {
    const uint64_t n = (salt_ % 1000) * static_cast<uint64_t>(absl::GetFlag(FLAGS_people)) + k;
    const uint64_t span = minor ? 9 * 365 : 30 * 365;
    const absl::CivilDay first = minor ? absl::CivilDay(today_.year() - 17, today_.month(), 1) + 60
                                       : absl::CivilDay(today_.year() - 60, today_.month(), 1);
    const absl::CivilDay birth = first + static_cast<int64_t>(n % span);
    const char* region = kRegions[(n / span) % std::size(kRegions)];
    const int seq = static_cast<int>((n / span / std::size(kRegions)) % 1000);
    const std::string id_number = testing::IdNumber(birth, seq, region);
    cpb::PersonInput p;
    const uint64_t h = (n * 2654435761u) >> 7;  // name from a scrambled index
    const uint64_t g2 = (h / 600) % (std::size(kGiven) + 1);
    p.set_name(absl::StrCat(kSurnames[h % std::size(kSurnames)],
                            kGiven[(h / 20) % std::size(kGiven)],
                            g2 == std::size(kGiven) ? "" : kGiven[g2]));
    p.set_sex(seq % 2 == 1 ? cpb::SEX_MALE : cpb::SEX_FEMALE);
    p.set_id_number(id_number);
    p.set_phone(absl::StrFormat("1%02d%08d", 30 + n % 60, n % 100000000));
    p.set_address(
        absl::StrCat("贵州省仁怀市", kTowns[(h / 7) % std::size(kTowns)], h % 300 + 1, "号"));
    p.set_ethnicity(h % 5 == 0 ? "仡佬族" : "汉族");
    return p;
  }

  const uint64_t salt_;
  const int client_;
  std::mt19937_64 rng_;
  absl::CivilDay today_;
  int64_t counter_ = 0;
};

// ------------------------------------------------------------------------------ results

struct Stats {
  std::vector<uint32_t> latency_us[kOpCount];  // successful operations
  std::map<std::string, int64_t> errors;       // "<op>:<CODE>"
  int64_t error_count = 0;
  bool exhausted = false;
};

struct Window {
  SteadyClock::time_point start;  // end of warm-up
  SteadyClock::time_point end;
  bool Inside(SteadyClock::time_point t) const { return t >= start && t < end; }
};

// Runs one operation, records it if it started inside the window.
template <typename Fn>
auto Timed(Stats& stats, const Window& w, int op, Fn fn) -> decltype(fn()) {
  const auto t0 = SteadyClock::now();
  auto result = fn();
  const auto t1 = SteadyClock::now();
  if (w.Inside(t0)) {
    if (result.ok()) {
      stats.latency_us[op].push_back(static_cast<uint32_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count()));
    } else {
      ++stats.error_count;
      ++stats.errors[absl::StrCat(OpName(op), ":",
                                  absl::StatusCodeToString(result.status().code()))];
    }
  }
  return result;
}

struct Seeded {
  std::string referral_id;
  int64_t version = 0;
};

// Referrals for the triage workload, taken once each.
class TriagePool {
 public:
  void Add(std::vector<Seeded> batch) {
    absl::MutexLock lock(&mu_);
    for (auto& s : batch) items_.push_back(std::move(s));
  }
  bool Take(Seeded* out) {
    const size_t i = next_.fetch_add(1);
    if (i >= items_.size()) return false;
    *out = items_[i];
    return true;
  }
  size_t size() const { return items_.size(); }

 private:
  absl::Mutex mu_;
  std::vector<Seeded> items_;
  std::atomic<size_t> next_{0};
};

pb::AssignReferralRequest AssignRequest(Generator& gen, const Seeded& s, int client) {
  pb::AssignReferralRequest req;
  req.set_request_id(gen.RequestId());
  req.set_referral_id(s.referral_id);
  req.set_version(s.version);
  req.set_caseworker(absl::StrCat("u-bench-cw-", client % 4));
  return req;
}

pb::AcceptReferralRequest AcceptRequest(Generator& gen, const Seeded& s) {
  pb::AcceptReferralRequest req;
  req.set_request_id(gen.RequestId());
  req.set_referral_id(s.referral_id);
  req.set_version(s.version);
  req.set_message_to_agency("已受理，将依法处理。");
  return req;
}

void RunClient(Client& client, Generator& gen, const std::string& workload, int index,
               const Window& w, TriagePool& pool, Stats& stats) {
  std::deque<Seeded> submitted;  // mixed: own submissions waiting for triage
  std::optional<Seeded> assigned;
  int64_t step = 0;
  while (SteadyClock::now() < w.end) {
    if (workload == "intake") {
      (void)Timed(stats, w, kSubmit, [&] { return client.Submit(gen.SubmitRequest()); });
    } else if (workload == "triage") {
      Seeded s;
      if (!pool.Take(&s)) {
        stats.exhausted = true;
        return;
      }
      auto a =
          Timed(stats, w, kAssign, [&] { return client.Assign(AssignRequest(gen, s, index)); });
      if (!a.ok() || SteadyClock::now() >= w.end) continue;
      s.version = a->version();
      (void)Timed(stats, w, kAccept, [&] { return client.Accept(AcceptRequest(gen, s)); });
    } else {  // mixed: submit, submit, assign, accept
      const int phase = static_cast<int>(step++ % 4);
      if (phase == 2 && !submitted.empty()) {
        Seeded s = submitted.front();
        submitted.pop_front();
        auto a =
            Timed(stats, w, kAssign, [&] { return client.Assign(AssignRequest(gen, s, index)); });
        if (a.ok()) assigned = Seeded{s.referral_id, a->version()};
      } else if (phase == 3 && assigned.has_value()) {
        Seeded s = *assigned;
        assigned.reset();
        (void)Timed(stats, w, kAccept, [&] { return client.Accept(AcceptRequest(gen, s)); });
      } else {
        auto r = Timed(stats, w, kSubmit, [&] { return client.Submit(gen.SubmitRequest()); });
        if (r.ok()) submitted.push_back(Seeded{r->referral_id(), r->version()});
      }
    }
  }
}

double Percentile(const std::vector<uint32_t>& sorted, double q) {
  if (sorted.empty()) return 0;
  // Nearest rank.
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  if (rank < 1) rank = 1;
  return sorted[std::min(rank, sorted.size()) - 1] / 1000.0;
}

struct Summary {
  int64_t ops = 0;
  double p50 = 0, p95 = 0, p99 = 0, max = 0, mean = 0;
};

Summary Summarize(std::vector<uint32_t> v) {
  Summary s;
  std::sort(v.begin(), v.end());
  s.ops = static_cast<int64_t>(v.size());
  s.p50 = Percentile(v, 0.50);
  s.p95 = Percentile(v, 0.95);
  s.p99 = Percentile(v, 0.99);
  s.max = v.empty() ? 0 : v.back() / 1000.0;
  double sum = 0;
  for (uint32_t x : v) sum += x;
  s.mean = v.empty() ? 0 : sum / static_cast<double>(v.size()) / 1000.0;
  return s;
}

std::string Fixed(double v, int digits) { return absl::StrFormat("%.*f", digits, v); }

// User plus system CPU seconds of a process so far ("self" for this one), from
// /proc/<pid>/stat; -1 if unreadable.
double CpuSeconds(const std::string& pid) {
  auto stat = ReadFile(absl::StrCat("/proc/", pid, "/stat"));
  if (!stat.ok()) return -1;
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
  const size_t close = stat->rfind(')');
  if (close == std::string::npos) return -1;
  std::vector<std::string> f =
      absl::StrSplit(absl::string_view(*stat).substr(close + 2), ' ', absl::SkipEmpty());
  if (f.size() < 13) return -1;
  int64_t utime = 0, stime = 0;
  if (!absl::SimpleAtoi(f[11], &utime) || !absl::SimpleAtoi(f[12], &stime)) return -1;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

struct Watched {
  std::string name;
  std::string pid;
  double start = 0;
  double end = 0;
};

std::vector<Watched> WatchList() {
  std::vector<Watched> out{{"bench", "self"}};
  for (absl::string_view item :
       absl::StrSplit(absl::GetFlag(FLAGS_watch_pids), ',', absl::SkipEmpty())) {
    std::vector<std::string> kv = absl::StrSplit(item, absl::MaxSplits(':', 1));
    if (kv.size() == 2) out.push_back({kv[0], kv[1]});
  }
  return out;
}

// ---------------------------------------------------------------------------------- main

void Setup(Client& client, Generator& gen) {
  pb::UpsertProcuratorateRequest proc;
  proc.set_request_id(gen.RequestId());
  proc.mutable_procuratorate()->set_procuratorate_code(absl::GetFlag(FLAGS_procuratorate));
  proc.mutable_procuratorate()->set_name("贵州省仁怀市人民检察院");
  absl::Status st = client.UpsertProcuratorate(proc);
  if (!st.ok()) Die("set-up: procuratorate", st);
  pb::RegisterAgencyRequest agency;
  agency.set_request_id(gen.RequestId());
  pb::Agency* a = agency.mutable_agency();
  a->set_agency_code(absl::GetFlag(FLAGS_agency));
  a->set_name("仁怀市教育局");
  a->set_type(pb::AGENCY_TYPE_EDUCATION);
  a->set_jurisdiction_code(absl::GetFlag(FLAGS_procuratorate));
  a->set_procuratorate_code(absl::GetFlag(FLAGS_procuratorate));
  a->set_active(true);
  st = client.RegisterAgency(agency);
  if (!st.ok()) Die("set-up: agency", st);
}

int Main() {
  const std::string mode = absl::GetFlag(FLAGS_mode);
  const std::string workload = absl::GetFlag(FLAGS_workload);
  const int clients = absl::GetFlag(FLAGS_clients);
  if (mode != "grpc" && mode != "direct") Die("flags", absl::InvalidArgumentError("--mode"));
  if (workload != "intake" && workload != "triage" && workload != "mixed") {
    Die("flags", absl::InvalidArgumentError("--workload"));
  }
  if (clients < 1 || absl::GetFlag(FLAGS_people) < 2 || absl::GetFlag(FLAGS_duration_s) <= 0) {
    Die("flags", absl::InvalidArgumentError("--clients, --people or --duration_s"));
  }
  uint64_t salt = absl::GetFlag(FLAGS_salt);
  if (salt == 0) salt = static_cast<uint64_t>(absl::ToUnixMicros(absl::Now()));

  std::unique_ptr<Target> target;
  DirectTarget* direct = nullptr;
  if (mode == "grpc") {
    target = GrpcTarget::Create();
  } else {
    auto d = DirectTarget::Create();
    direct = d.get();
    target = std::move(d);
  }

  std::vector<std::unique_ptr<Client>> conns;
  std::vector<std::unique_ptr<Generator>> gens;
  for (int i = 0; i < clients; ++i) {
    conns.push_back(target->NewClient());
    gens.push_back(std::make_unique<Generator>(salt, i));
  }
  if (absl::GetFlag(FLAGS_setup)) {
    Generator setup_gen(salt, clients);
    Setup(*conns[0], setup_gen);
  }
  if (direct != nullptr) direct->ResolveAgency();

  // Triage: submit the pool first, with every client, outside the timing.
  TriagePool pool;
  if (workload == "triage") {
    const int total = absl::GetFlag(FLAGS_triage_pool);
    std::atomic<int64_t> failures{0};
    std::vector<std::thread> seeders;
    const auto t0 = SteadyClock::now();
    for (int i = 0; i < clients; ++i) {
      seeders.emplace_back([&, i] {
        std::vector<Seeded> mine;
        const int n = total / clients + (i < total % clients ? 1 : 0);
        for (int j = 0; j < n; ++j) {
          auto r = conns[i]->Submit(gens[i]->SubmitRequest());
          if (r.ok()) {
            mine.push_back(Seeded{r->referral_id(), r->version()});
          } else {
            ++failures;
          }
        }
        pool.Add(std::move(mine));
      });
    }
    for (auto& t : seeders) t.join();
    std::fprintf(stderr, "bench: seeded %zu referrals in %.1f s (%lld failed)\n", pool.size(),
                 std::chrono::duration<double>(SteadyClock::now() - t0).count(),
                 static_cast<long long>(failures.load()));
    if (pool.size() == 0) Die("seeding", absl::InternalError("no referral could be submitted"));
  }

  const auto begin = SteadyClock::now();
  Window w;
  w.start =
      begin + std::chrono::microseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_warmup_s) * 1e6));
  w.end = w.start +
          std::chrono::microseconds(static_cast<int64_t>(absl::GetFlag(FLAGS_duration_s) * 1e6));
  std::vector<Stats> stats(clients);
  std::vector<SteadyClock::time_point> finished(clients);
  std::vector<Watched> watched = WatchList();
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
      threads.emplace_back([&, i] {
        RunClient(*conns[i], *gens[i], workload, i, w, pool, stats[i]);
        finished[i] = SteadyClock::now();
      });
    }
    std::this_thread::sleep_until(w.start);
    for (auto& p : watched) p.start = CpuSeconds(p.pid);
    std::this_thread::sleep_until(w.end);
    for (auto& p : watched) p.end = CpuSeconds(p.pid);
    for (auto& t : threads) t.join();
  }
  // The window is shorter if the triage pool ran out.
  auto last = w.start;
  for (const auto& f : finished) last = std::max(last, f);
  const double elapsed = std::chrono::duration<double>(std::min(last, w.end) - w.start).count();

  std::vector<uint32_t> all;
  std::vector<uint32_t> per_op[kOpCount];
  std::map<std::string, int64_t> errors;
  int64_t error_count = 0;
  bool exhausted = false;
  for (auto& s : stats) {
    for (int op = 0; op < kOpCount; ++op) {
      per_op[op].insert(per_op[op].end(), s.latency_us[op].begin(), s.latency_us[op].end());
      all.insert(all.end(), s.latency_us[op].begin(), s.latency_us[op].end());
    }
    for (const auto& [k, v] : s.errors) errors[k] += v;
    error_count += s.error_count;
    exhausted = exhausted || s.exhausted;
  }
  const Summary total = Summarize(all);
  const double ops_per_s = elapsed > 0 ? static_cast<double>(total.ops) / elapsed : 0;

  std::printf("mode=%s workload=%s clients=%d window=%.1fs warmup=%.1fs db_pool_size=%d\n",
              mode.c_str(), workload.c_str(), clients, elapsed, absl::GetFlag(FLAGS_warmup_s),
              absl::GetFlag(FLAGS_db_pool_size));
  std::printf("ops %lld  ops/s %.1f  errors %lld%s\n", static_cast<long long>(total.ops), ops_per_s,
              static_cast<long long>(error_count),
              exhausted ? "  (triage pool exhausted: window shortened)" : "");
  std::printf("latency ms  p50 %.2f  p95 %.2f  p99 %.2f  max %.2f  mean %.2f\n", total.p50,
              total.p95, total.p99, total.max, total.mean);
  std::vector<std::string> op_json;
  for (int op = 0; op < kOpCount; ++op) {
    if (per_op[op].empty()) continue;
    const Summary s = Summarize(per_op[op]);
    std::printf("  %-7s n %-7lld p50 %.2f  p95 %.2f  p99 %.2f  max %.2f\n", OpName(op),
                static_cast<long long>(s.ops), s.p50, s.p95, s.p99, s.max);
    op_json.push_back(absl::StrCat("\"", OpName(op), "\":{\"ops\":", s.ops,
                                   ",\"p50_ms\":", Fixed(s.p50, 3), ",\"p95_ms\":", Fixed(s.p95, 3),
                                   ",\"p99_ms\":", Fixed(s.p99, 3), ",\"max_ms\":", Fixed(s.max, 3),
                                   "}"));
  }
  // CPU time per operation of each watched process, over the whole window.
  std::vector<std::string> cpu_json;
  std::string cpu_line;
  for (const auto& p : watched) {
    if (p.start < 0 || p.end < 0 || total.ops == 0) continue;
    const double window = std::chrono::duration<double>(w.end - w.start).count();
    const double cpu = p.end - p.start;
    const double per_op_ms = cpu * 1000 / static_cast<double>(total.ops);
    absl::StrAppend(&cpu_line, "  ", p.name, " ", Fixed(cpu / window, 2), " cores (",
                    Fixed(per_op_ms, 2), " ms/op)");
    cpu_json.push_back(absl::StrCat("\"", p.name, "\":{\"cores\":", Fixed(cpu / window, 3),
                                    ",\"ms_per_op\":", Fixed(per_op_ms, 3), "}"));
  }
  if (!cpu_line.empty()) std::printf("cpu%s\n", cpu_line.c_str());
  std::vector<std::string> err_json;
  for (const auto& [k, v] : errors) {
    std::printf("  error %s: %lld\n", k.c_str(), static_cast<long long>(v));
    err_json.push_back(absl::StrCat("\"", k, "\":", v));
  }
  std::printf(
      "%s\n",
      absl::StrCat("{\"mode\":\"", mode, "\",\"workload\":\"", workload, "\",\"clients\":", clients,
                   ",\"window_s\":", Fixed(elapsed, 2), ",\"ops\":", total.ops,
                   ",\"ops_per_s\":", Fixed(ops_per_s, 1), ",\"p50_ms\":", Fixed(total.p50, 3),
                   ",\"p95_ms\":", Fixed(total.p95, 3), ",\"p99_ms\":", Fixed(total.p99, 3),
                   ",\"max_ms\":", Fixed(total.max, 3), ",\"errors\":", error_count,
                   ",\"exhausted\":", exhausted ? "true" : "false", ",\"by_op\":{",
                   absl::StrJoin(op_json, ","), "},\"error_codes\":{", absl::StrJoin(err_json, ","),
                   "},\"cpu\":{", absl::StrJoin(cpu_json, ","), "}}")
          .c_str());
  std::fflush(stdout);
  return 0;
}

}  // namespace
}  // namespace shouhu::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return shouhu::bench::Main();
}
