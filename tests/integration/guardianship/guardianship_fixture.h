// The guardianship service's cores on a real MariaDB, ready to use: what every service
// fixture has (integration/service_fixture.h: a fresh database with the migrations, a fake
// clock, Monday 10 March 2025, 10:00 in China, sequential ids, a test cipher, the real
// calendar), a fake case hub (integration/fake_case_hub.h: the referral service's
// CaseService, PersonService and RegistryService answering from the cases, persons and
// agencies the test adds) and principals of every role in 520382 (Renhuai)
// and 520330 (Xishui). Renhuai has an open guardianship case of a 9-year-old boy (kCase)
// with his father and mother as persons, and the agencies fl-renhuai (妇联), gg-renhuai
// (关工委) and mz-renhuai (民政). After each test that passed, the audit chain must verify.
#ifndef SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_GUARDIANSHIP_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_GUARDIANSHIP_FIXTURE_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/base/dates.h"
#include "common/server/case_client.h"
#include "common/server/principal.h"
#include "common/server/rpc_service.h"
#include "guardianship/deps.h"
#include "integration/fake_case_hub.h"
#include "integration/service_fixture.h"
#include "support/builders.h"
#include "support/field_violations.h"
#include "support/principals.h"

namespace shouhu::testing {

namespace gpb = ::shouhu::guardianship::v1;
namespace cpb = ::shouhu::common::v1;
namespace rpb = ::shouhu::referral::v1;

class GuardianshipFixture : public ServiceFixture, public ProcuratorateStaff {
 protected:
  GuardianshipFixture() : ServiceFixture("-guard-it") {}
  // The administrator, not the database's admin connection (DbTest::admin_).
  using ProcuratorateStaff::admin_;

  void SetUp() override {
    ServiceFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    case_client_ = case_hub_.NewClient();
    Wire(deps_);
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
    case_hub_.AddCase(c);
  }
  // A person as the referral service shows it to a service (masked name, birth date).
  void AddPerson(const std::string& id, const std::string& masked_name, absl::CivilDay birth) {
    cpb::Person p;
    p.set_person_id(id);
    p.set_name(masked_name.substr(0, 3) + "**");
    *p.mutable_birth_date() = FromCivilDay(birth);
    p.set_minor(AgeOn(birth, ChinaDay(clock_.Now())) < 18);
    p.set_version(1);
    case_hub_.AddPerson(p);
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
    case_hub_.AddAgency(a);
  }
  void SetHubDown(bool down) { case_hub_.SetDown(down); }

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

  static constexpr char kCase[] = "case-520382-0000000000000001";
  static constexpr char kXsCase[] = "case-520330-0000000000000002";
  static constexpr char kMinor[] = "per-minor-0001";
  static constexpr char kFather[] = "per-father-0001";
  static constexpr char kMother[] = "per-mother-0001";
  static constexpr char kAdult[] = "per-adult-0001";

  FakeCaseHub case_hub_;  // before the client of it
  std::unique_ptr<CaseClient> case_client_;
  guardianship::GuardDeps deps_;

  const Principal fulian_ = Agency("fl-renhuai", kRenhuai);
  const Principal guangong_ = Agency("gg-renhuai", kRenhuai);
  const Principal minzheng_ = Agency("mz-renhuai", kRenhuai);
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_GUARDIANSHIP_GUARDIANSHIP_FIXTURE_H_
