// CaseFactsService/GetCaseFacts of the aid service (案件质量评查) on a real MariaDB: records
// made through the real operations (an award decided, planned, funded, notified, paid and
// receipted; an emergency advance paid and then the application withdrawn), read back as
// facts by the oversight service through the method table main.cc binds: exact kinds, ids,
// statuses, caseworkers, departments and fields ("*" for personal data, no key for what is
// not filled), nothing of other cases; an unknown case has no records; a malformed case id
// is INVALID_ARGUMENT naming case_id; every other caller is refused.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aid/case_facts.h"
#include "common/base/dates.h"
#include "gmock/gmock.h"
#include "integration/aid/aid_access_fixture.h"
#include "support/field_violations.h"
#include "support/principals.h"

namespace shouhu::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kFactsMethod[] = "shouhu.oversight.v1.CaseFactsService/GetCaseFacts";
constexpr char kDepartment[] = "未成年人检察部";  // the test users' (support/principals.h)

using Fields = std::map<std::string, std::string>;

struct WantRecord {
  std::string kind;
  std::string id;
  std::string status;
  std::string assigned_to;
  std::string department;
  Fields fields;
};

class AidCaseFactsTest : public AidAccessFixture {
 protected:
  absl::StatusOr<opb::CaseFacts> Facts(const std::string& case_id,
                                       const Principal& p = Service("oversight")) {
    opb::GetCaseFactsRequest req;
    req.set_case_id(case_id);
    absl::StatusOr<std::string> bytes = Call(kFactsMethod, p, req);
    if (!bytes.ok()) return bytes.status();
    opb::CaseFacts out;
    if (!out.ParseFromString(*bytes)) return absl::InternalError("unreadable answer");
    return out;
  }

  static Fields FieldsOf(const opb::RecordFacts& r) {
    Fields out;
    for (const auto& kv : r.fields()) out[kv.first] = kv.second;
    return out;
  }

  // The records as expected, in the answer's order: by kind, then record id.
  static void ExpectRecords(const opb::CaseFacts& got, std::vector<WantRecord> want) {
    std::sort(want.begin(), want.end(), [](const WantRecord& a, const WantRecord& b) {
      return std::tie(a.kind, a.id) < std::tie(b.kind, b.id);
    });
    ASSERT_EQ(got.records_size(), static_cast<int>(want.size())) << got.DebugString();
    for (int i = 0; i < got.records_size(); ++i) {
      const opb::RecordFacts& r = got.records(i);
      const WantRecord& w = want[i];
      SCOPED_TRACE(absl::StrCat(w.kind, " ", w.id));
      EXPECT_EQ(r.kind(), w.kind);
      EXPECT_EQ(r.record_id(), w.id);
      EXPECT_EQ(r.status(), w.status);
      EXPECT_EQ(r.assigned_to(), w.assigned_to);
      EXPECT_EQ(r.department(), w.department);
      EXPECT_EQ(FieldsOf(r), w.fields);
    }
  }

  // A registration on `case_id` with its own applicant and original case number.
  apb::RegisterApplicationRequest Fresh(const std::string& case_id, int n) {
    apb::RegisterApplicationRequest req =
        Registration(case_id, IdNumber(absl::CivilDay(1975, 1 + n, 1 + n), 700 + n));
    *req.mutable_details() = EligibleDetails(absl::StrCat("仁检刑诉〔2025〕", 900 + n, "号"));
    return req;
  }

  apb::RecordPaymentRequest PayOf(const apb::Disbursement& d, int64_t fen) {
    apb::RecordPaymentRequest req = Pay(d);
    req.set_amount_fen(fen);
    return req;
  }

  const Principal zhang_worker_ = Worker(false, true);  // u-zhang, caseworker of Renhuai
};

TEST_F(AidCaseFactsTest, EveryRecordOfTheCaseAsItsFactsAndNothingElse) {
  // 1. An award: decided, planned, funds arrived, applicant notified, paid and receipted.
  apb::RegisterApplicationRequest reg = Fresh(kCase, 1);
  reg.mutable_details()->set_applicant_person_id("per-0000000000000042");
  apb::Application award = Must(core_->RegisterApplication(zhang_worker_, reg), "register");
  award = Must(core_->ProposeDecision(zhang_worker_, Grant(award, 1)), "propose");
  award = Must(core_->ReviewProposal(SeedHead(false), Agree(award)), "review");
  award =
      Must(core_->DecideApplication(SeedChief(false), Agree(award, "检救决〔2025〕1号")), "decide");
  ASSERT_EQ(award.status(), apb::APPLICATION_STATUS_APPROVED);
  apb::Disbursement plan =
      Must(disb_->PlanDisbursement(zhang_worker_, Plan(award.application_id())), "plan");
  apb::RecordFundsArrivedRequest arrived;
  arrived.set_request_id(Rid());
  arrived.set_disbursement_id(plan.disbursement_id());
  arrived.set_version(plan.version());
  *arrived.mutable_arrived_on() = Date(2025, 3, 10);
  plan = Must(disb_->RecordFundsArrived(SeedFinance(false), arrived), "funds arrived");
  apb::RecordApplicantNotifiedRequest notified;
  notified.set_request_id(Rid());
  notified.set_disbursement_id(plan.disbursement_id());
  notified.set_version(plan.version());
  notified.set_method(apb::NOTIFICATION_METHOD_IN_PERSON);
  *notified.mutable_notified_at() = ToTimestamp(clock_.Now() - absl::Hours(1));
  plan = Must(disb_->RecordApplicantNotified(zhang_worker_, notified), "notified");
  const apb::RecordPaymentRequest award_pay = Pay(plan);
  apb::Payment paid = Must(disb_->RecordPayment(SeedFinance(false), award_pay), "pay");
  apb::PaymentUpdateRequest receipt;
  receipt.set_request_id(Rid());
  receipt.set_payment_id(paid.payment_id());
  receipt.set_version(paid.version());
  *receipt.mutable_on() = Date(2025, 3, 10);
  receipt.set_receipt_number("SJ-2025-001");
  paid = Must(disb_->ConfirmReceipt(SeedFinance(false), receipt), "receipt");
  award = MustGet(award.application_id(), &head_);

  // 2. An emergency advance (先行救助) paid, then the application withdrawn.
  apb::Application advance =
      Must(core_->RegisterApplication(zhang_worker_, Fresh(kCase, 2)), "register");
  apb::ApproveEmergencyAidRequest emergency;
  emergency.set_request_id(Rid());
  emergency.set_application_id(advance.application_id());
  emergency.set_version(advance.version());
  emergency.set_amount_fen(300000);
  emergency.set_reason("被害人危及生命，急需救治");
  advance = Must(core_->ApproveEmergencyAid(SeedChief(false), emergency), "emergency");
  apb::PlanDisbursementRequest advance_plan = LumpSumPlan(advance.application_id(), 300000);
  advance_plan.set_purpose(apb::DISBURSEMENT_PURPOSE_EMERGENCY_ADVANCE);
  apb::Disbursement advance_disb =
      Must(disb_->PlanDisbursement(zhang_worker_, advance_plan), "plan the advance");
  const apb::RecordPaymentRequest advance_pay = PayOf(advance_disb, 300000);
  apb::Payment advance_paid =
      Must(disb_->RecordPayment(SeedFinance(false), advance_pay), "pay the advance");
  apb::WithdrawApplicationRequest withdraw;
  withdraw.set_request_id(Rid());
  withdraw.set_application_id(advance.application_id());
  withdraw.set_version(MustGet(advance.application_id(), &head_).version());
  withdraw.set_reason("申请人已获法院救助，撤回申请");
  advance = Must(core_->WithdrawApplication(zhang_worker_, withdraw), "withdraw");
  advance = MustGet(advance.application_id(), &head_);
  ASSERT_FALSE(HasFailure());

  // Records of other cases: the same procuratorate's and another's.
  AddCase("case-520382-0000000000000077", kRenhuai, "u-zhang");
  Must(core_->RegisterApplication(zhang_worker_, Fresh("case-520382-0000000000000077", 3)),
       "register elsewhere");
  const apb::Disbursement elsewhere = Planned(true, true);  // Xishui's, on kXsCase
  ASSERT_FALSE(HasFailure());

  absl::StatusOr<opb::CaseFacts> facts = Facts(kCase);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->case_id(), kCase);
  EXPECT_EQ(facts->source(), "aid");
  ExpectRecords(*facts, {
                            {"aid_application",
                             award.application_id(),
                             "APPLICATION_STATUS_PAID",
                             "u-zhang",
                             kDepartment,
                             {{"case_id", kCase},
                              {"channel", "APPLICATION_CHANNEL_ON_APPLICATION"},
                              {"applicant_person_id", "per-0000000000000042"},
                              {"registered_on", "2025-03-10"},
                              {"decision_due_on", DateString(award.decision_due_on())},
                              {"decided_on", "2025-03-10"},
                              {"decision_document_number", "检救决〔2025〕1号"},
                              {"proposed_decision", "DECISION_KIND_GRANT"},
                              {"approved_fen", "500000"},
                              {"paid_fen", "500000"}}},
                            {"aid_application",
                             advance.application_id(),
                             "APPLICATION_STATUS_WITHDRAWN",
                             "u-zhang",
                             kDepartment,
                             {{"case_id", kCase},
                              {"channel", "APPLICATION_CHANNEL_ON_APPLICATION"},
                              {"registered_on", "2025-03-10"},
                              {"decision_due_on", DateString(advance.decision_due_on())},
                              {"paid_fen", "300000"},
                              {"closing_reason", "*"}}},
                            {"disbursement",
                             plan.disbursement_id(),
                             "",
                             "u-zhang",
                             kDepartment,
                             {{"application_id", award.application_id()},
                              {"case_id", kCase},
                              {"method", "DISBURSEMENT_METHOD_LUMP_SUM"},
                              {"purpose", "DISBURSEMENT_PURPOSE_AWARD"},
                              {"total_fen", "500000"},
                              {"paid_fen", "500000"},
                              {"funds_arrived_on", "2025-03-10"},
                              {"notify_due_on", DateString(plan.notify_due_on())},
                              {"applicant_notified_at", "2025-03-10T01:00:00Z"},
                              {"notification_method", "NOTIFICATION_METHOD_IN_PERSON"},
                              {"payee_account", "*"}}},
                            {"disbursement",
                             advance_disb.disbursement_id(),
                             "",
                             "u-zhang",
                             kDepartment,
                             {{"application_id", advance.application_id()},
                              {"case_id", kCase},
                              {"method", "DISBURSEMENT_METHOD_LUMP_SUM"},
                              {"purpose", "DISBURSEMENT_PURPOSE_EMERGENCY_ADVANCE"},
                              {"total_fen", "300000"},
                              {"paid_fen", "300000"},
                              {"payee_account", "*"}}},
                            {"payment",
                             paid.payment_id(),
                             "PAYMENT_STATUS_RECEIPTED",
                             "",
                             "",
                             {{"disbursement_id", plan.disbursement_id()},
                              {"application_id", award.application_id()},
                              {"amount_fen", "500000"},
                              {"paid_on", "2025-03-10"},
                              {"voucher_number", award_pay.voucher_number()},
                              {"bank_reference", award_pay.bank_reference()},
                              {"receipt_number", "SJ-2025-001"},
                              {"receipt_on", "2025-03-10"}}},
                            {"payment",
                             advance_paid.payment_id(),
                             "PAYMENT_STATUS_PAID",
                             "",
                             "",
                             {{"disbursement_id", advance_disb.disbursement_id()},
                              {"application_id", advance.application_id()},
                              {"amount_fen", "300000"},
                              {"paid_on", "2025-03-10"},
                              {"voucher_number", advance_pay.voucher_number()},
                              {"bank_reference", advance_pay.bank_reference()},
                              {"emergency", "true"}}},
                        });
  // No personal data or free text in the answer.
  const std::string bytes = facts->SerializeAsString();
  for (const char* secret : {"张大山", "6228480012345678", "撤回申请", "急需救治", "同意"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }

  // The other procuratorate's case: its records only (the oversight service reads every
  // procuratorate's).
  facts = Facts(kXsCase);
  ASSERT_TRUE(facts.ok()) << facts.status();
  std::vector<std::string> kinds;
  for (const opb::RecordFacts& r : facts->records()) {
    kinds.push_back(r.kind());
    auto case_of = r.fields().find("case_id");
    ASSERT_NE(case_of, r.fields().end());
    EXPECT_EQ(case_of->second, kXsCase);
  }
  ASSERT_THAT(kinds, ElementsAre("aid_application", "disbursement"));
  EXPECT_EQ(facts->records(1).record_id(), elsewhere.disbursement_id());
}

TEST_F(AidCaseFactsTest, AnUnknownCaseHasNoRecords) {
  for (const char* id : {"case-520382-0000000000000099", "case-110000-unknown"}) {
    absl::StatusOr<opb::CaseFacts> facts = Facts(id);
    ASSERT_TRUE(facts.ok()) << facts.status();
    EXPECT_EQ(facts->case_id(), id);
    EXPECT_EQ(facts->source(), "aid");
    EXPECT_THAT(facts->records(), IsEmpty());
  }
}

TEST_F(AidCaseFactsTest, AMalformedCaseIdIsInvalidArgumentNamingCaseId) {
  for (const std::string& id :
       {std::string(), std::string("case-520382"), std::string("case-520382-"),
        std::string("aid-520382-0000000000000001"), std::string("case-52038a-0000000000000001"),
        std::string("case-520382-00000000 1"), std::string("case-520382-0000'0001"),
        absl::StrCat("case-520382-", std::string(53, '0'))}) {
    absl::StatusOr<opb::CaseFacts> facts = Facts(id);
    EXPECT_TRUE(absl::IsInvalidArgument(facts.status())) << id << ": " << facts.status();
    EXPECT_THAT(ViolatedFields(facts.status()), ElementsAre("case_id")) << id;
  }
  // 64 characters is still a case id.
  EXPECT_TRUE(Facts(absl::StrCat("case-520382-", std::string(52, '0'))).ok());
}

TEST_F(AidCaseFactsTest, OnlyTheOversightServiceMayCall) {
  Registered(false, true);
  for (const Principal& p :
       {Worker(false, true), User("u-chief", kRenhuai, {Role::kChief}, "chief_procurator"),
        User("u-head", kRenhuai, {Role::kDepartmentHead}), agency_, Service("aid"),
        Service("referral"), Service("guardianship")}) {
    absl::StatusOr<opb::CaseFacts> facts = Facts(kCase, p);
    EXPECT_TRUE(absl::IsPermissionDenied(facts.status())) << p.Name() << ": " << facts.status();
  }
  absl::StatusOr<opb::CaseFacts> facts = Facts(kCase);
  ASSERT_TRUE(facts.ok()) << facts.status();
  EXPECT_EQ(facts->records_size(), 1);
}

}  // namespace
}  // namespace shouhu::testing
