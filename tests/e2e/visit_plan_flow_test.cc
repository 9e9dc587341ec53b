// End-to-end: visit plans (回访计划) made by the other services' events, on the real
// binaries with mTLS. A judicial-aid payment (aid.paid) makes a plan anchored on the
// application from the shipped "aid-standard" template, assigned to the case's
// caseworker, whose slots then show in the caseworker's due visits; a 督促监护令 served on
// both parents (order.issued) makes a plan until the end of its compliance period; closing a case
// (case.closed) makes the one closing visit (一案一回访) unless the case already has an
// active plan. Other procuratorates and roles see nothing of it. One caseworker holding
// many calls at once is refused over the per-user limit (RESOURCE_EXHAUSTED, counted on
// /metrics) while another caseworker's calls go through.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "gmock/gmock.h"
#include "shouhu/visit/v1/visit.grpc.pb.h"
#include "support/e2e_calls.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {
namespace {

const ::testing::Environment* const kPlatform =
    RegisterPlatform({.with_aid = true, .with_visit = true, .with_guardianship = true});

namespace vpb = ::shouhu::visit::v1;
using VPS = vpb::VisitPlanService::Stub;
using CS = pb::CaseService::Stub;

const User kCaseworkerXishui{"cw-xishui", "习水检察官", "520330", {"caseworker"}};

class VisitPlanFlowTest : public PlatformTest {
 protected:
  Caller Visit(const User& u) { return P().UserCaller(u, P().visit().address()); }

  // The case's plans as the caseworker lists them, once there are `n`.
  vpb::ListPlansResponse PlansOf(const std::string& case_id, int n) {
    vpb::ListPlansResponse plans;
    EXPECT_TRUE(Eventually([&] {
      vpb::ListPlansRequest req;
      req.set_case_id(case_id);
      return Visit(kCaseworker).Call(&VPS::ListPlans, req, &plans).ok() && plans.plans_size() >= n;
    })) << "no plan on "
        << case_id;
    return plans;
  }

  // The caseworker closes `case_id` (归档).
  grpc::Status CloseCase(const std::string& case_id) {
    pb::GetCaseRequest get;
    get.set_case_id(case_id);
    pb::Case c;
    grpc::Status st = P().UserCaller(kCaseworker).Call(&CS::GetCase, get, &c);
    if (!st.ok()) return st;
    pb::CloseCaseRequest close;
    close.set_request_id(NewRequestId("close"));
    close.set_case_id(case_id);
    close.set_version(c.version());
    close.set_reason(pb::CLOSE_REASON_RESOLVED);
    close.set_note("已完成保护处置。");
    pb::Case closed;
    return P().UserCaller(kCaseworker).Call(&CS::CloseCase, close, &closed);
  }

  static bool money_seeded_;
};

bool VisitPlanFlowTest::money_seeded_ = false;

TEST_F(VisitPlanFlowTest, AidPaidMakesAPlanFromTheShippedTemplateAndItsSlotsComeDue) {
  if (!money_seeded_) {
    const absl::Status money = SeedAidMoney(P(), TodayInChina().year(), 5000000);
    ASSERT_TRUE(money.ok()) << money;
    money_seeded_ = true;
  }
  absl::StatusOr<AidPaid> paid = PayAidOnNewLead(P());
  ASSERT_TRUE(paid.ok()) << paid.status();
  const std::string case_id = paid->lead.case_id();

  const vpb::ListPlansResponse plans = PlansOf(case_id, 1);
  ASSERT_EQ(plans.plans_size(), 1);
  const vpb::VisitPlan& plan = plans.plans(0);
  EXPECT_EQ(plan.anchor_kind(), vpb::ANCHOR_KIND_AID_PAID);
  EXPECT_EQ(plan.anchor_ref(), paid->application.application_id());
  EXPECT_EQ(plan.template_id(), "aid-standard");
  EXPECT_EQ(plan.assigned_to(), kCaseworker.id);
  EXPECT_EQ(plan.status(), vpb::PLAN_STATUS_ACTIVE);
  EXPECT_EQ(plan.created_by().principal(), "service:visit");
  EXPECT_EQ(DateString(plan.anchor_date()), DateString(paid->payment.paid_on()));
  // 一月、三月、半年、一年 after the payment.
  ASSERT_EQ(plan.slots_size(), 4);
  const absl::CivilDay paid_on = ToCivilDay(paid->payment.paid_on());
  EXPECT_EQ(DateString(plan.slots(0).due_on()), DateString(DateOf(paid_on + 30)));
  EXPECT_EQ(DateString(plan.slots(3).due_on()), DateString(DateOf(paid_on + 365)));
  EXPECT_EQ(plan.slots(0).state(), vpb::SLOT_STATE_NOT_YET_OPEN);

  // A second payment event of the application adds nothing; the first slot is in the
  // caseworker's due visits within a 60-day horizon, and only there.
  vpb::ListDueVisitsRequest due;
  due.set_horizon_days(60);
  vpb::ListDueVisitsResponse mine;
  grpc::Status st = Visit(kCaseworker).Call(&VPS::ListDueVisits, due, &mine);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  bool listed = false;
  for (const vpb::DueVisit& v : mine.visits()) {
    EXPECT_EQ(v.assigned_to(), kCaseworker.id);
    if (v.plan_id() == plan.plan_id()) {
      listed = true;
      EXPECT_EQ(v.case_id(), case_id);
      EXPECT_EQ(v.slot().sequence(), 1);
    }
  }
  EXPECT_TRUE(listed) << "the plan's first slot is not among the caseworker's due visits";
  vpb::ListDueVisitsResponse heads;
  st = Visit(kHead).Call(&VPS::ListDueVisits, due, &heads);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  for (const vpb::DueVisit& v : heads.visits()) EXPECT_NE(v.plan_id(), plan.plan_id());

  // Another procuratorate cannot read it; the chief reads, but has no due visits.
  vpb::GetPlanRequest get;
  get.set_plan_id(plan.plan_id());
  vpb::VisitPlan seen;
  st = Visit(kCaseworkerXishui).Call(&VPS::GetPlan, get, &seen);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
  st = Visit(kChief).Call(&VPS::GetPlan, get, &seen);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  st = Visit(kChief).Call(&VPS::ListDueVisits, due, &mine);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
}

TEST_F(VisitPlanFlowTest, AnIssuedOrderMakesAPlanUntilTheEndOfItsCompliancePeriod) {
  const pb::Referral r = AcceptedReferral(P().Agency("school-renhuai-1"),
                                          GuardianshipConcern(NewRequestId("vis-order")));
  const std::string father = PersonIdOf(r, pb::PERSON_ROLE_GUARDIAN, "父亲");
  const std::string mother = PersonIdOf(r, pb::PERSON_ROLE_GUARDIAN, "母亲");
  ASSERT_FALSE(r.case_id().empty() || father.empty() || mother.empty()) << r.DebugString();
  absl::StatusOr<gpb::Order> order =
      IssueSupervisionOrder(P(), r.case_id(), father, mother, "fulian-renhuai");
  ASSERT_TRUE(order.ok()) << order.status();
  ASSERT_EQ(order->status(), gpb::ORDER_STATUS_UNDER_SUPERVISION);

  const vpb::ListPlansResponse plans = PlansOf(r.case_id(), 1);
  ASSERT_EQ(plans.plans_size(), 1);
  const vpb::VisitPlan& plan = plans.plans(0);
  EXPECT_EQ(plan.anchor_kind(), vpb::ANCHOR_KIND_ORDER_ISSUED);
  EXPECT_EQ(plan.anchor_ref(), order->order_id());
  EXPECT_EQ(plan.template_id(), "order-supervision");
  EXPECT_EQ(plan.assigned_to(), kCaseworker.id);
  EXPECT_EQ(plan.subject_person_id(), PersonIdOf(r, pb::PERSON_ROLE_SUBJECT));
  EXPECT_EQ(DateString(plan.anchor_ends_on()), DateString(order->compliance_ends_on()));
  // The first home visit a week after service, then every 14 days from day 21 while
  // before the end of the compliance period (three months).
  const absl::CivilDay served = ToCivilDay(order->compliance_starts_on());
  const absl::CivilDay ends = ToCivilDay(order->compliance_ends_on());
  ASSERT_GE(plan.slots_size(), 3);
  EXPECT_EQ(DateString(plan.slots(0).due_on()), DateString(served + 7));
  EXPECT_EQ(DateString(plan.slots(1).due_on()), DateString(served + 21));
  EXPECT_EQ(DateString(plan.slots(2).due_on()), DateString(served + 35));
  EXPECT_LE(ToCivilDay(plan.slots(plan.slots_size() - 1).due_on()), ends);
  EXPECT_EQ(plan.slots_size(), 1 + (ends - (served + 21)) / 14 + 1);
}

TEST_F(VisitPlanFlowTest, AClosedCaseGetsOneClosingVisitUnlessAPlanIsActive) {
  // A case without a plan: closing it makes the closing visit (一案一回访).
  const pb::Referral plain =
      AcceptedReferral(P().Agency("edu-renhuai"), MandatoryReport(NewRequestId("vis-close")));
  ASSERT_FALSE(plain.case_id().empty());
  grpc::Status st = CloseCase(plain.case_id());
  ASSERT_TRUE(st.ok()) << StatusText(st);
  const vpb::ListPlansResponse closing = PlansOf(plain.case_id(), 1);
  ASSERT_EQ(closing.plans_size(), 1);
  EXPECT_EQ(closing.plans(0).anchor_kind(), vpb::ANCHOR_KIND_CASE_CLOSED);
  EXPECT_EQ(closing.plans(0).anchor_ref(), plain.case_id());
  EXPECT_EQ(closing.plans(0).template_id(), "case-closed");
  EXPECT_EQ(closing.plans(0).assigned_to(), kCaseworker.id);
  ASSERT_EQ(closing.plans(0).slots_size(), 1);
  EXPECT_EQ(DateString(closing.plans(0).slots(0).due_on()),
            DateString(DateOf(TodayInChina() + 30)));

  // A case whose caseworker planned by hand: closing it adds nothing.
  const pb::Referral planned =
      AcceptedReferral(P().Agency("edu-renhuai"), MandatoryReport(NewRequestId("vis-plan")));
  vpb::CreatePlanRequest create;
  create.set_request_id(NewRequestId("vis-manual"));
  create.set_case_id(planned.case_id());
  create.set_anchor_kind(vpb::ANCHOR_KIND_MANUAL);
  *create.mutable_anchor_date() = DateOf(TodayInChina());
  create.set_template_id("manual-once");
  vpb::VisitPlan manual;
  st = Visit(kCaseworker).Call(&VPS::CreatePlan, create, &manual);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  st = CloseCase(planned.case_id());
  ASSERT_TRUE(st.ok()) << StatusText(st);
  // case.closed reached the visit service, and made no second plan.
  EXPECT_TRUE(Eventually([&] {
    auto n = P().QueryInt(absl::StrCat(
        "SELECT COUNT(*) FROM inbox_events WHERE receiver = 'visit' AND topic = 'case.closed'"));
    return n.ok() && *n >= 2;
  })) << "case.closed did not reach the visit service";
  const vpb::ListPlansResponse after = PlansOf(planned.case_id(), 1);
  ASSERT_EQ(after.plans_size(), 1);
  EXPECT_EQ(after.plans(0).plan_id(), manual.plan_id());
}

TEST_F(VisitPlanFlowTest, OneCaseworkerHoldingManyCallsDoesNotStarveAnother) {
  const User flood{"cw-flood", "压测检察官", "520382", {"caseworker"}};
  const Caller flooder = Visit(flood);
  VPS stub(flooder.channel());
  grpc::CompletionQueue cq;
  vpb::ListDueVisitsRequest req;
  req.set_horizon_days(60);
  req.set_include_missed(true);
  // 64 calls started at once on one connection: more than the 12 a user may run.
  constexpr int kCalls = 64;
  struct Pending {
    grpc::ClientContext ctx;
    vpb::ListDueVisitsResponse resp;
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<vpb::ListDueVisitsResponse>> reader;
  };
  std::vector<std::unique_ptr<Pending>> calls;
  for (int i = 0; i < kCalls; ++i) {
    calls.push_back(std::make_unique<Pending>());
    Pending& c = *calls.back();
    flooder.Prepare(&c.ctx);
    c.reader = stub.AsyncListDueVisits(&c.ctx, req, &cq);
    c.reader->Finish(&c.resp, &c.status, &c);
  }
  // Meanwhile another caseworker lists and reads.
  vpb::ListDueVisitsResponse other;
  grpc::Status st = Visit(kCaseworker).Call(&VPS::ListDueVisits, req, &other);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  int refused = 0;
  for (int i = 0; i < kCalls; ++i) {
    void* tag = nullptr;
    bool ok = false;
    ASSERT_TRUE(cq.Next(&tag, &ok));
    const Pending& c = *static_cast<Pending*>(tag);
    if (c.status.ok()) continue;
    EXPECT_EQ(c.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << StatusText(c.status);
    ++refused;
  }
  EXPECT_GT(refused, 0) << "64 calls at once were all admitted";
  EXPECT_LT(refused, kCalls) << "the flooding caseworker got nothing";
  st = Visit(kCaseworker).Call(&VPS::ListDueVisits, req, &other);
  EXPECT_TRUE(st.ok()) << StatusText(st);
  const std::string metrics = HttpGet(P().visit().admin_port, "/metrics").second;
  EXPECT_THAT(metrics, ::testing::HasSubstr("caller=\"user:cw-flood\""));
  EXPECT_THAT(metrics, ::testing::Not(::testing::HasSubstr("caller=\"user:cw-li\"")));
}

}  // namespace
}  // namespace shouhu::e2e
