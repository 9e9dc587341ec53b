// PlanCore: reads of plans (slot states computed for today) and the due visits of a
// caseworker (a range scan of the slots' due dates, states computed on the rows read).
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "visit/plan_ops.h"
#include "visit/schedule.h"

namespace shouhu::visit {
namespace {

constexpr int kMaxHorizonDays = 60;

// "YYYY-MM-DD|<seq>" of the last due row handed out.
std::string DueToken(const DueRow& r) {
  return EncodeKeyPageToken(absl::StrCat(DateString(r.slot.due_on()), "|", r.seq));
}

std::optional<std::pair<absl::CivilDay, int64_t>> ParseDueToken(absl::string_view key) {
  std::vector<absl::string_view> parts = absl::StrSplit(key, '|');
  if (parts.size() != 2) return std::nullopt;
  std::optional<absl::CivilDay> due = ParseDateString(parts[0]);
  int64_t seq = 0;
  if (!due.has_value() || !absl::SimpleAtoi(parts[1], &seq) || seq <= 0) return std::nullopt;
  return std::make_pair(*due, seq);
}

}  // namespace

absl::StatusOr<pb::VisitPlan> PlanCore::GetPlan(const Principal& p, const pb::GetPlanRequest& req) {
  if (req.plan_id().empty()) {
    FieldErrors e;
    e.Add("plan_id", "required");
    return e.ToStatus();
  }
  RETURN_IF_ERROR(CheckIdTenant(p, req.plan_id(), "plan_id"));
  std::optional<pb::VisitPlan> plan;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(plan,
                                                          repo_.Get(tx, req.plan_id(), false));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  if (!plan.has_value()) return absl::NotFoundError(absl::StrCat("no plan ", req.plan_id()));
  return View(*std::move(plan), Today());
}

absl::StatusOr<pb::ListPlansResponse> PlanCore::ListPlans(const Principal& p,
                                                          const pb::ListPlansRequest& req) {
  FieldErrors e;
  if (!pb::PlanStatus_IsValid(req.status())) e.Add("status", "unknown value");
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  if (!req.assigned_to().empty() && req.assigned_to() != "me" &&
      !IsValidUserId(req.assigned_to())) {
    e.Add("assigned_to", "a user id, or \"me\"");
  }
  if (!req.case_id().empty() && !req.assigned_to().empty()) {
    e.Add("assigned_to", "filter by case or by caseworker, not both");
  }
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  if (!req.case_id().empty()) RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  const int size = PageSize(req.page_size());
  PlanFilter f;
  f.procuratorate = p.procuratorate;
  f.case_id = req.case_id();
  f.assigned_to = req.assigned_to() == "me" ? p.id : req.assigned_to();
  f.status = req.status();
  f.before_seq = *before;
  f.limit = size + 1;
  std::vector<std::pair<int64_t, pb::VisitPlan>> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(rows, repo_.List(tx, f));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  pb::ListPlansResponse out;
  const absl::CivilDay today = Today();
  out.set_next_page_token(TakePage(
      rows, size, [&](pb::VisitPlan&& plan) { *out.add_plans() = View(std::move(plan), today); }));
  return out;
}

absl::StatusOr<pb::ListDueVisitsResponse> PlanCore::ListDueVisits(
    const Principal& p, const pb::ListDueVisitsRequest& req) {
  FieldErrors e;
  if (!req.assigned_to().empty() && !IsValidUserId(req.assigned_to())) {
    e.Add("assigned_to", "a user id");
  }
  if (req.horizon_days() < 0 || req.horizon_days() > kMaxHorizonDays) {
    e.Add("horizon_days", absl::StrCat("0-", kMaxHorizonDays, " days"));
  }
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  std::optional<std::pair<absl::CivilDay, int64_t>> after;
  if (!req.page_token().empty()) {
    absl::StatusOr<std::string> key = DecodeKeyPageToken(req.page_token());
    if (key.ok()) after = ParseDueToken(*key);
    if (!after.has_value()) e.Add("page_token", "not a token of this list");
  }
  RETURN_IF_ERROR(e.ToStatus());
  const std::string assignee = req.assigned_to().empty() ? p.id : req.assigned_to();
  if (assignee != p.id && !p.Has(Role::kDepartmentHead)) {
    return absl::PermissionDeniedError(
        "only a department head may list another caseworker's due visits");
  }
  const int size = PageSize(req.page_size());
  DueFilter f;
  f.procuratorate = p.procuratorate;
  f.assigned_to = assignee;
  f.today = Today();
  f.horizon_days = req.horizon_days();
  f.include_missed = req.include_missed();
  f.after = after;
  f.limit = size + 1;
  std::vector<DueRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(rows, repo_.ListDue(tx, f));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  pb::ListDueVisitsResponse out;
  out.set_next_page_token(TakePage(
      rows, size,
      [&](DueRow&& r) {
        pb::DueVisit* v = out.add_visits();
        v->set_plan_id(r.plan_id);
        v->set_case_id(r.case_id);
        v->set_subject_display_name(r.subject_display_name);
        v->set_assigned_to(r.assigned_to);
        *v->mutable_slot() = WithState(std::move(r.slot), f.today);
      },
      DueToken));
  return out;
}

}  // namespace shouhu::visit
