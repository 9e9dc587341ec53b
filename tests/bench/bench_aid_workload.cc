// The aid workload's requests, its set-up (wage table, fund, cases) and each client's
// closed loop of whole flows (registration to receipt).
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/bench_aid.h"
#include "common/base/dates.h"
#include "support/builders.h"

ABSL_FLAG(int, aid_cases_per_client, 4,
          "aid: open cases seeded per client before timing; each flow registers an "
          "application on one of its client's cases in turn");

namespace shouhu::bench {
namespace {

// The province's average monthly wage (520000, the year before registration): one month
// of it is the proposed grant, below the default committee threshold (10,000 yuan).
constexpr int64_t kMonthlyWageFen = 800'000;

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
constexpr const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋"};

// Runs one step; records its latency if it started inside the window, or its error.
template <typename Fn>
auto Step(AidStats& stats, const Window& w, int step, Fn fn) -> decltype(fn()) {
  if (stats.probe) stats.probe(step, false);
  const auto t0 = SteadyClock::now();
  auto result = fn();
  const auto t1 = SteadyClock::now();
  if (stats.probe) stats.probe(step, true);
  if (w.Inside(t0)) {
    if (result.ok()) {
      stats.step_us[step].push_back(static_cast<uint32_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count()));
    } else {
      ++stats.error_count;
      ++stats.errors[absl::StrCat(AidStepName(step), ":",
                                  absl::StatusCodeToString(result.status().code()))];
    }
  }
  return result;
}

apb::ApprovalRequest Approval(AidGenerator& gen, const apb::Application& a,
                              const std::string& opinion) {
  apb::ApprovalRequest r;
  r.set_request_id(gen.RequestId());
  r.set_application_id(a.application_id());
  r.set_version(a.version());
  r.set_outcome(apb::APPROVAL_OUTCOME_AGREE);
  r.set_opinion(opinion);
  return r;
}

}  // namespace

bool RunAidFlow(AidClient& client, AidGenerator& gen, const std::string& case_id, const Window& w,
                AidStats& stats) {
  auto app = Step(stats, w, kRegister, [&] { return client.Register(gen.Registration(case_id)); });
  if (!app.ok()) return false;

  apb::ProposeDecisionRequest propose;
  propose.set_request_id(gen.RequestId());
  propose.set_application_id(app->application_id());
  propose.set_version(app->version());
  propose.set_decision(apb::DECISION_KIND_GRANT);
  propose.mutable_amount()->set_months(1);
  propose.set_opinion("符合救助条件，建议救助一个月工资。");
  app = Step(stats, w, kPropose, [&] { return client.Propose(propose); });
  if (!app.ok()) return false;
  app = Step(stats, w, kReview, [&] { return client.Review(Approval(gen, *app, "同意。")); });
  if (!app.ok()) return false;
  apb::ApprovalRequest decide = Approval(gen, *app, "同意救助。");
  decide.set_document_ref(
      absl::StrCat("仁检救决〔", gen.Today().year(), "〕", gen.counter(), "号"));
  app = Step(stats, w, kDecide, [&] { return client.Decide(decide); });
  if (!app.ok()) return false;

  const cpb::Date today = FromCivilDay(gen.Today());
  apb::PlanDisbursementRequest plan;
  plan.set_request_id(gen.RequestId());
  plan.set_application_id(app->application_id());
  plan.set_purpose(apb::DISBURSEMENT_PURPOSE_AWARD);
  plan.set_method(apb::DISBURSEMENT_METHOD_LUMP_SUM);
  plan.set_custody(apb::CUSTODY_NONE);
  plan.mutable_payee()->set_name("李秀英");
  plan.mutable_payee()->set_bank_name("农村信用社");
  plan.mutable_payee()->set_account_number("6228480012345678");
  apb::Instalment* only = plan.add_instalments();
  only->set_sequence(1);
  *only->mutable_due_on() = today;
  only->set_amount_fen(app->approved_fen());
  auto disb = Step(stats, w, kPlan, [&] { return client.Plan(plan); });
  if (!disb.ok()) return false;

  apb::RecordFundsArrivedRequest arrived;
  arrived.set_request_id(gen.RequestId());
  arrived.set_disbursement_id(disb->disbursement_id());
  arrived.set_version(disb->version());
  *arrived.mutable_arrived_on() = today;
  disb = Step(stats, w, kArrived, [&] { return client.Arrived(arrived); });
  if (!disb.ok()) return false;

  apb::RecordPaymentRequest pay;
  pay.set_request_id(gen.RequestId());
  pay.set_disbursement_id(disb->disbursement_id());
  pay.set_instalment_sequence(1);
  pay.set_amount_fen(app->approved_fen());
  *pay.mutable_paid_on() = today;
  pay.set_voucher_number(absl::StrCat("PZ", gen.RequestId()));
  pay.set_bank_reference(absl::StrCat("BR", gen.RequestId()));
  auto payment = Step(stats, w, kPay, [&] { return client.Pay(pay); });
  if (!payment.ok()) return false;

  apb::PaymentUpdateRequest receipt;
  receipt.set_request_id(gen.RequestId());
  receipt.set_payment_id(payment->payment_id());
  receipt.set_version(payment->version());
  receipt.set_receipt_number(absl::StrCat("HZ", gen.RequestId()));
  *receipt.mutable_on() = today;
  return Step(stats, w, kReceipt, [&] { return client.Receipt(receipt); }).ok();
}

const char* AidStepName(int step) {
  static constexpr const char* kNames[] = {"register", "propose", "review", "decide",
                                           "plan",     "arrived", "pay",    "receipt"};
  return step >= 0 && step < kAidStepCount ? kNames[step] : "?";
}

AidGenerator::AidGenerator(uint64_t salt, int client)
    : salt_(salt), client_(client), today_(ChinaDay(absl::Now())) {}

std::string AidGenerator::RequestId() {
  return absl::StrFormat("bench-%08x-%d-a%d", static_cast<uint32_t>(salt_), client_, ++counter_);
}

// The applicant of flow `flows_` of this client: an adult (30-60) whose ID number follows
// from (salt, client, flow) one to one within a run, and a case number of its own.
apb::RegisterApplicationRequest AidGenerator::Registration(const std::string& case_id) {
  const uint64_t n =
      (salt_ % 1000) * 10'000'000ull + static_cast<uint64_t>(client_) * 100'000ull + flows_++;
  constexpr uint64_t kSpan = 30 * 365;
  const absl::CivilDay birth = absl::CivilDay(today_.year() - 60, 1, 1) + (n % kSpan);
  const int seq = static_cast<int>((n / kSpan) % 1000);
  static constexpr const char* kRegions[] = {"520382", "520381", "520330", "520302"};
  const std::string id_number =
      testing::IdNumber(birth, seq, kRegions[(n / kSpan / 1000) % std::size(kRegions)]);
  const std::string name =
      absl::StrCat(kSurnames[n % std::size(kSurnames)], kGiven[(n / 10) % std::size(kGiven)]);

  apb::RegisterApplicationRequest req;
  req.set_request_id(RequestId());
  req.set_case_id(case_id);
  req.set_channel(apb::APPLICATION_CHANNEL_ON_APPLICATION);
  *req.mutable_applicant() = testing::PersonWithIdNumber(name, id_number);
  req.mutable_applicant()->set_phone(absl::StrFormat("139%08d", n % 100'000'000));
  req.mutable_applicant()->set_address("贵州省仁怀市中枢街道1号");
  apb::ApplicationDetails& d = *req.mutable_details();
  d.set_relation(apb::APPLICANT_RELATION_VICTIM);
  d.set_household_registration("贵州省仁怀市茅台镇");
  d.mutable_original_case()->set_case_number(absl::StrFormat(
      "仁公刑〔%d〕%08x-%d-%d号", today_.year(), static_cast<uint32_t>(salt_), client_, flows_));
  d.mutable_original_case()->set_charge("故意伤害罪");
  d.add_grounds(::shouhu::referral::v1::AID_GROUND_SERIOUS_INJURY_UNCOMPENSATED);
  d.set_harm("重伤二级，住院治疗");
  d.mutable_hardship()->set_household_size(4);
  d.mutable_hardship()->set_members_able_to_work(1);
  d.mutable_hardship()->set_household_monthly_income_fen(150000);
  d.mutable_hardship()->set_description("主要劳动力受伤，家庭生活困难");
  d.mutable_harm_facts()->set_serious_injury(true);
  d.mutable_harm_facts()->set_offender_dead_or_unable_to_pay(true);
  d.mutable_harm_facts()->set_hardship_from_case(true);
  d.add_materials(apb::MATERIAL_KIND_WRITTEN_APPLICATION);
  d.mutable_bank_account()->set_name(name);
  d.mutable_bank_account()->set_bank_name("农村信用社");
  d.mutable_bank_account()->set_account_number(absl::StrFormat("62284800%08d", n % 100'000'000));
  return req;
}

void SeedAidMoney(AidClient& client, AidGenerator& gen, int64_t fund_fen) {
  apb::UpsertWageEntryRequest wage;
  wage.set_request_id(gen.RequestId());
  apb::WageEntry* e = wage.mutable_entry();
  e->set_province_code("520000");
  e->set_year(gen.Today().year() - 1);
  e->set_monthly_wage_fen(kMonthlyWageFen);
  e->set_source("贵州省统计公报");
  e->set_basis("城镇非私营单位在岗职工");
  absl::Status st = client.UpsertWage(wage);
  if (!st.ok()) Die("set-up: wage table", st);
  apb::AllocateFundRequest fund;
  fund.set_request_id(gen.RequestId());
  fund.set_year(gen.Today().year());
  fund.set_pot(apb::FUND_POT_REGULAR);
  fund.set_amount_fen(fund_fen);
  fund.set_source(absl::StrCat("仁财行〔", gen.Today().year(), "〕压测号"));
  st = client.Allocate(fund);
  if (!st.ok()) Die("set-up: fund", st);
}

std::vector<std::vector<std::string>> SeedAidCases(Target& referrals, int clients, int count,
                                                   uint64_t salt) {
  std::vector<std::vector<std::string>> cases(clients);
  std::vector<std::thread> seeders;
  for (int i = 0; i < clients; ++i) {
    seeders.emplace_back([&, i] {
      std::unique_ptr<Client> c = referrals.NewClient();
      // Request ids of their own (client numbers past the flows' ones).
      Generator gen(salt, 1000 + i);
      for (int attempt = 0; static_cast<int>(cases[i].size()) < count && attempt < 4 * count;
           ++attempt) {
        auto r = c->Submit(gen.SubmitRequest());
        if (!r.ok()) Die("seeding: submit", r.status());
        pb::AssignReferralRequest assign;
        assign.set_request_id(gen.RequestId());
        assign.set_referral_id(r->referral_id());
        assign.set_version(r->version());
        assign.set_caseworker(AidCaseworker(i));
        auto a = c->Assign(assign);
        if (!a.ok()) Die("seeding: assign", a.status());
        pb::AcceptReferralRequest accept;
        accept.set_request_id(gen.RequestId());
        accept.set_referral_id(r->referral_id());
        accept.set_version(a->version());
        accept.set_message_to_agency("已受理。");
        auto acc = c->Accept(accept);
        if (!acc.ok()) Die("seeding: accept", acc.status());
        if (!acc->case_id().empty()) cases[i].push_back(acc->case_id());
      }
      if (cases[i].empty()) Die("seeding", absl::InternalError("no case opened"));
    });
  }
  for (auto& t : seeders) t.join();
  return cases;
}

void RunAidClient(AidClient& client, AidGenerator& gen, const std::vector<std::string>& cases,
                  const Window& w, AidStats& stats) {
  size_t next = 0;
  while (SteadyClock::now() < w.end) {
    const auto t0 = SteadyClock::now();
    const bool ok = RunAidFlow(client, gen, cases[next++ % cases.size()], w, stats);
    const auto t1 = SteadyClock::now();
    if (ok && w.Inside(t0)) {
      stats.flow_us.push_back(static_cast<uint32_t>(
          std::chrono::duration_cast<std::chrono::microseconds>(t1 - t0).count()));
    }
  }
}

}  // namespace shouhu::bench
