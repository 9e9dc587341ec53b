// Failures of field encryption inside a transaction, on a real MariaDB:
// - an encryption failure is a status that leaves the transaction once, on a healthy
//   connection that goes back to the pool (it used to be a made-up SQL error 0 that
//   discarded the connection and ran the transaction four times);
// - a stored value that fails to decrypt fails the read with DATA_LOSS, is logged without
//   the value and is counted, instead of being shown as a placeholder.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/base/clock.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/ops/log.h"
#include "common/ops/metrics.h"
#include "common/server/principal.h"
#include "integration/db_fixture.h"
#include "referral/core.h"
#include "referral/repository.h"

namespace shouhu::testing {
namespace {

namespace pb = ::shouhu::referral::v1;
namespace cpb = ::shouhu::common::v1;

constexpr char kRenhuai[] = "520382";
constexpr char kPhone[] = "13812345678";
constexpr char kAddress[] = "贵州省遵义市仁怀市中枢街道幸福路12号";

// A real cipher whose encryption can be switched off.
class FlakyCipher : public FieldCipher {
 public:
  FlakyCipher() : FieldCipher(std::string(32, 'E'), std::string(32, 'H')) {}
  absl::StatusOr<std::string> Encrypt(absl::string_view plaintext,
                                      absl::string_view associated_data) const override {
    if (fail_encrypt.load()) return absl::InternalError("random generator failed");
    return FieldCipher::Encrypt(plaintext, associated_data);
  }
  std::atomic<bool> fail_encrypt{false};
};

class FieldCipherFailureTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // One connection: "the same connection" is observable as the same CONNECTION_ID().
    auto pool = NewPool(/*pool_size=*/1);
    ASSERT_TRUE(pool.ok()) << pool.status();
    single_ = *std::move(pool);
    auto calendar = WorkingCalendar::LoadFromDirectory(CalendarDir());
    ASSERT_TRUE(calendar.ok()) << calendar.status();
    calendar_ = *std::move(calendar);

    referral::CoreDeps deps;
    deps.pool = single_.get();
    deps.clock = &clock_;
    deps.ids = &ids_;
    deps.cipher = &cipher_;
    deps.calendar = &calendar_;
    deps.metrics = &metrics_;
    core_ = std::make_unique<referral::ReferralCore>(deps);

    Principal admin;
    admin.kind = Principal::Kind::kUser;
    admin.id = "u-admin";
    admin.roles = {Role::kAdmin};
    pb::UpsertProcuratorateRequest proc;
    proc.set_request_id("req-proc-0001");
    proc.mutable_procuratorate()->set_procuratorate_code(kRenhuai);
    proc.mutable_procuratorate()->set_name("仁怀市人民检察院");
    ASSERT_TRUE(core_->UpsertProcuratorate(admin, proc).ok());
    pb::RegisterAgencyRequest agency;
    agency.set_request_id("req-agency-0001");
    agency.mutable_agency()->set_agency_code("edu-renhuai");
    agency.mutable_agency()->set_name("仁怀市教育局");
    agency.mutable_agency()->set_type(pb::AGENCY_TYPE_EDUCATION);
    agency.mutable_agency()->set_jurisdiction_code(kRenhuai);
    agency.mutable_agency()->set_procuratorate_code(kRenhuai);
    agency.mutable_agency()->set_active(true);
    ASSERT_TRUE(core_->RegisterAgency(admin, agency).ok());

    edu_.kind = Principal::Kind::kAgency;
    edu_.id = "edu-renhuai";
    edu_.display_name = "edu-renhuai";
    edu_.procuratorate = kRenhuai;
    edu_.roles = {Role::kAgency};
    zhang_.kind = Principal::Kind::kUser;
    zhang_.id = "u-zhang";
    zhang_.display_name = "张检察官";
    zhang_.procuratorate = kRenhuai;
    zhang_.roles = {Role::kCaseworker};

    SetLogSink([this](absl::string_view line) {
      absl::MutexLock lock(&log_mu_);
      log_.emplace_back(line);
    });
  }

  void TearDown() override {
    SetLogSink(nullptr);
    core_.reset();
    single_.reset();
    DbTest::TearDown();
  }

  int64_t ConnectionId() {
    int64_t id = -1;
    absl::Status st = db::RunInTransaction(*single_, [&](db::Tx& tx) -> absl::Status {
      auto rs = tx.Sql("SELECT CONNECTION_ID() AS id").Rows();
      if (rs->next()) id = rs->getInt64("id");
      return absl::OkStatus();
    });
    EXPECT_TRUE(st.ok()) << st;
    return id;
  }

  pb::SubmitReferralRequest Submission(const std::string& request_id) {
    pb::SubmitReferralRequest req;
    req.set_request_id(request_id);
    req.set_kind(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN);
    req.set_facts("该生近期多次带伤到校，班主任家访发现家中长期无人照料。");
    req.mutable_occurred_on()->set_year(2025);
    req.mutable_occurred_on()->set_month(3);
    req.mutable_occurred_on()->set_day(1);
    auto* s = req.add_people();
    s->set_role(pb::PERSON_ROLE_SUBJECT);
    cpb::PersonInput* person = s->mutable_person();
    person->set_name("王小明");
    person->set_sex(cpb::SEX_MALE);
    person->mutable_birth_date()->set_year(2015);
    person->mutable_birth_date()->set_month(6);
    person->mutable_birth_date()->set_day(1);
    person->set_phone(kPhone);
    person->set_address(kAddress);
    return req;
  }

  std::vector<std::string> Log() {
    absl::MutexLock lock(&log_mu_);
    return log_;
  }

  FakeClock clock_{absl::FromUnixSeconds(1741572000)};  // 2025-03-10
  SequentialIdGenerator ids_;
  FlakyCipher cipher_;
  WorkingCalendar calendar_;
  Registry metrics_{RegistryOptions{.process_metrics = false}};
  std::unique_ptr<db::ConnectionPool> single_;
  std::unique_ptr<referral::ReferralCore> core_;
  Principal edu_, zhang_;
  absl::Mutex log_mu_;
  std::vector<std::string> log_ ABSL_GUARDED_BY(log_mu_);
};

TEST_F(FieldCipherFailureTest, EncryptionFailureLeavesTheTransactionOnceAndKeepsTheConnection) {
  const int64_t connection = ConnectionId();
  ASSERT_GT(connection, 0);
  cipher_.fail_encrypt = true;

  // The repository inside a transaction: one attempt, the status comes back as is.
  referral::Repository repo(&cipher_, &clock_);
  int attempts = 0;
  absl::Status st = db::RunInTransaction(*single_, [&](db::Tx& tx) -> absl::Status {
    ++attempts;
    cpb::PersonInput in = Submission("req-unused-01").people(0).person();
    return repo.MatchOrCreatePerson(tx, in, "per-0000000000000099").status();
  });
  EXPECT_EQ(attempts, 1);
  EXPECT_TRUE(absl::IsInternal(st)) << st;
  EXPECT_THAT(std::string(st.message()), ::testing::HasSubstr("encrypt"));
  EXPECT_EQ(ConnectionId(), connection) << "a healthy connection was discarded";

  // Through the core: the same, and nothing is written (not even the idempotency key).
  const int64_t keys = Count("idempotency_keys");
  auto submitted = core_->Submit(edu_, Submission("req-submit-01"));
  EXPECT_TRUE(absl::IsInternal(submitted.status())) << submitted.status();
  EXPECT_EQ(ConnectionId(), connection);
  EXPECT_EQ(Count("persons"), 0);
  EXPECT_EQ(Count("referrals"), 0);
  EXPECT_EQ(Count("idempotency_keys"), keys);
  for (const std::string& line : Log()) {
    EXPECT_FALSE(absl::StrContains(line, kPhone)) << line;
    EXPECT_FALSE(absl::StrContains(line, kAddress)) << line;
  }

  // Once encryption works again, the same request id runs (a failure stored nothing).
  cipher_.fail_encrypt = false;
  submitted = core_->Submit(edu_, Submission("req-submit-01"));
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(ConnectionId(), connection);
}

TEST_F(FieldCipherFailureTest, UndecryptableValueFailsTheReadAndIsCountedNotMasked) {
  auto submitted = core_->Submit(edu_, Submission("req-submit-02"));
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  // (Agencies are not shown person ids.)
  const std::vector<std::string> ids = Strings("SELECT id FROM persons");
  ASSERT_EQ(ids.size(), 1u);
  const std::string person_id = ids[0];

  // A ciphertext moved from another row (same key, other associated data) does not
  // authenticate here.
  auto foreign = cipher_.Encrypt(kPhone, "person/per-someone-else/phone");
  ASSERT_TRUE(foreign.ok());
  Exec(absl::StrCat("UPDATE persons SET phone_enc = X'", HexEncode(*foreign), "' WHERE id = '",
                    person_id, "'"));

  pb::GetPersonRequest get;
  get.set_person_id(person_id);
  auto masked = core_->GetPerson(zhang_, get);
  EXPECT_TRUE(absl::IsDataLoss(masked.status())) << masked.status();
  get.set_unmask(true);
  get.set_purpose("核实监护人联系方式");
  auto unmasked = core_->GetPerson(zhang_, get);
  EXPECT_TRUE(absl::IsDataLoss(unmasked.status())) << unmasked.status();
  pb::GetReferralRequest get_referral;
  get_referral.set_referral_id(submitted->referral_id());
  auto referral = core_->Get(zhang_, get_referral);
  EXPECT_TRUE(absl::IsDataLoss(referral.status())) << referral.status();
  EXPECT_THAT(std::string(referral.status().message()), ::testing::HasSubstr("phone"));

  // Counted per field, logged with the record id but never the value.
  const std::string rendered = metrics_.Render();
  EXPECT_THAT(rendered,
              ::testing::HasSubstr("shouhu_field_decrypt_failures_total{field=\"phone\"} 3"));
  int failures_logged = 0;
  for (const std::string& line : Log()) {
    EXPECT_FALSE(absl::StrContains(line, kPhone)) << line;
    EXPECT_FALSE(absl::StrContains(line, "138****5678")) << line;
    if (absl::StrContains(line, "person.decrypt_failed")) {
      ++failures_logged;
      EXPECT_TRUE(absl::StrContains(line, person_id)) << line;
    }
  }
  EXPECT_EQ(failures_logged, 3);
  // The unmasked read failed, so it is not in the audit trail as a disclosure.
  EXPECT_EQ(Count("audit_log", "action = 'person.read_unmasked'"), 0);
}

}  // namespace
}  // namespace shouhu::testing
