// Disbursement and payment on a real MariaDB: exactly-once payment under concurrency, the
// fund's figures, failure and retry, the funds' arrival, the applicant's notification clock,
// guardian withdrawals, bad input and access.
#include <atomic>
#include <thread>
#include <vector>

#include "common/base/dates.h"
#include "common/db/deadline_events.h"
#include "integration/aid/money_fixture.h"

namespace shouhu::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class PaymentTest : public MoneyFixture {};

TEST_F(PaymentTest, PlanArrivePayReceiptMakesTheApplicationPaid) {
  Allocate(1000000);
  const std::string app = ApprovedApplication(300000);
  auto planned = disb_->PlanDisbursement(zhang_, Plan(app, 300000));
  ASSERT_TRUE(planned.ok()) << planned.status();
  EXPECT_EQ(planned->payee_account(), "**** 6789");
  EXPECT_EQ(planned->total_fen(), 300000);
  // The account number is stored sealed only.
  EXPECT_EQ(Count("aid_disbursements", "INSTR(payee_account_enc, '6214830112346789') > 0"), 0);

  // Not before the funds arrived: refused, nothing written.
  auto early = disb_->RecordPayment(finance_, Pay(*planned, 1, 300000, "BR0001"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.status().message(), HasSubstr("funds have not arrived"));
  EXPECT_EQ(Count("aid_payments"), 0);

  apb::RecordFundsArrivedRequest arrived;
  arrived.set_request_id(Rid());
  arrived.set_disbursement_id(planned->disbursement_id());
  arrived.set_version(planned->version());
  *arrived.mutable_arrived_on() = Date(2025, 3, 7);  // Friday
  auto d = disb_->RecordFundsArrived(finance_, arrived);
  ASSERT_TRUE(d.ok()) << d.status();
  // Two working days after Friday 7 March: Tuesday 11 March.
  EXPECT_EQ(DateString(d->notify_due_on()), "2025-03-11");
  EXPECT_FALSE(d->notify_overdue());
  clock_.Advance(absl::Hours(48));  // Wednesday 12 March
  auto late = disb_->GetDisbursement(finance_, [&] {
    apb::GetDisbursementRequest g;
    g.set_disbursement_id(d->disbursement_id());
    return g;
  }());
  ASSERT_TRUE(late.ok());
  EXPECT_TRUE(late->notify_overdue());

  auto paid = disb_->RecordPayment(finance_, Pay(*d, 1, 300000, "BR0001"));
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->status(), apb::PAYMENT_STATUS_PAID);
  EXPECT_EQ(paid->reconciliation(), apb::RECONCILIATION_STATUS_PENDING);
  EXPECT_EQ(AppInt(app, "paid_fen"), 300000);
  EXPECT_EQ(Count("outbox_events", "topic = 'aid.paid'"), 1);
  apb::Fund pot = RegularPot();
  EXPECT_EQ(pot.reserved_fen(), 0);
  EXPECT_EQ(pot.drawn_fen(), 300000);
  EXPECT_EQ(pot.available_fen(), 700000);
  // Paid but not receipted: still APPROVED.
  EXPECT_EQ(AppInt(app, "status"), apb::APPLICATION_STATUS_APPROVED);

  apb::PaymentUpdateRequest receipt;
  receipt.set_request_id(Rid());
  receipt.set_payment_id(paid->payment_id());
  receipt.set_version(paid->version());
  receipt.set_receipt_number("HZ-001");
  *receipt.mutable_on() = Date(2025, 3, 11);
  auto receipted = disb_->ConfirmReceipt(finance_, receipt);
  ASSERT_TRUE(receipted.ok()) << receipted.status();
  EXPECT_EQ(receipted->status(), apb::PAYMENT_STATUS_RECEIPTED);
  EXPECT_EQ(AppInt(app, "status"), apb::APPLICATION_STATUS_PAID);
}

TEST_F(PaymentTest, ConcurrentPaymentsOfOneInstalmentPayOnce) {
  Allocate(1000000);
  const std::string app = ApprovedApplication(250000);
  apb::Disbursement d = PlannedAndArrived(app, 250000);
  ASSERT_FALSE(d.disbursement_id().empty());
  auto pool = NewPool(16);
  ASSERT_TRUE(pool.ok());
  aid::AidDeps deps = deps_;
  deps.pool = pool->get();
  aid::DisbursementCore core(deps);

  // 64 distinct request ids.
  std::vector<apb::RecordPaymentRequest> reqs;
  for (int i = 0; i < 64; ++i) reqs.push_back(Pay(d, 1, 250000, absl::StrCat("BRX", i)));
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      auto r = core.RecordPayment(finance_, reqs[i]);
      if (r.ok()) {
        ++ok;
      } else if (r.status().code() == absl::StatusCode::kFailedPrecondition) {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << r.status();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), 63);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Count("aid_payments"), 1);
  EXPECT_EQ(Count("aid_fund_entries", "kind = 4"), 1);
  EXPECT_EQ(AppInt(app, "paid_fen"), 250000);
  EXPECT_EQ(RegularPot().drawn_fen(), 250000);

  // 64 with one request id on a second plan: one payment, every answer the same.
  const std::string app2 = ApprovedApplication(10000);
  apb::Disbursement d2 = PlannedAndArrived(app2, 10000);
  const apb::RecordPaymentRequest same = Pay(d2, 1, 10000, "BRSAME");
  std::vector<std::string> ids(64);
  threads.clear();
  std::atomic<int> failed{0};
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      auto r = core.RecordPayment(finance_, same);
      if (r.ok()) {
        ids[i] = r->payment_id();
      } else {
        ++failed;
        ADD_FAILURE() << r.status();
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  for (const std::string& id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_EQ(Count("aid_payments", absl::StrCat("disbursement_id = '", d2.disbursement_id(), "'")),
            1);
  EXPECT_EQ(Count("aid_fund_entries", "kind = 4"), 2);
  EXPECT_EQ(Count("outbox_events", "topic = 'aid.paid'"), 2);
  EXPECT_EQ(RegularPot().drawn_fen(), 260000);
}

TEST_F(PaymentTest, AFailedPaymentReturnsTheMoneyAndThePlanIsPayableAgain) {
  Allocate(500000);
  const std::string app = ApprovedApplication(120000);
  apb::Disbursement d = PlannedAndArrived(app, 120000);
  auto first = disb_->RecordPayment(finance_, Pay(d, 1, 120000, "BR-F1"));
  ASSERT_TRUE(first.ok()) << first.status();
  apb::PaymentUpdateRequest fail;
  fail.set_request_id(Rid());
  fail.set_payment_id(first->payment_id());
  fail.set_version(first->version());
  fail.set_failure_reason("账户已销户，退汇");
  *fail.mutable_on() = Date(2025, 3, 10);
  auto failed = disb_->MarkPaymentFailed(finance_, fail);
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(failed->status(), apb::PAYMENT_STATUS_FAILED);
  EXPECT_EQ(AppInt(app, "paid_fen"), 0);
  apb::Fund pot = RegularPot();
  EXPECT_EQ(pot.reserved_fen(), 120000);
  EXPECT_EQ(pot.drawn_fen(), 0);
  // A repeat of the same failure replays; a stale one is ABORTED.
  auto again = disb_->MarkPaymentFailed(finance_, fail);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version(), failed->version());
  fail.set_request_id(Rid());
  EXPECT_EQ(disb_->MarkPaymentFailed(finance_, fail).status().code(), absl::StatusCode::kAborted);

  auto second = disb_->RecordPayment(finance_, Pay(d, 1, 120000, "BR-F2"));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_NE(second->payment_id(), first->payment_id());
  EXPECT_EQ(AppInt(app, "paid_fen"), 120000);
  EXPECT_EQ(RegularPot().drawn_fen(), 120000);
  apb::GetDisbursementRequest g;
  g.set_disbursement_id(d.disbursement_id());
  auto read = disb_->GetDisbursement(finance_, g);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->payments_size(), 2);
  EXPECT_EQ(read->instalments(0).payment_id(), second->payment_id());
  EXPECT_EQ(read->paid_fen(), 120000);
}

TEST_F(PaymentTest, InstalmentsAmountsAndTheQueue) {
  Allocate(500000);
  const std::string app = ApprovedApplication(90000);
  apb::PlanDisbursementRequest plan = Plan(app, 30000);
  plan.set_method(apb::DISBURSEMENT_METHOD_INSTALMENTS);
  for (int n = 2; n <= 3; ++n) {
    apb::Instalment* i = plan.add_instalments();
    i->set_sequence(n);
    *i->mutable_due_on() = Date(2025, 3 + n, 10);
    i->set_amount_fen(30000);
  }
  auto d = disb_->PlanDisbursement(zhang_, plan);
  ASSERT_TRUE(d.ok()) << d.status();
  apb::RecordFundsArrivedRequest arrived;
  arrived.set_request_id(Rid());
  arrived.set_disbursement_id(d->disbursement_id());
  arrived.set_version(d->version());
  *arrived.mutable_arrived_on() = Date(2025, 3, 10);
  ASSERT_TRUE(disb_->RecordFundsArrived(finance_, arrived).ok());

  // Finance's queue: the first instalment is due today.
  apb::ListDisbursementsRequest queue;
  queue.set_unpaid_due_only(true);
  auto due = disb_->ListDisbursements(finance_, queue);
  ASSERT_TRUE(due.ok()) << due.status();
  ASSERT_EQ(due->disbursements_size(), 1);

  // The amount must be the instalment's; an unknown instalment is named.
  auto wrong = disb_->RecordPayment(finance_, Pay(*d, 1, 29999, "BR-I0"));
  EXPECT_THAT(ViolatedFields(wrong.status()), ElementsAre("amount_fen"));
  auto missing = disb_->RecordPayment(finance_, Pay(*d, 4, 30000, "BR-I0"));
  EXPECT_THAT(ViolatedFields(missing.status()), ElementsAre("instalment_sequence"));
  ASSERT_TRUE(disb_->RecordPayment(finance_, Pay(*d, 1, 30000, "BR-I1")).ok());
  // Paid: out of the queue (the next instalment is due in May).
  due = disb_->ListDisbursements(finance_, queue);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(due->disbursements_size(), 0);

  // Amend the unpaid ones: 2 and 3 become 20000 + 40000.
  apb::AmendDisbursementRequest amend;
  amend.set_request_id(Rid());
  amend.set_disbursement_id(d->disbursement_id());
  auto read = disb_->GetDisbursement(zhang_, [&] {
    apb::GetDisbursementRequest g;
    g.set_disbursement_id(d->disbursement_id());
    return g;
  }());
  ASSERT_TRUE(read.ok());
  amend.set_version(read->version());
  amend.set_reason("申请人要求调整分期");
  for (auto [n, fen] : {std::pair{2, 20000}, std::pair{3, 40000}}) {
    apb::Instalment* i = amend.add_instalments();
    i->set_sequence(n);
    *i->mutable_due_on() = Date(2025, 4 + n, 1);
    i->set_amount_fen(fen);
  }
  auto amended = disb_->AmendDisbursement(zhang_, amend);
  ASSERT_TRUE(amended.ok()) << amended.status();
  EXPECT_EQ(amended->instalments(1).amount_fen(), 20000);
  EXPECT_EQ(amended->instalments(2).amount_fen(), 40000);
  EXPECT_EQ(amended->amendment_reason(), "申请人要求调整分期");
  // A sum that does not fit is refused naming the instalments.
  amend.set_request_id(Rid());
  amend.set_version(amended->version());
  amend.mutable_instalments(1)->set_amount_fen(1);
  EXPECT_THAT(ViolatedFields(disb_->AmendDisbursement(zhang_, amend).status()),
              ElementsAre("instalments"));
}

TEST_F(PaymentTest, GuardianWithdrawalsKeepTheMonthlyLimitAndTheBalance) {
  Allocate(500000);
  const std::string app = ApprovedApplication(200000, /*minor=*/true);
  apb::PlanDisbursementRequest plan = Plan(app, 200000);
  // A minor's money without custody needs a reason.
  auto refused = disb_->PlanDisbursement(zhang_, plan);
  EXPECT_THAT(ViolatedFields(refused.status()), ElementsAre("custodian"));
  EXPECT_EQ(Count("aid_disbursements"), 0);
  plan.set_request_id(Rid());
  plan.set_custody(apb::CUSTODY_CUSTODIAL_ACCOUNT);
  plan.set_custodian("贵州银行仁怀支行");
  plan.set_guardian_monthly_limit_fen(50000);
  plan.set_custody_agreement_ref("TG-2025-007");
  plan.set_release_condition("年满18周岁");
  auto d = disb_->PlanDisbursement(zhang_, plan);
  ASSERT_TRUE(d.ok()) << d.status();
  apb::RecordFundsArrivedRequest arrived;
  arrived.set_request_id(Rid());
  arrived.set_disbursement_id(d->disbursement_id());
  arrived.set_version(d->version());
  *arrived.mutable_arrived_on() = Date(2025, 3, 10);
  ASSERT_TRUE(disb_->RecordFundsArrived(finance_, arrived).ok());
  ASSERT_TRUE(disb_->RecordPayment(finance_, Pay(*d, 1, 200000, "BR-G1")).ok());

  int64_t version = 0;
  auto withdraw = [&](int month, int day, int64_t fen) {
    apb::GetDisbursementRequest g;
    g.set_disbursement_id(d->disbursement_id());
    version = disb_->GetDisbursement(finance_, g)->version();
    apb::RecordGuardianWithdrawalRequest w;
    w.set_request_id(Rid());
    w.set_disbursement_id(d->disbursement_id());
    w.set_version(version);
    *w.mutable_withdrawal()->mutable_withdrawn_on() = Date(2025, month, day);
    w.mutable_withdrawal()->set_amount_fen(fen);
    w.mutable_withdrawal()->set_purpose("学费");
    return disb_->RecordGuardianWithdrawal(finance_, w);
  };
  clock_.Set(China(2025, 6, 30, 10));
  auto w1 = withdraw(3, 11, 30000);
  ASSERT_TRUE(w1.ok()) << w1.status();
  EXPECT_EQ(w1->custody_balance_fen(), 170000);
  auto over = withdraw(3, 20, 20001);  // 50001 in March
  EXPECT_EQ(over.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(over.status().message(), HasSubstr("monthly limit"));
  auto w2 = withdraw(3, 31, 20000);
  ASSERT_TRUE(w2.ok()) << w2.status();
  for (int month = 4; month <= 6; ++month) ASSERT_TRUE(withdraw(month, 1, 40000).ok());
  auto w3 = withdraw(6, 2, 10000);
  ASSERT_TRUE(w3.ok()) << w3.status();
  EXPECT_EQ(w3->custody_balance_fen(), 20000);
  EXPECT_EQ(w3->withdrawals_size(), 6);
  EXPECT_EQ(w3->withdrawals(5).balance_after_fen(), 20000);
  EXPECT_EQ(w3->withdrawals(5).purpose(), "学费");
  // Never below zero.
  clock_.Set(China(2025, 8, 31, 10));
  auto w4 = withdraw(7, 1, 20000);
  ASSERT_TRUE(w4.ok()) << w4.status();
  EXPECT_EQ(w4->custody_balance_fen(), 0);
  auto empty = withdraw(8, 1, 1);
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(empty.status().message(), HasSubstr("protected balance"));
  EXPECT_EQ(Int("SELECT MIN(balance_after_fen) FROM aid_withdrawals"), 0);
}

TEST_F(PaymentTest, BadInputIsNamedAndWritesNothing) {
  Allocate(500000);
  const std::string app = ApprovedApplication(100000);
  struct Case {
    const char* field;
    std::function<void(apb::PlanDisbursementRequest&)> spoil;
  };
  const std::vector<Case> cases = {
      {"request_id", [](auto& r) { r.set_request_id("x"); }},
      {"purpose", [](auto& r) { r.set_purpose(apb::DISBURSEMENT_PURPOSE_UNSPECIFIED); }},
      {"method", [](auto& r) { r.set_method(apb::DISBURSEMENT_METHOD_UNSPECIFIED); }},
      {"custody", [](auto& r) { r.set_custody(apb::CUSTODY_UNSPECIFIED); }},
      {"custody_agreement_ref", [](auto& r) { r.set_custody(apb::CUSTODY_NOTARY_ESCROW); }},
      {"payee.account_number", [](auto& r) { r.mutable_payee()->set_account_number("12"); }},
      {"payee.name", [](auto& r) { r.mutable_payee()->clear_name(); }},
      {"instalments", [](auto& r) { r.clear_instalments(); }},
      {"instalments[0].sequence", [](auto& r) { r.mutable_instalments(0)->set_sequence(2); }},
      {"instalments[0].due_on",
       [](auto& r) { r.mutable_instalments(0)->mutable_due_on()->set_month(13); }},
      {"instalments", [](auto& r) { r.mutable_instalments(0)->set_amount_fen(99999); }},
  };
  for (const Case& c : cases) {
    apb::PlanDisbursementRequest req = Plan(app, 100000);
    c.spoil(req);
    auto r = disb_->PlanDisbursement(zhang_, req);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_THAT(ViolatedFields(r.status()), ElementsAre(c.field)) << r.status();
  }
  EXPECT_EQ(Count("aid_disbursements"), 0);
  EXPECT_EQ(Count("idempotency_keys"), 1);  // the allocation only

  apb::Disbursement d = PlannedAndArrived(app, 100000);
  apb::RecordPaymentRequest pay = Pay(d, 1, 100000, "BR-BAD");
  pay.set_bank_reference("");
  EXPECT_THAT(ViolatedFields(disb_->RecordPayment(finance_, pay).status()),
              ElementsAre("bank_reference"));
  pay = Pay(d, 1, 100000, "BR-BAD");
  *pay.mutable_paid_on() = Date(2025, 3, 11);  // tomorrow
  EXPECT_THAT(ViolatedFields(disb_->RecordPayment(finance_, pay).status()), ElementsAre("paid_on"));
  apb::AllocateFundRequest alloc;
  alloc.set_request_id(Rid());
  alloc.set_year(2025);
  alloc.set_pot(apb::FUND_POT_REGULAR);
  alloc.set_amount_fen(-5);
  alloc.set_source("x");
  EXPECT_THAT(ViolatedFields(fund_->AllocateFund(finance_, alloc).status()),
              ElementsAre("amount_fen"));
  EXPECT_EQ(Count("aid_payments"), 0);
}

TEST_F(PaymentTest, FinanceCaseworkerAndOtherProcuratorate) {
  Allocate(500000);
  const std::string app = ApprovedApplication(100000);
  // Another caseworker than the assigned one may not plan.
  EXPECT_EQ(disb_->PlanDisbursement(li_, Plan(app, 100000)).status().code(),
            absl::StatusCode::kPermissionDenied);
  // Finance does not plan; the head may.
  EXPECT_EQ(disb_->PlanDisbursement(finance_, Plan(app, 100000)).status().code(),
            absl::StatusCode::kPermissionDenied);
  apb::Disbursement d = PlannedAndArrived(app, 100000);
  // Caseworkers do not pay.
  EXPECT_EQ(disb_->RecordPayment(zhang_, Pay(d, 1, 100000, "BR-A")).status().code(),
            absl::StatusCode::kPermissionDenied);
  // Another procuratorate's finance: refused from the id alone.
  apb::GetDisbursementRequest g;
  g.set_disbursement_id(d.disbursement_id());
  EXPECT_EQ(disb_->GetDisbursement(finance_xishui_, g).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(disb_->RecordPayment(finance_xishui_, Pay(d, 1, 100000, "BR-A")).status().code(),
            absl::StatusCode::kPermissionDenied);
  g.set_disbursement_id("disb-520382-nosuch");
  EXPECT_EQ(disb_->GetDisbursement(finance_, g).status().code(), absl::StatusCode::kNotFound);
  // Only finance allocates.
  apb::AllocateFundRequest alloc;
  alloc.set_request_id(Rid());
  alloc.set_year(2025);
  alloc.set_pot(apb::FUND_POT_REGULAR);
  alloc.set_amount_fen(5);
  alloc.set_source("x");
  EXPECT_EQ(fund_->AllocateFund(zhang_, alloc).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Count("aid_payments"), 0);
}

TEST_F(PaymentTest, AnEmergencyAdvanceIsPaidFromItsPotAndDeductedFromTheAward) {
  Allocate(1000000);
  Allocate(100000, apb::FUND_POT_EMERGENCY);
  MoneyApplication a;
  a.status = apb::APPLICATION_STATUS_PENDING_CHIEF_DECISION;
  a.emergency_fen = 50000;
  const std::string app = InsertApplication(a);
  // The advance's approval reserves it on the EMERGENCY pot.
  ASSERT_TRUE(InTx([&](db::Tx& tx) {
                return aid::ReserveFunds(tx, Move(apb::FUND_POT_EMERGENCY, 50000, app));
              }).ok());
  apb::PlanDisbursementRequest plan = Plan(app, 50000);
  plan.set_purpose(apb::DISBURSEMENT_PURPOSE_EMERGENCY_ADVANCE);
  auto adv = disb_->PlanDisbursement(zhang_, plan);
  ASSERT_TRUE(adv.ok()) << adv.status();
  // No funds arrival needed for an advance.
  auto paid = disb_->RecordPayment(finance_, Pay(*adv, 1, 50000, "BR-E1"));
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_TRUE(paid->emergency());
  EXPECT_EQ(Int("SELECT drawn_fen FROM aid_funds WHERE pot = 2"), 50000);
  EXPECT_EQ(Int("SELECT reserved_fen FROM aid_funds WHERE pot = 2"), 0);
  EXPECT_EQ(RegularPot().drawn_fen(), 0);

  // Approved for 200000: the approval reserves the rest after the advance, 150000.
  Exec("UPDATE aid_applications SET status = 6, approved_fen = 200000 WHERE id = '" + app + "'");
  ASSERT_TRUE(InTx([&](db::Tx& tx) {
                return aid::ReserveFunds(tx, Move(apb::FUND_POT_REGULAR, 150000, app));
              }).ok());
  auto whole = disb_->PlanDisbursement(zhang_, Plan(app, 200000));
  EXPECT_THAT(ViolatedFields(whole.status()), ElementsAre("instalments"));
  EXPECT_THAT(whole.status().message(), HasSubstr("150000"));
  auto award = disb_->PlanDisbursement(zhang_, Plan(app, 150000));
  ASSERT_TRUE(award.ok()) << award.status();
  apb::RecordFundsArrivedRequest arrived;
  arrived.set_request_id(Rid());
  arrived.set_disbursement_id(award->disbursement_id());
  arrived.set_version(award->version());
  *arrived.mutable_arrived_on() = Date(2025, 3, 10);
  ASSERT_TRUE(disb_->RecordFundsArrived(finance_, arrived).ok());
  ASSERT_TRUE(disb_->RecordPayment(finance_, Pay(*award, 1, 150000, "BR-E2")).ok());
  // Each pot paid what it held for the application.
  apb::Fund pot = RegularPot();
  EXPECT_EQ(pot.reserved_fen(), 0);
  EXPECT_EQ(pot.drawn_fen(), 150000);
  EXPECT_EQ(pot.available_fen(), 850000);
  EXPECT_EQ(AppInt(app, "paid_fen"), 200000);
  // Nothing more to plan.
  EXPECT_EQ(disb_->PlanDisbursement(zhang_, Plan(app, 1)).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// The notification clock is watched (topic "deadline.changed", for the oversight service):
// started by the funds' arrival, met by the first notification.
TEST_F(PaymentTest, TheNotificationDeadlineRunsFromTheFundsArrivalToTheNotification) {
  namespace opb = ::shouhu::oversight::v1;
  Allocate(500000);
  const std::string app = ApprovedApplication(120000);
  const apb::Disbursement d = PlannedAndArrived(app, 120000);
  const std::string key = "AID_NOTIFICATION:" + d.disbursement_id();
  std::vector<opb::DeadlineChanged> changes = DeadlineChanges(key);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind(), opb::AID_NOTIFICATION);
  EXPECT_EQ(changes[0].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(changes[0].record_id(), d.disbursement_id());
  EXPECT_EQ(changes[0].case_id(), d.case_id());
  EXPECT_EQ(changes[0].assigned_to(), "person:u-zhang");
  EXPECT_EQ(changes[0].started_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayStart(absl::CivilDay(2025, 3, 10))));
  EXPECT_EQ(changes[0].due_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayEnd(ToCivilDay(d.notify_due_on()))));
  EXPECT_EQ(changes[0].sequence(), d.version());

  apb::RecordApplicantNotifiedRequest notified;
  notified.set_request_id(Rid());
  notified.set_disbursement_id(d.disbursement_id());
  notified.set_version(d.version());
  notified.set_method(apb::NOTIFICATION_METHOD_PHONE);
  *notified.mutable_notified_at() = ToTimestamp(clock_.Now() - absl::Hours(1));
  auto done = disb_->RecordApplicantNotified(zhang_, notified);
  ASSERT_TRUE(done.ok()) << done.status();
  changes = DeadlineChanges(key);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].state(), opb::DEADLINE_MET);
  EXPECT_EQ(changes[1].ended_at().unix_millis(), notified.notified_at().unix_millis());
  EXPECT_EQ(changes[1].sequence(), done->version());
}

}  // namespace
}  // namespace shouhu::testing
