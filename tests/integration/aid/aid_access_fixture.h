// The aid service's nine method tables (its eight services and the CaseFactsService) bound
// as main.cc binds them (BindPolicy over the
// aid access table), on the AidFixture's database, with seeders that bring a record of
// Renhuai (own) or Xishui (other) to the state a step needs through the real operations:
// applications through the chain, disbursements planned, funded and paid, recoveries,
// and social-aid suggestions addressed to an agency. A record "assigned" is assigned to
// u-zhang, otherwise to u-li. Used by the access matrix.
#ifndef SHOUHU_TESTS_INTEGRATION_AID_AID_ACCESS_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_AID_AID_ACCESS_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aid/application_grpc.h"
#include "aid/case_facts.h"
#include "aid/case_facts_grpc.h"
#include "aid/config_grpc.h"
#include "aid/config_ops.h"
#include "aid/disbursement_ops.h"
#include "aid/fund_ops.h"
#include "aid/money_grpc.h"
#include "aid/reconciliation.h"
#include "aid/recovery.h"
#include "aid/stats_ops.h"
#include "aid/suggestion_grpc.h"
#include "aid/suggestion_ops.h"
#include "integration/aid/aid_fixture.h"
#include "support/access_matrix.h"

namespace shouhu::testing {

namespace opb = ::shouhu::oversight::v1;

class AidAccessFixture : public AidFixture {
 protected:
  void SetUp() override {
    AidFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    SeedWage(kWage);
    for (const char* t : {kRenhuai, kXishui}) {
      AllocateFund(apb::FUND_POT_REGULAR, 1000000 * kWage, t);
      AllocateFund(apb::FUND_POT_EMERGENCY, 1000000 * kWage, t);
    }
    AddCase(kXsCase, kXishui, "u-zhang");

    // The fixture's case hub also knows the agencies (for suggestions).
    for (const char* code : {"edu-renhuai", "police-renhuai", "edu-xishui"}) {
      rpb::Agency a;
      a.set_agency_code(code);
      a.set_name(code);
      a.set_procuratorate_code(std::string(code) == "edu-xishui" ? kXishui : kRenhuai);
      a.set_jurisdiction_code(a.procuratorate_code());
      a.set_active(true);
      case_hub_.AddAgency(a);
    }
    disb_ = std::make_unique<aid::DisbursementCore>(deps_);
    fund_ = std::make_unique<aid::FundCore>(deps_);
    recon_ = std::make_unique<aid::ReconciliationCore>(deps_);
    recovery_ = std::make_unique<aid::RecoveryCore>(deps_);
    suggestions_ = std::make_unique<aid::SuggestionCore>(deps_);
    stats_ = std::make_unique<aid::StatsCore>(deps_);
    config_ = std::make_unique<aid::ConfigCore>(deps_);
    facts_ = std::make_unique<aid::CaseFactsCore>(deps_);
    tables_.push_back(aid::AidApplicationMethods(core_.get()));
    tables_.push_back(aid::DisbursementMethods(disb_.get()));
    tables_.push_back(aid::FundMethods(fund_.get()));
    tables_.push_back(aid::ReconciliationMethods(recon_.get()));
    tables_.push_back(aid::RecoveryMethods(recovery_.get()));
    tables_.push_back(aid::SocialAidMethods(suggestions_.get()));
    tables_.push_back(aid::StatsMethods(stats_.get()));
    tables_.push_back(aid::AidConfigMethods(config_.get()));
    tables_.push_back(aid::CaseFactsMethods(facts_.get()));
  }

  void TearDown() override {
    tables_.clear();
    facts_.reset();
    config_.reset();
    stats_.reset();
    suggestions_.reset();
    recovery_.reset();
    recon_.reset();
    fund_.reset();
    disb_.reset();
    AidFixture::TearDown();
  }

  absl::StatusOr<std::string> Call(const std::string& method, const Principal& p,
                                   const google::protobuf::Message& req) {
    return CallThrough(tables_, method, p, req);
  }

  // The people acting on records while seeding (never callers of the matrix).
  Principal Worker(bool other, bool assigned) const {
    return User(assigned ? "u-zhang" : "u-li", other ? kXishui : kRenhuai, {Role::kCaseworker});
  }
  Principal SeedHead(bool other) const {
    return User("u-seed-head", other ? kXishui : kRenhuai, {Role::kDepartmentHead});
  }
  Principal SeedChief(bool other, int n = 1) const {
    return User(absl::StrCat("u-seed-chief-", n), other ? kXishui : kRenhuai, {Role::kChief},
                "chief_procurator");
  }
  Principal SeedFinance(bool other) const {
    return User("u-seed-finance", other ? kXishui : kRenhuai, {Role::kFinance});
  }
  static std::string CaseOf(bool other) { return other ? kXsCase : kCase; }

  template <typename T>
  T Must(absl::StatusOr<T> r, const char* what) {
    EXPECT_TRUE(r.ok()) << what << ": " << r.status();
    return r.ok() ? *std::move(r) : T();
  }

  // An UNDER_REVIEW application (its own applicant and original case number).
  apb::Application Registered(bool other, bool assigned) {
    const int k = ++seeds_;
    apb::RegisterApplicationRequest req =
        Registration(CaseOf(other), IdNumber(absl::CivilDay(1970 + k % 30, 1 + k % 12, 1 + k % 28),
                                             100 + k, other ? kXishui : kRenhuai));
    *req.mutable_details() = EligibleDetails(absl::StrCat("检刑诉〔2025〕", 100 + k, "号"));
    return Must(core_->RegisterApplication(Worker(other, assigned), req), "register");
  }

  apb::ProposeDecisionRequest Grant(const apb::Application& a, int months) {
    apb::ProposeDecisionRequest req;
    req.set_request_id(Rid());
    req.set_application_id(a.application_id());
    req.set_version(a.version());
    req.set_decision(apb::DECISION_KIND_GRANT);
    req.mutable_amount()->set_months(months);
    if (months > 36) req.mutable_amount()->set_over_cap_justification("伤情特别严重，家庭特别困难");
    req.set_opinion("符合救助条件，建议予以救助");
    return req;
  }

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

  // Proposed (a grant of `months`): PENDING_HEAD_REVIEW.
  apb::Application Proposed(bool other, bool assigned, int months = 1) {
    apb::Application a = Registered(other, assigned);
    return Must(core_->ProposeDecision(Worker(other, assigned), Grant(a, months)), "propose");
  }
  // Reviewed: PENDING_CHIEF_DECISION.
  apb::Application AtChief(bool other, bool assigned, int months = 1) {
    apb::Application a = Proposed(other, assigned, months);
    return Must(core_->ReviewProposal(SeedHead(other), Agree(a)), "review");
  }
  // Decided by the chief: APPROVED for one month, PENDING_COMMITTEE for two (the
  // committee threshold), PENDING_HIGHER_APPROVAL after the committee for 40 (over cap).
  apb::Application Decided(bool other, bool assigned, int months = 1) {
    apb::Application a = AtChief(other, assigned, months);
    a = Must(core_->DecideApplication(SeedChief(other), Agree(a, "检救决〔2025〕1号")), "decide");
    if (months > 36) {
      apb::ApprovalRequest committee = Agree(a, "检办〔2025〕3号");
      *committee.mutable_decided_on() = Date(2025, 3, 10);
      a = Must(core_->RecordCommitteeResolution(SeedChief(other, 2), committee), "committee");
    }
    return a;
  }
  // With an emergency advance approved (UNDER_REVIEW).
  apb::Application WithEmergency(bool other, bool assigned) {
    apb::Application a = Registered(other, assigned);
    apb::ApproveEmergencyAidRequest req;
    req.set_request_id(Rid());
    req.set_application_id(a.application_id());
    req.set_version(a.version());
    req.set_amount_fen(300000);
    req.set_reason("被害人危及生命，急需救治");
    return Must(core_->ApproveEmergencyAid(SeedChief(other), req), "emergency");
  }

  apb::PlanDisbursementRequest Plan(const std::string& application) {
    return LumpSumPlan(application, kWage);
  }
  apb::Disbursement Planned(bool other, bool assigned) {
    apb::Application a = Decided(other, assigned);
    return Must(disb_->PlanDisbursement(Worker(other, assigned), Plan(a.application_id())), "plan");
  }
  apb::Disbursement Arrived(bool other, bool assigned) {
    apb::Disbursement d = Planned(other, assigned);
    apb::RecordFundsArrivedRequest req;
    req.set_request_id(Rid());
    req.set_disbursement_id(d.disbursement_id());
    req.set_version(d.version());
    *req.mutable_arrived_on() = Date(2025, 3, 10);
    return Must(disb_->RecordFundsArrived(SeedFinance(other), req), "funds arrived");
  }
  apb::RecordPaymentRequest Pay(const apb::Disbursement& d) {
    apb::RecordPaymentRequest req;
    req.set_request_id(Rid());
    req.set_disbursement_id(d.disbursement_id());
    req.set_instalment_sequence(1);
    req.set_amount_fen(kWage);
    *req.mutable_paid_on() = Date(2025, 3, 10);
    req.set_voucher_number(absl::StrCat("V", next_request_));
    req.set_bank_reference(absl::StrCat("BR", next_request_));
    return req;
  }
  apb::Payment Paid(bool other, bool assigned, std::string* application = nullptr) {
    apb::Disbursement d = Arrived(other, assigned);
    if (application != nullptr) *application = d.application_id();
    return Must(disb_->RecordPayment(SeedFinance(other), Pay(d)), "pay");
  }

  apb::OpenRecoveryRequest OpenRequest(const std::string& application) {
    apb::OpenRecoveryRequest req;
    req.set_request_id(Rid());
    req.set_application_id(application);
    req.set_kind(apb::RECOVERY_KIND_FRAUD);
    req.set_debtor("张大山");
    req.set_reason("提供虚假材料骗取救助金");
    req.set_amount_due_fen(kWage / 2);
    return req;
  }
  apb::Recovery Opened(bool other) {
    std::string app;
    Paid(other, true, &app);
    return Must(recovery_->OpenRecovery(SeedChief(other), OpenRequest(app)), "open recovery");
  }

  static std::string AgencyFor(bool other) { return other ? "edu-xishui" : "edu-renhuai"; }
  apb::IssueSuggestionRequest IssueRequest(bool other) {
    apb::IssueSuggestionRequest req;
    req.set_request_id(Rid());
    req.set_case_id(CaseOf(other));
    req.set_agency_code(AgencyFor(other));
    req.set_measure(apb::MEASURE_KIND_MINIMUM_LIVING);
    req.set_content("建议对该家庭开展低保资格审核。");
    return req;
  }
  // Issued to edu-renhuai (own) or edu-xishui (other).
  apb::Suggestion Issued(bool other) {
    return Must(suggestions_->Issue(Worker(other, true), IssueRequest(other)), "issue");
  }

  static constexpr int64_t kWage = 500000;  // ¥5,000 a month

  std::unique_ptr<aid::DisbursementCore> disb_;
  std::unique_ptr<aid::FundCore> fund_;
  std::unique_ptr<aid::ReconciliationCore> recon_;
  std::unique_ptr<aid::RecoveryCore> recovery_;
  std::unique_ptr<aid::SuggestionCore> suggestions_;
  std::unique_ptr<aid::StatsCore> stats_;
  std::unique_ptr<aid::ConfigCore> config_;
  std::unique_ptr<aid::CaseFactsCore> facts_;
  std::vector<MethodTable> tables_;
  int seeds_ = 0;
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_AID_AID_ACCESS_FIXTURE_H_
