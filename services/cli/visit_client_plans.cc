// The visit commands of plans, templates and the policy, and the VisitRunner's helpers.
#include <string>
#include <vector>

#include "absl/strings/substitute.h"
#include "cli/args.h"
#include "cli/runner_impl.h"
#include "cli/visit_catalog.h"
#include "cli/visit_render.h"
#include "cli/visit_runner.h"

namespace shouhu::cli {
namespace {

namespace vv1 = ::shouhu::visit::v1;
using PlanStub = vv1::VisitPlanService::StubInterface;

}  // namespace

VisitRunner::VisitRunner(Runner& runner) : r_(runner), inv_(runner.inv_), lang_(runner.lang_) {}

int VisitRunner::Run() {
  const std::string name = std::string(inv_.spec->name).substr(6);  // after "visit "
  if (inv_.spec->mutating && !inv_.global.json) {
    r_.err_ << absl::Substitute(msg::kRequestIdNote(lang_), r_.request_id_) << "\n";
  }
  if (name == "due") return Due();
  if (name == "plans") return Plans();
  if (name == "plan") return ShowPlan();
  if (name == "plan-create") return CreatePlan();
  if (name == "plan-assign") return AssignPlan();
  if (name == "waive") return Waive();
  if (name == "plan-cancel") return CancelPlan();
  if (name == "templates") return Templates();
  if (name == "template-set") return TemplateSet();
  if (name == "policy") return Policy();
  if (name == "policy-set") return PolicySet();
  if (name == "record") return Record();
  if (name == "show") return ShowVisit();
  if (name == "list") return Visits();
  if (name == "amend") return Amend();
  if (name == "amendments") return Amendments();
  if (name == "needs") return Needs();
  if (name == "need-withdraw") return WithdrawNeed();
  if (name == "batch") return Batch();
  if (name == "conflicts") return Conflicts();
  if (name == "resolve") return Resolve();
  if (name == "stats") return Stats();
  if (name == "volunteer-assign") return AssignVolunteer();
  if (name == "volunteer-end") return EndAssignment();
  if (name == "volunteers") return Assignments();
  if (name == "my-assignments") return MyAssignments();
  if (name == "report") return Report();
  if (name == "reports") return Reports();
  r_.err_ << absl::Substitute(msg::kUnknownVisitCommand(lang_), name) << "\n";
  return kExitUsage;
}

// --- Helpers -----------------------------------------------------------------------------

std::optional<int64_t> VisitRunner::PlanVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  vv1::GetPlanRequest req;
  req.set_plan_id(id);
  vv1::VisitPlan p;
  if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::GetPlan, req, &p, false)) return std::nullopt;
  return p.version();
}

shouhu::common::v1::Date VisitRunner::DateOpt(const char* name) const {
  if (!inv_.Has(name)) return shouhu::common::v1::Date();
  return ParseDateArg(inv_.Get(name)).value_or(shouhu::common::v1::Date());
}

std::string VisitRunner::RequestIdOf(const std::string& from_file) {
  if (!from_file.empty() && inv_.global.request_id.empty()) r_.request_id_ = from_file;
  return r_.request_id_;
}

int VisitRunner::Done(const google::protobuf::Message& record, const Text& confirmation) {
  return r_.Emit(record, [&] {
    const std::string body = record.GetDescriptor() == vv1::VisitPlan::descriptor()
                                 ? RenderPlan(static_cast<const vv1::VisitPlan&>(record), lang_)
                                 : RenderVisitRecord(record, lang_);
    return absl::StrCat(confirmation(lang_), "\n\n", body);
  });
}

int VisitRunner::Show(const google::protobuf::Message& record) {
  return r_.Emit(record, [&] { return RenderVisitRecord(record, lang_); });
}

// --- Plans -------------------------------------------------------------------------------

int VisitRunner::Due() {
  vv1::ListDueVisitsRequest req;
  req.set_assigned_to(inv_.Get("assigned_to"));
  req.set_include_missed(inv_.Flag("missed"));
  if (inv_.Has("horizon")) {
    req.set_horizon_days(static_cast<int32_t>(inv_.Int("horizon", 0)));
  } else {
    // The procuratorate's default horizon (VisitPolicy.due_horizon_days).
    vv1::GetVisitPolicyRequest policy_req;
    vv1::VisitPolicy policy;
    if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::GetVisitPolicy, policy_req, &policy, false)) {
      return kExitRpcError;
    }
    req.set_horizon_days(policy.due_horizon_days());
  }
  vv1::ListDueVisitsResponse resp;
  if (!r_.Page(r_.stubs_.visit_plans, &PlanStub::ListDueVisits, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] { return RenderDueVisits(resp, lang_); });
}

int VisitRunner::Plans() {
  vv1::ListPlansRequest req;
  req.set_case_id(inv_.Get("case"));
  req.set_assigned_to(inv_.Get("assigned_to"));
  if (inv_.Has("status")) {
    req.set_status(EnumArg<vv1::PlanStatus>("PLAN_STATUS_", inv_.Get("status")));
  }
  vv1::ListPlansResponse resp;
  if (!r_.Page(r_.stubs_.visit_plans, &PlanStub::ListPlans, req, &resp)) return kExitRpcError;
  return r_.Emit(resp, [&] {
    return RenderVisitTable(RowsOf(resp.plans()),
                            {"plan_id", "case_id", "subject_display_name", "anchor_kind",
                             "anchor_date", "status", "finished", "assigned_to"},
                            lang_);
  });
}

int VisitRunner::ShowPlan() {
  vv1::GetPlanRequest req;
  req.set_plan_id(inv_.args[0]);
  vv1::VisitPlan p;
  if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::GetPlan, req, &p, false)) return kExitRpcError;
  return r_.Emit(p, [&] { return RenderPlan(p, lang_); });
}

int VisitRunner::CreatePlan() {
  vv1::CreatePlanRequest req;
  if (inv_.args.size() == 2 && !r_.ReadJson(inv_.args[1], &req)) return kExitUsage;
  req.set_request_id(RequestIdOf(req.request_id()));
  req.set_case_id(inv_.args[0]);
  if (inv_.Has("anchor")) {
    req.set_anchor_kind(EnumArg<vv1::AnchorKind>("ANCHOR_KIND_", inv_.Get("anchor")));
  }
  if (inv_.Has("on")) *req.mutable_anchor_date() = DateOpt("on");
  if (inv_.Has("template")) req.set_template_id(inv_.Get("template"));
  if (inv_.Has("ref")) req.set_anchor_ref(inv_.Get("ref"));
  if (inv_.Has("person")) req.set_subject_person_id(inv_.Get("person"));
  vv1::VisitPlan p;
  if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::CreatePlan, req, &p, true)) return kExitRpcError;
  return Done(p, msg::kDonePlanCreated);
}

int VisitRunner::AssignPlan() {
  std::optional<int64_t> version = PlanVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  vv1::AssignPlanRequest req;
  req.set_request_id(r_.request_id_);
  req.set_plan_id(inv_.args[0]);
  req.set_version(*version);
  req.set_assigned_to(inv_.args[1]);
  vv1::VisitPlan p;
  if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::AssignPlan, req, &p, true)) return kExitRpcError;
  return Done(p, msg::kDonePlanAssigned);
}

int VisitRunner::Waive() {
  std::optional<int64_t> version = PlanVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  vv1::WaiveSlotRequest req;
  req.set_request_id(r_.request_id_);
  req.set_plan_id(inv_.args[0]);
  req.set_version(*version);
  req.set_slot_sequence(static_cast<int32_t>(inv_.Int("slot", 0)));
  req.set_reason(inv_.Get("reason"));
  vv1::VisitPlan p;
  if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::WaiveSlot, req, &p, true)) return kExitRpcError;
  return Done(p, msg::kDoneSlotWaived);
}

int VisitRunner::CancelPlan() {
  std::optional<int64_t> version = PlanVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  vv1::CancelPlanRequest req;
  req.set_request_id(r_.request_id_);
  req.set_plan_id(inv_.args[0]);
  req.set_version(*version);
  req.set_reason(inv_.Get("reason"));
  vv1::VisitPlan p;
  if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::CancelPlan, req, &p, true)) return kExitRpcError;
  return Done(p, msg::kDonePlanCancelled);
}

// --- Templates and policy ----------------------------------------------------------------

int VisitRunner::Templates() {
  vv1::ListScheduleTemplatesRequest req;
  req.set_procuratorate_code(inv_.Get("procuratorate"));
  vv1::ListScheduleTemplatesResponse resp;
  if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::ListScheduleTemplates, req, &resp, false)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] {
    return RenderVisitTable(
        RowsOf(resp.templates()),
        {"template_id", "name", "anchor_kind", "default_for_anchor", "shipped", "items", "version"},
        lang_);
  });
}

int VisitRunner::TemplateSet() {
  vv1::UpsertScheduleTemplateRequest req;
  if (!r_.ReadJson(inv_.args[0], req.mutable_template_())) return kExitUsage;
  req.set_request_id(r_.request_id_);
  vv1::ScheduleTemplate t;
  if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::UpsertScheduleTemplate, req, &t, true)) {
    return kExitRpcError;
  }
  return Done(t, msg::kDoneTemplateSaved);
}

int VisitRunner::Policy() {
  vv1::GetVisitPolicyRequest req;
  req.set_procuratorate_code(inv_.Get("procuratorate"));
  vv1::VisitPolicy p;
  if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::GetVisitPolicy, req, &p, false)) {
    return kExitRpcError;
  }
  return Show(p);
}

int VisitRunner::PolicySet() {
  vv1::GetVisitPolicyRequest get;
  vv1::VisitPolicy policy;
  if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::GetVisitPolicy, get, &policy, false)) {
    return kExitRpcError;
  }
  if (inv_.Has("version")) policy.set_version(inv_.Int("version", 0));
  if (inv_.Has("grace")) policy.set_offline_grace_days(static_cast<int32_t>(inv_.Int("grace", 0)));
  if (inv_.Has("amend_window")) {
    policy.set_amend_window_days(static_cast<int32_t>(inv_.Int("amend_window", 0)));
  }
  if (inv_.Has("horizon")) {
    policy.set_due_horizon_days(static_cast<int32_t>(inv_.Int("horizon", 0)));
  }
  vv1::UpdateVisitPolicyRequest req;
  req.set_request_id(r_.request_id_);
  *req.mutable_policy() = policy;
  vv1::VisitPolicy saved;
  if (!r_.Call(r_.stubs_.visit_plans, &PlanStub::UpdateVisitPolicy, req, &saved, true)) {
    return kExitRpcError;
  }
  return Done(saved, msg::kDoneVisitPolicy);
}

}  // namespace shouhu::cli
