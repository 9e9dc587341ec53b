// The records and requests of the visit access matrix. One preparer per service the visit
// service serves (a table per service: VisitPlanService, VisitService, VolunteerService of
// visit.proto, CaseFactsService of review.proto),
// each building, for an RPC, a record of Renhuai (520382) or Xishui (520330), of a case
// assigned to the caller's caseworker or to somebody else, in the state the step needs,
// with the request that addresses it.
//
// Cases: kCase (Renhuai, u-zhang), kLiCase (Renhuai, u-li), kXsCase (Xishui, u-xs-li),
// kXsZhaoCase (Xishui, u-xs-zhao). A plan is seeded once per (tenant, assigned) and reused
// until a call changes it (then the next Prepare seeds a new one); so are visits (recorded
// by the caller's caseworker or by another), conflicts (uploaded likewise) and volunteer
// assignments (of the caller's volunteer, u-volunteer or u-xs-vol, or of another).
// "assigned" means, per row: the case's caseworker (plans, AssignVolunteer,
// EndAssignment), the recorder or uploader (AmendVisit, WithdrawNeed, ResolveConflict) or
// the assignment's volunteer (SubmitDailyReport, ListDailyReports).
#ifndef SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_ACCESS_TARGETS_H_
#define SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_ACCESS_TARGETS_H_

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "integration/visit/visit_fixture.h"
#include "support/access_matrix.h"
#include "visit/access_policy.h"
#include "visit/case_facts.h"
#include "visit/case_facts_grpc.h"
#include "visit/visit_core.h"
#include "visit/visit_grpc.h"
#include "visit/volunteer_grpc.h"
#include "visit/volunteer_ops.h"

namespace shouhu::testing {

// "shouhu.visit.v1.<service>/<method>", the table's key.
inline std::string VisitRpcKey(const std::string& service, const std::string& method) {
  return absl::StrCat("shouhu.visit.v1.", service, "/", method);
}
// The table's key of GetCaseFacts (review.proto's package).
inline constexpr char kGetCaseFactsKey[] = "shouhu.oversight.v1.CaseFactsService/GetCaseFacts";
// "VisitPlanService" of "shouhu.visit.v1.VisitPlanService/GetPlan".
inline std::string VisitServiceOf(const std::string& key) {
  const size_t slash = key.rfind('/');
  const size_t dot = key.rfind('.', slash);
  return key.substr(dot + 1, slash - dot - 1);
}
// The rows of the visit table of one service, in table order (a matrix's parameters).
inline std::vector<std::string> VisitMethodsOf(const std::string& service) {
  std::vector<std::string> out;
  for (const std::string& k : MethodsOf(visit::VisitAccessPolicy())) {
    if (VisitServiceOf(k) == service) out.push_back(k);
  }
  return out;
}

class VisitAccessMatrix : public VisitFixture {
 protected:
  static constexpr char kLiCase[] = "case-520382-0000000000000003";      // u-li
  static constexpr char kXsZhaoCase[] = "case-520330-0000000000000004";  // u-xs-zhao
  static constexpr char kPlanService[] = "VisitPlanService";
  static constexpr char kVisitService[] = "VisitService";
  static constexpr char kVolService[] = "VolunteerService";
  static constexpr char kFactsService[] = "CaseFactsService";

  // Prepares `method` of one service on a record of Xishui (`xishui`) or Renhuai.
  using Preparer = std::function<Target(const std::string& method, bool xishui, bool assigned)>;

  void SetUp() override {
    VisitFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddCase(kLiCase, kRenhuai, "u-li", kMinor);
    AddCase(kXsZhaoCase, kXishui, "u-xs-zhao", kMinor);
    vol_core_ = std::make_unique<visit::VolunteerCore>(vdeps_);
    visit_core_ = std::make_unique<visit::VisitCore>(vdeps_, vol_core_.get());
    tables_.push_back(visit::VisitPlanMethods(plans_.get()));
    tables_.push_back(visit::VisitMethods(visit_core_.get()));
    tables_.push_back(visit::VolunteerMethods(vol_core_.get()));
    facts_core_ = std::make_unique<visit::CaseFactsCore>(vdeps_);
    tables_.push_back(visit::CaseFactsMethods(facts_core_.get()));
    preparers_[kPlanService] = [this](const std::string& m, bool xishui, bool assigned) {
      return PreparePlanRpc(m, xishui, assigned);
    };
    preparers_[kVisitService] = [this](const std::string& m, bool xishui, bool assigned) {
      return PrepareVisitRpc(m, xishui, assigned);
    };
    preparers_[kVolService] = [this](const std::string& m, bool xishui, bool assigned) {
      return PrepareVolunteerRpc(m, xishui, assigned);
    };
    preparers_[kFactsService] = [this](const std::string& m, bool xishui, bool assigned) {
      return PrepareFactsRpc(m, xishui, assigned);
    };
    for (const MethodTable& t : tables_) ASSERT_TRUE(t.status().ok()) << t.status();
  }

  // Through the bound tables, as the server calls; a call that changed its record makes
  // the next Prepare of that record seed a new one.
  absl::StatusOr<std::string> CallRpc(const std::string& key, const Principal& p,
                                      const google::protobuf::Message& req) {
    absl::StatusOr<std::string> got = CallThrough(tables_, key, p, req);
    const std::string m = key.substr(key.rfind('/') + 1);
    if (got.ok() && !absl::StartsWith(m, "Get") && !absl::StartsWith(m, "List")) {
      seeded_.erase(last_key_);
    }
    return got;
  }

  // A record of the caller's procuratorate (Renhuai callers) when !other.
  Target Prepare(const std::string& key, bool other, bool assigned) {
    return PrepareIn(key, other, assigned, other);
  }
  // For callers of Xishui: their own procuratorate is Xishui.
  Target PrepareForXishui(const std::string& key, bool other, bool assigned) {
    return PrepareIn(key, !other, assigned, other);
  }

  // --- Seeding --------------------------------------------------------------------------
  std::string Tenant(bool xishui) const { return xishui ? kXishui : kRenhuai; }
  std::string CaseOf(bool xishui, bool assigned) const {
    if (xishui) return assigned ? kXsCase : kXsZhaoCase;
    return assigned ? kCase : kLiCase;
  }
  std::string AssigneeOf(bool xishui, bool assigned) const {
    if (xishui) return assigned ? "u-xs-li" : "u-xs-zhao";
    return assigned ? "u-zhang" : "u-li";
  }
  RecordFacts FactsOfPlan(bool xishui, bool assigned) const {
    return {Tenant(xishui), "", AssigneeOf(xishui, assigned)};
  }
  // The department head of the tenant (plans of either case may be made by them).
  const Principal& Planner(bool xishui) const { return xishui ? xs_head_ : head_; }

  vpb::CreatePlanRequest NewPlanRequest(bool xishui, bool assigned) {
    vpb::CreatePlanRequest r;
    r.set_request_id(VRid());
    r.set_case_id(CaseOf(xishui, assigned));
    r.set_anchor_kind(vpb::ANCHOR_KIND_MANUAL);
    *r.mutable_anchor_date() = FromCivilDay(absl::CivilDay(2025, 3, 10));
    vpb::ScheduleItem* i = r.add_items();
    i->set_label("首次回访");
    i->set_offset_days(3);
    i->set_window_before_days(5);
    i->set_expiry_after_days(7);
    vpb::ScheduleItem* j = r.add_items();
    j->set_label("一月回访");
    j->set_offset_days(30);
    j->set_window_before_days(5);
    j->set_expiry_after_days(10);
    return r;
  }

  vpb::VisitPlan PlanIn(bool xishui, bool assigned) {
    last_key_ = absl::StrCat("plan", xishui, assigned);
    if (seeded_.count(last_key_) == 0) {
      auto made = plans_->CreatePlan(Planner(xishui), NewPlanRequest(xishui, assigned));
      EXPECT_TRUE(made.ok()) << made.status();
      if (made.ok()) plans_made_[last_key_] = *made;
      seeded_.insert(last_key_);
    }
    return plans_made_[last_key_];
  }

  // --- VisitPlanService -----------------------------------------------------------------
  Target PreparePlanRpc(const std::string& m, bool xishui, bool assigned) {
    Target t;
    t.facts = FactsOfPlan(xishui, assigned);
    if (m == "CreatePlan") {
      t.request = std::make_unique<vpb::CreatePlanRequest>(NewPlanRequest(xishui, assigned));
    } else if (m == "GetPlan") {
      auto r = std::make_unique<vpb::GetPlanRequest>();
      r->set_plan_id(PlanIn(xishui, assigned).plan_id());
      t.request = std::move(r);
    } else if (m == "ListPlans") {
      // The other procuratorate's plan must not be listed.
      t.is_list = true;
      t.marker = PlanIn(!home_xishui_, true).plan_id();
      t.request = std::make_unique<vpb::ListPlansRequest>();
    } else if (m == "WaiveSlot") {
      const vpb::VisitPlan p = PlanIn(xishui, assigned);
      auto r = std::make_unique<vpb::WaiveSlotRequest>();
      r->set_request_id(VRid());
      r->set_plan_id(p.plan_id());
      r->set_version(p.version());
      r->set_slot_sequence(1);
      r->set_reason("监护人已带孩子外出就医，改期");
      t.request = std::move(r);
    } else if (m == "CancelPlan") {
      const vpb::VisitPlan p = PlanIn(xishui, assigned);
      auto r = std::make_unique<vpb::CancelPlanRequest>();
      r->set_request_id(VRid());
      r->set_plan_id(p.plan_id());
      r->set_version(p.version());
      r->set_reason("重复建立的计划");
      t.request = std::move(r);
    } else if (m == "AssignPlan") {
      const vpb::VisitPlan p = PlanIn(xishui, assigned);
      auto r = std::make_unique<vpb::AssignPlanRequest>();
      r->set_request_id(VRid());
      r->set_plan_id(p.plan_id());
      r->set_version(p.version());
      r->set_assigned_to(xishui ? "u-xs-wang" : "u-wang");
      t.request = std::move(r);
    } else if (m == "ListDueVisits") {
      // The caller's own due visits: no record addressed.
      t.is_list = true;
      t.marker = PlanIn(!home_xishui_, true).plan_id();
      auto r = std::make_unique<vpb::ListDueVisitsRequest>();
      r->set_horizon_days(30);
      r->set_include_missed(true);
      t.request = std::move(r);
    } else if (m == "UpsertScheduleTemplate") {
      // Acts on the caller's own procuratorate whatever it is: no record addressed.
      t.is_list = true;
      auto r = std::make_unique<vpb::UpsertScheduleTemplateRequest>();
      r->set_request_id(VRid());
      vpb::ScheduleTemplate* tpl = r->mutable_template_();
      tpl->set_template_id(absl::StrCat("home-", ++templates_));
      tpl->set_name("家访两次");
      tpl->set_anchor_kind(vpb::ANCHOR_KIND_MANUAL);
      vpb::ScheduleItem* i = tpl->add_items();
      i->set_label("首次家访");
      i->set_offset_days(7);
      i->set_window_before_days(3);
      i->set_expiry_after_days(7);
      vpb::ScheduleItem* j = tpl->add_items();
      j->set_label("复访");
      j->set_offset_days(60);
      j->set_window_before_days(7);
      j->set_expiry_after_days(14);
      t.request = std::move(r);
    } else if (m == "ListScheduleTemplates") {
      auto r = std::make_unique<vpb::ListScheduleTemplatesRequest>();
      r->set_procuratorate_code(Tenant(xishui));
      t.request = std::move(r);
    } else if (m == "GetVisitPolicy") {
      auto r = std::make_unique<vpb::GetVisitPolicyRequest>();
      r->set_procuratorate_code(Tenant(xishui));
      t.request = std::move(r);
    } else if (m == "UpdateVisitPolicy") {
      // The caller's own procuratorate's settings, at the version stored now.
      t.is_list = true;
      last_key_ = "policy";
      auto r = std::make_unique<vpb::UpdateVisitPolicyRequest>();
      r->set_request_id(VRid());
      vpb::VisitPolicy* p = r->mutable_policy();
      p->set_offline_grace_days(5);
      p->set_amend_window_days(30);
      p->set_due_horizon_days(14);
      p->set_version(Int(absl::StrCat(
          "SELECT COALESCE(MAX(version), 0) FROM visit_policies WHERE procuratorate_code = '",
          Tenant(home_xishui_), "'")));
      t.request = std::move(r);
    }
    return t;
  }

  // --- VisitService ---------------------------------------------------------------------
  // The caseworker who records (or uploads) on the record: the caller's caseworker when
  // `assigned`, another caseworker of the tenant otherwise.
  Principal RecorderOf(bool xishui, bool assigned) const {
    return User(AssigneeOf(xishui, assigned), Tenant(xishui), {Role::kCaseworker});
  }
  RecordFacts FactsOfRecorder(bool xishui, bool assigned) const {
    return {Tenant(xishui), "", AssigneeOf(xishui, assigned)};
  }
  // A valid unscheduled home visit of the tenant's assigned case on 8 March 2025.
  vpb::RecordVisitRequest NewVisitRequest(bool xishui) {
    vpb::RecordVisitRequest r;
    r.set_request_id(VRid());
    r.set_case_id(CaseOf(xishui, true));
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
  // A visit with one need, recorded by RecorderOf(xishui, assigned).
  vpb::Visit VisitIn(bool xishui, bool assigned) {
    const std::string key = absl::StrCat("visit", xishui, assigned);
    if (seeded_.count(key) == 0) {
      vpb::RecordVisitRequest req = NewVisitRequest(xishui);
      vpb::Need* n = req.add_needs();
      n->set_kind(::shouhu::aid::v1::MEASURE_KIND_SCHOOLING);
      n->set_description("需要课业辅导");
      auto made = visit_core_->RecordVisit(RecorderOf(xishui, assigned), req);
      EXPECT_TRUE(made.ok()) << made.status();
      if (made.ok()) visits_made_[key] = *made;
      seeded_.insert(key);
    }
    last_key_ = key;
    return visits_made_[key];
  }
  // A conflict (the plan changed since capture) uploaded by RecorderOf(xishui, assigned).
  vpb::VisitConflict ConflictIn(bool xishui, bool assigned) {
    const std::string key = absl::StrCat("conflict", xishui, assigned);
    if (seeded_.count(key) == 0) {
      const vpb::VisitPlan plan = PlanIn(xishui, true);
      vpb::UploadBatchRequest up;
      up.set_request_id(VRid());
      vpb::BatchItem* item = up.add_items();
      item->set_client_id(absl::StrCat("matrix-conflict-", ++clients_));
      vpb::RecordVisitRequest* v = item->mutable_visit();
      *v = NewVisitRequest(xishui);
      v->set_plan_id(plan.plan_id());
      v->set_slot_sequence(1);
      v->set_base_plan_version(plan.version() + 7);
      auto got = visit_core_->UploadBatch(RecorderOf(xishui, assigned), up);
      EXPECT_TRUE(got.ok()) << got.status();
      if (got.ok()) {
        EXPECT_EQ(got->results(0).outcome(), vpb::BATCH_OUTCOME_CONFLICT) << got->DebugString();
        vpb::ListConflictsRequest lc;
        lc.set_case_id(CaseOf(xishui, true));
        lc.set_page_size(100);
        auto all = visit_core_->ListConflicts(Planner(xishui), lc);
        EXPECT_TRUE(all.ok()) << all.status();
        if (all.ok()) {
          for (const vpb::VisitConflict& c : all->conflicts()) {
            if (c.conflict_id() == got->results(0).conflict_id()) conflicts_made_[key] = c;
          }
        }
        EXPECT_FALSE(conflicts_made_[key].conflict_id().empty()) << "conflict not listed";
      }
      seeded_.insert(key);
    }
    last_key_ = key;
    return conflicts_made_[key];
  }

  Target PrepareVisitRpc(const std::string& m, bool xishui, bool assigned) {
    Target t;
    t.facts = FactsOfRecorder(xishui, assigned);
    if (m == "RecordVisit") {
      t.request = std::make_unique<vpb::RecordVisitRequest>(NewVisitRequest(xishui));
    } else if (m == "GetVisit") {
      auto r = std::make_unique<vpb::GetVisitRequest>();
      r->set_visit_id(VisitIn(xishui, assigned).visit_id());
      t.request = std::move(r);
    } else if (m == "ListVisits") {
      VisitIn(xishui, true);
      auto r = std::make_unique<vpb::ListVisitsRequest>();
      r->set_case_id(CaseOf(xishui, true));
      t.request = std::move(r);
    } else if (m == "AmendVisit") {
      const vpb::Visit v = VisitIn(xishui, assigned);
      auto r = std::make_unique<vpb::AmendVisitRequest>();
      r->set_request_id(VRid());
      r->set_visit_id(v.visit_id());
      r->set_version(v.version());
      *r->mutable_assessments() = v.assessments();
      r->mutable_assessments(0)->set_rating(vpb::RATING_CONCERN);
      r->set_summary(v.summary());
      r->set_reason("补记情绪观察");
      t.request = std::move(r);
    } else if (m == "GetVisitStatistics") {
      // The caller's own procuratorate's figures: no record addressed.
      t.is_list = true;
      auto r = std::make_unique<vpb::GetVisitStatisticsRequest>();
      r->set_period(vpb::STATISTICS_PERIOD_MONTH);
      r->set_year(2025);
      r->set_first_period(1);
      r->set_period_count(3);
      t.request = std::move(r);
    } else if (m == "ListAmendments") {
      auto r = std::make_unique<vpb::ListAmendmentsRequest>();
      r->set_record_id(VisitIn(xishui, assigned).visit_id());
      t.request = std::move(r);
    } else if (m == "ListNeeds") {
      VisitIn(xishui, true);
      auto r = std::make_unique<vpb::ListNeedsRequest>();
      r->set_case_id(CaseOf(xishui, true));
      t.request = std::move(r);
    } else if (m == "WithdrawNeed") {
      const vpb::Visit v = VisitIn(xishui, assigned);
      auto r = std::make_unique<vpb::WithdrawNeedRequest>();
      r->set_request_id(VRid());
      r->set_need_id(v.needs_size() > 0 ? v.needs(0).need_id() : "");
      r->set_reason("家长已自行解决");
      t.request = std::move(r);
    } else if (m == "UploadBatch") {
      // Who may upload is the row's; each item is then checked on its own (REJECTED items:
      // the spot checks). The caller's own volunteer condition holds at the call.
      t.is_list = true;
      t.facts = {Tenant(home_xishui_), "", VolunteerOf(home_xishui_, true)};
      auto r = std::make_unique<vpb::UploadBatchRequest>();
      r->set_request_id(VRid());
      vpb::BatchItem* item = r->add_items();
      item->set_client_id(absl::StrCat("matrix-item-", ++clients_));
      *item->mutable_visit() = NewVisitRequest(home_xishui_);
      t.request = std::move(r);
    } else if (m == "ListConflicts") {
      t.is_list = true;
      t.marker = ConflictIn(!home_xishui_, true).conflict_id();
      auto r = std::make_unique<vpb::ListConflictsRequest>();
      r->set_page_size(100);
      t.request = std::move(r);
    } else if (m == "ResolveConflict") {
      const vpb::VisitConflict c = ConflictIn(xishui, assigned);
      auto r = std::make_unique<vpb::ResolveConflictRequest>();
      r->set_request_id(VRid());
      r->set_conflict_id(c.conflict_id());
      r->set_version(c.version());
      r->set_resolution(vpb::CONFLICT_RESOLUTION_DISCARD);
      r->set_note("已线上补录");
      t.request = std::move(r);
    }
    return t;
  }

  // --- VolunteerService -----------------------------------------------------------------
  // The volunteer callers of the walk are u-volunteer (Renhuai) and u-xs-vol (Xishui).
  std::string VolunteerOf(bool xishui, bool own) const {
    if (xishui) return own ? "u-xs-vol" : "u-xs-vol-2";
    return own ? "u-volunteer" : "u-vol-2";
  }
  vpb::AssignVolunteerRequest NewAssignRequest(bool xishui, bool assigned,
                                               const std::string& volunteer) {
    vpb::AssignVolunteerRequest r;
    r.set_request_id(VRid());
    r.set_case_id(CaseOf(xishui, assigned));
    r.set_volunteer_id(volunteer);
    r.set_subject_alias("小明");
    r.set_care_notes("父母外出务工，注意情绪变化");
    *r.mutable_starts_on() = FromCivilDay(absl::CivilDay(2025, 3, 1));
    return r;
  }
  // An active assignment on the case CaseOf(xishui, case_assigned) of the volunteer
  // VolunteerOf(xishui, own), made by the department head.
  vpb::VolunteerAssignment AssignmentIn(bool xishui, bool own, bool case_assigned = true) {
    const std::string key = absl::StrCat("assignment", xishui, own, case_assigned);
    if (seeded_.count(key) == 0) {
      auto made = vol_core_->AssignVolunteer(
          Planner(xishui), NewAssignRequest(xishui, case_assigned, VolunteerOf(xishui, own)));
      EXPECT_TRUE(made.ok()) << made.status();
      if (made.ok()) assignments_made_[key] = *made;
      seeded_.insert(key);
    }
    last_key_ = key;
    return assignments_made_[key];
  }
  vpb::DailyReport NewReport(const std::string& assignment_id) {
    vpb::DailyReport r;
    r.set_assignment_id(assignment_id);
    *r.mutable_report_on() = FromCivilDay(absl::CivilDay(2025, 3, 10));
    r.set_contact_kind(vpb::VISIT_KIND_PHONE);
    r.set_observations("电话联系，孩子情绪平稳，作业已完成");
    vpb::Assessment* a = r.add_assessments();
    a->set_dimension(vpb::DIMENSION_MOOD);
    a->set_rating(vpb::RATING_GOOD);
    return r;
  }

  Target PrepareVolunteerRpc(const std::string& m, bool xishui, bool assigned) {
    Target t;
    // The case's caseworker (assignments) or the assignment's volunteer (reports).
    t.facts = FactsOfPlan(xishui, assigned);
    if (m == "AssignVolunteer") {
      t.request = std::make_unique<vpb::AssignVolunteerRequest>(
          NewAssignRequest(xishui, assigned, VolunteerOf(xishui, true)));
    } else if (m == "EndAssignment") {
      const vpb::VolunteerAssignment a = AssignmentIn(xishui, false, assigned);
      auto r = std::make_unique<vpb::EndAssignmentRequest>();
      r->set_request_id(VRid());
      r->set_assignment_id(a.assignment_id());
      r->set_version(a.version());
      r->set_reason("结对期满");
      t.request = std::move(r);
    } else if (m == "ListAssignments") {
      t.is_list = true;
      t.marker = AssignmentIn(!home_xishui_, true).assignment_id();
      auto r = std::make_unique<vpb::ListAssignmentsRequest>();
      r->set_page_size(100);
      t.request = std::move(r);
    } else if (m == "ListMyAssignments") {
      t.is_list = true;
      t.marker = AssignmentIn(!home_xishui_, true).assignment_id();
      AssignmentIn(home_xishui_, false);
      auto r = std::make_unique<vpb::ListMyAssignmentsRequest>();
      r->set_page_size(100);
      t.request = std::move(r);
    } else if (m == "SubmitDailyReport" || m == "ListDailyReports") {
      t.facts = {Tenant(xishui), "", VolunteerOf(xishui, assigned)};
      const vpb::VolunteerAssignment a = AssignmentIn(xishui, assigned);
      if (m == "SubmitDailyReport") {
        auto r = std::make_unique<vpb::SubmitDailyReportRequest>();
        r->set_request_id(VRid());
        *r->mutable_report() = NewReport(a.assignment_id());
        t.request = std::move(r);
      } else {
        auto r = std::make_unique<vpb::ListDailyReportsRequest>();
        r->set_assignment_id(a.assignment_id());
        t.request = std::move(r);
      }
    }
    return t;
  }

  // --- CaseFactsService -----------------------------------------------------------------
  // The facts of a case of the tenant that holds a plan (the oversight service reads every
  // procuratorate's; nobody else reads any).
  Target PrepareFactsRpc(const std::string& m, bool xishui, bool assigned) {
    Target t;
    t.facts = FactsOfPlan(xishui, assigned);
    if (m == "GetCaseFacts") {
      PlanIn(xishui, assigned);
      auto r = std::make_unique<::shouhu::oversight::v1::GetCaseFactsRequest>();
      r->set_case_id(CaseOf(xishui, assigned));
      t.request = std::move(r);
    }
    return t;
  }

  std::unique_ptr<visit::VolunteerCore> vol_core_;
  std::unique_ptr<visit::VisitCore> visit_core_;
  std::unique_ptr<visit::CaseFactsCore> facts_core_;
  std::vector<MethodTable> tables_;
  std::map<std::string, Preparer> preparers_;  // service name -> preparer
  std::string last_key_;
  std::set<std::string> seeded_;
  std::map<std::string, vpb::VisitPlan> plans_made_;
  std::map<std::string, vpb::Visit> visits_made_;
  std::map<std::string, vpb::VisitConflict> conflicts_made_;
  std::map<std::string, vpb::VolunteerAssignment> assignments_made_;
  int templates_ = 0;
  int clients_ = 0;
  bool home_xishui_ = false;  // the walk's callers are of Xishui

 private:
  Target PrepareIn(const std::string& key, bool xishui, bool assigned, bool other) {
    last_key_.clear();
    home_xishui_ = xishui != other;
    const std::string m = key.substr(key.rfind('/') + 1);
    auto it = preparers_.find(VisitServiceOf(key));
    Target t;
    if (it != preparers_.end()) t = it->second(m, xishui, assigned);
    t.other = other;
    return t;
  }
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_ACCESS_TARGETS_H_
