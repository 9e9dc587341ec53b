// What the fixtures of a service's cores on a real MariaDB share (ReferralCoreFixture,
// AidFixture, GuardianshipFixture): a fresh database with the migrations (DbTest), a fake
// clock (Monday 10 March 2025, 10:00 in China), sequential ids, a test cipher and the real
// calendar (deploy/calendar), request ids of the fixture's own kind, and after each test
// that passed, the audit chain must verify. ProcuratorateStaff: the people of the aid and
// guardianship fixtures.
#ifndef SHOUHU_TESTS_INTEGRATION_SERVICE_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_SERVICE_FIXTURE_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/base/clock.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/db/audit.h"
#include "common/server/principal.h"
#include "integration/db_fixture.h"
#include "support/builders.h"
#include "support/principals.h"

namespace shouhu::testing {

// Principals of every role in 520382 (Renhuai) and 520330 (Xishui), as the fixtures of the
// services on cases name them (a fixture adds its own: finance, agencies).
struct ProcuratorateStaff {
  const Principal zhang_ = User("u-zhang", kRenhuai, {Role::kCaseworker});
  const Principal wang_ = User("u-wang", kRenhuai, {Role::kCaseworker});
  const Principal head_ = User("u-head", kRenhuai, {Role::kDepartmentHead});
  const Principal head2_ = User("u-head-2", kRenhuai, {Role::kDepartmentHead});
  const Principal chief_ = User("u-chief", kRenhuai, {Role::kChief}, "chief_procurator");
  const Principal deputy_ = User("u-deputy", kRenhuai, {Role::kChief}, "deputy_chief_procurator");
  const Principal untitled_chief_ = User("u-chief-x", kRenhuai, {Role::kChief});
  const Principal analyst_ = User("u-analyst", kRenhuai, {Role::kAnalyst});
  const Principal admin_ = User("u-admin", kRenhuai, {Role::kAdmin});
  const Principal xs_worker_ = User("u-xs-li", kXishui, {Role::kCaseworker});
  const Principal xs_head_ = User("u-xs-head", kXishui, {Role::kDepartmentHead});
  const Principal xs_chief_ = User("u-xs-chief", kXishui, {Role::kChief}, "chief_procurator");
};

class ServiceFixture : public DbTest {
 protected:
  // Request ids are "req-<n><request_suffix>" (e.g. "-aid-it").
  explicit ServiceFixture(std::string request_suffix)
      : request_suffix_(std::move(request_suffix)) {}

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
  }

  // Verifies the audit chain (when the test passed), releases the cores, drops the database.
  void TearDown() override {
    if (pool_ != nullptr && !IsSkipped() && !HasFailure()) {
      auto report = db::VerifyAudit(*pool_);
      ASSERT_TRUE(report.ok()) << report.status();
      EXPECT_TRUE(report->ok()) << report->problems.size()
                                << " audit problem(s), first: " << report->problems[0].what;
    }
    ReleaseCores();
    DbTest::TearDown();
  }

  // What the fixture built on the database, released before the database goes.
  virtual void ReleaseCores() {}

  // The database, clock, ids, cipher and calendar of the fixture into a service's deps.
  template <typename Deps>
  void Wire(Deps& deps) {
    deps.pool = pool_.get();
    deps.clock = &clock_;
    deps.ids = &ids_;
    deps.cipher = cipher_.get();
    deps.calendar = &calendar_;
  }

  static absl::Time China(int y, int mo, int d, int h, int mi = 0, int s = 0) {
    return absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), WorkingCalendar::ChinaTimeZone());
  }

  std::string Rid() { return absl::StrCat("req-", next_request_++, request_suffix_); }

  // Monday 10 March 2025, 10:00 in China.
  FakeClock clock_{China(2025, 3, 10, 10)};
  SequentialIdGenerator ids_;
  std::unique_ptr<FieldCipher> cipher_;
  WorkingCalendar calendar_;
  int next_request_ = 1;

 private:
  const std::string request_suffix_;
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_SERVICE_FIXTURE_H_
