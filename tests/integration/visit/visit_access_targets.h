// The records and requests of the visit access matrix. One preparer per service of
// visit.proto (a table per service: VisitPlanService here; VisitService and
// VolunteerService add theirs to `preparers_` and their method tables to `tables_`), each
// building, for an RPC, a record of Renhuai (520382) or Xishui (520330), of a case
// assigned to the caller's caseworker or to somebody else, in the state the step needs,
// with the request that addresses it.
//
// Cases: kCase (Renhuai, u-zhang), kLiCase (Renhuai, u-li), kXsCase (Xishui, u-xs-li),
// kXsZhaoCase (Xishui, u-xs-zhao). A plan is seeded once per (tenant, assigned) and reused
// until a call changes it (then the next Prepare seeds a new one).
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

namespace shouhu::testing {

// "shouhu.visit.v1.<service>/<method>", the table's key.
inline std::string VisitRpcKey(const std::string& service, const std::string& method) {
  return absl::StrCat("shouhu.visit.v1.", service, "/", method);
}
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

  // Prepares `method` of one service on a record of Xishui (`xishui`) or Renhuai.
  using Preparer = std::function<Target(const std::string& method, bool xishui, bool assigned)>;

  void SetUp() override {
    VisitFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    AddCase(kLiCase, kRenhuai, "u-li", kMinor);
    AddCase(kXsZhaoCase, kXishui, "u-xs-zhao", kMinor);
    tables_.push_back(visit::VisitPlanMethods(plans_.get()));
    preparers_[kPlanService] = [this](const std::string& m, bool xishui, bool assigned) {
      return PreparePlanRpc(m, xishui, assigned);
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

  std::vector<MethodTable> tables_;
  std::map<std::string, Preparer> preparers_;  // service name -> preparer
  std::string last_key_;
  std::set<std::string> seeded_;
  std::map<std::string, vpb::VisitPlan> plans_made_;
  int templates_ = 0;
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
