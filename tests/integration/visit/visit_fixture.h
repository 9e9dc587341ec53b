// The visit service's plan core on a real MariaDB: the guardianship fixture's fresh
// database (migrations applied), fake clock (Monday 10 March 2025, 10:00 in China),
// sequential ids, test cipher, fake case hub (kCase of Renhuai assigned to u-zhang about
// a 9-year-old, kXsCase of Xishui) and principals of every role, with the plan core, its
// method table and helpers to deliver events to it as the inbox does.
#ifndef SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_FIXTURE_H_

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"
#include "integration/guardianship/guardianship_fixture.h"
#include "shouhu/aid/v1/events.pb.h"
#include "shouhu/guardianship/v1/events.pb.h"
#include "shouhu/referral/v1/events.pb.h"
#include "support/table_counts.h"
#include "visit/deps.h"
#include "visit/plan_grpc.h"
#include "visit/plan_ops.h"

namespace shouhu::testing {

namespace vpb = ::shouhu::visit::v1;

class VisitFixture : public GuardianshipFixture {
 protected:
  void SetUp() override {
    GuardianshipFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    vdeps_.pool = pool_.get();
    vdeps_.clock = &clock_;
    vdeps_.ids = &ids_;
    vdeps_.cipher = cipher_.get();
    vdeps_.cases = case_client_.get();
    plans_ = std::make_unique<visit::PlanCore>(vdeps_);
    table_ = std::make_unique<MethodTable>(visit::VisitPlanMethods(plans_.get()));
  }

  // Delivers `payload` under `topic` with event id `event_id`, as the inbox would: the
  // reaction in one transaction.
  absl::Status Deliver(const std::string& topic, const google::protobuf::Message& payload,
                       const std::string& event_id, const std::string& procuratorate = kRenhuai) {
    cpb::Event e;
    e.set_event_id(event_id);
    e.set_topic(topic);
    e.set_procuratorate_code(procuratorate);
    *e.mutable_occurred_at() = ToTimestamp(clock_.Now());
    e.mutable_payload()->PackFrom(payload);
    return db::RunInTransaction(*pool_, [&](db::Tx& tx) { return plans_->ReactToEvent(tx, e); });
  }

  absl::Status OrderIssued(const std::string& order_id, absl::CivilDay served, absl::CivilDay ends,
                           const std::string& event_id) {
    gpb::OrderIssued o;
    o.set_order_id(order_id);
    o.set_case_id(kCase);
    o.set_procuratorate_code(kRenhuai);
    o.set_minor_person_id(kMinor);
    *o.mutable_served_on() = FromCivilDay(served);
    *o.mutable_compliance_ends_on() = FromCivilDay(ends);
    o.set_assigned_to("u-zhang");
    return Deliver(visit::kTopicOrderIssued, o, event_id);
  }

  absl::Status AidPaid(const std::string& application_id, const std::string& payment_id,
                       absl::CivilDay paid_on, const std::string& event_id) {
    ::shouhu::aid::v1::AidPaid p;
    p.set_payment_id(payment_id);
    p.set_application_id(application_id);
    p.set_case_id(kCase);
    p.set_person_id(kMother);
    p.set_amount_fen(1000000);
    *p.mutable_paid_on() = FromCivilDay(paid_on);
    return Deliver(visit::kTopicAidPaid, p, event_id);
  }

  absl::Status CaseClosed(const std::string& case_id, rpb::CloseReason reason,
                          const std::string& event_id) {
    rpb::CaseClosed c;
    c.set_case_id(case_id);
    c.set_reason(reason);
    return Deliver(visit::kTopicCaseClosed, c, event_id);
  }

  // The plans of the case, newest first, as the caseworker lists them.
  vpb::ListPlansResponse PlansOf(const std::string& case_id, const Principal& p) {
    vpb::ListPlansRequest req;
    req.set_case_id(case_id);
    auto r = plans_->ListPlans(p, req);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : vpb::ListPlansResponse();
  }

  int64_t Rows(const std::string& table) {
    return Int(absl::StrCat("SELECT COUNT(*) FROM ", table));
  }

  TableCounts Counts() {
    auto c = CountEveryTable(*pool_);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *c : TableCounts();
  }

  void SetToday(int y, int m, int d) { clock_.Set(China(y, m, d, 10)); }

  std::string VRid() { return absl::StrCat("req-", next_request_++, "-visit-it"); }

  // A manual plan of kCase anchored on 10 March 2025: slot 1 "首次回访" opens 10 March,
  // due 15, expires 22 March; slot 2 "一月回访" opens 4 April, due 9, expires 19 April.
  vpb::CreatePlanRequest ManualPlan() {
    vpb::CreatePlanRequest req;
    req.set_request_id(VRid());
    req.set_case_id(kCase);
    req.set_anchor_kind(vpb::ANCHOR_KIND_MANUAL);
    *req.mutable_anchor_date() = FromCivilDay(absl::CivilDay(2025, 3, 10));
    vpb::ScheduleItem* i = req.add_items();
    i->set_label("首次回访");
    i->set_offset_days(5);
    i->set_window_before_days(5);
    i->set_expiry_after_days(7);
    vpb::ScheduleItem* j = req.add_items();
    j->set_label("一月回访");
    j->set_offset_days(30);
    j->set_window_before_days(5);
    j->set_expiry_after_days(10);
    return req;
  }

  visit::VisitDeps vdeps_;
  std::unique_ptr<visit::PlanCore> plans_;
  std::unique_ptr<MethodTable> table_;
  const Principal volunteer_ = User("u-vol", kRenhuai, {Role::kVolunteer});
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_FIXTURE_H_
