// The aid service's money part on a real MariaDB: a fresh database with the migrations,
// AidDeps with a fake clock (Monday 10 March 2025, 10:00 in China), sequential ids, a test
// cipher and the real calendar; principals of procuratorates 520382 (Renhuai) and 520330
// (Xishui); applications inserted directly in the state a test needs.
#ifndef SHOUHU_TESTS_INTEGRATION_AID_MONEY_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_AID_MONEY_FIXTURE_H_

#include <memory>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "aid/deps.h"
#include "aid/fund_ledger.h"
#include "common/base/clock.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/db/audit.h"
#include "common/server/principal.h"
#include "integration/db_fixture.h"
#include "support/builders.h"

namespace shouhu::testing {

namespace apb = ::shouhu::aid::v1;

inline constexpr char kMoneyRenhuai[] = "520382";
inline constexpr char kMoneyXishui[] = "520330";

inline Principal MoneyUser(const std::string& id, const std::string& procuratorate,
                           std::set<Role> roles, const std::string& title = "") {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = id;
  p.display_name = id;
  p.procuratorate = procuratorate;
  p.department = "未成年人检察部";
  p.roles = std::move(roles);
  p.title = title;
  return p;
}

// An application row as the money part reads it.
struct MoneyApplication {
  std::string procuratorate = kMoneyRenhuai;
  apb::ApplicationStatus status = apb::APPLICATION_STATUS_APPROVED;
  std::string assigned_to = "u-zhang";
  bool victim_minor = false;
  int64_t approved_fen = 0;
  int64_t emergency_fen = 0;
};

class MoneyFixture : public DbTest {
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
    deps_.pool = pool_.get();
    deps_.clock = &clock_;
    deps_.ids = &ids_;
    deps_.cipher = cipher_.get();
    deps_.calendar = &calendar_;
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

  std::string Rid() { return absl::StrCat("req-", next_request_++, "-money"); }

  // Inserts an application with the columns the money part reads; returns its id.
  std::string InsertApplication(const MoneyApplication& a) {
    const std::string id = absl::StrCat("aid-", a.procuratorate, "-app", next_app_++);
    Exec(absl::StrCat(
        "INSERT INTO aid_applications (id, procuratorate_code, case_id, channel, status,"
        " assigned_to, applicant_person_id, victim_minor, details_enc, registered_on,"
        " decision_due_on, approved_fen, emergency_fen, created_at_ms, updated_at_ms, version)"
        " VALUES ('",
        id, "', '", a.procuratorate, "', 'case-", a.procuratorate, "-", next_app_, "', 1, ",
        static_cast<int>(a.status), ", '", a.assigned_to, "', 'p-", next_app_, "', ",
        a.victim_minor ? 1 : 0, ", x'00', '2025-03-01', '2025-05-01', ", a.approved_fen, ", ",
        a.emergency_fen, ", 0, 0, 1)"));
    return id;
  }

  // Runs `fn` in a transaction.
  absl::Status InTx(const std::function<absl::Status(db::Tx&)>& fn) {
    return db::RunInTransaction(*pool_, fn);
  }

  aid::FundMove Move(apb::FundPot pot, int64_t fen, const std::string& application = "",
                     const std::string& procuratorate = kMoneyRenhuai) {
    return {.procuratorate = procuratorate,
            .year = 2025,
            .pot = pot,
            .amount_fen = fen,
            .application_id = application,
            .payment_id = "",
            .actor = "user:u-fin",
            .at = clock_.Now()};
  }

  static absl::Time China(int y, int mo, int d, int h, int mi = 0, int s = 0) {
    return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), WorkingCalendar::ChinaTimeZone());
  }

  FakeClock clock_{China(2025, 3, 10, 10)};
  SequentialIdGenerator ids_;
  std::unique_ptr<FieldCipher> cipher_;
  WorkingCalendar calendar_;
  aid::AidDeps deps_;
  int next_request_ = 1;
  int next_app_ = 1;

  const Principal finance_ = MoneyUser("u-fin", kMoneyRenhuai, {Role::kFinance});
  const Principal finance_xishui_ = MoneyUser("u-fin-x", kMoneyXishui, {Role::kFinance});
  const Principal zhang_ = MoneyUser("u-zhang", kMoneyRenhuai, {Role::kCaseworker});
  const Principal li_ = MoneyUser("u-li", kMoneyRenhuai, {Role::kCaseworker});
  const Principal head_ = MoneyUser("u-head", kMoneyRenhuai, {Role::kDepartmentHead});
  const Principal chief_ = MoneyUser("u-chief", kMoneyRenhuai, {Role::kChief}, "chief_procurator");
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_AID_MONEY_FIXTURE_H_
