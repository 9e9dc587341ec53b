// Daily reports in offline batches on a real MariaDB, through the visit core's
// UploadBatch and ResolveConflict with the volunteer core applying the reports: created,
// replayed, a conflict stored for a person to resolve, and APPLY replacing the report.
#include <gtest/gtest.h>

#include "integration/visit/volunteer_fixture.h"
#include "visit/visit_core.h"

namespace shouhu::testing {
namespace {

using absl::CivilDay;

class VolunteerBatchTest : public VolunteerFixture {
 protected:
  void SetUp() override {
    VolunteerFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    visits_ = std::make_unique<visit::VisitCore>(vdeps_, volunteers_.get());
    a_ = MustAssign(AssignRequest());
  }
  absl::StatusOr<vpb::UploadBatchResponse> Upload(const Principal& p,
                                                  const std::vector<vpb::BatchItem>& items) {
    vpb::UploadBatchRequest req;
    req.set_request_id(VRid());
    for (const auto& i : items) *req.add_items() = i;
    return visits_->UploadBatch(p, req);
  }
  vpb::BatchItem Item(const std::string& client_id, const vpb::DailyReport& r) {
    vpb::BatchItem i;
    i.set_client_id(client_id);
    *i.mutable_report() = r;
    return i;
  }
  std::unique_ptr<visit::VisitCore> visits_;
  vpb::VolunteerAssignment a_;
};

TEST_F(VolunteerBatchTest, CreatedReplayedConflictAndApply) {
  auto first =
      Upload(volunteer_, {Item("cl-batch-0001", Report(a_.assignment_id(), CivilDay(2025, 3, 9)))});
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->results_size(), 1);
  EXPECT_EQ(first->results(0).outcome(), vpb::BATCH_OUTCOME_CREATED);
  const std::string report_id = first->results(0).record_id();
  // The same client id again: replayed, nothing changes.
  auto replay =
      Upload(volunteer_, {Item("cl-batch-0001", Report(a_.assignment_id(), CivilDay(2025, 3, 9)))});
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->results(0).outcome(), vpb::BATCH_OUTCOME_REPLAYED);
  EXPECT_EQ(replay->results(0).record_id(), report_id);
  // Another capture of the same day (version 0): a conflict for a person to resolve.
  vpb::DailyReport other = Report(a_.assignment_id(), CivilDay(2025, 3, 9));
  other.set_observations("离线补记：孩子发烧，已送医");
  auto conflict = Upload(volunteer_, {Item("cl-batch-0002", other)});
  ASSERT_TRUE(conflict.ok()) << conflict.status();
  ASSERT_EQ(conflict->results(0).outcome(), vpb::BATCH_OUTCOME_CONFLICT);
  const std::string conflict_id = conflict->results(0).conflict_id();
  EXPECT_FALSE(conflict_id.empty());
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_conflicts WHERE reason = 4"), 1);
  EXPECT_EQ(Int("SELECT version FROM volunteer_reports"), 1);
  // A department head applies it against the current report: replaced, with history.
  vpb::ResolveConflictRequest resolve;
  resolve.set_request_id(VRid());
  resolve.set_conflict_id(conflict_id);
  resolve.set_version(1);
  resolve.set_resolution(vpb::CONFLICT_RESOLUTION_APPLY);
  auto resolved = visits_->ResolveConflict(head_, resolve);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_TRUE(resolved->resolved());
  EXPECT_EQ(resolved->record_id(), report_id);
  EXPECT_EQ(Int("SELECT version FROM volunteer_reports"), 2);
  EXPECT_EQ(Rows("visit_amendments"), 1);
  auto list = Reports(zhang_, a_.assignment_id());
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->reports_size(), 1);
  EXPECT_EQ(list->reports(0).observations(), "离线补记：孩子发烧，已送医");
  EXPECT_EQ(list->reports(0).amendments(), 1);
}

}  // namespace
}  // namespace shouhu::testing
