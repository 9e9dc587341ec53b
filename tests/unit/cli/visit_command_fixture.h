// The fixture of the `shouhu visit` command tests: a CommandTest over the generated mocks
// of the visit service stubs, and records to answer with.
#ifndef SHOUHU_TESTS_UNIT_CLI_VISIT_COMMAND_FIXTURE_H_
#define SHOUHU_TESTS_UNIT_CLI_VISIT_COMMAND_FIXTURE_H_

#include <string>
#include <vector>

#include "shouhu/visit/v1/visit_mock.grpc.pb.h"
#include "unit/cli/command_fixture.h"

namespace shouhu::cli {

namespace vv1 = ::shouhu::visit::v1;

class VisitCommandTest : public CommandTest {
 protected:
  void Wire(Stubs* s) override {
    s->visit_plans = &plans_;
    s->visits = &visits_;
    s->volunteers = &volunteers_;
  }

  static shouhu::common::v1::Date Day(int y, int m, int d) {
    shouhu::common::v1::Date out;
    out.set_year(y);
    out.set_month(m);
    out.set_day(d);
    return out;
  }

  static vv1::VisitSlot Slot(int sequence, const std::string& label, int due_day,
                             vv1::SlotState state) {
    vv1::VisitSlot s;
    s.set_sequence(sequence);
    s.set_label(label);
    *s.mutable_opens_on() = Day(2026, 11, due_day - 3);
    *s.mutable_due_on() = Day(2026, 11, due_day);
    *s.mutable_expires_on() = Day(2026, 11, due_day + 5);
    s.set_state(state);
    return s;
  }

  static vv1::VisitPlan Plan(const std::string& id, int64_t version) {
    vv1::VisitPlan p;
    p.set_plan_id(id);
    p.set_case_id("case-520382-1");
    p.set_version(version);
    p.set_status(vv1::PLAN_STATUS_ACTIVE);
    p.set_anchor_kind(vv1::ANCHOR_KIND_MANUAL);
    return p;
  }

  static vv1::Visit Visit(const std::string& id, int64_t version) {
    vv1::Visit v;
    v.set_visit_id(id);
    v.set_case_id("case-520382-1");
    v.set_version(version);
    v.set_kind(vv1::VISIT_KIND_HOME);
    return v;
  }

  // Expects one GetPlan and answers with `version`.
  void ExpectPlanRead(const std::string& id, int64_t version) {
    EXPECT_CALL(plans_, GetPlan(_, _, _))
        .WillOnce(DoAll(Invoke([id](auto*, const vv1::GetPlanRequest& req, auto*) {
                          EXPECT_EQ(req.plan_id(), id);
                        }),
                        SetArgPointee<2>(Plan(id, version)), Return(grpc::Status::OK)));
  }

  vv1::MockVisitPlanServiceStub plans_;
  vv1::MockVisitServiceStub visits_;
  vv1::MockVolunteerServiceStub volunteers_;
};

}  // namespace shouhu::cli

#endif  // SHOUHU_TESTS_UNIT_CLI_VISIT_COMMAND_FIXTURE_H_
