// Offline batches on a real MariaDB: items created, replayed (twice, nothing changes),
// rejected naming "items[i]..." with nothing written for them, each conflict kind stored
// for a person (never last-write-wins) and each resolution; volunteers upload reports
// only; daily report items go through OfflineReports. 1,000 items in one call, timed.
#include <gtest/gtest.h>

#include <chrono>

#include "absl/strings/match.h"
#include "integration/visit/record_fixture.h"
#include "visit/visit_rules.h"

namespace shouhu::testing {
namespace {

using absl::CivilDay;

// Accepts every report (CREATED "vrep-520382-<client id>") or reports a conflict.
class FakeReports : public visit::OfflineReports {
 public:
  absl::StatusOr<visit::OfflineResult> ApplyOfflineReport(db::Mutation&, const Principal&,
                                                          const vpb::DailyReport& report,
                                                          const std::string& client_id,
                                                          const std::string& prefix,
                                                          bool against_current) override {
    visit::OfflineResult r;
    ++calls;
    if (report.version() > 0 && !against_current) {
      r.outcome = vpb::BATCH_OUTCOME_CONFLICT;
      r.conflict_reason = vpb::CONFLICT_REASON_REPORT_CHANGED;
      r.case_id = "case-520382-0000000000000001";
      return r;
    }
    if (report.observations().empty()) {
      r.outcome = vpb::BATCH_OUTCOME_REJECTED;
      cpb::FieldViolation v;
      v.set_field(prefix + ".observations");
      v.set_description("required");
      r.violations.push_back(v);
      return r;
    }
    r.outcome = vpb::BATCH_OUTCOME_CREATED;
    r.record_id = "vrep-520382-" + client_id;
    return r;
  }
  int calls = 0;
};

class VisitBatchTest : public RecordFixture {
 protected:
  vpb::BatchItem Item(const std::string& client_id, vpb::RecordVisitRequest v) {
    vpb::BatchItem i;
    i.set_client_id(client_id);
    v.clear_request_id();
    *i.mutable_visit() = std::move(v);
    return i;
  }
  vpb::BatchItem Planned(const std::string& client_id, const vpb::VisitPlan& plan, int slot,
                         int64_t base, CivilDay on) {
    vpb::RecordVisitRequest v = Visit();
    v.set_plan_id(plan.plan_id());
    v.set_slot_sequence(slot);
    v.set_base_plan_version(base);
    *v.mutable_visited_on() = FromCivilDay(on);
    return Item(client_id, v);
  }
  absl::StatusOr<vpb::UploadBatchResponse> Upload(const Principal& p,
                                                  std::vector<vpb::BatchItem> items,
                                                  visit::VisitCore* core = nullptr) {
    vpb::UploadBatchRequest req;
    req.set_request_id(VRid());
    for (auto& i : items) *req.add_items() = std::move(i);
    return (core != nullptr ? core : visits_.get())->UploadBatch(p, req);
  }
  absl::StatusOr<vpb::VisitConflict> Resolve(const Principal& p, const std::string& id,
                                             vpb::ConflictResolution r) {
    vpb::ListConflictsRequest list;
    auto all = visits_->ListConflicts(p, list);
    int64_t version = 0;
    for (const auto& c : all->conflicts()) {
      if (c.conflict_id() == id) version = c.version();
    }
    vpb::ResolveConflictRequest req;
    req.set_request_id(VRid());
    req.set_conflict_id(id);
    req.set_version(version);
    req.set_resolution(r);
    return visits_->ResolveConflict(p, req);
  }
};

TEST_F(VisitBatchTest, CreatedThenReplayedTwiceChangesNothing) {
  vpb::RecordVisitRequest v = Visit();
  *v.add_needs() = NeedOf(::shouhu::aid::v1::MEASURE_KIND_MEDICAL, "需要体检");
  auto first = Upload(zhang_, {Item("cap-0001-aaaa", v), Item("cap-0002-bbbb", Visit())});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->results_size(), 2);
  EXPECT_EQ(first->results(0).outcome(), vpb::BATCH_OUTCOME_CREATED);
  EXPECT_EQ(first->results(0).client_id(), "cap-0001-aaaa");
  const std::string id = first->results(0).record_id();
  EXPECT_TRUE(absl::StartsWith(id, "visit-520382-"));
  for (int round = 0; round < 2; ++round) {
    auto again = Upload(zhang_, {Item("cap-0001-aaaa", v)});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->results(0).outcome(), vpb::BATCH_OUTCOME_REPLAYED);
    EXPECT_EQ(again->results(0).record_id(), id);
  }
  // Only the idempotency and audit rows of the two new requests were added.
  EXPECT_EQ(Rows("visits"), 2);
  EXPECT_EQ(Rows("visit_needs"), 1);
  EXPECT_EQ(Events("visit.need_found"), 1);
  EXPECT_EQ(Rows("visit_batch_items"), 2);
  // The same client id with other content: REJECTED naming it.
  vpb::RecordVisitRequest other = Visit();
  other.set_summary("不同的内容");
  auto clash = Upload(zhang_, {Item("cap-0001-aaaa", other)});
  ASSERT_TRUE(clash.ok());
  EXPECT_EQ(clash->results(0).outcome(), vpb::BATCH_OUTCOME_REJECTED);
  EXPECT_EQ(clash->results(0).violations(0).field(), "items[0].client_id");
  // Another uploader may use the same client id.
  auto other_uploader = Upload(head_, {Item("cap-0001-aaaa", v)});
  ASSERT_TRUE(other_uploader.ok());
  EXPECT_EQ(other_uploader->results(0).outcome(), vpb::BATCH_OUTCOME_CREATED);
}

TEST_F(VisitBatchTest, RejectedItemsNameTheirFieldsAndLeaveNothing) {
  vpb::RecordVisitRequest future = Visit();
  *future.mutable_visited_on() = FromCivilDay(CivilDay(2025, 3, 12));
  vpb::RecordVisitRequest dup = Visit();
  dup.mutable_assessments(2)->set_dimension(vpb::DIMENSION_MOOD);
  vpb::RecordVisitRequest foreign = Visit();
  foreign.set_case_id(kXsCase);
  vpb::RecordVisitRequest unknown = Visit();
  unknown.set_case_id("case-520382-9999999999999999");
  vpb::BatchItem empty;
  empty.set_client_id("cap-empty-01");
  vpb::BatchItem report;
  report.set_client_id("cap-report-01");
  report.mutable_report()->set_observations("好");
  auto r = Upload(
      zhang_, {Item("cap-0000-good", Visit()), Item("cap-1111-futr", future),
               Item("cap-2222-dupl", dup), Item("bad id!", Visit()), Item("cap-4444-frgn", foreign),
               Item("cap-5555-unkn", unknown), empty, report});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->results(0).outcome(), vpb::BATCH_OUTCOME_CREATED);
  auto field = [&](int i) {
    EXPECT_EQ(r->results(i).outcome(), vpb::BATCH_OUTCOME_REJECTED) << i;
    return r->results(i).violations_size() > 0 ? r->results(i).violations(0).field() : "";
  };
  EXPECT_EQ(field(1), "items[1].visit.visited_on");
  EXPECT_EQ(field(2), "items[2].visit.assessments[2].dimension");
  EXPECT_EQ(field(3), "items[3].client_id");
  EXPECT_EQ(field(4), "items[4].visit.case_id");
  EXPECT_EQ(field(5), "items[5].visit.case_id");
  EXPECT_EQ(field(6), "items[6]");
  EXPECT_EQ(field(7), "items[7].report");
  EXPECT_TRUE(absl::StrContains(r->results(7).message(), "daily reports are not accepted here"));
  EXPECT_EQ(Rows("visits"), 1);
  EXPECT_EQ(Rows("visit_batch_items"), 1);  // rejected items may be corrected and re-sent
  // A volunteer uploads reports only.
  const Principal vol = User("u-vol", kRenhuai, {Role::kVolunteer});
  auto v = Upload(vol, {Item("cap-vol-0001", Visit())});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->results(0).outcome(), vpb::BATCH_OUTCOME_REJECTED);
  EXPECT_EQ(v->results(0).violations(0).field(), "items[0].visit");
  // Whole-request checks.
  vpb::UploadBatchRequest none;
  none.set_request_id(VRid());
  EXPECT_TRUE(HasField(visits_->UploadBatch(zhang_, none).status(), "items"));
}

TEST_F(VisitBatchTest, ReportItemsGoThroughOfflineReports) {
  FakeReports reports;
  visit::VisitCore core(vdeps_, &reports);
  vpb::BatchItem ok;
  ok.set_client_id("rep-0001-aaaa");
  ok.mutable_report()->set_observations("今天情绪好");
  vpb::BatchItem bad;
  bad.set_client_id("rep-0002-bbbb");
  bad.mutable_report();
  vpb::BatchItem changed;
  changed.set_client_id("rep-0003-cccc");
  changed.mutable_report()->set_observations("x");
  changed.mutable_report()->set_version(2);
  const Principal vol = User("u-vol", kRenhuai, {Role::kVolunteer});
  auto r = Upload(vol, {ok, bad, changed}, &core);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->results(0).outcome(), vpb::BATCH_OUTCOME_CREATED);
  EXPECT_EQ(r->results(0).record_id(), "vrep-520382-rep-0001-aaaa");
  EXPECT_EQ(r->results(1).outcome(), vpb::BATCH_OUTCOME_REJECTED);
  EXPECT_EQ(r->results(1).violations(0).field(), "items[1].report.observations");
  EXPECT_EQ(r->results(2).outcome(), vpb::BATCH_OUTCOME_CONFLICT);
  EXPECT_FALSE(r->results(2).conflict_id().empty());
  auto replay = Upload(vol, {ok}, &core);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->results(0).outcome(), vpb::BATCH_OUTCOME_REPLAYED);
  EXPECT_EQ(reports.calls, 3);  // the replay did not reach it
}

TEST_F(VisitBatchTest, EachConflictKindIsStoredAndResolved) {
  const vpb::VisitPlan plan = Plan();
  const int64_t base = plan.version();
  // Slot 1 completed online meanwhile.
  vpb::RecordVisitRequest online = Visit();
  online.set_plan_id(plan.plan_id());
  online.set_slot_sequence(1);
  *online.mutable_visited_on() = FromCivilDay(CivilDay(2025, 3, 10));
  ASSERT_TRUE(visits_->RecordVisit(zhang_, online).ok());
  auto completed =
      Upload(zhang_, {Planned("cap-c1-completed", plan, 1, base, CivilDay(2025, 3, 10))});
  ASSERT_TRUE(completed.ok()) << completed.status();
  ASSERT_EQ(completed->results(0).outcome(), vpb::BATCH_OUTCOME_CONFLICT);
  const std::string c1 = completed->results(0).conflict_id();

  // Slot 2 waived meanwhile.
  vpb::WaiveSlotRequest waive;
  waive.set_request_id(VRid());
  waive.set_plan_id(plan.plan_id());
  waive.set_version(PlanNow(plan.plan_id()).version());
  waive.set_slot_sequence(2);
  waive.set_reason("搬迁");
  ASSERT_TRUE(plans_->WaiveSlot(zhang_, waive).ok());
  auto closed = Upload(zhang_, {Planned("cap-c2-closed00", plan, 2, base, CivilDay(2025, 3, 10))});
  ASSERT_TRUE(closed.ok());
  ASSERT_EQ(closed->results(0).outcome(), vpb::BATCH_OUTCOME_CONFLICT);
  const std::string c2 = closed->results(0).conflict_id();

  // Another plan changed (reassigned) since capture.
  const vpb::VisitPlan plan2 = Plan();
  vpb::AssignPlanRequest assign;
  assign.set_request_id(VRid());
  assign.set_plan_id(plan2.plan_id());
  assign.set_version(plan2.version());
  assign.set_assigned_to("u-wang");
  ASSERT_TRUE(plans_->AssignPlan(head_, assign).ok());
  auto changed = Upload(
      zhang_, {Planned("cap-c3-changed0", plan2, 1, plan2.version(), CivilDay(2025, 3, 10))});
  ASSERT_TRUE(changed.ok());
  ASSERT_EQ(changed->results(0).outcome(), vpb::BATCH_OUTCOME_CONFLICT);
  const std::string c3 = changed->results(0).conflict_id();
  // The current version of plan2 with a valid capture: CREATED, the slot done.
  EXPECT_EQ(Rows("visits"), 1);

  vpb::ListConflictsRequest list;
  list.set_unresolved_only(true);
  list.set_case_id(kCase);
  auto open = Call<vpb::ListConflictsResponse>(*vtable_, wang_, "ListConflicts", list);
  ASSERT_TRUE(open.ok()) << open.status();
  ASSERT_EQ(open->conflicts_size(), 3);
  EXPECT_EQ(open->conflicts(0).reason(), vpb::CONFLICT_REASON_PLAN_CHANGED);
  EXPECT_EQ(open->conflicts(1).reason(), vpb::CONFLICT_REASON_SLOT_CLOSED);
  EXPECT_EQ(open->conflicts(2).reason(), vpb::CONFLICT_REASON_SLOT_COMPLETED);
  EXPECT_EQ(open->conflicts(2).item().visit().summary(), "孩子在校表现良好，家长配合。");
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_conflicts WHERE item_enc LIKE '%配合%'"), 0);

  // Replayed conflict items answer with the conflict.
  auto replay = Upload(zhang_, {Planned("cap-c1-completed", plan, 1, base, CivilDay(2025, 3, 10))});
  EXPECT_EQ(replay->results(0).outcome(), vpb::BATCH_OUTCOME_REPLAYED);
  EXPECT_EQ(replay->results(0).conflict_id(), c1);

  // Resolutions: only the uploader or a head.
  EXPECT_EQ(Resolve(wang_, c1, vpb::CONFLICT_RESOLUTION_DISCARD).status().code(),
            absl::StatusCode::kPermissionDenied);
  // APPLY on a completed slot is refused; RECORD_UNSCHEDULED keeps the visit without it.
  auto apply1 = Resolve(zhang_, c1, vpb::CONFLICT_RESOLUTION_APPLY);
  EXPECT_EQ(apply1.status().code(), absl::StatusCode::kFailedPrecondition) << apply1.status();
  auto r1 = Resolve(zhang_, c1, vpb::CONFLICT_RESOLUTION_RECORD_UNSCHEDULED);
  ASSERT_TRUE(r1.ok()) << r1.status();
  EXPECT_TRUE(r1->resolved());
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visits WHERE plan_id IS NULL"), 1);
  auto r2 = Resolve(head_, c2, vpb::CONFLICT_RESOLUTION_DISCARD);
  ASSERT_TRUE(r2.ok()) << r2.status();
  EXPECT_TRUE(r2->record_id().empty());
  EXPECT_EQ(Rows("visits"), 2);
  auto r3 = Resolve(zhang_, c3, vpb::CONFLICT_RESOLUTION_APPLY);
  ASSERT_TRUE(r3.ok()) << r3.status();
  EXPECT_EQ(PlanNow(plan2.plan_id()).slots(0).state(), vpb::SLOT_STATE_DONE);
  EXPECT_EQ(PlanNow(plan2.plan_id()).slots(0).visit_id(), r3->record_id());
  // Resolved once.
  EXPECT_EQ(Resolve(zhang_, c3, vpb::CONFLICT_RESOLUTION_DISCARD).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(visits_->ListConflicts(zhang_, list)->conflicts_size(), 0);
  list.set_unresolved_only(false);
  EXPECT_EQ(visits_->ListConflicts(zhang_, list)->conflicts_size(), 3);
  // The replayed item now answers with the record the resolution made.
  auto after = Upload(zhang_, {Planned("cap-c1-completed", plan, 1, base, CivilDay(2025, 3, 10))});
  EXPECT_EQ(after->results(0).record_id(), r1->record_id());
}

TEST_F(VisitBatchTest, AThousandItemsInOneCall) {
  std::vector<vpb::BatchItem> items;
  for (int i = 0; i < visit::kMaxBatchItems; ++i) {
    items.push_back(Item(absl::StrCat("cap-bulk-", 10000 + i), Visit()));
  }
  const auto start = std::chrono::steady_clock::now();
  auto r = Upload(zhang_, items);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  ASSERT_TRUE(r.ok()) << r.status();
  std::printf("UploadBatch: %d visit items in %lld ms\n", visit::kMaxBatchItems,
              static_cast<long long>(ms));
  EXPECT_EQ(Rows("visits"), visit::kMaxBatchItems);
  EXPECT_EQ(r->results(999).outcome(), vpb::BATCH_OUTCOME_CREATED);
  items.push_back(Item("cap-bulk-overflow", Visit()));
  EXPECT_TRUE(HasField(Upload(zhang_, items).status(), "items"));
}

}  // namespace
}  // namespace shouhu::testing
