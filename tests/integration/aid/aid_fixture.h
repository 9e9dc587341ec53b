// The aid service's cores on a real MariaDB, ready to use: what every service fixture has
// (integration/service_fixture.h: a fresh database with the migrations, a fake clock,
// Monday 10 March 2025, 10:00 in China, sequential ids, a test cipher, the real calendar),
// the eligibility rule set (deploy/aid/rules), a fake case hub (integration/fake_case_hub.h,
// answering from the cases the test adds) and principals of every role in 520382 (Renhuai)
// and 520330 (Xishui). After each test that passed, the audit chain must verify.
#ifndef SHOUHU_TESTS_INTEGRATION_AID_AID_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_AID_AID_FIXTURE_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "aid/application_core.h"
#include "aid/deps.h"
#include "aid/rules.h"
#include "common/server/case_client.h"
#include "common/server/principal.h"
#include "integration/fake_case_hub.h"
#include "integration/service_fixture.h"
#include "support/builders.h"
#include "support/field_violations.h"
#include "support/principals.h"

namespace shouhu::testing {

namespace apb = ::shouhu::aid::v1;
namespace cpb = ::shouhu::common::v1;
namespace rpb = ::shouhu::referral::v1;

class AidFixture : public ServiceFixture, public ProcuratorateStaff {
 protected:
  AidFixture() : ServiceFixture("-aid-it") {}
  // The administrator, not the database's admin connection (DbTest::admin_).
  using ProcuratorateStaff::admin_;

  void SetUp() override {
    ServiceFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto rules = aid::RuleSet::Load(SourceDir() + "/deploy/aid/rules/eligibility-2021.1.json");
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = std::make_unique<aid::RuleSet>(*std::move(rules));
    case_client_ = case_hub_.NewClient();
    Wire(deps_);
    deps_.cases = case_client_.get();
    core_ = std::make_unique<aid::ApplicationCore>(deps_, rules_.get());
    AddCase(kCase, kRenhuai, "u-zhang");
    AddCase(kXsCase, kXishui, "u-xs-li");
  }

  void ReleaseCores() override { core_.reset(); }

  // A case the fake case hub knows.
  void AddCase(const std::string& id, const std::string& procuratorate,
               const std::string& assigned_to, rpb::CaseStatus status = rpb::CASE_STATUS_OPEN) {
    rpb::Case c;
    c.set_case_id(id);
    c.set_procuratorate_code(procuratorate);
    c.set_status(status);
    c.set_assigned_to(assigned_to);
    c.set_kind(rpb::REFERRAL_KIND_JUDICIAL_AID);
    c.set_version(1);
    case_hub_.AddCase(c);
  }
  void SetCaseServiceDown(bool down) { case_hub_.SetDown(down); }

  // The province's (520000) average monthly wage of 2024, the year before registration.
  void SeedWage(int64_t monthly_wage_fen) {
    Exec(absl::StrCat(
        "INSERT INTO aid_wage_entries (province_code, year, monthly_wage_fen, source, basis,"
        " recorded_at_ms, recorded_by, recorded_by_name) VALUES ('520000', 2024, ",
        monthly_wage_fen,
        ", '贵州省统计公报', '城镇非私营单位在岗职工', 0, 'user:u-admin', 'u-admin')"));
  }
  // Money allocated to Renhuai's 2025 fund pot.
  void AllocateFund(apb::FundPot pot, int64_t fen, const std::string& procuratorate = kRenhuai) {
    Exec(absl::StrCat(
        "INSERT INTO aid_funds (procuratorate_code, year, pot, allocated_fen, updated_at_ms)"
        " VALUES ('",
        procuratorate, "', 2025, ", static_cast<int>(pot), ", ", fen,
        ", 0) ON DUPLICATE KEY UPDATE allocated_fen = allocated_fen + ", fen));
  }
  int64_t FundAvailable(apb::FundPot pot, const std::string& procuratorate = kRenhuai) {
    return Int(absl::StrCat(
        "SELECT allocated_fen + recovered_fen - reserved_fen - drawn_fen FROM aid_funds"
        " WHERE procuratorate_code = '",
        procuratorate, "' AND year = 2025 AND pot = ", static_cast<int>(pot)));
  }

  // A complete case card of an adult victim of a serious injury (eligible).
  static apb::ApplicationDetails EligibleDetails(
      const std::string& case_number = "仁检刑诉〔2025〕12号") {
    apb::ApplicationDetails d;
    d.set_relation(apb::APPLICANT_RELATION_VICTIM);
    d.set_household_registration("贵州省仁怀市茅台镇");
    d.mutable_original_case()->set_case_number(case_number);
    d.mutable_original_case()->set_charge("故意伤害罪");
    d.add_grounds(rpb::AID_GROUND_SERIOUS_INJURY_UNCOMPENSATED);
    d.set_harm("重伤二级，住院治疗");
    d.mutable_hardship()->set_household_size(4);
    d.mutable_hardship()->set_members_able_to_work(1);
    d.mutable_hardship()->set_household_monthly_income_fen(150000);
    d.mutable_hardship()->set_description("主要劳动力受伤，家庭生活困难");
    d.mutable_harm_facts()->set_serious_injury(true);
    d.mutable_harm_facts()->set_offender_dead_or_unable_to_pay(true);
    d.mutable_harm_facts()->set_hardship_from_case(true);
    d.add_materials(apb::MATERIAL_KIND_WRITTEN_APPLICATION);
    d.mutable_bank_account()->set_name("张大山");
    d.mutable_bank_account()->set_bank_name("农村信用社");
    d.mutable_bank_account()->set_account_number("6228480012345678");
    return d;
  }

  apb::RegisterApplicationRequest Registration(const std::string& case_id = kCase,
                                               const std::string& id_number = kAdultId()) {
    apb::RegisterApplicationRequest req;
    req.set_request_id(Rid());
    req.set_case_id(case_id);
    req.set_channel(apb::APPLICATION_CHANNEL_ON_APPLICATION);
    *req.mutable_applicant() = PersonWithIdNumber("张大山", id_number);
    req.mutable_applicant()->set_phone("13800001234");
    req.mutable_applicant()->set_address("贵州省仁怀市中枢街道1号");
    *req.mutable_details() = EligibleDetails();
    return req;
  }

  apb::Application MustRegister(const Principal& p, apb::RegisterApplicationRequest req) {
    auto r = core_->RegisterApplication(p, req);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : apb::Application();
  }

  apb::Application MustGet(const std::string& id, const Principal* p = nullptr) {
    apb::GetApplicationRequest req;
    req.set_application_id(id);
    auto r = core_->GetApplication(p == nullptr ? zhang_ : *p, req);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : apb::Application();
  }

  apb::Application Must(absl::StatusOr<apb::Application> r) {
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : apb::Application();
  }

  // An AGREE of the application's current step (version as read).
  apb::ApprovalRequest Agree(const apb::Application& a, const std::string& doc = "") {
    apb::ApprovalRequest req;
    req.set_request_id(Rid());
    req.set_application_id(a.application_id());
    req.set_version(a.version());
    req.set_outcome(apb::APPROVAL_OUTCOME_AGREE);
    req.set_opinion("同意");
    req.set_document_ref(doc);
    return req;
  }

  // An emergency advance (先行救助) of `fen` for the application as read.
  apb::ApproveEmergencyAidRequest Emergency(const apb::Application& a, int64_t fen) {
    apb::ApproveEmergencyAidRequest req;
    req.set_request_id(Rid());
    req.set_application_id(a.application_id());
    req.set_version(a.version());
    req.set_amount_fen(fen);
    req.set_reason("被害人危及生命，急需救治");
    return req;
  }

  // A lump-sum award (no custody) of `fen` for `application`, due on 10 March 2025, paid
  // to 张大山's account at 农村信用社 (the account of EligibleDetails) unless `payee` says.
  apb::PlanDisbursementRequest LumpSumPlan(const std::string& application, int64_t fen,
                                           const apb::PayeeInput* payee = nullptr) {
    apb::PlanDisbursementRequest req;
    req.set_request_id(Rid());
    req.set_application_id(application);
    req.set_purpose(apb::DISBURSEMENT_PURPOSE_AWARD);
    req.set_method(apb::DISBURSEMENT_METHOD_LUMP_SUM);
    req.set_custody(apb::CUSTODY_NONE);
    if (payee != nullptr) {
      *req.mutable_payee() = *payee;
    } else {
      req.mutable_payee()->set_name("张大山");
      req.mutable_payee()->set_bank_name("农村信用社");
      req.mutable_payee()->set_account_number("6228480012345678");
    }
    apb::Instalment* i = req.add_instalments();
    i->set_sequence(1);
    *i->mutable_due_on() = Date(2025, 3, 10);
    i->set_amount_fen(fen);
    return req;
  }

  static std::string kAdultId() { return IdNumber(absl::CivilDay(1980, 5, 1), 135); }

  static constexpr char kCase[] = "case-520382-0000000000000001";
  static constexpr char kXsCase[] = "case-520330-0000000000000002";

  std::unique_ptr<aid::RuleSet> rules_;
  FakeCaseHub case_hub_;  // before the client of it
  std::unique_ptr<CaseClient> case_client_;
  aid::AidDeps deps_;
  std::unique_ptr<aid::ApplicationCore> core_;

  const Principal vice_ = User("u-vice", kRenhuai, {Role::kChief}, "deputy_chief_procurator");
  const Principal finance_ = User("u-finance", kRenhuai, {Role::kFinance});
  const Principal agency_ = Agency("edu-renhuai", kRenhuai);
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_AID_AID_FIXTURE_H_
