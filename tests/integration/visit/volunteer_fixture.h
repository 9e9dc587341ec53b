// Volunteers on a real MariaDB: the visit fixture (kCase of Renhuai assigned to u-zhang
// about 王小明, born 1 June 2015; today Monday 10 March 2025) with the volunteer core, its
// method table, a second volunteer and helpers to assign and to report.
#ifndef SHOUHU_TESTS_INTEGRATION_VISIT_VOLUNTEER_FIXTURE_H_
#define SHOUHU_TESTS_INTEGRATION_VISIT_VOLUNTEER_FIXTURE_H_

#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "common/base/dates.h"
#include "integration/visit/visit_fixture.h"
#include "visit/visit_core.h"
#include "visit/volunteer_grpc.h"
#include "visit/volunteer_ops.h"

namespace shouhu::testing {

class VolunteerFixture : public VisitFixture {
 protected:
  void SetUp() override {
    VisitFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    volunteers_ = std::make_unique<visit::VolunteerCore>(vdeps_);
    vol_table_ = std::make_unique<MethodTable>(visit::VolunteerMethods(volunteers_.get()));
  }

  vpb::AssignVolunteerRequest AssignRequest(const std::string& volunteer = "u-vol") {
    vpb::AssignVolunteerRequest req;
    req.set_request_id(VRid());
    req.set_case_id(kCase);
    req.set_volunteer_id(volunteer);
    req.set_subject_alias("小明");
    req.set_care_notes("父母外出务工，注意情绪变化");
    *req.mutable_starts_on() = FromCivilDay(absl::CivilDay(2025, 3, 1));
    return req;
  }

  template <typename Resp>
  absl::StatusOr<Resp> CallVol(const Principal& p, const std::string& method,
                               const google::protobuf::Message& req) {
    return Call<Resp>(*vol_table_, p, method, req);
  }

  vpb::VolunteerAssignment MustAssign(vpb::AssignVolunteerRequest req) {
    auto a = CallVol<vpb::VolunteerAssignment>(zhang_, "AssignVolunteer", req);
    EXPECT_TRUE(a.ok()) << a.status();
    return a.ok() ? *a : vpb::VolunteerAssignment();
  }

  vpb::DailyReport Report(const std::string& assignment_id, absl::CivilDay on,
                          int64_t version = 0) {
    vpb::DailyReport r;
    r.set_assignment_id(assignment_id);
    *r.mutable_report_on() = FromCivilDay(on);
    r.set_contact_kind(vpb::VISIT_KIND_PHONE);
    r.set_observations("电话联系，孩子情绪平稳，作业已完成");
    vpb::Assessment* a = r.add_assessments();
    a->set_dimension(vpb::DIMENSION_MOOD);
    a->set_rating(vpb::RATING_GOOD);
    r.set_version(version);
    return r;
  }

  absl::StatusOr<vpb::DailyReport> Submit(const Principal& p, const vpb::DailyReport& r) {
    vpb::SubmitDailyReportRequest req;
    req.set_request_id(VRid());
    *req.mutable_report() = r;
    return CallVol<vpb::DailyReport>(p, "SubmitDailyReport", req);
  }

  absl::StatusOr<vpb::ListDailyReportsResponse> Reports(const Principal& p,
                                                        const std::string& assignment_id) {
    vpb::ListDailyReportsRequest req;
    req.set_assignment_id(assignment_id);
    return CallVol<vpb::ListDailyReportsResponse>(p, "ListDailyReports", req);
  }

  // ApplyOfflineReport inside a mutation of its own, as a batch item would be.
  absl::StatusOr<visit::OfflineResult> Offline(const Principal& p, const vpb::DailyReport& r,
                                               const std::string& client_id,
                                               bool against_current = false) {
    db::MutationRunner runner(vdeps_.Mutations());
    visit::OfflineResult out;
    absl::StatusOr<vpb::BatchItemResult> st = runner.Run<vpb::BatchItemResult>(
        {.actor = p.Name(), .method = "UploadBatch", .request_id = VRid()}, r,
        [&](db::Mutation& m) -> absl::StatusOr<vpb::BatchItemResult> {
          absl::StatusOr<visit::OfflineResult> res = volunteers_->ApplyOfflineReport(
              m, p, r, client_id, "items[0].report", against_current);
          if (!res.ok()) return res.status();
          out = *res;
          return vpb::BatchItemResult();
        });
    if (!st.ok()) return st.status();
    return out;
  }

  int64_t Outbox(const std::string& topic) {
    return Int(absl::StrCat("SELECT COUNT(*) FROM outbox_events WHERE topic = '", topic, "'"));
  }

  std::unique_ptr<visit::VolunteerCore> volunteers_;
  std::unique_ptr<MethodTable> vol_table_;
  const Principal volunteer2_ = User("u-vol-2", kRenhuai, {Role::kVolunteer});
  const Principal xs_volunteer_ = User("u-vol", kXishui, {Role::kVolunteer});
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_VISIT_VOLUNTEER_FIXTURE_H_
