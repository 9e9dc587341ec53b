// End-to-end: what a visit finds becomes help, on the real binaries with mTLS. The
// procuratorate's own aid template puts the first visit on the day of payment; after a
// judicial-aid payment (aid.paid) the plan is made, the caseworker records the visit
// completing slot 1 with a need (心理疏导); visit.need_found reaches the aid service, which
// drafts a social-aid suggestion from it; aid.suggestion_changed comes back and the need
// is SUGGESTED with that suggestion; the caseworker issues it to 妇联, which acknowledges
// and reports it delivered, and the need is MET. Bad input to one RPC of each visit
// service is INVALID_ARGUMENT naming the field.
#include <functional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "gmock/gmock.h"
#include "support/e2e_calls.h"
#include "support/e2e_platform.h"
#include "support/e2e_visit_calls.h"

namespace shouhu::e2e {
namespace {

const ::testing::Environment* const kPlatform =
    RegisterPlatform({.with_aid = true, .with_visit = true});

using ::testing::Contains;

constexpr char kFulian[] = "fulian-renhuai";

class VisitFlowTest : public PlatformTest {
 protected:
  Caller Visit(const User& u) { return P().UserCaller(u, P().visit().address()); }
  Caller Aid(const User& u) { return P().UserCaller(u, P().aid().address()); }

  // The needs of `case_id` once `done` holds for them (empty when it never does).
  vpb::ListNeedsResponse NeedsWhen(const std::string& case_id,
                                   const std::function<bool(const vpb::ListNeedsResponse&)>& done) {
    vpb::ListNeedsResponse needs;
    const bool ok = Eventually([&] {
      vpb::ListNeedsRequest req;
      req.set_case_id(case_id);
      needs.Clear();
      return Visit(kCaseworker).Call(&Visits::ListNeeds, req, &needs).ok() && done(needs);
    });
    if (!ok) ADD_FAILURE() << "needs of " << case_id << " now: " << needs.DebugString();
    return needs;
  }

  // The aid service's suggestion drafted from `need_id`, once there is one.
  apb::Suggestion SuggestionFrom(const std::string& case_id, const std::string& need_id) {
    apb::Suggestion found;
    EXPECT_TRUE(Eventually([&] {
      apb::ListSuggestionsRequest req;
      req.set_case_id(case_id);
      apb::ListSuggestionsResponse list;
      if (!Aid(kCaseworker).Call(&SocialAid::ListSuggestions, req, &list).ok()) return false;
      for (const apb::Suggestion& s : list.suggestions()) {
        if (s.source_need_id() == need_id) found = s;
      }
      return !found.suggestion_id().empty();
    })) << "no suggestion drafted from "
        << need_id;
    return found;
  }

  // `s` (as last read) moved to `to` by `caller`, checked.
  apb::Suggestion Report(const Caller& caller, const apb::Suggestion& s, apb::SuggestionStatus to) {
    apb::SuggestionUpdateRequest req;
    req.set_request_id(NewRequestId("sugout"));
    req.set_suggestion_id(s.suggestion_id());
    req.set_version(s.version());
    req.set_status(to);
    if (to == apb::SUGGESTION_STATUS_COMPLETED) {
      req.set_outcome("已安排心理咨询师开展四次心理疏导。");
      *req.mutable_outcome_on() = DateOf(TodayInChina());
      req.mutable_measure_outcome()->set_granted(true);
      req.mutable_measure_outcome()->set_sessions(4);
    }
    apb::Suggestion out;
    const grpc::Status st = caller.Call(&SocialAid::ReportSuggestionOutcome, req, &out);
    EXPECT_TRUE(st.ok()) << StatusText(st);
    EXPECT_EQ(out.status(), to);
    return out;
  }
};

TEST_F(VisitFlowTest, ANeedFoundOnAPlannedVisitBecomesASuggestionAndIsMetWhenDelivered) {
  const absl::Status money = SeedAidMoney(P(), TodayInChina().year(), 5000000);
  ASSERT_TRUE(money.ok()) << money;
  const absl::Status tpl = UseSameDayAidTemplate(P());
  ASSERT_TRUE(tpl.ok()) << tpl;
  absl::StatusOr<AidPaid> paid = PayAidOnNewLead(P());
  ASSERT_TRUE(paid.ok()) << paid.status();
  const std::string case_id = paid->lead.case_id();

  // aid.paid made the plan from the procuratorate's own template: slot 1 is open today.
  vpb::ListPlansResponse plans;
  ASSERT_TRUE(Eventually([&] {
    vpb::ListPlansRequest req;
    req.set_case_id(case_id);
    return Visit(kCaseworker).Call(&VisitPlans::ListPlans, req, &plans).ok() &&
           plans.plans_size() == 1;
  })) << "no plan on "
      << case_id;
  const vpb::VisitPlan plan = plans.plans(0);
  EXPECT_EQ(plan.anchor_kind(), vpb::ANCHOR_KIND_AID_PAID);
  EXPECT_GT(plan.template_version(), 0) << "the shipped template was used";
  ASSERT_EQ(plan.slots_size(), 2);
  EXPECT_EQ(plan.slots(0).state(), vpb::SLOT_STATE_OPEN);

  // The caseworker's visit completes slot 1 and records a need.
  vpb::RecordVisitRequest record = PlannedVisitOf(plan, 1, TodayInChina());
  *record.add_needs() =
      NeedOf(apb::MEASURE_KIND_COUNSELLING, "受害人近亲属情绪低落，夜间失眠，需要心理疏导。");
  vpb::Visit visit;
  grpc::Status st = Visit(kCaseworker).Call(&Visits::RecordVisit, record, &visit);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  ASSERT_EQ(visit.needs_size(), 1);
  const std::string need_id = visit.needs(0).need_id();
  ASSERT_FALSE(need_id.empty());
  EXPECT_EQ(visit.needs(0).status(), vpb::NEED_STATUS_OPEN);
  vpb::GetPlanRequest get;
  get.set_plan_id(plan.plan_id());
  vpb::VisitPlan now;
  st = Visit(kCaseworker).Call(&VisitPlans::GetPlan, get, &now);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(now.slots(0).state(), vpb::SLOT_STATE_DONE);
  EXPECT_EQ(now.slots(0).visit_id(), visit.visit_id());

  // visit.need_found -> a DRAFT suggestion in the aid service with the need as its source.
  const apb::Suggestion draft = SuggestionFrom(case_id, need_id);
  ASSERT_FALSE(draft.suggestion_id().empty());
  EXPECT_EQ(draft.status(), apb::SUGGESTION_STATUS_DRAFT);
  EXPECT_EQ(draft.measure(), apb::MEASURE_KIND_COUNSELLING);
  EXPECT_EQ(draft.case_id(), case_id);

  // aid.suggestion_changed -> the need is SUGGESTED with the suggestion's id.
  auto need_is = [&](vpb::NeedStatus status) {
    return [&, status](const vpb::ListNeedsResponse& r) {
      return r.needs_size() == 1 && r.needs(0).status() == status;
    };
  };
  vpb::ListNeedsResponse needs = NeedsWhen(case_id, need_is(vpb::NEED_STATUS_SUGGESTED));
  ASSERT_EQ(needs.needs_size(), 1);
  EXPECT_EQ(needs.needs(0).need_id(), need_id);
  EXPECT_EQ(needs.needs(0).suggestion_id(), draft.suggestion_id());
  EXPECT_EQ(needs.needs(0).visit_id(), visit.visit_id());

  // The caseworker issues it to 妇联; 妇联 acknowledges and reports it delivered.
  apb::IssueSuggestionRequest issue;
  issue.set_request_id(NewRequestId("sugissue"));
  issue.set_suggestion_id(draft.suggestion_id());
  issue.set_version(draft.version());
  issue.set_agency_code(kFulian);
  issue.set_content("建议安排心理咨询师开展心理疏导，每周一次。");
  apb::Suggestion issued;
  st = Aid(kCaseworker).Call(&SocialAid::IssueSuggestion, issue, &issued);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(issued.status(), apb::SUGGESTION_STATUS_ISSUED);
  EXPECT_EQ(issued.source_need_id(), need_id);
  const Caller fulian = P().Agency(kFulian, P().aid().address());
  const apb::Suggestion acknowledged = Report(fulian, issued, apb::SUGGESTION_STATUS_ACKNOWLEDGED);
  const apb::Suggestion completed = Report(fulian, acknowledged, apb::SUGGESTION_STATUS_COMPLETED);
  ASSERT_EQ(completed.status(), apb::SUGGESTION_STATUS_COMPLETED);

  needs = NeedsWhen(case_id, need_is(vpb::NEED_STATUS_MET));
  ASSERT_EQ(needs.needs_size(), 1);
  EXPECT_EQ(needs.needs(0).suggestion_id(), draft.suggestion_id());
  EXPECT_EQ(DateString(needs.needs(0).status_on()), DateString(DateOf(TodayInChina())));
  // MET needs are listed by status too.
  vpb::ListNeedsRequest met;
  met.set_case_id(case_id);
  met.set_status(vpb::NEED_STATUS_OPEN);
  vpb::ListNeedsResponse open;
  st = Visit(kCaseworker).Call(&Visits::ListNeeds, met, &open);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(open.needs_size(), 0);
}

TEST_F(VisitFlowTest, BadInputToEachVisitServiceNamesTheField) {
  const pb::Referral r =
      AcceptedReferral(P().Agency("school-renhuai-1"), GuardianshipConcern(NewRequestId("vbad")));
  ASSERT_FALSE(r.case_id().empty());
  const auto count = [&](const std::string& table) {
    auto n = P().QueryInt(absl::StrCat("SELECT COUNT(*) FROM ", table));
    EXPECT_TRUE(n.ok()) << n.status();
    return n.ok() ? *n : -1;
  };
  const int64_t plans = count("visit_plans");
  const int64_t visits = count("visits");
  const int64_t assignments = count("volunteer_assignments");

  // VisitPlanService: a plan without its anchor kind.
  vpb::CreatePlanRequest plan = ManualPlanToday(r.case_id());
  plan.set_anchor_kind(vpb::ANCHOR_KIND_UNSPECIFIED);
  vpb::VisitPlan made;
  Trailers trailers;
  grpc::Status st = Visit(kCaseworker).Call(&VisitPlans::CreatePlan, plan, &made, &trailers);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << StatusText(st);
  EXPECT_THAT(ViolatedFields(st, trailers), Contains("anchor_kind")) << StatusText(st);

  // VisitService: a visit dated tomorrow.
  vpb::RecordVisitRequest visit = VisitOf(r.case_id(), TodayInChina() + 1);
  vpb::Visit recorded;
  trailers.clear();
  st = Visit(kCaseworker).Call(&Visits::RecordVisit, visit, &recorded, &trailers);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << StatusText(st);
  EXPECT_THAT(ViolatedFields(st, trailers), Contains("visited_on")) << StatusText(st);

  // VolunteerService: reports every 31 days.
  vpb::AssignVolunteerRequest assign =
      AssignVolunteerRequest(r.case_id(), kVolunteer.id, PersonIdOf(r, pb::PERSON_ROLE_SUBJECT));
  assign.set_report_every_days(31);
  vpb::VolunteerAssignment assigned;
  trailers.clear();
  st = Visit(kCaseworker).Call(&Volunteers::AssignVolunteer, assign, &assigned, &trailers);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << StatusText(st);
  EXPECT_THAT(ViolatedFields(st, trailers), Contains("report_every_days")) << StatusText(st);

  // Nothing was written.
  EXPECT_EQ(count("visit_plans"), plans);
  EXPECT_EQ(count("visits"), visits);
  EXPECT_EQ(count("volunteer_assignments"), assignments);
}

}  // namespace
}  // namespace shouhu::e2e
