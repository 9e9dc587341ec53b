// The records and requests of the aid access matrix: for each aid RPC, a record of the
// own (Renhuai) or the other (Xishui) procuratorate, assigned to u-zhang or not, brought
// to the state the step needs, and the request that addresses it (Prepare). A Target
// says which status a call that passes the gate gets, with the reason when not OK.
#ifndef SHOUHU_TESTS_INTEGRATION_AID_AID_ACCESS_TARGETS_H_
#define SHOUHU_TESTS_INTEGRATION_AID_AID_ACCESS_TARGETS_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/server/tenant.h"
#include "integration/aid/aid_access_fixture.h"
#include "support/access_matrix.h"

namespace shouhu::testing {

inline std::string MethodName(const std::string& key) { return key.substr(key.rfind('/') + 1); }

// RPCs that address no record of the request (the caller's own procuratorate, or the
// platform's tables): `other` changes nothing but the marker a list must not show.
inline bool IsList(const std::string& m) {
  return m == "RegisterApplication" || m == "ListApplications" || m == "RecordPriorAid" ||
         m == "ListDisbursements" || m == "AllocateFund" || m == "GetFund" ||
         m == "ListFundEntries" || m == "ImportBankStatement" || m == "ListReconciliationIssues" ||
         m == "ListRecoveries" || m == "IssueSuggestion" || m == "ListSuggestions" ||
         m == "ListAddressedSuggestions" || m == "GetAidStatistics" || m == "UpsertWageEntry" ||
         m == "ListWageEntries" || m == "UpdateAidPolicy";
}

class AidAccessMatrix : public AidAccessFixture {
 protected:
  Target Prepare(const std::string& key, bool other, bool assigned);
  Target PrepareApplication(const std::string& m, bool other, bool assigned);
  Target PrepareMoney(const std::string& m, bool other, bool assigned);
  Target PrepareOther(const std::string& m, bool other);

  static RecordFacts FactsOf(const apb::Application& a) {
    return {a.procuratorate_code(), "", a.assigned_to()};
  }
  RecordFacts FactsOfApplication(const std::string& id) {
    return FactsOf(MustGet(id, TenantOfId(id) == kXishui ? &xs_head_ : &head_));
  }
};

template <typename T>
inline std::unique_ptr<T> Req() {
  return std::make_unique<T>();
}

inline Target AidAccessMatrix::Prepare(const std::string& key, bool other, bool assigned) {
  const std::string m = MethodName(key);
  Target t;
  if (key.find("AidApplicationService") != std::string::npos) {
    t = PrepareApplication(m, other, assigned);
  } else if (key.find("DisbursementService") != std::string::npos ||
             key.find("FundService") != std::string::npos ||
             key.find("RecoveryService") != std::string::npos ||
             key.find("ReconciliationService") != std::string::npos) {
    t = PrepareMoney(m, other, assigned);
  } else {
    t = PrepareOther(m, other);
  }
  t.other = other;
  t.is_list = IsList(m);
  return t;
}

inline Target AidAccessMatrix::PrepareApplication(const std::string& m, bool other, bool assigned) {
  Target t;
  const std::string tenant = other ? kXishui : kRenhuai;
  if (m == "RegisterApplication") {
    const int k = ++seeds_;
    auto q = std::make_unique<apb::RegisterApplicationRequest>(
        Registration(kCase, IdNumber(absl::CivilDay(1960, 1 + k % 12, 1 + k % 28), 500 + k)));
    *q->mutable_details() = EligibleDetails(absl::StrCat("仁检刑诉〔2025〕", 500 + k, "号"));
    t.request = std::move(q);
  } else if (m == "ListApplications") {
    t.marker = Registered(true, false).application_id();
    t.request = Req<apb::ListApplicationsRequest>();
  } else if (m == "RecordRightsNotice") {
    auto q = Req<apb::RecordRightsNoticeRequest>();
    q->set_request_id(Rid());
    q->mutable_notice()->set_case_id(CaseOf(other));
    q->mutable_notice()->set_person_id("per-0000000000000001");
    *q->mutable_notice()->mutable_notified_on() = Date(2025, 3, 1);
    q->mutable_notice()->set_method(apb::NOTIFICATION_METHOD_IN_PERSON);
    t.facts = {tenant, "", ""};
    t.request = std::move(q);
  } else if (m == "ListRightsNotices") {
    auto q = Req<apb::ListRightsNoticesRequest>();
    q->set_case_id(CaseOf(other));
    t.facts = {tenant, "", ""};
    t.request = std::move(q);
  } else if (m == "RecordPriorAid") {
    const int k = ++seeds_;
    auto q = Req<apb::RecordPriorAidRequest>();
    q->set_request_id(Rid());
    apb::PriorAid* a = q->mutable_prior_aid();
    a->set_person_id(absl::StrCat("per-00000000000", 10000 + k));
    a->set_original_case_number("仁检刑诉〔2025〕12号");
    a->set_organ(apb::PriorAid::ORGAN_POLICE);
    a->set_organ_name("仁怀市公安局");
    *a->mutable_aided_on() = Date(2025, 1, 10);
    a->set_amount_fen(100000);
    t.request = std::move(q);
  } else {
    // The rest address one application, in the state the step needs.
    apb::Application a;
    if (m == "ReviewProposal") {
      a = Proposed(other, assigned);
    } else if (m == "DecideApplication") {
      a = AtChief(other, assigned);
    } else if (m == "RecordCommitteeResolution") {
      a = Decided(other, assigned, 2);
    } else if (m == "RecordHigherApproval") {
      a = Decided(other, assigned, 40);
    } else if (m == "RevokeDecision" || m == "CloseUnpaid") {
      a = Decided(other, assigned);
    } else if (m == "CompleteEmergencyPaperwork") {
      a = WithEmergency(other, assigned);
    } else {
      a = Registered(other, assigned);
    }
    if (m == "MaterialsReceived") {
      apb::RequestMaterialsRequest ask;
      ask.set_request_id(Rid());
      ask.set_application_id(a.application_id());
      ask.set_version(a.version());
      ask.add_materials(apb::MATERIAL_KIND_WRITTEN_APPLICATION);
      ask.set_note("请补充村委会出具的困难证明");
      a = Must(core_->RequestMaterials(Worker(other, assigned), ask), "request materials");
    }
    t.facts = FactsOf(a);
    const std::string& id = a.application_id();
    if (m == "GetApplication") {
      auto q = Req<apb::GetApplicationRequest>();
      q->set_application_id(id);
      t.request = std::move(q);
    } else if (m == "UpdateApplication") {
      auto q = Req<apb::UpdateApplicationRequest>();
      q->set_request_id(Rid());
      q->set_application_id(id);
      q->set_version(a.version());
      *q->mutable_details() = MustGet(id, other ? &xs_head_ : &head_).details();
      // The read masks the sealed fields: the update sends them in clear again.
      *q->mutable_details() = EligibleDetails(q->details().original_case().case_number());
      q->mutable_details()->set_harm("重伤二级，住院治疗两个月");
      t.request = std::move(q);
    } else if (m == "ComputeAmount") {
      auto q = Req<apb::ComputeAmountRequest>();
      q->set_application_id(id);
      q->mutable_input()->set_months(12);
      t.request = std::move(q);
    } else if (m == "EvaluateEligibility") {
      auto q = Req<apb::EvaluateEligibilityRequest>();
      q->set_application_id(id);
      t.request = std::move(q);
    } else if (m == "ProposeDecision") {
      t.request = std::make_unique<apb::ProposeDecisionRequest>(Grant(a, 1));
    } else if (m == "ReviewProposal" || m == "DecideApplication") {
      t.request = std::make_unique<apb::ApprovalRequest>(Agree(a));
    } else if (m == "RecordCommitteeResolution" || m == "RecordHigherApproval") {
      auto q = std::make_unique<apb::ApprovalRequest>(Agree(a, "遵检复〔2025〕7号"));
      *q->mutable_decided_on() = Date(2025, 3, 10);
      if (m == "RecordHigherApproval") q->set_decided_by_body("遵义市人民检察院");
      t.request = std::move(q);
    } else if (m == "ApproveEmergencyAid") {
      auto q = Req<apb::ApproveEmergencyAidRequest>();
      q->set_request_id(Rid());
      q->set_application_id(id);
      q->set_version(a.version());
      q->set_amount_fen(300000);
      q->set_reason("被害人危及生命，急需救治");
      t.request = std::move(q);
    } else if (m == "WithdrawApplication") {
      auto q = Req<apb::WithdrawApplicationRequest>();
      q->set_request_id(Rid());
      q->set_application_id(id);
      q->set_version(a.version());
      q->set_reason("申请人已获法院救助，撤回申请");
      t.request = std::move(q);
    } else if (m == "RequestMaterials") {
      auto q = Req<apb::RequestMaterialsRequest>();
      q->set_request_id(Rid());
      q->set_application_id(id);
      q->set_version(a.version());
      q->add_materials(apb::MATERIAL_KIND_WRITTEN_APPLICATION);
      q->set_note("请补充村委会出具的困难证明");
      t.request = std::move(q);
    } else if (m == "MaterialsReceived") {
      auto q = Req<apb::MaterialsReceivedRequest>();
      q->set_request_id(Rid());
      q->set_application_id(id);
      q->set_version(a.version());
      q->add_materials(apb::MATERIAL_KIND_WRITTEN_APPLICATION);
      *q->mutable_received_on() = Date(2025, 3, 10);
      t.request = std::move(q);
    } else if (m == "CompleteEmergencyPaperwork") {
      auto q = Req<apb::CompleteEmergencyPaperworkRequest>();
      q->set_request_id(Rid());
      q->set_application_id(id);
      q->set_version(a.version());
      t.request = std::move(q);
    } else if (m == "RevokeDecision" || m == "CloseUnpaid") {
      auto q = Req<apb::CloseApplicationRequest>();
      q->set_request_id(Rid());
      q->set_application_id(id);
      q->set_version(a.version());
      q->set_reason(m == "CloseUnpaid" ? "申请人放弃领取" : "发现申请人提供虚假材料");
      t.request = std::move(q);
    }
  }
  return t;
}

inline Target AidAccessMatrix::PrepareMoney(const std::string& m, bool other, bool assigned) {
  Target t;
  const std::string tenant = other ? kXishui : kRenhuai;
  if (m == "PlanDisbursement") {
    apb::Application a = Decided(other, assigned);
    t.facts = FactsOf(a);
    t.request = std::make_unique<apb::PlanDisbursementRequest>(Plan(a.application_id()));
  } else if (m == "GetDisbursement" || m == "RecordFundsArrived" ||
             m == "RecordApplicantNotified" || m == "AmendDisbursement") {
    apb::Disbursement d = m == "RecordApplicantNotified" || m == "AmendDisbursement"
                              ? Arrived(other, assigned)
                              : Planned(other, assigned);
    t.facts = FactsOfApplication(d.application_id());
    if (m == "GetDisbursement") {
      auto q = Req<apb::GetDisbursementRequest>();
      q->set_disbursement_id(d.disbursement_id());
      t.request = std::move(q);
    } else if (m == "RecordFundsArrived") {
      auto q = Req<apb::RecordFundsArrivedRequest>();
      q->set_request_id(Rid());
      q->set_disbursement_id(d.disbursement_id());
      q->set_version(d.version());
      *q->mutable_arrived_on() = Date(2025, 3, 10);
      t.request = std::move(q);
    } else if (m == "RecordApplicantNotified") {
      auto q = Req<apb::RecordApplicantNotifiedRequest>();
      q->set_request_id(Rid());
      q->set_disbursement_id(d.disbursement_id());
      q->set_version(d.version());
      q->set_method(apb::NOTIFICATION_METHOD_IN_PERSON);
      *q->mutable_notified_at() = ToTimestamp(clock_.Now() - absl::Hours(1));
      t.request = std::move(q);
    } else {
      auto q = Req<apb::AmendDisbursementRequest>();
      q->set_request_id(Rid());
      q->set_disbursement_id(d.disbursement_id());
      q->set_version(d.version());
      q->mutable_payee()->set_name("张大山");
      q->mutable_payee()->set_bank_name("贵州银行仁怀支行");
      q->mutable_payee()->set_account_number("6214830112346789");
      q->set_reason("申请人更换收款账户");
      t.request = std::move(q);
    }
  } else if (m == "RecordPayment" || m == "RecordGuardianWithdrawal") {
    apb::Disbursement d = Arrived(other, assigned);
    t.facts = FactsOfApplication(d.application_id());
    if (m == "RecordPayment") {
      t.request = std::make_unique<apb::RecordPaymentRequest>(Pay(d));
    } else {
      auto q = Req<apb::RecordGuardianWithdrawalRequest>();
      q->set_request_id(Rid());
      q->set_disbursement_id(d.disbursement_id());
      q->set_version(d.version());
      *q->mutable_withdrawal()->mutable_withdrawn_on() = Date(2025, 3, 10);
      q->mutable_withdrawal()->set_amount_fen(10000);
      q->mutable_withdrawal()->set_purpose("学费");
      t.request = std::move(q);
      // A lump sum paid to an adult: the step is refused whoever asks.
      t.passed = absl::StatusCode::kFailedPrecondition;
      t.why = "the money is not held in custody";
    }
  } else if (m == "ConfirmReceipt" || m == "MarkPaymentFailed") {
    apb::Payment pay = Paid(other, assigned);
    t.facts = {tenant, "", ""};
    auto q = Req<apb::PaymentUpdateRequest>();
    q->set_request_id(Rid());
    q->set_payment_id(pay.payment_id());
    q->set_version(pay.version());
    *q->mutable_on() = Date(2025, 3, 10);
    if (m == "ConfirmReceipt") {
      q->set_receipt_number("SJ-2025-001");
    } else {
      q->set_failure_reason("账户已销户，银行退票");
    }
    t.request = std::move(q);
  } else if (m == "ListDisbursements") {
    t.marker = Planned(true, false).disbursement_id();
    t.request = Req<apb::ListDisbursementsRequest>();
  } else if (m == "AllocateFund") {
    auto q = Req<apb::AllocateFundRequest>();
    q->set_request_id(Rid());
    q->set_year(2025);
    q->set_pot(apb::FUND_POT_REGULAR);
    q->set_amount_fen(100000);
    q->set_source("黔财行〔2025〕12号");
    t.request = std::move(q);
  } else if (m == "GetFund") {
    auto q = Req<apb::GetFundRequest>();
    q->set_year(2025);
    t.request = std::move(q);
  } else if (m == "ListFundEntries") {
    auto q = Req<apb::ListFundEntriesRequest>();
    q->set_year(2025);
    t.request = std::move(q);
  } else if (m == "ImportBankStatement") {
    auto q = Req<apb::ImportBankStatementRequest>();
    q->set_request_id(Rid());
    q->set_account_label("救助金专户");
    *q->mutable_period_from() = Date(2025, 3, 1);
    *q->mutable_period_to() = Date(2025, 3, 31);
    q->set_csv(absl::StrCat("date,bank_reference,amount\n2025-03-10,BX", ++seeds_, ",1.00\n"));
    t.request = std::move(q);
  } else if (m == "ListReconciliationIssues") {
    t.request = Req<apb::ListReconciliationIssuesRequest>();
  } else if (m == "ResolveReconciliationIssue") {
    // An unmatched bank line of the record's procuratorate gives an open issue.
    apb::ImportBankStatementRequest statement;
    statement.set_request_id(Rid());
    statement.set_account_label("救助金专户");
    *statement.mutable_period_from() = Date(2025, 3, 1);
    *statement.mutable_period_to() = Date(2025, 3, 31);
    statement.set_csv(
        absl::StrCat("date,bank_reference,amount\n2025-03-12,BU", ++seeds_, ",2.00\n"));
    const Principal finance = SeedFinance(other);
    Must(recon_->ImportBankStatement(finance, statement), "statement");
    apb::ListReconciliationIssuesRequest list;
    auto issues = Must(recon_->ListReconciliationIssues(finance, list), "issues");
    EXPECT_GT(issues.issues_size(), 0);
    auto q = Req<apb::ResolveReconciliationIssueRequest>();
    q->set_request_id(Rid());
    if (issues.issues_size() > 0) {
      q->set_issue_id(issues.issues(0).issue_id());
      q->set_version(issues.issues(0).version());
    }
    q->set_resolution(apb::ReconciliationIssue::RESOLUTION_BANK_ERROR);
    q->set_note("银行错账，已联系银行更正");
    t.facts = {tenant, "", ""};
    t.request = std::move(q);
  } else if (m == "OpenRecovery") {
    std::string app;
    Paid(other, true, &app);
    t.facts = {tenant, "", ""};
    t.request = std::make_unique<apb::OpenRecoveryRequest>(OpenRequest(app));
  } else if (m == "RecordRecoveryReceipt" || m == "CloseRecovery") {
    apb::Recovery r = Opened(other);
    t.facts = {tenant, "", ""};
    if (m == "RecordRecoveryReceipt") {
      auto q = Req<apb::RecordRecoveryReceiptRequest>();
      q->set_request_id(Rid());
      q->set_recovery_id(r.recovery_id());
      q->set_version(r.version());
      q->set_amount_fen(10000);
      *q->mutable_received_on() = Date(2025, 3, 10);
      q->set_voucher_number("ZH-01");
      t.request = std::move(q);
    } else {
      auto q = Req<apb::CloseRecoveryRequest>();
      q->set_request_id(Rid());
      q->set_recovery_id(r.recovery_id());
      q->set_version(r.version());
      q->set_termination_reason("误立");
      q->set_cancel(true);
      t.request = std::move(q);
    }
  } else if (m == "ListRecoveries") {
    t.marker = Opened(true).recovery_id();
    t.request = Req<apb::ListRecoveriesRequest>();
  }
  return t;
}

inline Target AidAccessMatrix::PrepareOther(const std::string& m, bool other) {
  Target t;
  const std::string tenant = other ? kXishui : kRenhuai;
  if (m == "GetCaseFacts") {
    // The case's facts, of either procuratorate: the oversight service reads every one.
    auto q = Req<opb::GetCaseFactsRequest>();
    q->set_case_id(CaseOf(other));
    t.facts = {tenant, "", ""};
    t.request = std::move(q);
    return t;
  }
  if (m == "IssueSuggestion") {
    t.request = std::make_unique<apb::IssueSuggestionRequest>(IssueRequest(false));
  } else if (m == "ReportSuggestionOutcome" || m == "GetAddressedSuggestion") {
    apb::Suggestion s = Issued(other);
    t.facts = {tenant, s.agency_code(), ""};
    if (m == "GetAddressedSuggestion") {
      auto q = Req<apb::GetAddressedSuggestionRequest>();
      q->set_suggestion_id(s.suggestion_id());
      t.request = std::move(q);
    } else {
      auto q = Req<apb::SuggestionUpdateRequest>();
      q->set_request_id(Rid());
      q->set_suggestion_id(s.suggestion_id());
      q->set_version(s.version());
      q->set_status(apb::SUGGESTION_STATUS_ACKNOWLEDGED);
      t.request = std::move(q);
    }
  } else if (m == "ListSuggestions") {
    t.marker = Issued(true).suggestion_id();
    t.request = Req<apb::ListSuggestionsRequest>();
  } else if (m == "ListAddressedSuggestions") {
    t.marker = Issued(true).suggestion_id();
    t.request = Req<apb::ListAddressedSuggestionsRequest>();
  } else if (m == "GetAidStatistics") {
    auto q = Req<apb::GetAidStatisticsRequest>();
    q->set_period(apb::STATS_PERIOD_MONTH);
    q->set_year(2025);
    q->set_number(3);
    t.request = std::move(q);
  } else if (m == "UpsertWageEntry") {
    auto q = Req<apb::UpsertWageEntryRequest>();
    q->set_request_id(Rid());
    apb::WageEntry* e = q->mutable_entry();
    e->set_province_code("520000");
    e->set_year(2023);
    e->set_monthly_wage_fen(480000);
    e->set_source("贵州省统计公报");
    e->set_basis("城镇非私营单位在岗职工");
    t.request = std::move(q);
  } else if (m == "ListWageEntries") {
    t.request = Req<apb::ListWageEntriesRequest>();
  } else if (m == "GetAidPolicy") {
    auto q = Req<apb::GetAidPolicyRequest>();
    q->set_procuratorate_code(tenant);
    t.facts = {tenant, "", ""};
    t.request = std::move(q);
  } else if (m == "UpdateAidPolicy") {
    apb::GetAidPolicyRequest get;
    get.set_procuratorate_code(tenant);
    apb::AidPolicy current = Must(config_->GetAidPolicy(admin_, get), "read the policy");
    auto q = Req<apb::UpdateAidPolicyRequest>();
    q->set_request_id(Rid());
    *q->mutable_policy() = current;
    q->mutable_policy()->set_decision_working_days(12);
    t.request = std::move(q);
  }
  return t;
}

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_AID_AID_ACCESS_TARGETS_H_
