// The visit records core (VisitService) on the visit fixture's database, with helpers to
// build a valid visit, make a plan of two slots (due 15 March and 9 April 2025) and read
// the outbox.
#ifndef SHOUHU_TESTS_INTEGRATION_VISIT_RECORD_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_VISIT_RECORD_FIXTURE_H_

#include <memory>
#include <string>

#include "common/base/dates.h"
#include "integration/visit/visit_fixture.h"
#include "visit/visit_core.h"
#include "visit/visit_grpc.h"

namespace shouhu::testing {

class RecordFixture : public VisitFixture {
 protected:
  void SetUp() override {
    VisitFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    visits_ = std::make_unique<visit::VisitCore>(vdeps_, nullptr);
    vtable_ = std::make_unique<MethodTable>(visit::VisitMethods(visits_.get()));
  }

  // A valid unscheduled home visit of kCase on 8 March 2025, four GOOD assessments.
  vpb::RecordVisitRequest Visit() {
    vpb::RecordVisitRequest r;
    r.set_request_id(VRid());
    r.set_case_id(kCase);
    r.set_kind(vpb::VISIT_KIND_HOME);
    *r.mutable_visited_on() = FromCivilDay(absl::CivilDay(2025, 3, 8));
    for (vpb::Dimension d : {vpb::DIMENSION_MOOD, vpb::DIMENSION_PHYSICAL, vpb::DIMENSION_LIVING,
                             vpb::DIMENSION_FAMILY}) {
      vpb::Assessment* a = r.add_assessments();
      a->set_dimension(d);
      a->set_rating(vpb::RATING_GOOD);
      a->set_notes("情况稳定");
    }
    r.set_summary("孩子在校表现良好，家长配合。");
    return r;
  }

  vpb::Need NeedOf(::shouhu::aid::v1::MeasureKind kind, const std::string& text) {
    vpb::Need n;
    n.set_kind(kind);
    n.set_description(text);
    return n;
  }

  // A manual plan of kCase: slot 1 opens 10 March, due 15, expires 22 March; slot 2 opens
  // 4 April, due 9, expires 19 April.
  vpb::VisitPlan Plan() {
    auto plan = plans_->CreatePlan(zhang_, ManualPlan());
    EXPECT_TRUE(plan.ok()) << plan.status();
    return plan.ok() ? *plan : vpb::VisitPlan();
  }

  vpb::VisitPlan PlanNow(const std::string& id) {
    vpb::GetPlanRequest req;
    req.set_plan_id(id);
    auto p = plans_->GetPlan(zhang_, req);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *p : vpb::VisitPlan();
  }

  int64_t Events(const std::string& topic) {
    return Int("SELECT COUNT(*) FROM outbox_events WHERE topic = '" + topic + "'");
  }

  std::unique_ptr<visit::VisitCore> visits_;
  std::unique_ptr<MethodTable> vtable_;
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_VISIT_RECORD_FIXTURE_H_
