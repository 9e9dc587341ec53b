// The guardianship service's cores on a real MariaDB, ready to use: a fresh database with
// the migrations, a fake clock (Monday 10 March 2025, 10:00 in China), sequential ids, a
// test cipher, the real calendar (deploy/calendar), a fake case hub (gmocks of the referral
// service's CaseService, PersonService and RegistryService answering from the cases,
// persons and agencies the test adds) and principals of every role in 520382 (Renhuai)
// and 520330 (Xishui). Renhuai has an open guardianship case of a 9-year-old boy (kCase)
// with his father and mother as persons, and the agencies fl-renhuai (妇联), gg-renhuai
// (关工委) and mz-renhuai (民政). After each test that passed, the audit chain must verify.
#ifndef SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_GUARDIANSHIP_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_GUARDIANSHIP_FIXTURE_H_

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "common/base/clock.h"
#include "common/base/dates.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/db/audit.h"
#include "common/server/case_client.h"
#include "common/server/principal.h"
#include "common/server/rpc_service.h"
#include "guardianship/deps.h"
#include "integration/db_fixture.h"
#include "shouhu/referral/v1/referral_mock.grpc.pb.h"
#include "support/builders.h"
#include "support/field_violations.h"
#include "support/principals.h"

namespace shouhu::testing {

namespace gpb = ::shouhu::guardianship::v1;
namespace cpb = ::shouhu::common::v1;
namespace rpb = ::shouhu::referral::v1;

class GuardianshipFixture : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto cipher = FieldCipher::Create(std::string(32, 'E'), std::string(32, 'H'));
    ASSERT_TRUE(cipher.ok()) << cipher.status();
    cipher_ = *std::move(cipher);
    auto calendar = WorkingCalendar::LoadFromDirectory(CalendarDir());
    ASSERT_TRUE(calendar.ok()) << calendar.status();
    calendar_ = *std::move(calendar);
    ASSERT_TRUE(calendar_.Covers(2025));

    auto cases = std::make_unique<::testing::NiceMock<rpb::MockCaseServiceStub>>();
    ON_CALL(*cases, GetCase)
        .WillByDefault(
            [this](grpc::ClientContext*, const rpb::GetCaseRequest& req, rpb::Case* out) {
              absl::MutexLock lock(&hub_mu_);
              if (hub_down_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
              auto it = cases_.find(req.case_id());
              if (it == cases_.end())
                return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such case");
              *out = it->second;
              return grpc::Status::OK;
            });
    auto registry = std::make_unique<::testing::NiceMock<rpb::MockRegistryServiceStub>>();
    ON_CALL(*registry, GetAgency)
        .WillByDefault(
            [this](grpc::ClientContext*, const rpb::GetAgencyRequest& req, rpb::Agency* out) {
              absl::MutexLock lock(&hub_mu_);
              if (hub_down_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
              auto it = agencies_.find(req.agency_code());
              if (it == agencies_.end())
                return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such agency");
              *out = it->second;
              return grpc::Status::OK;
            });
    auto persons = std::make_unique<::testing::NiceMock<rpb::MockPersonServiceStub>>();
    ON_CALL(*persons, GetPerson)
        .WillByDefault(
            [this](grpc::ClientContext*, const rpb::GetPersonRequest& req, cpb::Person* out) {
              absl::MutexLock lock(&hub_mu_);
              if (hub_down_) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
              auto it = persons_.find(req.person_id());
              if (it == persons_.end())
                return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such person");
              *out = it->second;
              return grpc::Status::OK;
            });
    case_client_ = std::make_unique<CaseClient>(std::move(cases), absl::Seconds(2),
                                                std::move(registry), std::move(persons));

    deps_.pool = pool_.get();
    deps_.clock = &clock_;
    deps_.ids = &ids_;
    deps_.cipher = cipher_.get();
    deps_.calendar = &calendar_;
    deps_.cases = case_client_.get();

    AddPerson(kMinor, "王小明", absl::CivilDay(2015, 6, 1));
    AddPerson(kFather, "王大山", absl::CivilDay(1985, 2, 3));
    AddPerson(kMother, "李春花", absl::CivilDay(1988, 9, 12));
    AddPerson(kAdult, "赵成年", absl::CivilDay(2000, 1, 1));
    AddCase(kCase, kRenhuai, "u-zhang", kMinor);
    AddCase(kXsCase, kXishui, "u-xs-li", kMinor);
    AddAgency("fl-renhuai", "仁怀市妇联", rpb::AGENCY_TYPE_WOMENS_FEDERATION, kRenhuai);
    AddAgency("gg-renhuai", "仁怀市关工委", rpb::AGENCY_TYPE_CARE_COMMITTEE, kRenhuai);
    AddAgency("mz-renhuai", "仁怀市民政局", rpb::AGENCY_TYPE_CIVIL_AFFAIRS, kRenhuai);
    AddAgency("fy-renhuai", "仁怀市人民法院", rpb::AGENCY_TYPE_COURT, kRenhuai);
  }

  void TearDown() override {
    if (pool_ != nullptr && !HasFailure() && !IsSkipped()) {
      auto report = db::VerifyAudit(*pool_);
      ASSERT_TRUE(report.ok()) << report.status();
      EXPECT_TRUE(report->ok()) << report->problems.size()
                                << " audit problem(s), first: " << report->problems[0].what;
    }
    DbTest::TearDown();
  }

  static absl::Time China(int y, int mo, int d, int h, int mi = 0) {
    return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, 0), absl::FixedTimeZone(8 * 3600));
  }

  // A case the fake case hub knows, about `subject`.
  void AddCase(const std::string& id, const std::string& procuratorate,
               const std::string& assigned_to, const std::string& subject,
               rpb::CaseStatus status = rpb::CASE_STATUS_OPEN) {
    rpb::Case c;
    c.set_case_id(id);
    c.set_procuratorate_code(procuratorate);
    c.set_status(status);
    c.set_assigned_to(assigned_to);
    c.set_subject_person_id(subject);
    c.set_kind(rpb::REFERRAL_KIND_GUARDIANSHIP_CONCERN);
    c.set_version(1);
    absl::MutexLock lock(&hub_mu_);
    cases_[id] = c;
  }
  // A person as the referral service shows it to a service (masked name, birth date).
  void AddPerson(const std::string& id, const std::string& masked_name, absl::CivilDay birth) {
    cpb::Person p;
    p.set_person_id(id);
    p.set_name(masked_name.substr(0, 3) + "**");
    *p.mutable_birth_date() = FromCivilDay(birth);
    p.set_minor(AgeOn(birth, ChinaDay(clock_.Now())) < 18);
    p.set_version(1);
    absl::MutexLock lock(&hub_mu_);
    persons_[id] = p;
  }
  void AddAgency(const std::string& code, const std::string& name, rpb::AgencyType type,
                 const std::string& procuratorate, bool active = true) {
    rpb::Agency a;
    a.set_agency_code(code);
    a.set_name(name);
    a.set_type(type);
    a.set_jurisdiction_code(procuratorate);
    a.set_procuratorate_code(procuratorate);
    a.set_active(active);
    absl::MutexLock lock(&hub_mu_);
    agencies_[code] = a;
  }
  void SetHubDown(bool down) {
    absl::MutexLock lock(&hub_mu_);
    hub_down_ = down;
  }

  // Calls `method` of `table` through its handler, as the server would (the access table
  // admits or refuses first).
  template <typename Resp>
  static absl::StatusOr<Resp> Call(const MethodTable& table, const Principal& p,
                                   const std::string& method,
                                   const google::protobuf::Message& req) {
    for (const auto& e : table.entries()) {
      if (e.method->name() != method) continue;
      if (!e.unary) return absl::UnimplementedError(method);
      auto r = e.unary(p, req);
      if (!r.ok()) return r.status();
      return static_cast<const Resp&>(**r);
    }
    return absl::UnimplementedError(method);
  }

  static bool HasField(const absl::Status& s, const std::string& field) {
    for (const auto& f : ViolatedFields(s)) {
      if (f == field) return true;
    }
    return false;
  }

  std::string Rid() { return absl::StrCat("req-", next_request_++, "-guard-it"); }

  static constexpr char kCase[] = "case-520382-0000000000000001";
  static constexpr char kXsCase[] = "case-520330-0000000000000002";
  static constexpr char kMinor[] = "per-minor-0001";
  static constexpr char kFather[] = "per-father-0001";
  static constexpr char kMother[] = "per-mother-0001";
  static constexpr char kAdult[] = "per-adult-0001";

  FakeClock clock_{China(2025, 3, 10, 10)};
  SequentialIdGenerator ids_;
  std::unique_ptr<FieldCipher> cipher_;
  WorkingCalendar calendar_;
  std::unique_ptr<CaseClient> case_client_;
  guardianship::GuardDeps deps_;
  int next_request_ = 1;

  absl::Mutex hub_mu_;
  std::map<std::string, rpb::Case> cases_;
  std::map<std::string, cpb::Person> persons_;
  std::map<std::string, rpb::Agency> agencies_;
  bool hub_down_ = false;

  const Principal zhang_ = User("u-zhang", kRenhuai, {Role::kCaseworker});
  const Principal wang_ = User("u-wang", kRenhuai, {Role::kCaseworker});
  const Principal head_ = User("u-head", kRenhuai, {Role::kDepartmentHead});
  const Principal head2_ = User("u-head-2", kRenhuai, {Role::kDepartmentHead});
  const Principal chief_ = User("u-chief", kRenhuai, {Role::kChief}, "chief_procurator");
  const Principal deputy_ = User("u-deputy", kRenhuai, {Role::kChief}, "deputy_chief_procurator");
  const Principal untitled_chief_ = User("u-chief-x", kRenhuai, {Role::kChief});
  const Principal analyst_ = User("u-analyst", kRenhuai, {Role::kAnalyst});
  const Principal admin_ = User("u-admin", kRenhuai, {Role::kAdmin});
  const Principal fulian_ = Agency("fl-renhuai", kRenhuai);
  const Principal guangong_ = Agency("gg-renhuai", kRenhuai);
  const Principal minzheng_ = Agency("mz-renhuai", kRenhuai);
  const Principal xs_worker_ = User("u-xs-li", kXishui, {Role::kCaseworker});
  const Principal xs_head_ = User("u-xs-head", kXishui, {Role::kDepartmentHead});
  const Principal xs_chief_ = User("u-xs-chief", kXishui, {Role::kChief}, "chief_procurator");
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_GUARDIANSHIP_FIXTURE_H_
