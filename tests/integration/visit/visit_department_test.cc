// The department each visit row counts under (migration 0019), as the write paths set it:
// a plan made by hand and its slots take the maker's, an assignment the assigner's, a plan
// from an event none; a visit and its needs the recorder's (a batch item's uploader; a
// resolved conflict's uploader, not the resolver); then GetVisitStatistics by department.
#include <gtest/gtest.h>

#include <string>

#include "integration/visit/record_fixture.h"

namespace shouhu::testing {
namespace {

using absl::CivilDay;

constexpr char kNinth[] = "第九检察部";
constexpr char kSeventh[] = "第七检察部";

class VisitDepartmentTest : public RecordFixture {
 protected:
  std::string DeptOf(const std::string& table, const std::string& where) {
    return Str("SELECT GROUP_CONCAT(DISTINCT department) AS v FROM " + table + " WHERE " + where);
  }
  std::string Str(const std::string& sql) {
    std::string out;
    EXPECT_TRUE(db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
                  auto rs = tx.Sql(sql).Rows();
                  if (rs->next()) out = db::GetStr(*rs, "v");
                  return absl::OkStatus();
                }).ok());
    return out;
  }
  vpb::VisitPlan PlanBy(const Principal& p) {
    vpb::CreatePlanRequest req;
    req.set_request_id(VRid());
    req.set_case_id(kCase);
    req.set_anchor_kind(vpb::ANCHOR_KIND_MANUAL);
    *req.mutable_anchor_date() = FromCivilDay(CivilDay(2025, 3, 10));
    vpb::ScheduleItem* i = req.add_items();
    i->set_label("首次回访");
    i->set_offset_days(5);
    i->set_window_before_days(5);
    i->set_expiry_after_days(7);
    auto plan = plans_->CreatePlan(p, req);
    EXPECT_TRUE(plan.ok()) << plan.status();
    return plan.ok() ? *plan : vpb::VisitPlan();
  }
  vpb::BatchItem Item(const std::string& client_id, vpb::RecordVisitRequest v) {
    vpb::BatchItem i;
    i.set_client_id(client_id);
    v.clear_request_id();
    *i.mutable_visit() = std::move(v);
    return i;
  }

  const Principal ninth_ = User("u-zhang", kRenhuai, {Role::kCaseworker}, "", kNinth);
  const Principal seventh_head_ = User("u-head", kRenhuai, {Role::kDepartmentHead}, "", kSeventh);
};

TEST_F(VisitDepartmentTest, EachWritePathSetsItsDepartment) {
  // A plan by hand: the maker's, on the plan and its slot.
  const vpb::VisitPlan a = PlanBy(ninth_);
  const std::string in_a = "plan_id = '" + a.plan_id() + "'";
  EXPECT_EQ(DeptOf("visit_plans", "id = '" + a.plan_id() + "'"), kNinth);
  EXPECT_EQ(DeptOf("visit_slots", in_a), kNinth);

  // Reassigned by a head of another department: the assigner's.
  const vpb::VisitPlan b = PlanBy(ninth_);
  vpb::AssignPlanRequest assign;
  assign.set_request_id(VRid());
  assign.set_plan_id(b.plan_id());
  assign.set_version(b.version());
  assign.set_assigned_to("u-wang");
  ASSERT_TRUE(plans_->AssignPlan(seventh_head_, assign).ok());
  EXPECT_EQ(DeptOf("visit_plans", "id = '" + b.plan_id() + "'"), kSeventh);
  EXPECT_EQ(DeptOf("visit_slots", "plan_id = '" + b.plan_id() + "'"), kSeventh);

  // A plan from order.issued carries none.
  ASSERT_TRUE(
      OrderIssued("gord-520382-1", CivilDay(2025, 3, 1), CivilDay(2025, 9, 1), "ev-1").ok());
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_plans WHERE department = ''"), 1);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_slots WHERE department = ''"),
            Int("SELECT COUNT(*) FROM visit_slots WHERE plan_id NOT IN ('" + a.plan_id() + "', '" +
                b.plan_id() + "')"));

  // A visit completing plan a's slot, with a need: the recorder's.
  vpb::RecordVisitRequest v = Visit();
  v.set_plan_id(a.plan_id());
  v.set_slot_sequence(1);
  *v.mutable_visited_on() = FromCivilDay(CivilDay(2025, 3, 10));
  *v.add_needs() = NeedOf(::shouhu::aid::v1::MEASURE_KIND_COUNSELLING, "需要心理疏导");
  auto rec = visits_->RecordVisit(ninth_, v);
  ASSERT_TRUE(rec.ok()) << rec.status();
  EXPECT_EQ(DeptOf("visits", "id = '" + rec->visit_id() + "'"), kNinth);
  EXPECT_EQ(DeptOf("visit_needs", "visit_id = '" + rec->visit_id() + "'"), kNinth);

  // An offline capture of the same slot conflicts; resolved by the head of the seventh,
  // the visit counts under the uploader's department.
  vpb::RecordVisitRequest late = Visit();
  late.set_plan_id(a.plan_id());
  late.set_slot_sequence(1);
  late.set_base_plan_version(a.version());
  *late.mutable_visited_on() = FromCivilDay(CivilDay(2025, 3, 10));
  vpb::UploadBatchRequest up;
  up.set_request_id(VRid());
  *up.add_items() = Item("cap-dept-conflict", late);
  *up.add_items() = Item("cap-dept-created0", Visit());
  auto batch = visits_->UploadBatch(ninth_, up);
  ASSERT_TRUE(batch.ok()) << batch.status();
  ASSERT_EQ(batch->results(0).outcome(), vpb::BATCH_OUTCOME_CONFLICT);
  ASSERT_EQ(batch->results(1).outcome(), vpb::BATCH_OUTCOME_CREATED);
  EXPECT_EQ(DeptOf("visits", "client_id = 'cap-dept-created0'"), kNinth);
  EXPECT_EQ(Str("SELECT uploader_department AS v FROM visit_conflicts"), kNinth);
  vpb::ResolveConflictRequest resolve;
  resolve.set_request_id(VRid());
  resolve.set_conflict_id(batch->results(0).conflict_id());
  resolve.set_version(1);
  resolve.set_resolution(vpb::CONFLICT_RESOLUTION_RECORD_UNSCHEDULED);
  auto resolved = visits_->ResolveConflict(seventh_head_, resolve);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(DeptOf("visits", "client_id = 'cap-dept-conflict'"), kNinth);
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visits WHERE department = '" + std::string(kNinth) + "'"), 3);

  // The figures of March by department (a head sees every count).
  vpb::GetVisitStatisticsRequest req;
  req.set_period(vpb::STATISTICS_PERIOD_MONTH);
  req.set_year(2025);
  req.set_first_period(3);
  req.set_grouping(vpb::STATISTICS_GROUPING_DEPARTMENT);
  auto stats = visits_->GetVisitStatistics(seventh_head_, req);
  ASSERT_TRUE(stats.ok()) << stats.status();
  bool ninth = false, seventh = false;
  for (const vpb::VisitStatisticsRow& r : stats->rows()) {
    if (r.group_key() == kNinth) {
      ninth = true;
      EXPECT_EQ(r.slots_due(), 1);
      EXPECT_EQ(r.done_on_time(), 1);
      EXPECT_EQ(r.needs_found(), 1);
    } else if (r.group_key() == kSeventh) {
      seventh = true;
      EXPECT_EQ(r.slots_due(), 1);
      EXPECT_EQ(r.done_on_time(), 0);
      EXPECT_EQ(r.needs_found(), 0);
    } else {
      EXPECT_EQ(r.group_key(), "unassigned");
    }
  }
  EXPECT_TRUE(ninth);
  EXPECT_TRUE(seventh);
}

}  // namespace
}  // namespace shouhu::testing
