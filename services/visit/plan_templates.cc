// PlanCore: schedule templates per procuratorate (admin), over the shipped defaults, and
// the procuratorate's settings (VisitPolicy).
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "visit/plan_ops.h"
#include "visit/policy.h"
#include "visit/schedule.h"

namespace shouhu::visit {
namespace {

// `code` names the caller's procuratorate (or is empty): INVALID_ARGUMENT naming
// procuratorate_code unless a 6-digit code, PERMISSION_DENIED for another's `what`.
absl::Status CheckOwnProcuratorate(const Principal& p, const std::string& code,
                                   absl::string_view what) {
  if (code.empty()) return absl::OkStatus();
  if (!IsSixDigitCode(code)) {
    FieldErrors e;
    e.Add("procuratorate_code", "a 6-digit procuratorate code");
    return e.ToStatus();
  }
  if (code != p.procuratorate) {
    return absl::PermissionDeniedError(absl::StrCat("the ", what, " of another procuratorate"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<pb::ScheduleTemplate> PlanCore::UpsertScheduleTemplate(
    const Principal& p, const pb::UpsertScheduleTemplateRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (!req.has_template_()) {
    e.Add("template", "required");
  } else {
    CheckTemplate(e, req.template_(), p.procuratorate);
  }
  RETURN_IF_ERROR(e.ToStatus());
  // The longest schedule the items can make (no anchor end) must fit in a plan.
  RETURN_IF_ERROR(ExpandSlots(req.template_().items(), absl::CivilDay(2000, 1, 1), std::nullopt,
                              "template.items")
                      .status());
  return mutations_.Run<pb::ScheduleTemplate>(
      {.actor = p.Name(), .method = "UpsertScheduleTemplate", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::ScheduleTemplate> {
        pb::ScheduleTemplate t = req.template_();
        t.set_procuratorate_code(p.procuratorate);
        t.set_shipped(false);
        ASSIGN_OR_RETURN(std::optional<pb::ScheduleTemplate> current,
                         repo_.TemplateForUpdate(m.tx(), p.procuratorate, t.template_id()));
        if (current.has_value()) {
          RETURN_IF_ERROR(m.CheckVersion(current->version(), t.version()));
        } else if (t.version() != 0) {
          return absl::NotFoundError(absl::StrCat("no template ", t.template_id(),
                                                  " of this procuratorate to change; version 0 "
                                                  "creates it"));
        }
        *t.mutable_updated_by() = ActorOf(p);
        *t.mutable_updated_at() = ToTimestamp(m.now());
        const int64_t expected = t.version();
        RETURN_IF_ERROR(repo_.SaveTemplate(m.tx(), t, expected, absl::ToUnixMillis(m.now())));
        RETURN_IF_ERROR(m.Audit("visit.template.upsert", "visit_template",
                                absl::StrCat(p.procuratorate, "/", t.template_id()),
                                p.procuratorate));
        t.set_version(expected + 1);
        return t;
      });
}

absl::StatusOr<pb::ListScheduleTemplatesResponse> PlanCore::ListScheduleTemplates(
    const Principal& p, const pb::ListScheduleTemplatesRequest& req) {
  RETURN_IF_ERROR(CheckOwnProcuratorate(p, req.procuratorate_code(), "templates"));
  std::vector<pb::ScheduleTemplate> own;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(own,
                                                          repo_.Templates(tx, p.procuratorate));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  pb::ListScheduleTemplatesResponse out;
  for (pb::ScheduleTemplate& t : MergeTemplates(ShippedTemplates(p.procuratorate), own)) {
    *out.add_templates() = std::move(t);
  }
  return out;
}

absl::StatusOr<pb::VisitPolicy> PlanCore::GetVisitPolicy(const Principal& p,
                                                         const pb::GetVisitPolicyRequest& req) {
  RETURN_IF_ERROR(CheckOwnProcuratorate(p, req.procuratorate_code(), "settings"));
  std::optional<pb::VisitPolicy> stored;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(stored,
                                                          repo_.Policy(tx, p.procuratorate, false));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  return stored.has_value() ? *stored : DefaultVisitPolicy(p.procuratorate);
}

absl::StatusOr<pb::VisitPolicy> PlanCore::UpdateVisitPolicy(
    const Principal& p, const pb::UpdateVisitPolicyRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (!req.has_policy()) {
    e.Add("policy", "required");
  } else {
    CheckVisitPolicy(e, req.policy(), p.procuratorate);
  }
  RETURN_IF_ERROR(e.ToStatus());
  return mutations_.Run<pb::VisitPolicy>(
      {.actor = p.Name(), .method = "UpdateVisitPolicy", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::VisitPolicy> {
        pb::VisitPolicy policy = req.policy();
        policy.set_procuratorate_code(p.procuratorate);
        ASSIGN_OR_RETURN(std::optional<pb::VisitPolicy> current,
                         repo_.Policy(m.tx(), p.procuratorate, true));
        RETURN_IF_ERROR(
            m.CheckVersion(current.has_value() ? current->version() : 0, policy.version()));
        const int64_t expected = policy.version();
        RETURN_IF_ERROR(repo_.SavePolicy(m.tx(), policy, expected, absl::ToUnixMillis(m.now())));
        RETURN_IF_ERROR(
            m.Audit("visit.policy.update", "visit_policy", p.procuratorate, p.procuratorate));
        policy.set_version(expected + 1);
        return policy;
      });
}

}  // namespace shouhu::visit
