// The aid service's money part on a real MariaDB, on the aid fixture (aid_fixture.h: the
// database, clock, ids, cipher, calendar, principals and audit check): the money cores and
// applications inserted directly in the state a test needs.
#ifndef SHOUHU_TESTS_INTEGRATION_AID_MONEY_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_AID_MONEY_FIXTURE_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "aid/disbursement_ops.h"
#include "aid/fund_ledger.h"
#include "aid/fund_ops.h"
#include "aid/reconciliation.h"
#include "aid/recovery.h"
#include "integration/aid/aid_fixture.h"

namespace shouhu::testing {

inline constexpr char kMoneyRenhuai[] = "520382";
inline constexpr char kMoneyXishui[] = "520330";

// An application row as the money part reads it.
struct MoneyApplication {
  std::string procuratorate = kMoneyRenhuai;
  apb::ApplicationStatus status = apb::APPLICATION_STATUS_APPROVED;
  std::string assigned_to = "u-zhang";
  bool victim_minor = false;
  int64_t approved_fen = 0;
  int64_t emergency_fen = 0;
};

class MoneyFixture : public AidFixture {
 protected:
  void SetUp() override {
    AidFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    fund_ = std::make_unique<aid::FundCore>(deps_);
    disb_ = std::make_unique<aid::DisbursementCore>(deps_);
    recon_ = std::make_unique<aid::ReconciliationCore>(deps_);
    recovery_ = std::make_unique<aid::RecoveryCore>(deps_);
  }

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

  // Allocates `fen` to the pot of 2025 through FundService.
  void Allocate(int64_t fen, apb::FundPot pot = apb::FUND_POT_REGULAR) {
    apb::AllocateFundRequest req;
    req.set_request_id(Rid());
    req.set_year(2025);
    req.set_pot(pot);
    req.set_amount_fen(fen);
    req.set_source("黔财行〔2025〕12号");
    auto r = fund_->AllocateFund(finance_, req);
    ASSERT_TRUE(r.ok()) << r.status();
  }

  // An APPROVED application of `fen` with its reservation on the regular pot (as the
  // approval makes it).
  std::string ApprovedApplication(int64_t fen, bool minor = false) {
    MoneyApplication a;
    a.approved_fen = fen;
    a.victim_minor = minor;
    const std::string id = InsertApplication(a);
    absl::Status st = InTx(
        [&](db::Tx& tx) { return aid::ReserveFunds(tx, Move(apb::FUND_POT_REGULAR, fen, id)); });
    EXPECT_TRUE(st.ok()) << st;
    return id;
  }

  apb::PlanDisbursementRequest Plan(const std::string& application, int64_t fen) {
    apb::PayeeInput payee;
    payee.set_name("王芳");
    payee.set_bank_name("贵州银行仁怀支行");
    payee.set_account_number("6214830112346789");
    return LumpSumPlan(application, fen, &payee);
  }

  // A planned lump sum whose funds arrived on 10 March 2025.
  apb::Disbursement PlannedAndArrived(const std::string& application, int64_t fen) {
    auto d = disb_->PlanDisbursement(zhang_, Plan(application, fen));
    EXPECT_TRUE(d.ok()) << d.status();
    if (!d.ok()) return {};
    apb::RecordFundsArrivedRequest req;
    req.set_request_id(Rid());
    req.set_disbursement_id(d->disbursement_id());
    req.set_version(d->version());
    *req.mutable_arrived_on() = Date(2025, 3, 10);
    auto out = disb_->RecordFundsArrived(finance_, req);
    EXPECT_TRUE(out.ok()) << out.status();
    return out.ok() ? *out : apb::Disbursement();
  }

  apb::RecordPaymentRequest Pay(const apb::Disbursement& d, int sequence, int64_t fen,
                                const std::string& reference) {
    apb::RecordPaymentRequest req;
    req.set_request_id(Rid());
    req.set_disbursement_id(d.disbursement_id());
    req.set_instalment_sequence(sequence);
    req.set_amount_fen(fen);
    *req.mutable_paid_on() = Date(2025, 3, 10);
    req.set_voucher_number(absl::StrCat("V", next_request_));
    req.set_bank_reference(reference);
    return req;
  }

  apb::Fund RegularPot() {
    apb::GetFundRequest req;
    req.set_year(2025);
    auto r = fund_->GetFund(finance_, req);
    EXPECT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r.ok() && r->balanced());
    if (r.ok()) {
      for (const auto& f : r->pots()) {
        if (f.pot() == apb::FUND_POT_REGULAR) return f;
      }
    }
    return {};
  }

  int64_t AppInt(const std::string& id, const std::string& column) {
    return Int(absl::StrCat("SELECT ", column, " FROM aid_applications WHERE id = '", id, "'"));
  }

  std::unique_ptr<aid::FundCore> fund_;
  std::unique_ptr<aid::DisbursementCore> disb_;
  std::unique_ptr<aid::ReconciliationCore> recon_;
  std::unique_ptr<aid::RecoveryCore> recovery_;
  int next_app_ = 1;

  const Principal finance_xishui_ = User("u-fin-x", kMoneyXishui, {Role::kFinance});
  const Principal li_ = User("u-li", kMoneyRenhuai, {Role::kCaseworker});
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_AID_MONEY_FIXTURE_H_
