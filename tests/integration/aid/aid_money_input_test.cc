// Bad input for the remaining money RPCs: INVALID_ARGUMENT naming the field, nothing written;
// the applicant's notification.
#include "common/base/dates.h"
#include "integration/aid/money_fixture.h"

namespace shouhu::testing {
namespace {

using ::testing::ElementsAre;

class MoneyInputTest : public MoneyFixture {
 protected:
  int64_t Writes() {
    return Count("idempotency_keys") + Count("audit_log") + Count("aid_fund_entries") +
           Count("aid_payments") + Count("aid_withdrawals") + Count("aid_recoveries");
  }
};

TEST_F(MoneyInputTest, EveryRpcNamesTheBadField) {
  Allocate(500000);
  const std::string app = ApprovedApplication(100000);
  apb::Disbursement d = PlannedAndArrived(app, 100000);
  auto paid = disb_->RecordPayment(finance_, Pay(d, 1, 100000, "BR-IN1"));
  ASSERT_TRUE(paid.ok()) << paid.status();
  const int64_t before = Writes();

  apb::RecordFundsArrivedRequest arrived;
  arrived.set_request_id(Rid());
  arrived.set_disbursement_id(d.disbursement_id());
  arrived.set_version(0);
  *arrived.mutable_arrived_on() = Date(2025, 3, 10);
  EXPECT_THAT(ViolatedFields(disb_->RecordFundsArrived(finance_, arrived).status()),
              ElementsAre("version"));
  arrived.set_version(1);
  *arrived.mutable_arrived_on() = Date(2025, 2, 30);
  EXPECT_THAT(ViolatedFields(disb_->RecordFundsArrived(finance_, arrived).status()),
              ElementsAre("arrived_on"));

  apb::PaymentUpdateRequest update;
  update.set_request_id(Rid());
  update.set_payment_id(paid->payment_id());
  update.set_version(paid->version());
  *update.mutable_on() = Date(2025, 3, 10);
  EXPECT_THAT(ViolatedFields(disb_->ConfirmReceipt(finance_, update).status()),
              ElementsAre("receipt_number"));
  EXPECT_THAT(ViolatedFields(disb_->MarkPaymentFailed(finance_, update).status()),
              ElementsAre("failure_reason"));
  update.set_payment_id("pay-nosuch");
  update.set_receipt_number("R1");
  EXPECT_THAT(ViolatedFields(disb_->ConfirmReceipt(finance_, update).status()),
              ElementsAre("payment_id"));

  apb::RecordApplicantNotifiedRequest notified;
  notified.set_request_id(Rid());
  notified.set_disbursement_id(d.disbursement_id());
  notified.set_version(d.version());
  *notified.mutable_notified_at() = ToTimestamp(clock_.Now());
  EXPECT_THAT(ViolatedFields(disb_->RecordApplicantNotified(zhang_, notified).status()),
              ElementsAre("method"));
  notified.set_method(apb::NOTIFICATION_METHOD_PHONE);
  *notified.mutable_notified_at() = ToTimestamp(clock_.Now() + absl::Hours(1));
  EXPECT_THAT(ViolatedFields(disb_->RecordApplicantNotified(zhang_, notified).status()),
              ElementsAre("notified_at"));

  apb::RecordGuardianWithdrawalRequest w;
  w.set_request_id(Rid());
  w.set_disbursement_id(d.disbursement_id());
  w.set_version(1);
  *w.mutable_withdrawal()->mutable_withdrawn_on() = Date(2025, 3, 10);
  w.mutable_withdrawal()->set_amount_fen(100);
  EXPECT_THAT(ViolatedFields(disb_->RecordGuardianWithdrawal(finance_, w).status()),
              ElementsAre("withdrawal.purpose"));

  apb::AmendDisbursementRequest amend;
  amend.set_request_id(Rid());
  amend.set_disbursement_id(d.disbursement_id());
  amend.set_version(1);
  amend.set_reason("x");
  EXPECT_THAT(ViolatedFields(disb_->AmendDisbursement(zhang_, amend).status()),
              ElementsAre("instalments"));

  apb::GetFundRequest get_fund;
  get_fund.set_year(99);
  EXPECT_THAT(ViolatedFields(fund_->GetFund(finance_, get_fund).status()), ElementsAre("year"));
  apb::ListFundEntriesRequest entries;
  entries.set_year(2025);
  entries.set_page_token("!!");
  EXPECT_THAT(ViolatedFields(fund_->ListFundEntries(finance_, entries).status()),
              ElementsAre("page_token"));
  apb::ListDisbursementsRequest list;
  list.set_page_token("!!");
  EXPECT_THAT(ViolatedFields(disb_->ListDisbursements(finance_, list).status()),
              ElementsAre("page_token"));
  apb::ListReconciliationIssuesRequest issues;
  issues.set_page_token("!!");
  EXPECT_THAT(ViolatedFields(recon_->ListReconciliationIssues(finance_, issues).status()),
              ElementsAre("page_token"));
  apb::ListRecoveriesRequest recoveries;
  recoveries.set_status(static_cast<apb::RecoveryStatus>(42));
  EXPECT_THAT(ViolatedFields(recovery_->ListRecoveries(finance_, recoveries).status()),
              ElementsAre("status"));

  apb::OpenRecoveryRequest open;
  open.set_request_id(Rid());
  open.set_application_id(app);
  open.set_kind(apb::RECOVERY_KIND_FRAUD);
  open.set_debtor("王芳");
  open.set_amount_due_fen(100);
  EXPECT_THAT(ViolatedFields(recovery_->OpenRecovery(chief_, open).status()),
              ElementsAre("reason"));
  apb::RecordRecoveryReceiptRequest receipt;
  receipt.set_request_id(Rid());
  receipt.set_recovery_id("rec-520382-x");
  receipt.set_version(1);
  receipt.set_amount_fen(100);
  *receipt.mutable_received_on() = Date(2025, 3, 10);
  EXPECT_THAT(ViolatedFields(recovery_->RecordRecoveryReceipt(finance_, receipt).status()),
              ElementsAre("voucher_number"));

  EXPECT_EQ(Writes(), before);
}

TEST_F(MoneyInputTest, NotifyingTheApplicantClearsTheOverdueFlag) {
  Allocate(500000);
  const std::string app = ApprovedApplication(100000);
  apb::Disbursement d = PlannedAndArrived(app, 100000);  // arrived Monday 10 March
  EXPECT_EQ(DateString(d.notify_due_on()), "2025-03-12");
  clock_.Set(China(2025, 3, 13, 9));
  apb::GetDisbursementRequest g;
  g.set_disbursement_id(d.disbursement_id());
  EXPECT_TRUE(disb_->GetDisbursement(finance_, g)->notify_overdue());

  apb::RecordApplicantNotifiedRequest notified;
  notified.set_request_id(Rid());
  notified.set_disbursement_id(d.disbursement_id());
  notified.set_version(d.version());
  notified.set_method(apb::NOTIFICATION_METHOD_PHONE);
  *notified.mutable_notified_at() = ToTimestamp(China(2025, 3, 12, 16));
  // Only the assigned caseworker or a head.
  EXPECT_EQ(disb_->RecordApplicantNotified(li_, notified).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto out = disb_->RecordApplicantNotified(head_, notified);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_FALSE(out->notify_overdue());
  EXPECT_EQ(out->notification_method(), apb::NOTIFICATION_METHOD_PHONE);
  EXPECT_EQ(out->applicant_notified_at().unix_millis(), absl::ToUnixMillis(China(2025, 3, 12, 16)));
}

}  // namespace
}  // namespace shouhu::testing
